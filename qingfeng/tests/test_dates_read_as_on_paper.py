"""Dates are shown as 2026年10月17日 through the project's formats (core/formats/zh_Hans): no template or
table spells out a pattern like "Y-m-d", which once left 审计日志, 学习活动 and 最近登录 reading 2026-10-17."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# |date:"Y-m-d", DateColumn(format="Y-m-d H:i"), dateformat.format(x, "Y-m-d"): a display pattern with dashes.
DASHED_PATTERN = re.compile(r"""(date:\s*|format=\s*|dateformat\.format\([^,]+,\s*)["']Y-m""")


def places(pattern, suffixes):
    for path in sorted(ROOT.rglob("*")):
        if path.suffix in suffixes and "tests" not in path.parts:
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if pattern.search(line):
                    yield f"{path.relative_to(ROOT)}:{number}"


def test_no_template_or_table_spells_a_dashed_date():
    assert list(places(DASHED_PATTERN, {".html", ".py"})) == []


def test_the_check_finds_a_dashed_date():
    for line in ('{{ x|date:"Y-m-d" }}', 'tables.DateColumn(format="Y-m-d")', 'dateformat.format(d, "Y-m-d H:i")'):
        assert DASHED_PATTERN.search(line), line
    assert not DASHED_PATTERN.search('{{ x|date:"DATETIME_FORMAT" }}')
