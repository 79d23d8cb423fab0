"""普遍性问题: the problem descriptions of a campaign grouped into the same problem in different words, and the
self-inspections of a campaign that are near-copies of each other.

Grouping: each distinct description is segmented with jieba (search mode, so 理论学习 also gives 理论 and 学习);
single characters, function words, the stock words of official writing (存在, 问题, 不够 …) and the words found in
more than half of the campaign's descriptions are dropped; the rest are weighted by TF-IDF and compared by cosine.
Groups are stars, not chains: the description most similar to others leads a group and takes every ungrouped
description at least `SIMILAR` to it, then the next one, and so on, so two descriptions of one group are each close
to the same leader (a chain, A like B like C, merged different problems through one long description).
"""

import logging
import math
import os
import re
import tempfile
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db.models import Q

from qingfeng.core.permissions import visible_to
from qingfeng.ledger.models import Problem

from .checks import threshold_of
from .models import Document, Match

# Cosine of two descriptions' TF-IDF vectors from which they are one problem. Measured on 73 descriptions written
# for it (16 problems in two to five wordings, 26 other problems of the same dimensions; first tuned on a third of
# them, at 0.33, which lost a third of the other problems): at 0.3, 13 of the 16 are found and 4 descriptions
# join a group they were not written for (3 of them arguably the same problem: 政治理论学习的系统性不强 with
# 理论学习不够系统深入); wordings that share no word (文山会海, 会议多) stay apart. At 0.25: 8 misplaced.
SIMILAR = 0.3
# A word in more than this share of the descriptions says nothing about which problem one is (learned only
# from at least STOCK_MIN distinct descriptions: in a handful, one real problem would pass the share).
STOCK_SHARE = 0.5
STOCK_MIN = 20
# The most recent problems read and distinct descriptions grouped: past them (a whole region, not a county) the
# groups are of the most recent problems, so a page never waits for hundreds of thousands.
MAX_PROBLEMS = 20_000
MAX_DESCRIPTIONS = 6000
SAMPLES = 5
BLOCK = 512  # rows of the similarity matrix computed at once: 512 × 6000 float32 is 12 MB

# Function words (single characters go anyway), and the stock words of official self-criticism that say how bad a
# problem is or that it exists, never which problem it is.
STOP_WORDS = frozenset((
    "以及", "对于", "为了", "等等", "这些", "那些", "一些", "一个", "有些", "有的", "仍然", "比较", "没有",
    "能够", "时候", "有时", "有时候", "往往", "经常", "个别", "部分", "自己", "自身", "本人", "我们", "方面",
    "一定", "较为", "还是", "依然", "仍旧", "有所", "需要",
    "存在", "问题", "现象", "情况", "情形", "不够", "不足", "不强", "不高", "不到位", "到位", "有待", "进一步",
    "加强", "提高", "提升", "程度", "意识", "能力", "工作", "表现", "主要", "反映", "群众反映",
))
# Words of party building jieba's dictionary lacks: cut into single characters, they were lost (三会一课 → 三 会 一 课).
TERMS = ("三会一课", "主题党日", "两学一做", "四个意识", "四个自信", "两个维护", "两个确立", "民主生活会", "组织生活会",
         "谈心谈话", "学用", "急难愁盼", "八项规定", "四风", "一岗双责", "好人主义", "文山会海")

WORD = re.compile(r"\w{2,}")  # at least two letters: drops single characters, punctuation and spaces
NUMBER = re.compile(r"[\d_]+")


@dataclass(frozen=True)
class Group:
    """One problem found in different words: the most central description and what it covers."""

    description: str
    problems: int
    members: int  # distinct members; problems of an org, without a member, are not counted here
    orgs: int
    samples: tuple[str, ...]  # other distinct descriptions of the group, the most frequent first


@dataclass(frozen=True)
class NearCopy:
    """Two self-inspections of a campaign, one found to share `score` of its text with the other."""

    document_pk: int  # the report to open: the document whose share is `score`
    member: str
    org: str
    other_member: str
    other_org: str
    score: float


# --- segmentation -----------------------------------------------------------------------------------------


def _cache_dir() -> str:
    """jieba keeps its prefix dictionary (9 MB) between processes: under QF_DATA_DIR, the app's own, never the
    read-only site-packages or a shared /tmp file another user could have planted; else a private temp folder."""
    folder = Path(settings.DATA_DIR) / "cache"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if os.access(folder, os.W_OK):
            return str(folder)
    except OSError:
        pass
    return tempfile.mkdtemp(prefix="qingfeng-jieba-")


@lru_cache(maxsize=1)
def _tokenizer():
    """jieba, imported and loaded on first use, once per process: the first grouping waits for its dictionary,
    1.7 s on the idle 2-core test machine (6.5 s with three other test runs on it), built or read from the cache
    alike; the processes that never group never load it."""
    import jieba

    jieba.setLogLevel(logging.WARNING)  # it logs every load at DEBUG to stderr otherwise
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = _cache_dir()
    # jieba reuses a cache of its default dictionary without checking its date: name it by version.
    tokenizer.cache_file = f"jieba-{jieba.__version__}.cache"
    tokenizer.initialize()
    for term in TERMS:
        tokenizer.add_word(term)
    return tokenizer


@lru_cache(maxsize=50_000)
def words(description: str) -> tuple[str, ...]:
    """The content words of a description, in order (a word may repeat); cached, as a campaign's descriptions
    are read again on every dashboard."""
    found = []
    for token in _tokenizer().cut_for_search(description, HMM=False):
        if WORD.fullmatch(token) and not NUMBER.fullmatch(token) and token not in STOP_WORDS:
            found.append(token.lower())
    return tuple(found)


# --- grouping ---------------------------------------------------------------------------------------------


def _vectors(texts: list[str]):
    """Postings of the TF-IDF vectors (L2-normalized) of `texts`: [(term's rows, weights)], only the terms of at
    least two texts (the others cannot make two texts alike, but do count in each text's length)."""
    tokenized = [Counter(words(text)) for text in texts]
    df = Counter(term for terms in tokenized for term in terms)
    n = len(texts)
    stock = {term for term, k in df.items() if k > STOCK_SHARE * n} if n >= STOCK_MIN else set()
    idf = {term: math.log((1 + n) / (1 + k)) + 1 for term, k in df.items()}
    rows: dict[str, list[tuple[int, float]]] = {}
    for i, terms in enumerate(tokenized):
        weights = {t: (1 + math.log(c)) * idf[t] for t, c in terms.items() if t not in stock}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        for term, weight in weights.items():
            if df[term] >= 2:
                rows.setdefault(term, []).append((i, weight / norm))
    return [(np.array([i for i, _ in p], dtype=np.int64), np.array([w for _, w in p], dtype=np.float32))
            for _, p in sorted(rows.items())]


def _neighbours(postings, n: int) -> list[np.ndarray]:
    """For each text, the texts whose cosine with it is at least SIMILAR, computed BLOCK rows at a time."""
    found = []
    for start in range(0, n, BLOCK):
        stop = min(start + BLOCK, n)
        sims = np.zeros((stop - start, n), dtype=np.float32)
        for rows, weights in postings:
            lo, hi = np.searchsorted(rows, (start, stop))
            if lo < hi:
                sims[np.ix_(rows[lo:hi] - start, rows)] += np.outer(weights[lo:hi], weights)
        sims[np.arange(stop - start), np.arange(start, stop)] = 0
        found.extend(np.flatnonzero(row >= SIMILAR) for row in sims)
    return found


def group_rows(rows) -> list[Group]:
    """Group problems given as (description, member id or None, org id), in a stable order (most recent first).

    A group is 普遍性 when it holds at least two problems of at least two members or two orgs: one member's
    problem written twice, or an org's twice, is not.
    """
    by_text: dict[str, list[tuple]] = {}
    for description, member, org in rows:
        text = " ".join(description.split())
        if text:
            by_text.setdefault(text, []).append((member, org))
    texts = list(by_text)[:MAX_DESCRIPTIONS]
    counts = np.array([len(by_text[t]) for t in texts], dtype=np.int64)
    neighbours = _neighbours(_vectors(texts), len(texts))
    # the weight of a text: how many problems it and the texts like it describe
    weight = [int(counts[i] - 1 + counts[near].sum()) for i, near in enumerate(neighbours)]
    taken = np.zeros(len(texts), dtype=bool)
    groups = []
    for leader in sorted(range(len(texts)), key=lambda i: (-weight[i], i)):
        if taken[leader]:
            continue
        near = neighbours[leader]
        members = np.concatenate(([leader], near[~taken[near]]))
        taken[members] = True
        problems = [p for i in members for p in by_text[texts[i]]]
        people = {member for member, _ in problems if member is not None}
        orgs = {org for _, org in problems}
        if len(problems) < 2 or (len(people) < 2 and len(orgs) < 2):
            continue
        others = sorted((int(i) for i in members[1:]), key=lambda i: (-counts[i], i))
        groups.append(Group(description=texts[leader], problems=len(problems), members=len(people),
                            orgs=len(orgs), samples=tuple(texts[i] for i in others[:SAMPLES])))
    groups.sort(key=lambda g: (-g.problems, -g.members, -g.orgs, g.description))
    return groups


def _subtree(lookup: str, org) -> dict:
    return {f"{lookup}__startswith": org.path} if org is not None else {}


class Groups(list):
    """Groups, largest first; `latest`: the number of problems read when the scope holds more (only the most recent
    MAX_PROBLEMS were grouped, which the page and the report say), else None."""

    latest: int | None = None


def problem_groups(user, campaign, org=None, limit: int = 10) -> Groups:
    """The largest groups of the same problem among the problems of `campaign` (within `org`'s subtree) that
    `user` may see, the most recent MAX_PROBLEMS of them: a confidential problem reaches only who may read it.
    One query (one more row than it groups, to tell whether there were more)."""
    rows = list(visible_to(user, Problem).filter(campaign=campaign, **_subtree("org__path", org))
                .order_by("-created_at", "-pk").values_list("description", "member_id", "org_id")[:MAX_PROBLEMS + 1])
    groups = Groups(group_rows(rows[:MAX_PROBLEMS])[:limit])
    if len(rows) > MAX_PROBLEMS:
        groups.latest = MAX_PROBLEMS
    return groups


def near_copies(user, campaign, org=None) -> list[NearCopy]:
    """Pairs of self-inspections of `campaign` one of which shares at least the campaign's flag line of its text
    with the other, when `user` may see both (and one is within `org`'s subtree). Each pair once, by its higher
    score; the highest first. Two queries: the flag line and the matches."""
    line = threshold_of(campaign)
    seen = visible_to(user, Document).filter(campaign=campaign, kind=Document.Kind.INSPECTION)
    within = Q(**_subtree("document__org__path", org)) | Q(**_subtree("source__org__path", org))
    matches = (visible_to(user, Match).filter(within, document__in=seen, source__in=seen, score__gte=line)
               .order_by("-score", "document_id", "source_id")
               .values_list("document_id", "source_id", "score", "document__member__name", "document__org__name",
                            "source__member__name", "source__org__name"))
    pairs, done = [], set()
    for document, source, score, member, org_name, other, other_org in matches:
        key = frozenset((document, source))
        if key not in done:
            done.add(key)
            pairs.append(NearCopy(document, member or "", org_name, other or "", other_org, score))
    return pairs

