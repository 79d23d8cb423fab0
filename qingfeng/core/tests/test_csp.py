"""The Content-Security-Policy allows no inline script or style, and no template needs any."""

import re
from pathlib import Path

from django.urls import reverse

QINGFENG = Path(__file__).resolve().parents[2]

# What the policy refuses, as it would be written in a template; {{ data|json_script }} writes its
# own <script type="application/json">, which is data, not script, and never appears here.
INLINE = {
    "a <script> without src": re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "a <style> block": re.compile(r"<style\b", re.IGNORECASE),
    # Not after a letter, ':' or '-' (data-style, hx-on:…); right after `%}` too: `{% if close %}onsubmit="…"`.
    "a style attribute": re.compile(r"(?<![\w:-])style\s*=", re.IGNORECASE),
    "an inline event handler": re.compile(r"(?<![\w:-])on[a-z]+\s*=", re.IGNORECASE),
    "a javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def policy(response) -> dict[str, list[str]]:
    directives = (d.split() for d in response["Content-Security-Policy"].split(";") if d.strip())
    return {name: sources for name, *sources in directives}


def test_it_sends_a_policy_without_inline_script_or_style(world, login):
    response = login(world.admin).get(reverse("campaign_list"))
    header = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in header and "'unsafe-eval'" not in header
    directives = policy(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]


def test_it_sends_the_policy_on_the_login_page_too(db, client):
    assert policy(client.get(reverse("login")))["default-src"] == ["'self'"]


def test_no_template_has_inline_script_style_or_handlers():
    found = [
        f"{path.relative_to(QINGFENG)}: {what} {match.group(0)!r}"
        for path in sorted(QINGFENG.glob("*/templates/**/*.html"))
        for what, pattern in INLINE.items()
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, "move these to qingfeng.css / qingfeng.js:\n" + "\n".join(found)
