"""`qingfeng synth --members N`: generate a synthetic region (see qingfeng.demo.synth)."""

from django.core.management.base import BaseCommand, CommandError

from qingfeng.demo.synth import Synth, report


class Command(BaseCommand):
    help = ("生成一个合成区域（新的顶层党委，编码 SYN<n>）及其专项工作数据，用于性能测试；"
            "合成数据没有修改历史 / Generate a synthetic region for benchmarks (no history rows).")

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, required=True, help="党员人数 / number of members")
        parser.add_argument("--seed", type=int, default=1, help="随机种子 / random seed (default 1)")
        parser.add_argument("--campaign-title", default="", help="专项工作名称 / campaign title")
        parser.add_argument("--rectifications-per-member", type=float, default=3.0,
                            help="人均整改措施数 / rectifications per member (default 3)")
        parser.add_argument("--no-orglife", dest="orglife", action="store_false",
                            help="不生成组织生活（会议及参会记录） / no meetings and attendance")

    def handle(self, *args, members, seed, campaign_title, rectifications_per_member, orglife, **options):
        if members < 1:
            raise CommandError("--members 必须至少为 1")
        if rectifications_per_member < 0:
            raise CommandError("--rectifications-per-member 不能为负数")
        verbose = options["verbosity"] >= 1
        synth = Synth(members, seed=seed, campaign_title=campaign_title,
                      rectifications_per_member=rectifications_per_member, orglife=orglife,
                      log=self.stdout.write if options["verbosity"] >= 2 else lambda s: None)
        committee = synth.run()
        if verbose:
            self.stdout.write(f"已生成合成区域 {committee.code}「{committee.name}」，专项工作 #{synth.campaign.pk}"
                              f"，管理员账号 {synth.users['org_admin'].username}（无密码，仅供测试）")
            for line in report(synth):
                self.stdout.write(line)
