"""Every page is declared by exactly one app's ViewTestCases (qingfeng/tests/views.py), and so tested.

A URL missing from the declarations fails here until someone decides what each role gets from it.
"""

from django.urls import URLResolver, get_resolver

from qingfeng.tests.views import declared


def url_names() -> list[str]:
    """The name of every URL pattern, walked from the root resolver (an unnamed one by its route)."""

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns)
            else:
                yield pattern.name or str(pattern.pattern)

    return sorted(set(walk(get_resolver().url_patterns)))


def test_every_url_is_declared_by_one_app():
    found = declared()
    assert [name for name in url_names() if name not in found] == []
    assert {name: [cls.__name__ for cls, _ in by] for name, by in found.items() if len(by) > 1} == {}


def test_the_declarations_name_only_urls_that_exist():
    assert sorted(set(declared()) - set(url_names())) == []
