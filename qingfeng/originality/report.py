"""What a check's report page shows: the text with its found passages marked, and each source side by side.

Offsets come from the engine, in characters of the two documents' texts; the marks inside a passage
pair come from a character diff of the two passages, so a swapped word shows unmarked in both.
"""

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.template.loader import render_to_string

from qingfeng.core.permissions import can, visible_to

from .checks import flagged, threshold_of
from .models import Document

PALETTE = 6  # marks cycle through qf-mark-0 … qf-mark-5 (qingfeng.css), one per source
# Passages of one source this close in both texts, in order, are shown as one pair: what parts them is a stock
# phrase (not counted, but copied all the same) or a few changed words, which the pair's diff shows unmarked.
JOIN = 20


def joined(spans: list[list[int]]) -> list[list[int]]:
    pairs: list[list[int]] = []
    for start, end, source_start, source_end in sorted(spans):
        last = pairs[-1] if pairs else None
        if (last and start - last[1] <= JOIN and last[2] <= source_start
                and source_start - last[3] <= JOIN):
            last[1], last[3] = max(last[1], end), max(last[3], source_end)
        else:
            pairs.append([start, end, source_start, source_end])
    return pairs


@dataclass
class Source:
    number: int  # 1-based, as the marks in the text name it
    match: object
    readable: bool  # the viewer may read the source's text
    label: str
    pairs: list[tuple[list, list]] = field(default_factory=list)  # per passage: (own segments, source segments)

    @property
    def css(self) -> str:
        return f"qf-mark-{(self.number - 1) % PALETTE}"


def segments(text: str, marks: list[tuple[int, int, int]]) -> list[tuple[str, int | None]]:
    """`text` cut at the marks: (piece, source number or None); marks may overlap, the first wins."""
    owner: list[int | None] = [None] * len(text)
    for start, end, number in marks:
        for at in range(max(start, 0), min(end, len(text))):
            if owner[at] is None:
                owner[at] = number
    pieces: list[tuple[str, int | None]] = []
    for at, character in enumerate(text):
        if pieces and pieces[-1][1] == owner[at]:
            pieces[-1] = (pieces[-1][0] + character, owner[at])
        else:
            pieces.append((character, owner[at]))
    return pieces


def compared(own: str, other: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """Both passages cut into (piece, same in the other) pieces."""
    blocks = SequenceMatcher(None, own, other, autojunk=False).get_matching_blocks()

    def cut(text: str, starts: list[tuple[int, int]]) -> list[tuple[str, bool]]:
        pieces, at = [], 0
        for start, size in starts:
            if start > at:
                pieces.append((text[at:start], False))
            if size:
                pieces.append((text[start:start + size], True))
            at = start + size
        if at < len(text):
            pieces.append((text[at:], False))
        return pieces

    return (cut(own, [(block.a, block.size) for block in blocks]),
            cut(other, [(block.b, block.size) for block in blocks]))


def label(user, source: Document, readable: bool) -> str:
    if source.kind == Document.Kind.LIBRARY:
        origin = source.library_text.source if source.library_text_id else ""
        return f"范文库：{source.title}" + (f"（{origin}）" if origin else "")
    if not readable:
        return f"本地区另一份{source.get_kind_display()}（无权查看原文）"
    campaign = f" · {source.campaign.title}" if source.campaign_id else ""
    return f"{source.member.name if source.member_id else ''} · {source.org.name}{campaign} · {source.title}"


def report(user, document: Document) -> dict:
    matches = list(visible_to(user, document.matches.select_related(
        "source__org", "source__member", "source__campaign", "source__library_text")))
    sources, marks = [], []
    for number, match in enumerate(matches, start=1):
        source = match.source
        readable = source.kind == Document.Kind.LIBRARY or can(user, "view", source)
        entry = Source(number, match, readable, label(user, source, readable))
        for start, end, source_start, source_end in joined(match.spans):
            marks.append((start, end, number))
            own = document.text[start:end]
            if readable:
                entry.pairs.append(compared(own, source.text[source_start:source_end]))
            else:
                entry.pairs.append(([(own, True)], []))
        sources.append(entry)
    css = {entry.number: entry.css for entry in sources}
    return {"sources": sources,
            "pieces": [(piece, number, css.get(number, "")) for piece, number in segments(document.text, marks)]}


def summary_context(document: Document, user) -> dict:
    threshold = threshold_of(document.campaign)
    checked = document.status == Document.Status.CHECKED
    return {"document": document, "threshold": threshold, "flagged": flagged(document, threshold),
            "matches": list(visible_to(user, document.matches.select_related("source"))[:3]) if checked else []}


def shown(sender, user, reflection=None, inspection=None, **kwargs) -> str:
    """The check's summary on a submission's page, for whoever may read the check."""
    documents = visible_to(user, Document).select_related("campaign", "org", "member")
    document = (documents.filter(reflection=reflection) if reflection else
                documents.filter(inspection=inspection)).first()
    if document is None:
        return ""
    return render_to_string("originality/_summary.html", summary_context(document, user))
