"""Names in the order people expect: by pinyin (艾米, 李强, 王芳, 张丽), not by character code.

A list of a million members cannot sort on a value computed in Python, so each member keeps the key in
a column (`Member.name_pinyin`, a `PinyinKeyField`) that the database orders and indexes.
"""

from functools import lru_cache

from django.db import models
from pypinyin import Style, lazy_pinyin

# Surnames read differently from the character's everyday reading (单 dan → shan as a surname).
SURNAME_READINGS = {
    "单": "shan4", "曾": "zeng1", "解": "xie4", "仇": "qiu2", "区": "ou1", "查": "zha1", "朴": "piao2",
    "盖": "ge3", "覃": "qin2", "缪": "miao4", "种": "chong2", "召": "shao4", "翟": "zhai2",
}
MAX_LENGTH = 255


@lru_cache(maxsize=20_000)
def _syllable(char: str) -> str:
    """One character's pinyin with its tone as a digit (张 → zhang1); other characters lowercased."""
    reading = lazy_pinyin(char, style=Style.TONE3, neutral_tone_with_five=True, v_to_u=False)[0]
    return reading.lower()


def sort_key(name: str) -> str:
    """The key a name sorts by: each character's pinyin ending in its tone digit, run together (张丽 → zhang1li4).

    No separators: PostgreSQL's language collations ignore spaces and punctuation, but every collation puts
    digits before letters, so the tone digit that ends each syllable keeps 李强 (li3qiang2) before 连 (lian2).
    """
    name = (name or "").strip()
    if not name:
        return ""
    first = SURNAME_READINGS.get(name[0]) or _syllable(name[0])
    return (first + "".join(_syllable(char) for char in name[1:]))[:MAX_LENGTH]


class PinyinKeyField(models.CharField):
    """The pinyin sort key of another field (`source`), computed whenever the row is written.

    Django asks a field for its value through `pre_save` on save() and on bulk_create alike, so no
    path that inserts rows through the ORM can leave the key out; raw SQL writers fill it themselves.
    """

    def __init__(self, *args, source: str = "name", **kwargs):
        self.source = source
        kwargs.setdefault("max_length", MAX_LENGTH)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = sort_key(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value
