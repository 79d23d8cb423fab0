from django.core.management.base import BaseCommand

from qingfeng.campaigns.checklist_io import load_shipped


class Command(BaseCommand):
    help = "载入清风自带的示例问题清单（非正式文件）；可重复运行，内容未变时不新增版本"

    def handle(self, *args, **options):
        for checklist, created in load_shipped():
            state = "已载入" if created else "已存在"
            self.stdout.write(f"{state}：{checklist.title}（{checklist.code}，第 {checklist.version} 版）")
