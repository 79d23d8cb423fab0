"""The `qingfeng` console script: Django's management commands with our settings."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qingfeng.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
