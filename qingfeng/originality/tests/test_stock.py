"""Phrases every essay of official writing uses are vocabulary, not copying: learnt from the library and discounted."""

import random

import pytest

from qingfeng.originality.engine import Library, fingerprints, normalize

GUIDANCE = "坚持以习近平新时代中国特色社会主义思想为指导"
LOYALTY = "增强“四个意识”、坚定“四个自信”、做到“两个维护”"


def filler(rng: random.Random, length: int) -> str:
    """Words no other text shares (a random draw of CJK ideographs)."""
    return "".join(chr(rng.randrange(0x4E00, 0x9FA6)) for _ in range(length))


def essay(rng: random.Random) -> str:
    return f"{filler(rng, 80)}，{GUIDANCE}，{LOYALTY}，{filler(rng, 80)}。{filler(rng, 60)}。"


@pytest.fixture(scope="module")
def many():
    """A region's library: forty essays, every one of them with the two stock phrases."""
    rng = random.Random(14)
    library = Library()
    for number in range(40):
        library.add(f"essay-{number}", essay(rng))
    return library


def test_the_phrases_are_stock_in_a_library_where_every_text_has_them(many):
    phrases = fingerprints(f"{GUIDANCE}，{LOYALTY}")
    _, stock = many.candidates(phrases)
    assert len(stock) and set(stock.tolist()) == set(phrases.tolist())
    _, stock = many.candidates(fingerprints(many.texts["essay-3"][:80]))
    assert not len(stock)


def test_a_text_sharing_only_the_stock_phrases_is_not_a_copy(many):
    report = many.check(essay(random.Random(2024)))
    assert report.score <= 0.02
    assert not report.flagged()


def test_without_the_discount_the_same_phrases_would_match():
    # one text: too few for any phrase to be common, so nothing is discounted
    library = Library()
    library.add("essay-0", essay(random.Random(14)))
    query = essay(random.Random(2024))
    [match] = library.check(query).matches
    [[start, end, _, _]] = match.spans
    assert normalize(query[start:end]).text == normalize(GUIDANCE + LOYALTY).text


def test_a_copied_passage_containing_a_stock_phrase_is_still_found(many):
    source = many.texts["essay-7"]
    copied = source[:source.index("。")]  # its first sentence: own words, both stock phrases, own words
    query = f"{filler(random.Random(99), 100)}。{copied}。{filler(random.Random(98), 100)}。"
    report = many.check(query)
    assert [match.source for match in report.matches] == ["essay-7"]
    own_words = len(normalize(copied)) - len(normalize(GUIDANCE + LOYALTY))
    assert report.matches[0].covered >= own_words - 4
    spans = report.matches[0].spans
    start = query.index(copied)
    assert spans[0][0] == start and spans[-1][1] == start + len(copied)
    assert all(query[start:end] == source[first:last] for start, end, first, last in spans)
