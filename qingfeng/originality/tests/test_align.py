"""Each way a copied text is disguised, one at a time, on a 心得体会 as a template site sells it."""

from itertools import pairwise

import pytest

from qingfeng.originality import engine
from qingfeng.originality.engine import K, Library, normalize

from .samples import INDEPENDENT, OTHERS, TEMPLATE, sentences

PARTS = sentences(TEMPLATE)

# A few words of every sentence replaced by words that mean the same.
SYNONYMS = [
    ("集中学习", "系统学习"), ("更加深刻", "更为深入"), ("理解和把握", "认识和领会"), ("时代精华", "时代精髓"),
    ("基层党员教师", "普通党员教师"), ("深刻体会到", "深切感受到"), ("紧密结合", "有机结合"),
    ("认真研读", "仔细研读"), ("做好读书笔记", "认真做好学习笔记"), ("认真查找了", "仔细查摆了"),
    ("差距和不足", "短板和弱项"), ("关注不够", "关心不足"), ("不够及时", "不够主动"), ("畏难情绪", "畏难心理"),
    ("老办法", "老套路"), ("有待提高", "需要加强"), ("具体的", "切实可行的"), ("至少走访", "至少家访"),
    ("主动承担", "主动申报"), ("日常课堂", "日常教学"), ("撰写", "写出"), ("请教", "虚心学习"),
    ("作出不平凡的业绩", "干出不平凡的成绩"), ("贡献自己的一份力量", "贡献力量"),
]

# Sentences of the writer's own.
OWN = [
    "记得刚入党时，老支书对我说，党员就是要在群众最需要的时候站出来，这句话我一直记在心里。",
    "上个月我随支部到革命老区参观学习，先辈们艰苦奋斗的事迹深深打动了我。",
    "学校今年新招了一批年轻教师，我主动担任了两名新教师的带教师傅。",
]

# The copied sentences 1, 3, 5, 7 and 9 (of 11: about 40 % of the copied part) told again in other words.
REWRITTEN = {
    1: "这一思想把马克思主义基本原理同中国具体实际相结合，为新时代党和国家事业发展提供了根本遵循。",
    3: "学习时我给自己定了计划，先通读再精读，遇到不懂的地方就查资料、问同事，一点一点弄明白。",
    5: "就拿班主任工作来说，我有时只盯着成绩，学生心里想什么了解得不多，和家长见面的机会也少。",
    7: "发现这些问题后，我认真想了想怎么改，给自己列出了三件必须做到的事情：",
    9: "回望这段学习经历，我更加坚定了扎根讲台的信念，愿意把更多心血花在孩子们身上，",
}


@pytest.fixture(scope="module")
def library():
    texts = Library()
    texts.add("template", TEMPLATE)
    for key, text in OTHERS.items():
        texts.add(key, text)
    return texts


def covered(text: str, report: engine.Report) -> list[bool]:
    mask = [False] * len(text)
    for match in report.matches:
        for start, end, _, _ in match.spans:
            mask[start:end] = [True] * (end - start)
    return mask


def assert_found_in_template(query: str, report: engine.Report, low: float, high: float = 1.0):
    assert [match.source for match in report.matches] == ["template"]
    assert low <= report.score <= high, report.score
    assert report.flagged()
    spans = report.matches[0].spans
    assert spans == sorted(spans)
    for (_, end, _, _), (start, _, _, _) in pairwise(spans):
        assert end <= start, "spans overlap in the checked text"
    for start, end, source_start, source_end in spans:
        assert 0 <= start < end <= len(query) and 0 <= source_start < source_end <= len(TEMPLATE)
        # a passage begins and ends with words both texts have
        mine, theirs = normalize(query[start:end]).text, normalize(TEMPLATE[source_start:source_end]).text
        assert mine[:K] == theirs[:K] and mine[-K:] == theirs[-K:]


def test_a_verbatim_copy_scores_one(library):
    report = library.check(TEMPLATE)
    assert_found_in_template(TEMPLATE, report, 0.99)
    assert report.matches[0].spans == [[0, len(TEMPLATE) - 1, 0, len(TEMPLATE) - 1]]  # all but the final 。


def test_a_copy_with_its_sentences_reordered_is_found_sentence_by_sentence(library):
    order = [4, 0, 7, 2, 9, 5, 1, 10, 3, 8, 6]
    query = "".join(PARTS[index] for index in order)
    report = library.check(query)
    assert_found_in_template(query, report, 0.9)
    assert len(report.matches[0].spans) >= len(PARTS) - 2  # runs across a sentence boundary may join two


def test_a_copy_with_a_few_words_of_every_sentence_swapped_for_synonyms_is_found(library):
    query = TEMPLATE
    for word, synonym in SYNONYMS:
        assert word in query
        query = query.replace(word, synonym, 1)
    report = library.check(query)
    assert_found_in_template(query, report, 0.9)


def test_a_copy_with_sentences_of_ones_own_inserted_is_found_and_the_inserted_ones_are_not(library):
    parts = PARTS[:2] + [OWN[0]] + PARTS[2:5] + [OWN[1]] + PARTS[5:8] + [OWN[2]] + PARTS[8:]
    query = "".join(parts)
    report = library.check(query)
    copied = len(normalize(TEMPLATE)) / len(normalize(query))
    assert_found_in_template(query, report, copied - 0.05, copied + 0.01)
    mask = covered(query, report)
    for own in OWN:
        start = query.index(own)
        assert sum(mask[start:start + len(own)]) <= 2, own


def test_a_copy_with_sentences_deleted_is_found(library):
    query = "".join(part for index, part in enumerate(PARTS) if index not in {1, 4, 6, 9})
    report = library.check(query)
    assert_found_in_template(query, report, 0.9)


def test_a_copy_with_forty_percent_of_it_rewritten_is_still_flagged(library):
    query = "".join(REWRITTEN.get(index, part) for index, part in enumerate(PARTS))
    rewritten = sum(len(normalize(text)) for text in REWRITTEN.values()) / len(normalize(query))
    assert 0.35 <= rewritten <= 0.45
    report = library.check(query)
    assert_found_in_template(query, report, 0.5, 1 - rewritten + 0.02)
    mask = covered(query, report)
    for text in REWRITTEN.values():
        start = query.index(text)
        assert sum(mask[start:start + len(text)]) <= 2, text


def test_a_third_copied_into_an_essay_of_ones_own_is_flagged(library):
    query = INDEPENDENT[:120] + "".join(PARTS[4:8]) + INDEPENDENT[120:]
    report = library.check(query)
    assert_found_in_template(query, report, 0.25, 0.4)


def test_an_essay_written_independently_in_the_same_official_vocabulary_is_not_flagged(library):
    assert "习近平新时代中国特色社会主义思想" in INDEPENDENT and "学以致用" in INDEPENDENT
    report = library.check(INDEPENDENT)
    assert not report.flagged()
    assert report.score < 0.05
