"""`qingfeng originality check --library DIR FILE...`: the originality check on plain files, without a database.

One JSON object per FILE on its own line, so a script can read the answers as they come.
"""

import argparse
import json
import os

from django.core.management.base import BaseCommand, CommandError

from qingfeng.core.texts import UnreadableText
from qingfeng.originality import bulk_import, engine
from qingfeng.originality.folder import index_folder, read_file


def share(value: str) -> float:
    number = float(value)
    if not 0 <= number <= 1:
        raise argparse.ArgumentTypeError(f"阈值应在 0 到 1 之间，而不是 {value}")
    return number


class Command(BaseCommand):
    help = "查重：检查文本与范文库的重复情况 / Originality check of texts against a library of templates."
    # No system checks: some of them read the database, and this command must run where there is none.
    requires_system_checks = []

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{check,import}")
        check = actions.add_parser(
            "check", help="检查文件与一个目录中的范文是否重复（不用数据库）",
            description="把 DIR 下的 .txt 和 .docx 文件作为范文库（缓存在 $XDG_CACHE_HOME/qingfeng/originality/，"
                        "文件改动后自动更新），检查每个 FILE，每个文件输出一行 JSON。"
                        "Index DIR (cached between runs) and print one JSON line per FILE.")
        check.add_argument("--library", required=True, metavar="DIR", help="范文库目录（递归读取 .txt 和 .docx）")
        check.add_argument("files", nargs="+", metavar="FILE", help="要检查的 .txt 或 .docx 文件")
        check.add_argument("--threshold", type=share, default=engine.THRESHOLD,
                           help=f"重复比例达到多少即标记（0–1，默认 {engine.THRESHOLD}）")
        check.add_argument("--no-cache", action="store_true", help="不读也不写缓存，重新读取整个范文库")
        self.add_import_arguments(actions)

    def handle(self, *args, action, **options):
        if action == "check":
            self.check_files(options["library"], options["files"], options["threshold"], not options["no_cache"])
        elif action == "import":
            self.import_texts(options["user"], options["org"], options["source"], options["paths"])

    def check_files(self, library_dir: str, files: list[str], threshold: float, use_cache: bool) -> None:
        if not os.path.isdir(library_dir):
            raise CommandError(f"范文库目录「{library_dir}」不存在或不是目录", returncode=2)
        folder = index_folder(library_dir, use_cache, warn=self.stderr.write)
        unreadable = 0
        for name in files:
            try:
                text = read_file(name)
            except UnreadableText as error:
                unreadable += 1
                self.emit({"file": name, "error": str(error)})
                continue
            report = folder.library.check(text, exclude=folder.key_of(name))
            self.emit({"file": name, **report.as_dict(threshold)})
        if unreadable:
            raise CommandError(f"{unreadable} 个文件无法读取", returncode=2)

    def emit(self, result: dict) -> None:
        self.stdout.write(json.dumps(result, ensure_ascii=False))
        self.stdout.flush()

    def add_import_arguments(self, actions):
        imports = actions.add_parser(
            "import", help="把文件、压缩包或目录中的范文导入一个组织的范文库（用数据库）",
            description="把每个 PATH（.txt、.docx 或 .zip 文件，或目录：递归读取其中的 .txt 和 .docx）导入组织 CODE "
                        "的范文库，每 100 篇一批保存、建立索引并报告进度。与网页导入（有一个文件读不了就全部不导入）"
                        "不同，读不了的文件逐个列出并跳过，其余照常导入，结束时退出码为 2。"
                        "Import texts into an org's library in batches of 100; unreadable files are listed and "
                        "skipped, and the command then exits with code 2.")
        imports.add_argument("--org", required=True, metavar="CODE", help="组织编码：范文用于该组织及其下级组织的查重")
        imports.add_argument("--user", required=True, metavar="USERNAME",
                             help="导入人的用户名：须能管理该组织的范文库（该组织或上级组织的党务管理员、书记）")
        imports.add_argument("--source", default="", help="来源（网址、网站或书名）；不填则记为各文件的路径")
        imports.add_argument("paths", nargs="+", metavar="PATH", help=".txt、.docx、.zip 文件或目录")

    def import_texts(self, username: str, org_code: str, source: str, paths: list[str]) -> None:
        try:
            user, org = bulk_import.user_and_org(username, org_code)
        except bulk_import.Refused as refused:
            raise CommandError(str(refused)) from refused
        result = bulk_import.import_paths(user, org, paths, source, warn=self.stderr.write,
                                          progress=lambda count: self.stdout.write(f"已导入 {count} 篇"))
        self.stdout.write(f"共导入 {result.texts} 篇范文到{org.name}的范文库")
        if result.unreadable:
            raise CommandError(f"{len(result.unreadable)} 个文件无法读取，已跳过", returncode=2)
