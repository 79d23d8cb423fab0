"""Tracking codes (查询码): 12 letters and digits a person can read out on the phone, never stored in clear.

The alphabet leaves out 0/O, 1/I/L and U: 30 symbols, so a code carries 12 × log2(30) ≈ 58.9 bits. With the
tracking page limited to QF_PROPOSAL_TRACK_PER_HOUR tries per address, guessing one of even a million codes
from one address would take about 10^11 years; from a botnet of a million addresses still about 10^5.
"""

import secrets

from .models import digest

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 12


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize(text: str) -> str:
    """What a person typed, as compared: capitals, without spaces or dashes."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())[:40]


def shown(code: str) -> str:
    """ABCD-EFGH-JKMN: three groups of four, to read aloud and copy."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def code_digest(text: str) -> str:
    return digest(normalize(text))
