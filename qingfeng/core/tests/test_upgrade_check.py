"""The upgrade check's comparison (scripts/table_snapshot.py) fails on what an upgrade must not do."""

import importlib.util
import json
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "table_snapshot.py"


def compare(tmp_path, before, after) -> int:
    spec = importlib.util.spec_from_file_location("table_snapshot", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    (tmp_path / "a.json").write_text(json.dumps(before))
    (tmp_path / "b.json").write_text(json.dumps(after))
    return module.compare(str(tmp_path / "a.json"), str(tmp_path / "b.json"))


ROWS = [{"id": "1", "name": "张丽"}, {"id": "2", "name": "王强"}]


def test_it_passes_when_every_table_keeps_its_rows_and_a_column_or_table_is_added(tmp_path):
    after = {"member": {"count": 2, "rows": [dict(r, phone="") for r in ROWS]}, "new": {"count": 0, "rows": []}}
    assert compare(tmp_path, {"member": {"count": 2, "rows": ROWS}}, after) == 0


def test_it_fails_on_a_lost_table_a_lost_row_or_a_changed_value(tmp_path, capsys):
    before = {"member": {"count": 2, "rows": ROWS}}
    assert compare(tmp_path, before, {}) == 1
    assert compare(tmp_path, before, {"member": {"count": 1, "rows": ROWS[:1]}}) == 1
    assert compare(tmp_path, before, {"member": {"count": 2, "rows": [ROWS[0], {"id": "2", "name": "王"}]}}) == 1
    assert "sample rows differ" in capsys.readouterr().out


def test_django_bookkeeping_may_grow_but_not_shrink(tmp_path):
    # a migration applied; a model renamed in place (its content type row changes) and its new permissions
    before = {"django_migrations": {"count": 2, "rows": ROWS}, "django_content_type": {"count": 1, "rows": ROWS[:1]}}
    grown = {"django_migrations": {"count": 3, "rows": ROWS + [{"id": "3", "name": "x"}]},
             "django_content_type": {"count": 1, "rows": [{"id": "1", "name": "job"}]}}
    assert compare(tmp_path, before, grown) == 0
    assert compare(tmp_path, before, dict(grown, django_migrations={"count": 1, "rows": ROWS[:1]})) == 1


def test_only_a_retired_table_of_derived_data_may_go(tmp_path, capsys):
    snapshots = {"reports_figuresnapshot": {"count": 3, "rows": ROWS}}
    assert compare(tmp_path, {**snapshots, "member": {"count": 2, "rows": ROWS}},
                   {"member": {"count": 2, "rows": ROWS}}) == 0
    assert "retired: reports_figuresnapshot (3 rows)" in capsys.readouterr().out
    assert compare(tmp_path, {"orgs_tally": {"count": 2, "rows": ROWS}}, {}) == 1
