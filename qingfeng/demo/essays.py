"""A labelled set for the originality check, generated from a grammar (no downloaded data).

Texts in the style of 心得体会 and 对照检查材料 on the topics of party-building work, 800–3,000
characters, deterministic from a seed. Every text uses the official vocabulary (`ESSAY_STOCK`) often, so a
text that copies nothing still shares many phrases with the library; the rest is composed of short
pieces from large vocabularies (places, units, names, numbers, work items), so two texts written
independently share no long passage by accident (`bench/originality.py` measures it).

A `Grammar` is built for a split: `Grammar("tune")` and `Grammar("test")` each leave out a fifth of
the sentence templates, connectives and synonym pairs that the other one uses, so the held-out split
also differs in wording, not only in the seed.

Positives (`Corpus.positive`): a share (30–100 %) of the new text is taken sentence by sentence from
one library text, then edited: sentences deleted, up to 40 % of the taken sentences replaced by new
ones, synonyms swapped (several per sentence), sentences reordered, new sentences inserted; the rest
of the text is new. Negatives (`Corpus.negative`): new texts on the same topics.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

from qingfeng.demo.vocabulary import (
    ESSAY_GENERIC,
    ESSAY_GIVEN,
    ESSAY_HEADING_OBJECTS,
    ESSAY_HEADING_VERBS,
    ESSAY_HEADINGS_CHECKLIST,
    ESSAY_NUMBERS,
    ESSAY_NUMERALS,
    ESSAY_OPENERS,
    ESSAY_PLACE_HEAD,
    ESSAY_PLACE_KIND,
    ESSAY_PLACE_TAIL,
    ESSAY_RED_SITES,
    ESSAY_SECOND_CLAUSES,
    ESSAY_STOCK,
    ESSAY_SURNAMES,
    ESSAY_SYNONYMS,
    ESSAY_TEMPLATES,
    ESSAY_TITLES,
    ESSAY_TOPICS,
    ESSAY_UNIT_KIND,
    ESSAY_WORDS,
)

STOCK = ESSAY_STOCK
TOPICS = ESSAY_TOPICS
SYNONYMS = ESSAY_SYNONYMS




def _held_out(items: list, split: str) -> list:
    """The items a split may use: every fifth item belongs to `tune` only, the next to `test` only."""
    drop = {"tune": 1, "test": 0}.get(split)
    return [item for index, item in enumerate(items) if drop is None or index % 5 != drop]


@cache
def _parse(template: str) -> tuple:
    """A template as parts: text, ("{", slot name) or ("[", (choice parts, ...)); choices hold no brackets."""
    parts = []
    rest = template
    while rest:
        cut = min((at for at in (rest.find("{"), rest.find("[")) if at >= 0), default=len(rest))
        if cut:
            parts.append(rest[:cut])
        if cut == len(rest):
            break
        if rest[cut] == "{":
            name, _, rest = rest[cut + 1:].partition("}")
            parts.append(("{", name))
        else:
            choices, _, rest = rest[cut + 1:].partition("]")
            parts.append(("[", tuple(_parse(choice) for choice in choices.split("|"))))
    return tuple(parts)


@dataclass
class Text:
    key: str
    topic: str
    title: str
    sentences: list[str]  # in order; a heading is a sentence of its own
    breaks: set[int]  # indexes of sentences that start a new paragraph

    @property
    def body(self) -> str:
        parts = [self.title, "\n"]
        for index, sentence in enumerate(self.sentences):
            if index in self.breaks:
                parts.append("\n")
            parts.append(sentence)
        return "".join(parts)


@dataclass
class Positive:
    text: str
    source: str  # key of the library text copied
    taken: float  # share of the text's characters in sentences taken from the source (before rewriting)
    kept: float  # share of the text's characters in taken sentences that were not rewritten
    edits: dict  # counts per edit kind


class Grammar:
    def __init__(self, split: str = "all"):
        self.templates = {topic: _held_out(rows, split) for topic, rows in ESSAY_TEMPLATES.items()}
        self.generic = _held_out(ESSAY_GENERIC, split)
        self.openers = _held_out(ESSAY_OPENERS, split)
        self.synonyms = dict(_held_out(ESSAY_SYNONYMS, split))
        self.rng = random.Random()
        self._decks: dict[str, list[str]] = {}

    # --- slots -----------------------------------------------------------------------------------
    def slot(self, name: str) -> str:
        """A filler for {name}; a trailing 2 ({issue2}) is a second one of the same kind in a sentence."""
        rng = self.rng
        base = name.rstrip("2")
        if base in ESSAY_WORDS:
            return rng.choice(ESSAY_WORDS[base])
        if base in ESSAY_NUMBERS:
            low, high = ESSAY_NUMBERS[base]
            return str(rng.randint(low, high))
        if base == "place":
            return rng.choice(ESSAY_PLACE_HEAD) + rng.choice(ESSAY_PLACE_TAIL) + rng.choice(ESSAY_PLACE_KIND)
        if base == "unit":
            return self.slot("place") + rng.choice(ESSAY_UNIT_KIND)
        if base == "red_site":
            return self.slot("place") + rng.choice(ESSAY_RED_SITES)
        if base == "person":
            return rng.choice(ESSAY_SURNAMES) + "".join(rng.sample(ESSAY_GIVEN, rng.choice((1, 2))))
        if base == "opener":
            return rng.choice(self.openers)
        if base == "when":
            year = rng.randint(2021, 2025)
            month, day = rng.randint(1, 12), rng.randint(1, 28)
            return rng.choice([f"{year}年{month}月", f"{year}年以来", f"{year}年上半年", f"今年{month}月",
                               f"{month}月{day}日", f"{year}年第{rng.choice('一二三四')}季度",
                               "今年以来", "近三年来", f"去年{month}月"])
        if base == "deadline":
            return f"{rng.randint(2024, 2026)}年{rng.randint(1, 12)}月底"
        if base == "day":
            return f"{rng.randint(1, 28)}日"
        if base == "count_times":
            return f"{rng.randint(2, 30)}次"
        if base == "study_minutes":
            return f"抽出{rng.choice([20, 30, 40, 45, 60, 90])}分钟"
        if base == "percent":
            return f"{rng.randint(12, 99)}.{rng.randint(0, 9)}%"
        if base == "money":
            return f"{rng.randint(3, 980)}.{rng.randint(0, 9)}"
        raise KeyError(name)

    def fill(self, template: str) -> str:
        """`template` with every {slot} filled and every [a|b|c] resolved to one wording."""
        return "".join(self._expand(_parse(template)))

    def _expand(self, parts: tuple) -> list[str]:
        out = []
        for part in parts:
            if isinstance(part, str):
                out.append(part)
            elif part[0] == "{":
                out.append(self.slot(part[1]))
            else:
                out.extend(self._expand(self.rng.choice(part[1])))
        return out

    def sentence(self, topic: str) -> str:
        rng = self.rng
        # Dealt from a shuffled deck, so a text repeats a template only once it has used them all.
        deck = self._decks.setdefault(topic, []) if rng.random() < 0.6 else self._decks.setdefault("", [])
        if not deck:
            deck.extend(self.templates[topic] if deck is self._decks.get(topic) else self.generic)
            rng.shuffle(deck)
        text = self.fill(deck.pop())
        if rng.random() < 0.3:  # a sentence often gets a second clause
            text += "，" + self.fill(rng.choice(ESSAY_SECOND_CLAUSES))
        return text + "。"

    def heading(self, number: int) -> str:
        rng = self.rng
        return (f"{ESSAY_NUMERALS[number]}、{rng.choice(ESSAY_HEADING_VERBS)}{rng.choice(ESSAY_HEADING_OBJECTS)}，"
                f"{rng.choice(ESSAY_HEADING_VERBS)}{rng.choice(ESSAY_HEADING_OBJECTS)}")

    # --- texts -----------------------------------------------------------------------------------
    def text(self, key: str, seed: int, length: int | None = None, topic: str | None = None) -> Text:
        """A new text of about `length` characters (default 800–3,000)."""
        rng = self.rng
        rng.seed(seed)
        self._decks.clear()
        topic = topic or rng.choice(ESSAY_TOPICS)
        length = length or rng.randint(800, 3000)
        checklist = rng.random() < 0.4
        year = str(rng.randint(2021, 2025))
        title = self.fill(rng.choice(ESSAY_TITLES).replace("{topic}", topic).replace("{year}", year))
        opening = rng.choice(["按照{dept}的统一部署，", "根据{unit}的安排，", "{when}，"])
        sentences = [self.fill(opening) + rng.choice(ESSAY_STOCK) + "，"
                     + self.fill("{i}{adverb}{verb}{material}，{feeling}") + "。"]
        breaks = {0}
        size = len(title) + len(sentences[0])
        section = 0
        while size < length:
            if len(sentences) > 2 and rng.random() < 0.25 and section < 9:
                heading = (ESSAY_HEADINGS_CHECKLIST[section % 3] if checklist else self.heading(section)) + "\n"
                section += 1
                breaks.add(len(sentences))
                sentences.append(heading)
                size += len(heading)
            if rng.random() < 0.35:
                breaks.add(len(sentences))
            sentence = self.sentence(topic)
            sentences.append(sentence)
            size += len(sentence)
        return Text(key, topic, title, sentences, breaks)

    def synonymize(self, sentence: str, count: int) -> tuple[str, int]:
        """`sentence` with up to `count` words replaced by a synonym; and how many were."""
        rng = self.rng
        found = [word for word in self.synonyms if word in sentence]
        rng.shuffle(found)
        done = 0
        for word in found[:count]:
            sentence = sentence.replace(word, rng.choice(self.synonyms[word]), 1)
            done += 1
        return sentence, done


class Corpus:
    """One split: a library, positives copied from it and negatives, all from `seed`."""

    def __init__(self, split: str, seed: int):
        self.grammar = Grammar(split)
        self.seed = seed
        self.split = split

    def library(self, count: int, length: int | None = None) -> list[Text]:
        return [self.grammar.text(f"{self.split}-lib-{index}", self.seed * 1_000_003 + index, length)
                for index in range(count)]

    def negative(self, index: int) -> str:
        return self.grammar.text(f"{self.split}-neg-{index}", self.seed * 1_000_003 + 500_000 + index).body

    def positive(self, index: int, library: list[Text]) -> Positive:
        """A text of which 30–100 % is taken from one library text, with edits (tried again when the
        sentence-level copy and padding missed that range)."""
        for attempt in range(20):
            positive = self._positive(random.Random((self.seed * 7_919 + index) * 31 + attempt), library)
            if positive.taken >= 0.3:
                return positive
        return positive

    def _positive(self, rng: random.Random, library: list[Text]) -> Positive:
        grammar = self.grammar
        length = rng.randint(800, 3000)
        share = rng.uniform(0.3, 1.0)
        want = share * length
        fitting = [text for text in library if len(text.body) >= want] or [max(library, key=lambda t: len(t.body))]
        source = rng.choice(fitting)
        body = source.sentences[1:]  # the title and opening are not copied: a copier writes their own
        # Sentence-level copy: a run of consecutive sentences from a random point, some deleted on the way.
        start = rng.randrange(max(1, len(body) // 3))
        taken, size, deleted = [], 0, 0
        for sentence in body[start:] + body[:start]:
            if size >= want:
                break
            if rng.random() < 0.1:
                deleted += 1
                continue
            taken.append(sentence)
            size += len(sentence)
        # Up to 40 % of the taken sentences (by characters) rewritten: replaced by new ones.
        rewrite_share = rng.uniform(0.0, 0.4)
        order = list(range(len(taken)))
        rng.shuffle(order)
        rewritten, budget = set(), rewrite_share * size
        for position in order:
            if len(taken[position]) <= budget:
                rewritten.add(position)
                budget -= len(taken[position])
        grammar.rng.seed(rng.random())
        topic = source.topic
        pieces, kept_chars, rewritten_chars, swaps = [], 0, 0, 0
        for position, sentence in enumerate(taken):
            if position in rewritten:
                new = grammar.sentence(topic)
                rewritten_chars += len(new)
                pieces.append(new)
            else:
                if not sentence.endswith("\n"):  # a heading is copied as it is
                    sentence, done = grammar.synonymize(sentence, rng.randint(1, 4))
                    swaps += done
                kept_chars += len(sentence)
                pieces.append(sentence)
        # Reordered: a few sentences moved elsewhere, and sometimes two blocks swapped.
        moves = rng.randint(0, max(1, len(pieces) // 4))
        for _ in range(moves):
            pieces.insert(rng.randrange(len(pieces) + 1), pieces.pop(rng.randrange(len(pieces))))
        if len(pieces) > 4 and rng.random() < 0.5:
            cut = rng.randrange(1, len(pieces))
            pieces = pieces[cut:] + pieces[:cut]
        # New sentences inserted between the taken ones, then own text around them up to the length.
        inserted = 0
        room = max(0, length - kept_chars - rewritten_chars)
        while room > 0 and inserted < len(pieces) // 3 and rng.random() < 0.7:
            new = grammar.sentence(topic)
            pieces.insert(rng.randrange(len(pieces) + 1), new)
            room -= len(new)
            inserted += 1
        own = grammar.text("", rng.randrange(1 << 30), max(1, room), topic) if room > 40 else None
        if own:
            cut = rng.randint(1, len(own.sentences))
            pieces = own.sentences[:cut] + pieces + own.sentences[cut:]
            title = own.title
        else:
            title = self.grammar.fill(rng.choice(ESSAY_TITLES).replace("{topic}", topic).replace("{year}", "2024"))
        text = title + "\n" + "".join(pieces)
        return Positive(text=text, source=source.key, taken=(kept_chars + rewritten_chars) / len(text),
                        kept=kept_chars / len(text),
                        edits={"deleted": deleted, "rewritten": len(rewritten), "synonyms": swaps, "moved": moves,
                               "inserted": inserted, "padding": len(text) - kept_chars - rewritten_chars})
