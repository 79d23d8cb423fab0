"""What lists read from their query string: the page size through `per_page`, so no list can be asked
for everything at once, and record ids (?org=) through `parse_id`.

django-tables2's RequestConfig hands any integer ?per_page= to the paginator: -1 was a 500 and
10**9 would read the whole subtree in one page. `paginate_table` does what RequestConfig does
(ordering, then a page that is never out of range), with the page size bounded; `paginate` does the
same for a list that is not a table.
"""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django_tables2 import RequestConfig

MIN_PER_PAGE = 10
MAX_PER_PAGE = 200
MAX_ID = 2**63 - 1  # the largest value of a BigAutoField


def per_page(request, default: int, field: str = "per_page") -> int:
    """?per_page= kept within MIN_PER_PAGE..MAX_PER_PAGE; anything but a positive whole number gives `default`."""
    asked = request.GET.get(field, "")
    digits = asked.lstrip("0")
    if not (asked.isascii() and asked.isdigit() and digits):
        return default
    # Length first: int() refuses strings of more than 4,300 digits.
    size = int(digits) if len(digits) <= 9 else MAX_PER_PAGE
    return min(max(size, MIN_PER_PAGE), MAX_PER_PAGE)


def paginate_table(request, table, default: int, **options) -> None:
    """Order and paginate a django-tables2 table from the query string, with `per_page` bounding its size."""
    RequestConfig(request, paginate=False).configure(table)
    size = per_page(request, default, table.prefixed_per_page_field)
    try:
        table.paginate(page=request.GET.get(table.prefixed_page_field, 1), per_page=size, **options)
    except PageNotAnInteger:
        table.page = table.paginator.page(1)
    except EmptyPage:
        table.page = table.paginator.page(table.paginator.num_pages)


def paginate(request, rows, default: int):
    """The page of `rows` that ?page= asks for (the first or last one when it is out of range), sized like a table's."""
    return Paginator(rows, per_page(request, default)).get_page(request.GET.get("page"))


def parse_id(value: str) -> int | None:
    """`value` as a record id: a plain positive number a database column can hold; None for anything else.

    str.isdigit() alone lets through "²" and 10,000-digit strings, which int() and the database refuse (a 500).
    """
    if not (value.isascii() and value.isdigit()) or len(value) > len(str(MAX_ID)):
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None
