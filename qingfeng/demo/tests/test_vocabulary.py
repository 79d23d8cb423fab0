"""Invented words have one home, qingfeng.demo.vocabulary: the demo, synth and the benchmarks draw
from it and keep no word pool of their own (they once held three copies of the surnames)."""

import ast
import re
from pathlib import Path

from qingfeng.demo import vocabulary
from qingfeng.ledger.models import Problem
from qingfeng.study.models import StudyActivity

ROOT = Path(__file__).resolve().parents[3]
VOCABULARY = ROOT / "qingfeng/demo/vocabulary.py"
CHINESE = re.compile(r"[\u4e00-\u9fff]")
CHARACTER_POOL = re.compile(r"[\u4e00-\u9fff]{10,}")


def generators() -> list[Path]:
    demo = [p for p in (ROOT / "qingfeng/demo").rglob("*.py") if "tests" not in p.parts and p != VOCABULARY]
    return sorted(demo) + sorted((ROOT / "bench").glob("*.py"))


def word_pools(source: str) -> list[str]:
    """Module-level names bound to a list, tuple or set of five or more Chinese strings, or to a run of
    ten or more distinct Chinese characters (a pool of surnames or given-name characters)."""
    found = []
    for node in ast.parse(source).body:
        if not isinstance(node, ast.Assign | ast.AnnAssign) or node.value is None:
            continue
        value = node.value
        if isinstance(value, ast.List | ast.Tuple | ast.Set):
            words = [e.value for e in value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            pool = sum(bool(CHINESE.search(word)) for word in words) >= 5
        else:
            text = "".join(s.value for s in ast.walk(value) if isinstance(s, ast.Constant) and isinstance(s.value, str))
            pool = bool(CHARACTER_POOL.fullmatch(text)) and len(set(text)) == len(text)
        if pool:
            found.append(ast.unparse(node.targets[0] if isinstance(node, ast.Assign) else node.target))
    return found


def test_no_generator_defines_its_own_word_pool():
    assert len(generators()) >= 8
    pools = {str(p.relative_to(ROOT)): word_pools(p.read_text()) for p in generators()}
    assert {path: names for path, names in pools.items() if names} == {}


def test_the_check_catches_a_list_of_words_and_a_run_of_characters():
    source = 'UNITS = ["中学", "小学", "卫生院", "社区", "村"]\nSURNAMES = (\n    "王李张刘陈"\n    "杨黄赵吴周"\n)\n'
    assert word_pools(source) == ["UNITS", "SURNAMES"]
    assert word_pools('NAME = "县农业农村局驻村工作队党支部"\nFIELDS = ("a", "b", "c", "d", "e")\n') == []


def test_each_character_pool_lists_a_character_once():
    for pool in (vocabulary.SURNAMES, vocabulary.GIVEN_MALE, vocabulary.GIVEN_FEMALE, vocabulary.PLACES):
        assert len(set(pool)) == len(pool)
    assert not set(vocabulary.GIVEN_MALE) & set(vocabulary.GIVEN_FEMALE)


def test_its_keys_are_the_stored_values_of_the_models():
    assert set(vocabulary.PROBLEMS) == set(Problem.Source.values) - {Problem.Source.SELF}
    assert set(vocabulary.STUDY_TOPICS) <= set(StudyActivity.Kind.values)
    assert set(vocabulary.ALL_POSITIONS) == {post for posts in vocabulary.POSITIONS.values() for post in posts}


def test_a_finding_quotes_whole_phrases_only():
    item = "服务意识不强，接待办事群众时态度生硬、解释不耐心"
    assert vocabulary.finding(item) == f"对照“{item}”，自身存在一定差距"
    long_item = "学习贯彻停留在开会、发文、表态上，结合本单位实际研究具体措施不够，群众反映强烈"
    assert vocabulary.finding(long_item) == "对照“学习贯彻停留在开会、发文、表态上”，自身存在一定差距"
