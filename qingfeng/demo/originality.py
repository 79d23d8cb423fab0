"""The demo's 查重: a county 范文库 of generated 心得体会 and 对照检查材料, and the texts members submit.

Most members write their own (`own_reflection`, `own_sections`: independent texts from the same grammar,
which share the official vocabulary but no passage); a few copy a 范文 with edits (`copied_reflection`),
one copies a colleague, and two branches' members hand in near-identical self-inspections. Every text is
deterministic from the demo's seed.
"""

import random

from django.contrib.auth import get_user_model

from qingfeng.orgs.models import Org
from qingfeng.originality import checks, library
from qingfeng.originality.models import Document, LibraryText

from .essays import TOPICS, Corpus, Grammar

LIBRARY_SOURCE = "某范文网（演示，虚构）"
LIBRARY_SIZE = 60
SEED = 20261201
COPIERS = 5  # members whose reflection copies a 范文 (flagged)


def corpus() -> Corpus:
    return Corpus("all", SEED)


def library_texts():
    return corpus().library(LIBRARY_SIZE, length=1200)


def load_library(committee_code: str) -> int:
    """The county's 范文库 (once); how many texts were added."""
    committee = Org.objects.filter(code=committee_code).first()
    if committee is None or LibraryText.objects.filter(org=committee).exists():
        return 0
    admin = get_user_model().objects.get(username="zuzhibu")
    items = [library.Incoming(f"{text.title}.txt", text.body) for text in library_texts()]
    return len(library.add(admin, committee, items, source=LIBRARY_SOURCE))


def own_reflection(seed: int) -> str:
    grammar = Grammar("all")
    rng = random.Random(seed)
    text = grammar.text(f"demo-{seed}", SEED * 7 + seed, length=rng.randint(600, 1200), topic=rng.choice(TOPICS))
    return "".join(text.body.split("\n", 1)[1:]).strip()


def copied_reflection(index: int) -> str:
    """A reflection of which a good part is a 范文 of the library, reordered and with words swapped."""
    return corpus().positive(index, library_texts()).text.split("\n", 1)[1].strip()


def own_sections(seed: int) -> dict[str, str]:
    """A self-inspection's 学习体会, 根源剖析 and 整改措施, written by the member herself."""
    grammar = Grammar("all")
    parts = {}
    for offset, name in enumerate(("study_summary", "root_cause", "measures_summary")):
        text = grammar.text(f"demo-si-{seed}-{name}", SEED * 11 + seed * 3 + offset, length=180,
                            topic=TOPICS[(seed + offset) % len(TOPICS)])
        parts[name] = "".join(text.sentences[1:4]).strip() or text.sentences[0]
    return parts


def example(seed: int) -> str:
    grammar = Grammar("all")
    grammar.rng.seed(SEED * 13 + seed)
    return "比如：" + grammar.sentence("作风建设")


def check_pending() -> int:
    """Run the checks the demo's submissions queued, so the demo shows results before its server starts
    (the queued jobs, run later by the consumer, find the same)."""
    pending = list(Document.objects.filter(status=Document.Status.PENDING).select_related("org")
                   .order_by("pk"))
    for document in pending:
        checks.check(document)
    return len(pending)
