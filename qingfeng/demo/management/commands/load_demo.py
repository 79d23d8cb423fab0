"""`python manage.py load_demo`: load the demo county and campaign (once) and print the demo logins."""

from django.core.management.base import BaseCommand

from qingfeng.demo.campaign import load_campaign_demo
from qingfeng.demo.orgs import accounts_table, load_demo


class Command(BaseCommand):
    help = "加载演示组织、演示专项工作和演示账号（可重复执行）/ Load the demo organization, campaign and logins."

    def handle(self, *args, **options):
        load_demo(stdout=self.stdout)
        load_campaign_demo(stdout=self.stdout)
        self.stdout.write(accounts_table())
