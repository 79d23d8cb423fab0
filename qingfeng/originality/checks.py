"""Checking submissions: queued when a reflection or self-inspection is submitted, run as a background job.

Submitting writes (or rewrites, on resubmission) the submission's `Document` as 查重中 and starts a job
of kind "originality" for the submitter once the transaction commits; the job indexes the text,
compares it with its candidates and keeps the result. The submission's page shows the result
(report.shown) and, while the job runs, asks again every two seconds. All here acts for nobody in
particular: what a person reads of a result goes through the rule in report.py and the views.
"""

from django.db import transaction
from django.utils import timezone

from qingfeng.core import jobs
from qingfeng.inspection.workflow import SECTIONS

from . import engine, index
from .models import Document, Match, Threshold

FAILED = "查重未能完成，请稍后由审阅人重新提交或联系管理员"


def threshold_of(campaign) -> float:
    """The campaign's flag line: its own, else the default."""
    if campaign is None:
        return engine.THRESHOLD
    threshold = Threshold.objects.filter(campaign=campaign).values_list("flag_at", flat=True).first()
    return engine.THRESHOLD if threshold is None else threshold


def flagged(document: Document, threshold: float) -> bool:
    return document.score is not None and document.score >= threshold


def inspection_text(inspection) -> str:
    """The 对照检查材料 as checked: each finding's description and example, then the sections."""
    parts = []
    for answer in inspection.answers.select_related("item").order_by("item__order", "item_id"):
        parts.extend(value for value in (answer.description, answer.example) if value.strip())
    parts.extend(getattr(inspection, name) for name in SECTIONS if getattr(inspection, name).strip())
    return "\n".join(parts)


def queue(user, *, kind: str, campaign, member, org, title: str, text: str, **target) -> Document:
    """Write the submission's document as 查重中 and start its check once the transaction commits."""
    document, _ = Document.objects.update_or_create(
        **target, defaults={"kind": kind, "campaign": campaign, "member": member, "org": org, "title": title,
                            "text": text, "status": Document.Status.PENDING, "score": None, "error": "",
                            "characters": len(engine.normalize(text)), "checked_at": None})
    jobs.start(user, "originality", {"document": document.pk}, total=1)
    return document


def reflection_submitted(sender, reflection, user, **kwargs) -> None:
    queue(user, kind=Document.Kind.REFLECTION, campaign=reflection.campaign, member=reflection.member,
          org=reflection.org, title=reflection.title, text=reflection.body, reflection=reflection)


def inspection_submitted(sender, inspection, user, **kwargs) -> None:
    queue(user, kind=Document.Kind.INSPECTION, campaign=inspection.campaign, member=inspection.member,
          org=inspection.org, title=f"{inspection.member.name}的对照检查材料", text=inspection_text(inspection),
          inspection=inspection)


def check(document: Document) -> Document:
    """Compare a document with its candidates and keep the result (its matches replaced)."""
    with transaction.atomic():
        report, sources = index.check(document)
        Match.objects.filter(document=document).delete()
        Match.objects.bulk_create([Match(document=document, source=sources[match.source], score=match.score,
                                         spans=match.spans) for match in report.matches])
        document.score = report.score
        document.characters = report.length
        document.status = Document.Status.CHECKED
        document.checked_at = timezone.now()
        document.error = ""
        document.save()
    return document


def run_job(job, progress) -> jobs.JobResult:
    document = Document.objects.select_related("org").get(pk=job.params["document"])
    try:
        check(document)
    except Exception:
        Document.objects.filter(pk=document.pk).update(status=Document.Status.FAILED, error=FAILED)
        raise
    progress(1)
    return jobs.JobResult(data={"document": document.pk, "score": document.score})
