"""Normalization, and the map from a normalized span back to exactly the original text."""

from hypothesis import given, settings
from hypothesis import strategies as st

from qingfeng.originality.engine import Library, normalize

from .samples import TEMPLATE

# What a Chinese text is made of: common and traditional characters, full-width letters and digits,
# Chinese and Western punctuation, spaces of both widths, emoji and characters of CJK extension B.
PIECES = list("党的理论学习习近平新时代中国特色社会主义思想黨員學習國體會")
PIECES += list("ＡＢＣｘｙｚ０１２３ABCxyz0123“”‘’、，。；：！？《》（）—…·,.;:!?()[]- \u3000\t\n")
PIECES += ["😀", "👍", "🇨🇳", "𠀀", "𠮷", "𪚥", "\u200b", "\ufeff"]
# (no lone surrogates: no text read from a file or a form has one)
texts = st.lists(st.sampled_from(PIECES) | st.characters(codec="utf-8"), max_size=80).map("".join)


def test_full_width_letters_and_digits_become_half_width():
    assert normalize("ＡＢＣ１２３ｘｙｚ").text == "abc123xyz"


def test_traditional_characters_become_simplified():
    assert normalize("學習黨的創新理論，堅定理想信念").text == "学习党的创新理论坚定理想信念"


def test_punctuation_spaces_and_symbols_are_dropped_and_letters_lower_cased():
    text = "增强“四个意识”、 坚定\u3000“四个自信”！\nPPT 课件（Word版）😀"
    assert normalize(text).text == "增强四个意识坚定四个自信ppt课件word版"


def test_rare_characters_of_names_are_kept_and_emoji_dropped():
    assert normalize("张𠀀同志👍").text == "张𠀀同志"


@settings(max_examples=300, deadline=None)
@given(texts)
def test_every_normalized_character_comes_from_the_original_character_at_its_offset(text):
    norm = normalize(text)
    assert norm.length == len(text)
    assert list(norm.offsets) == sorted(set(norm.offsets.tolist()))
    for character in text:
        assert len(normalize(character)) <= 1
    for position, offset in enumerate(norm.offsets.tolist()):
        assert normalize(text[offset]).text == norm.text[position]
    # and every character that is dropped is dropped on its own too
    kept = set(norm.offsets.tolist())
    assert all(len(normalize(character)) == 0 for index, character in enumerate(text) if index not in kept)


@settings(max_examples=300, deadline=None)
@given(texts, st.data())
def test_any_normalized_slice_maps_back_to_an_original_slice_that_normalizes_to_it(text, data):
    norm = normalize(text)
    if not len(norm):
        return
    start = data.draw(st.integers(0, len(norm) - 1))
    end = data.draw(st.integers(start + 1, len(norm)))
    first, last = norm.original(start, end)
    assert 0 <= first < last <= len(text)
    assert normalize(text[first:last]).text == norm.text[start:end]
    # it begins and ends on a kept character: the highlight has no stray punctuation at its edges
    assert len(normalize(text[first])) == 1 and len(normalize(text[last - 1])) == 1


def highlight(query: str) -> tuple[str, str]:
    """The one passage of `query` found in the template: its text in the query and in the template."""
    library = Library()
    library.add("template", TEMPLATE)
    [match] = library.check(query).matches
    [[start, end, source_start, source_end]] = match.spans
    return query[start:end], TEMPLATE[source_start:source_end]


def test_the_highlighted_passage_is_exactly_the_copied_words_with_their_own_punctuation():
    copied = "在学习过程中，我坚持原原本本读原著、逐字逐句悟原理，每天利用早晚时间认真研读规定篇目"
    assert copied in TEMPLATE
    assert highlight(f"我的体会：「{copied}」。以上是我这段时间的一点心得。") == (copied, copied)


def test_a_highlight_in_a_traditional_full_width_copy_is_the_original_traditional_text():
    copied = "對照黨章黨規，我認真查找了自身在理想信念、擔當作為、聯繫群眾等方面存在的差距和不足"
    simplified = "对照党章党规，我认真查找了自身在理想信念、担当作为、联系群众等方面存在的差距和不足"
    assert highlight(f"Ｗｏｒｄ版下載：{copied}！謝謝") == (copied, simplified)
