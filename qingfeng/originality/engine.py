"""Passage-level originality: which parts of a text are taken from which other texts.

Plain Python and NumPy, no Django: the command-line check, the benchmarks and the app's database
index all call these functions.

1. `normalize`: one character in, at most one out (full-width -> half-width, traditional ->
   simplified, lower case; punctuation, spaces and symbols dropped), with the original offset
   of every character kept, so a span found in the normalized text is exactly a slice of the
   original.
2. `shingle_hashes`: a 64-bit hash of every K-character shingle; `winnow` keeps the smallest
   hash of every window of W shingles (Schleimer et al. 2003). Two texts that share a passage of
   K + W - 1 normalized characters share at least one fingerprint; that is how candidates are
   found among many texts while reading only their fingerprints.
3. `align`: the exact comparison of a text with one candidate. Every shared shingle is a point
   (i, j); consecutive points on one diagonal are a run; runs close to each other in both texts
   and in the same order merge into a passage, so a swapped word (a gap of a few characters in
   both) does not cut a passage, while a reordered sentence is simply another passage.
4. Stock phrases: shingles that are fingerprints of many library texts (their document
   frequency) are official vocabulary, not copying: they are taken out before runs are built,
   so a passage made only of them does not exist, and a copied passage around one is found on
   both sides of it (the stock phrase itself neither counted nor marked).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import numpy as np

K = 6  # characters in a shingle: shorter ones match between independent texts on the same topic
W = 12  # shingles in a winnowing window: a passage of K + W - 1 = 17 characters is always seen
GAP = 10  # characters of difference (a swapped word) that do not cut a passage
# normalized characters: shorter shared runs are vocabulary, not copying. Above the K + W - 2 = 16 characters
# that a stock phrase's edges can leave after its fingerprints are taken out (see `_stock_shingles`).
MIN_PASSAGE = 18
MIN_SHARED = 2  # fingerprints a candidate must share (one alone is often a coincidence)
CANDIDATES = 12  # candidates aligned exactly, the ones sharing most fingerprints
STOCK_MIN_DOCS = 3  # a fingerprint is a stock phrase when at least this many library texts have it ...
STOCK_SHARE = 0.01  # ... and at least this share of them
# A source counts when it covers at least this share of the text (`compare`). bench/originality.py, TUNE split:
# without it the union over 12 candidates gathered shared sentence frames from several (negatives up to 0.20, and
# more as the library grows); from 0.10 on no negative keeps a source, while every positive keeps its own.
SOURCE_FLOOR = 0.10
# The default: a text is flagged when this share of it is found in such sources. TUNE: precision and recall both
# >= 0.95 from 0.04 to 0.17 (positives' 5th percentile 0.17: a text 30 % taken with 40 % of that rewritten keeps
# 18 %, and stock phrases and swapped words cost a fifth of it); 0.12 sits above the floor with room below 0.17.
THRESHOLD = 0.12

_BASE = np.uint64(0x100000001B3)
_MIX1 = np.uint64(0xFF51AFD7ED558CCD)
_MIX2 = np.uint64(0xC4CEB9FE1A85EC53)


@cache
def _table() -> np.ndarray:
    """Code point -> normalized code point, or 0 for a character that is dropped (BMP only)."""
    simplified = {}
    dictionary = resources.files("opencc") / "dictionary" / "TSCharacters.txt"
    for line in dictionary.read_text(encoding="utf-8").splitlines():
        traditional, _, choices = line.partition("\t")
        first = choices.split(" ")[0]
        if len(traditional) == 1 and len(first) == 1:
            simplified[traditional] = first
    table = np.zeros(0x10000, dtype=np.uint32)
    for point in range(0x10000):
        character = unicodedata.normalize("NFKC", chr(point))
        kept = [c for c in character if unicodedata.category(c)[0] in "LN"]
        if not kept:
            continue
        character = simplified.get(kept[0], kept[0]).lower()
        table[point] = ord(character[0])
    return table


@dataclass(frozen=True)
class Normalized:
    codes: np.ndarray  # uint32 code points of the normalized text
    offsets: np.ndarray  # int64: index in the original text of each normalized character
    length: int  # characters of the original text

    def __len__(self) -> int:
        return len(self.codes)

    @property
    def text(self) -> str:
        return self.codes.astype("<u4").tobytes().decode("utf-32-le")

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The original slice [a, b) that normalized characters [start, end) come from."""
        return int(self.offsets[start]), int(self.offsets[end - 1]) + 1


def normalize(text: str) -> Normalized:
    points = np.frombuffer(text.encode("utf-32-le"), dtype="<u4").astype(np.uint32)
    table = _table()
    mapped = table[np.minimum(points, 0xFFFF)]
    # Beyond the BMP keep only the CJK extensions (rare characters of names), drop emoji and the like.
    wide = points > 0xFFFF
    mapped[wide] = np.where((points[wide] >= 0x20000) & (points[wide] < 0x32000), points[wide], 0)
    kept = np.flatnonzero(mapped)
    return Normalized(codes=mapped[kept], offsets=kept, length=len(text))


def shingle_hashes(norm: Normalized, k: int = K) -> np.ndarray:
    """uint64 hash of each K-character shingle (empty when the text is shorter than K)."""
    count = len(norm.codes) - k + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint64)
    codes = norm.codes.astype(np.uint64)
    hashes = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for step in range(k):
            hashes = hashes * _BASE + codes[step:step + count]
        hashes ^= hashes >> np.uint64(33)
        hashes *= _MIX1
        hashes ^= hashes >> np.uint64(33)
        hashes *= _MIX2
        hashes ^= hashes >> np.uint64(33)
    return hashes


def winnow(hashes: np.ndarray, w: int = W) -> np.ndarray:
    """The distinct fingerprints of a text, as int64 (what a database column stores)."""
    if len(hashes) == 0:
        return np.zeros(0, dtype=np.int64)
    signed = hashes.view(np.int64)
    if len(signed) <= w:
        return np.unique(signed[[int(np.argmin(signed))]])
    # The minimum of each window, as W - 1 elementwise minimums of shifted views (twice as fast as argmin
    # over a sliding window view; the same values). Neighbouring windows mostly share their minimum:
    # dropping the repeats first leaves np.unique a sixth of the values to sort.
    count = len(signed) - w + 1
    smallest = signed[:count].copy()
    for step in range(1, w):
        np.minimum(smallest, signed[step:step + count], out=smallest)
    return np.unique(smallest[np.concatenate(([True], smallest[1:] != smallest[:-1]))])


def phrase_hashes(phrases) -> np.ndarray:
    """Every shingle of some known shared wording (a checklist's items), as stock to add to a check's."""
    arrays = [shingle_hashes(normalize(phrase)).view(np.int64) for phrase in phrases]
    return np.unique(np.concatenate(arrays)) if arrays else np.zeros(0, dtype=np.int64)


def fingerprints(text: str) -> np.ndarray:
    return winnow(shingle_hashes(normalize(text)))


@dataclass
class Passage:
    start: int  # normalized offsets in the checked text, [start, end)
    end: int
    source_start: int  # and in the source
    source_end: int


@dataclass
class SourceMatch:
    source: object  # whatever key the caller gave the source text
    covered: int  # normalized characters of the checked text in passages from this source
    score: float
    spans: list[list[int]] = field(default_factory=list)  # [start, end, source_start, source_end], original offsets


@dataclass
class Report:
    score: float
    covered: int
    length: int  # normalized characters of the checked text
    matches: list[SourceMatch]

    def flagged(self, threshold: float = THRESHOLD) -> bool:
        return self.score >= threshold

    def as_dict(self, threshold: float = THRESHOLD) -> dict:
        return {
            "score": round(self.score, 4),
            "flagged": self.flagged(threshold),
            "matches": [{"source": match.source, "score": round(match.score, 4), "spans": match.spans}
                        for match in self.matches],
        }


def _stock_shingles(hashes: np.ndarray, stock: np.ndarray | None, w: int = W) -> np.ndarray:
    """Which shingles of a text belong to stock phrases.

    Only a stock phrase's fingerprints are known, but every window of W shingles inside the phrase
    holds one: so two stock fingerprints at most W apart mark the shingles between them too. At
    most W - 1 shingles at each end of the phrase stay unmarked.
    """
    skip = np.zeros(len(hashes), dtype=bool)
    if stock is None or not len(stock) or not len(hashes):
        return skip
    marks = np.flatnonzero(np.isin(hashes.view(np.int64), stock))
    if not len(marks):
        return skip
    skip[marks] = True
    close = np.flatnonzero(np.diff(marks) <= w)
    fill = np.zeros(len(hashes) + 1, dtype=np.int64)
    np.add.at(fill, marks[close], 1)
    np.add.at(fill, marks[close + 1], -1)
    skip |= np.cumsum(fill)[:-1] > 0
    return skip


def _runs(query: np.ndarray, source: np.ndarray, skip: np.ndarray) -> list[tuple[int, int, int]]:
    """(query start, length in shingles, source start) of every diagonal run of shared shingles."""
    if len(query) == 0 or len(source) == 0:
        return []
    order = np.argsort(source, kind="stable")
    ranked = source[order]
    left = np.searchsorted(ranked, query, side="left")
    right = np.searchsorted(ranked, query, side="right")
    counts = right - left
    counts[skip] = 0
    if not counts.any():
        return []
    query_at = np.repeat(np.arange(len(query)), counts)
    # positions of every source occurrence of each query shingle
    starts = np.repeat(left, counts)
    within = np.arange(len(query_at)) - np.repeat(np.cumsum(counts) - counts, counts)
    source_at = order[starts + within]
    diagonal = source_at - query_at
    by_diagonal = np.lexsort((query_at, diagonal))
    query_at, diagonal, source_at = query_at[by_diagonal], diagonal[by_diagonal], source_at[by_diagonal]
    breaks = np.flatnonzero((np.diff(diagonal) != 0) | (np.diff(query_at) != 1)) + 1
    firsts = np.concatenate(([0], breaks))
    lengths = np.diff(np.concatenate((firsts, [len(query_at)])))
    return list(zip(query_at[firsts].tolist(), lengths.tolist(), source_at[firsts].tolist(), strict=True))


def _query_marks(query: Normalized, hashes: np.ndarray, stock: np.ndarray | None, k: int = K):
    """What `align` needs of the checked text alone, computed once per check, not once per source:
    which shingles are stock phrases, and the count of stock characters before each position."""
    skip = _stock_shingles(hashes, stock)
    inside = np.zeros(len(query) + 1, dtype=np.int64)
    np.add.at(inside, np.flatnonzero(skip), 1)
    np.add.at(inside, np.flatnonzero(skip) + k, -1)
    stocked = np.concatenate(([0], np.cumsum(np.cumsum(inside)[:-1] > 0)))
    return skip, stocked


def align(query: Normalized, source: Normalized, query_hashes: np.ndarray | None = None,
          stock: np.ndarray | None = None, k: int = K, marks: tuple | None = None) -> list[Passage]:
    """The passages of `query` found in `source`, in query order, none overlapping in the query."""
    query_hashes = shingle_hashes(query, k) if query_hashes is None else query_hashes
    source_hashes = shingle_hashes(source, k)
    # characters inside a stock shingle: a passage is not merged across them
    skip, stocked = _query_marks(query, query_hashes, stock, k) if marks is None else marks
    runs = _runs(query_hashes, source_hashes, skip)
    # Longest runs first; a shorter run overlapping an accepted one in the query repeats what it found.
    runs.sort(key=lambda run: -run[1])
    taken = np.zeros(len(query) + 1, dtype=bool)
    accepted = []
    for start, shingles, source_start in runs:
        end = start + shingles + k - 1
        # count_nonzero: a tenth of the time of .sum() on these short slices, the loop's main cost
        if (end - start - np.count_nonzero(taken[start:end])) * 2 < end - start:
            continue
        taken[start:end] = True
        accepted.append(Passage(start, end, source_start, source_start + shingles + k - 1))
    accepted.sort(key=lambda passage: passage.start)
    merged: list[Passage] = []
    for passage in accepted:
        last = merged[-1] if merged else None
        if (last and passage.start - last.end <= GAP and -k <= passage.source_start - last.source_end <= GAP
                and passage.source_end > last.source_end
                and stocked[max(passage.start, last.end)] == stocked[min(passage.start, last.end)]):
            last.end = max(last.end, passage.end)
            last.source_end = passage.source_end
        else:
            merged.append(Passage(passage.start, passage.end, passage.source_start, passage.source_end))
    return [passage for passage in merged if passage.end - passage.start >= MIN_PASSAGE]


def compare(query: Normalized, sources: list[tuple[object, Normalized]], stock: np.ndarray | None = None,
            floor: float | None = None) -> Report:
    """The report of `query` against candidate sources (already chosen; the exact step).

    A source sharing less than `floor` (SOURCE_FLOOR) of the text is left out: independent texts on one
    topic share sentence frames here and there with many others, and counted together those would
    grow with the size of the library, not with copying."""
    floor = SOURCE_FLOOR if floor is None else floor
    hashes = shingle_hashes(query)
    marks = _query_marks(query, hashes, stock)
    length = len(query)
    union = np.zeros(length, dtype=bool)
    matches = []
    for key, source in sources:
        passages = align(query, source, hashes, stock, marks=marks)
        if not passages:
            continue
        mine = np.zeros(length, dtype=bool)
        spans = []
        for passage in passages:
            mine[passage.start:passage.end] = True
            spans.append([*query.original(passage.start, passage.end),
                          *source.original(passage.source_start, passage.source_end)])
        covered = int(mine.sum())
        if covered < floor * length:
            continue
        union |= mine
        matches.append(SourceMatch(key, covered, covered / length, spans))
    matches.sort(key=lambda match: (-match.covered, str(match.source)))
    covered = int(union.sum())
    return Report(score=covered / length if length else 0.0, covered=covered, length=length, matches=matches)


def stock_limit(library_size: int) -> int:
    """How many library texts a fingerprint must be in to count as a stock phrase."""
    return max(STOCK_MIN_DOCS, int(np.ceil(STOCK_SHARE * library_size)))


class Library:
    """An in-memory index of texts by fingerprint (the command-line check and the benchmarks).

    The postings are two NumPy arrays sorted by fingerprint, rebuilt when texts were added or
    removed since the last check: 100,000 texts of 2,000 characters take about 300 MB.
    """

    def __init__(self):
        self.texts: dict[object, str] = {}
        self._prints: dict[object, np.ndarray] = {}
        self._keys: list[object] = []
        self._hashes = np.zeros(0, dtype=np.int64)
        self._documents = np.zeros(0, dtype=np.int32)
        self._stale = False

    def __len__(self) -> int:
        return len(self.texts)

    def add(self, key, text: str, prints: np.ndarray | None = None) -> np.ndarray:
        self.texts[key] = text
        self._prints[key] = fingerprints(text) if prints is None else prints
        self._stale = True
        return self._prints[key]

    def remove(self, key) -> None:
        if self.texts.pop(key, None) is not None:
            del self._prints[key]
            self._stale = True

    def _build(self) -> None:
        self._keys = list(self._prints)
        arrays = [self._prints[key] for key in self._keys]
        sizes = np.array([len(array) for array in arrays], dtype=np.int64)
        hashes = np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.int64)
        documents = np.repeat(np.arange(len(arrays), dtype=np.int32), sizes)
        order = np.argsort(hashes, kind="stable")
        self._hashes, self._documents = hashes[order], documents[order]
        self._stale = False

    def candidates(self, prints: np.ndarray, exclude=None) -> tuple[list[object], np.ndarray]:
        """The keys of the texts sharing most fingerprints with `prints`, and the stock fingerprints."""
        if self._stale:
            self._build()
        left = np.searchsorted(self._hashes, prints, side="left")
        right = np.searchsorted(self._hashes, prints, side="right")
        frequency = right - left
        common = frequency >= stock_limit(len(self._keys))
        stock = prints[common]
        # Every posting of the rarer fingerprints at once, counted per text by np.bincount (a Python loop
        # over the postings took most of a check's time at 100,000 texts).
        low, high = left[~common], right[~common]
        sizes = high - low
        at = np.repeat(low - np.cumsum(sizes) + sizes, sizes) + np.arange(int(sizes.sum()))
        counts = np.bincount(self._documents[at], minlength=len(self._keys))
        documents = np.flatnonzero(counts >= MIN_SHARED)
        counts = counts[documents]
        keys = []
        for document in documents[np.lexsort((documents, counts))[::-1]].tolist():  # most shared first
            key = self._keys[document]
            if key != exclude:
                keys.append(key)
            if len(keys) == CANDIDATES:
                break
        return keys, stock

    def check(self, text: str, exclude=None) -> Report:
        query = normalize(text)
        keys, stock = self.candidates(winnow(shingle_hashes(query)), exclude)
        return compare(query, [(key, normalize(self.texts[key])) for key in keys], stock)
