import time

from django.core.management.base import BaseCommand, CommandError

from qingfeng.reports.snapshots import refresh


class Command(BaseCommand):
    help = "重新计算大范围组织的看板统计快照 / recompute the figure snapshots of large subtrees"

    def add_arguments(self, parser):
        parser.add_argument("--min-members", type=int, default=None,
                            help="在册党员不少于此数的组织才生成快照（默认 QF_FIGURES_SNAPSHOT_MIN_MEMBERS）")

    def handle(self, *args, min_members, **options):
        if min_members is not None and min_members < 1:
            raise CommandError("--min-members 必须至少为 1")
        started = time.monotonic()
        written = refresh(min_members=min_members)
        self.stdout.write(f"已更新 {written} 份统计快照，用时 {time.monotonic() - started:.1f} 秒")
