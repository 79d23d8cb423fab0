"""The fingerprint index in the database (PostgreSQL or SQLite): what `engine.Library` does in memory.

A check reads only the rows of its own fingerprints (an index on `hash`): first their document
frequencies in the library (`Term`: which of them are stock phrases), then the postings of the
others, restricted to the texts its org may be compared with — the library texts of the org and its
ancestors, and the submissions of its region (the tree under its top org). The candidates are the
texts sharing the most of them; only those texts are read.
"""

import numpy as np
from django.db import transaction
from django.db.models import Count, F, Q

from qingfeng.campaigns.models import ChecklistItem
from qingfeng.orgs.models import Org

from . import engine
from .models import Document, Fingerprint, Term

BATCH = 2000


def _terms(prints: list[int], step: int) -> None:
    """Count a library text's fingerprints in (step 1) or out (step -1) of the document frequencies."""
    for start in range(0, len(prints), BATCH):
        batch = prints[start:start + BATCH]
        if step > 0:
            known = set(Term.objects.filter(hash__in=batch).values_list("hash", flat=True))
            Term.objects.bulk_create([Term(hash=value, documents=0) for value in batch if value not in known],
                                     ignore_conflicts=True)
        Term.objects.filter(hash__in=batch).update(documents=F("documents") + step)
    if step < 0:
        Term.objects.filter(documents__lte=0).delete()


def index(document: Document, prints: np.ndarray | None = None) -> list[int]:
    """(Re)write a document's fingerprints from its text; returns them."""
    library = document.kind == Document.Kind.LIBRARY
    with transaction.atomic():
        if library:
            old = list(Fingerprint.objects.filter(document=document).values_list("hash", flat=True))
            if old:
                _terms(old, -1)
        Fingerprint.objects.filter(document=document).delete()
        values = (engine.fingerprints(document.text) if prints is None else prints).tolist()
        Fingerprint.objects.bulk_create([Fingerprint(document=document, hash=value, library=library)
                                         for value in values], batch_size=BATCH)
        if library:
            _terms(values, 1)
    return values


def remove(document: Document) -> None:
    """Take a document out of the index (its library counts too) and delete it."""
    with transaction.atomic():
        if document.kind == Document.Kind.LIBRARY:
            _terms(list(Fingerprint.objects.filter(document=document).values_list("hash", flat=True)), -1)
        document.delete()


def stock(prints: list[int]) -> set[int]:
    """The fingerprints among `prints` that enough library texts share to be stock phrases."""
    limit = engine.stock_limit(Document.objects.filter(kind=Document.Kind.LIBRARY).count())
    found = set()
    for start in range(0, len(prints), BATCH):
        found.update(Term.objects.filter(hash__in=prints[start:start + BATCH], documents__gte=limit)
                     .values_list("hash", flat=True))
    return found


def comparable(document: Document) -> Q:
    """The fingerprints of the texts a document is compared with (a condition on Fingerprint)."""
    path, steplen = document.org.path, Org.steplen
    ancestors = [path[:end] for end in range(steplen, len(path) + 1, steplen)]
    return (Q(library=True, document__org__path__in=ancestors)
            | Q(library=False, document__org__path__startswith=path[:steplen]))


def candidates(document: Document, prints: list[int], common: set[int]) -> list[int]:
    """The ids of the texts sharing most fingerprints with `document`, stock phrases left out."""
    wanted = [value for value in prints if value not in common][:BATCH]
    if not wanted:
        return []
    postings = Fingerprint.objects.filter(comparable(document), hash__in=wanted).exclude(document=document)
    if document.member_id:
        # her own other texts are hers to reuse (a 心得体会 restated in her 对照检查材料's 学习体会)
        postings = postings.exclude(document__member_id=document.member_id)
    shared = (postings
              .values("document").annotate(shared=Count("pk")).filter(shared__gte=engine.MIN_SHARED)
              .order_by("-shared", "document")[:engine.CANDIDATES])
    return [row["document"] for row in shared]


def checklist_wording(document: Document) -> np.ndarray:
    """The shingles of the campaign's 问题清单: a self-inspection quotes its items, as every member's does."""
    campaign = document.campaign
    if campaign is None or campaign.checklist_id is None:
        return np.zeros(0, dtype=np.int64)
    items = ChecklistItem.objects.filter(category__checklist_id=campaign.checklist_id).values_list("text", flat=True)
    return engine.phrase_hashes(items)


def check(document: Document) -> tuple[engine.Report, dict[int, Document]]:
    """Index a submission and compare it with its candidates: the report and the candidate documents by id.

    Stock, not counted: the library's common phrases and the wording of the campaign's checklist."""
    prints = index(document)
    common = stock(prints)
    ids = candidates(document, prints, common)
    sources = Document.objects.in_bulk(ids)
    query = engine.normalize(document.text)
    wording = np.union1d(np.array(sorted(common), dtype=np.int64), checklist_wording(document))
    report = engine.compare(query, [(pk, engine.normalize(sources[pk].text)) for pk in ids], wording)
    return report, sources
