"""`python manage.py load_demo`: load the demo organization (once) and print the demo logins."""

from django.core.management.base import BaseCommand

from qingfeng.orgs.demo import accounts_table, load_demo


class Command(BaseCommand):
    help = "加载演示组织和演示账号（可重复执行）/ Load the demo organization and logins."

    def handle(self, *args, **options):
        load_demo(stdout=self.stdout)
        self.stdout.write(accounts_table())
