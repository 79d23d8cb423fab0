"""`python manage.py load_demo`: load the demo county and campaign (once) and print the demo logins."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from qingfeng.demo.campaign import load_campaign_demo
from qingfeng.demo.orglife import load_orglife_demo
from qingfeng.demo.orgs import accounts_table, load_demo
from qingfeng.demo.proposals import load_proposals_demo, tracking_hint
from qingfeng.orgs import tallies


class Command(BaseCommand):
    help = "加载演示组织、演示专项工作和演示账号（可重复执行）/ Load the demo organization, campaign and logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true",
            help="在生产环境中也加载（演示账号的密码是公开的）/ Load even in production (its password is public).",
        )

    def handle(self, *args, force=False, **options):
        # Seven accounts with a password printed in the README have no place beside real people's data.
        if settings.REAL_SERVER and not force:
            raise CommandError(
                "生产环境（QF_DEBUG=0 且未设置 QF_DEMO=1）不加载演示数据：演示账号的密码是公开的。"
                "确需加载请加 --force。\n"
                "Refusing to load the demo in production (QF_DEBUG=0 without QF_DEMO=1): its logins share a "
                "public password. Use --force if you really mean it."
            )
        # Nothing counted while loading (the demo backdates and writes in bulk, past the signals): everything is
        # counted once from the records at the end.
        with tallies.suspended():
            load_demo(stdout=self.stdout)
            load_campaign_demo(stdout=self.stdout)
            load_orglife_demo(stdout=self.stdout)
            load_proposals_demo(stdout=self.stdout)
        tallies.rebuild()
        self.stdout.write(accounts_table())
        self.stdout.write(tracking_hint())
