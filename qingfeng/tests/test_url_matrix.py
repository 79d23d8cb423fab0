"""Every URL the resolver knows × every role × a record inside and outside the role's scope, against
the declared table in url_matrix.py. A URL missing from the table fails here until someone declares it."""

import io
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse

from qingfeng.tests.conftest import url_args, url_names
from qingfeng.tests.url_matrix import LOGIN, NEVER_SHOWN, REDIRECT, ROLES, SIDES, TABLE

TABLE_FILE = Path(__file__).with_name("url_matrix.py")


def cases():
    for name in url_names():
        if name not in TABLE:
            yield pytest.param(name, None, None, None, id=f"{name}-undeclared")
            continue
        for row in TABLE[name]:
            for role in ROLES:
                for side in SIDES if row.kinds else SIDES[:1]:
                    reason = row.xfail.get((role, side))
                    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
                    yield pytest.param(name, row, role, side, marks=marks, id=f"{name}[{row.label}]-{role}-{side}")


def outcome(response):
    if response.status_code == 302:
        return LOGIN if response["Location"].startswith(reverse("login")) else REDIRECT
    return response.status_code


def body_text(response) -> str:
    """What a person could read in the response: the page, the JSON, or the text inside an .xlsx/.docx."""
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
                           if name.endswith(".xml"))
    return data.decode("utf-8", "replace")


@pytest.mark.parametrize(("name", "row", "role", "side"), list(cases()))
def test_each_role_gets_what_the_table_declares(site, client, name, row, role, side):
    assert row is not None, f"URL {name!r} has no row in {TABLE_FILE}: declare what each role gets from it"
    if role != "anonymous":
        client.force_login(site.users[role])
    response = client.get(reverse(name, args=url_args(site, row.kinds, side)))
    expected = row.expect[role][SIDES.index(side)]
    assert outcome(response) == expected, f"{role} on branch {side.upper()}'s {row.label}"
    text = body_text(response)
    assert not [secret for secret in NEVER_SHOWN[role] if secret in text]


def test_the_table_declares_only_urls_that_exist():
    assert sorted(set(TABLE) - set(url_names())) == []
