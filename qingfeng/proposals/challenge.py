"""The public form's proof of work (ALTCHA v1, self-hosted: the `altcha` library signs and checks, qingfeng.js
solves): before a submission is taken, the browser must find the number n ≤ QF_PROPOSAL_POW_MAX_NUMBER with
SHA-256(salt + n) equal to the challenge. A person's browser does it in about a second while they type; a
flood pays it for every item. A solution is spent once (`SpentChallenge`) and expires with its challenge.
"""

import base64
import datetime
import hashlib
import json

from altcha import create_challenge_v1, verify_solution_v1
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import SpentChallenge

LIFETIME = datetime.timedelta(minutes=30)


def _key() -> str:
    return hashlib.sha256(f"qingfeng.proposals.pow:{settings.SECRET_KEY}".encode()).hexdigest()


def new_challenge() -> dict:
    """A signed challenge, as the solver reads it (algorithm, challenge, maxNumber, salt, signature)."""
    return create_challenge_v1(hmac_key=_key(), max_number=settings.PROPOSAL_POW_MAX_NUMBER,
                                   expires=timezone.now() + LIFETIME).to_dict()


def solve(challenge: dict) -> str:
    """The payload a browser would send for `challenge` (for tests, the demo and the bench)."""
    for number in range(challenge["maxNumber"] + 1):
        if hashlib.sha256(f"{challenge['salt']}{number}".encode()).hexdigest() == challenge["challenge"]:
            payload = {key: challenge[key] for key in ("algorithm", "challenge", "salt", "signature")}
            return base64.b64encode(json.dumps({**payload, "number": number}).encode()).decode()
    raise ValueError("no solution")


def spend(payload: str) -> str:
    """'' when `payload` solves a challenge of ours not spent before (and spends it); else why not, in Chinese."""
    try:
        ok, _error = verify_solution_v1(payload or "", _key(), check_expires=True)
    except Exception:  # noqa: BLE001 (a malformed payload, whatever the library raises on it)
        ok = False
    if not ok:
        return "人机验证未通过或已过期，请刷新页面后重新提交"
    try:
        seen = json.loads(base64.b64decode(payload))["challenge"]
    except (ValueError, KeyError, TypeError):
        return "人机验证未通过或已过期，请刷新页面后重新提交"
    try:
        with transaction.atomic():
            SpentChallenge.objects.create(digest=hashlib.sha256(str(seen).encode()).hexdigest(),
                                          expires=timezone.now() + LIFETIME)
    except IntegrityError:
        return "这次人机验证已经用过，请刷新页面后重新提交"
    return ""


def forget_spent() -> int:
    return SpentChallenge.objects.filter(expires__lt=timezone.now()).delete()[0]
