"""`qingfeng backup FILE`: the database and every uploaded or generated file in one archive (qingfeng.core.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from qingfeng.core.backup import BackupError, backup


class Command(BaseCommand):
    help = ("把数据库和全部上传、生成的文件备份到一个 .tar.gz 文件 / "
            "Back up the database and every file under MEDIA_ROOT into one .tar.gz archive.")

    def add_arguments(self, parser):
        parser.add_argument("archive", help="备份文件的路径，如 /backup/qingfeng-2026-05-01.tar.gz")

    def handle(self, *args, archive, **options):
        try:
            manifest = backup(Path(archive))
        except BackupError as error:
            raise CommandError(str(error)) from error
        media = len(manifest["files"]) - 1
        size = Path(archive).stat().st_size / 1024 / 1024
        self.stdout.write(f"已备份到 {archive}（{size:.1f} MB）：{manifest['database']['vendor']} 数据库 "
                          f"{len(manifest['tables'])} 张表 {sum(manifest['tables'].values())} 行，文件 {media} 个")
        if manifest["files_in_object_store"]:
            self.stderr.write("注意：上传和生成的文件保存在对象存储（QF_S3_BUCKET）中，本备份只含数据库；"
                              "存储桶请用对象存储自己的工具备份（版本控制、跨区域复制或 mc mirror）。")
