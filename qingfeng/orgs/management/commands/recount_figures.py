from django.core.management.base import BaseCommand

from qingfeng.orgs import tallies


class Command(BaseCommand):
    help = "从业务记录重新统计全部统计数，修正并列出不一致之处 / recount every kept figure, repair and list any drift"

    def add_arguments(self, parser):
        parser.add_argument("--family", action="append", choices=sorted(tallies.FAMILIES),
                            help="只重算这一类统计（可重复）；默认全部")

    def handle(self, *args, family=None, **options):
        drift = tallies.repair(family)
        for row in drift:
            self.stdout.write(f"已修正 / repaired: {row}")
        self.stdout.write(f"重新统计完成：修正 {len(drift)} 行 / recounted: {len(drift)} rows repaired")
        return None
