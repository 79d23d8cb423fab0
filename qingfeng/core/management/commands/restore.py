"""`qingfeng restore FILE`: bring a `qingfeng backup` archive back into an empty install, then migrate."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from qingfeng.core.backup import BackupError, restore


class Command(BaseCommand):
    help = ("从 qingfeng backup 生成的文件恢复数据库和文件（目标须为空），然后执行 migrate / "
            "Restore a backup into an empty database and MEDIA_ROOT, then migrate it to this release.")

    def add_arguments(self, parser):
        parser.add_argument("archive", help="qingfeng backup 生成的 .tar.gz 文件")
        parser.add_argument("--force", action="store_true",
                            help="目标数据库或 MEDIA_ROOT 已有数据时也恢复，覆盖现有数据 / "
                                 "overwrite a database or MEDIA_ROOT that holds data")

    def handle(self, *args, archive, force, **options):
        try:
            manifest = restore(Path(archive), force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"已恢复 {manifest['created_at']} 的备份（清风 {manifest['app_version']}）："
                          f"{len(manifest['tables'])} 张表 {sum(manifest['tables'].values())} 行，"
                          f"文件 {len(manifest['files']) - 1} 个，校验和一致")
        # A backup from an older release is brought up to this one.
        call_command("migrate", interactive=False, verbosity=options["verbosity"], stdout=self.stdout)
