"""How QingFeng writes and reads dates in Chinese (FORMAT_MODULE_PATH); what is not here comes from Django's zh_Hans.

Shown: 2026年10月17日 and 2026年10月17日 14:05, as on paper. Read: ISO first, which is what an
<input type="date"> sends and what the forms' date widgets render (core/forms.py DATE), then the
forms people type. Django's own zh_Hans input format "%Y年%n月%j日" never matches (Python's strptime
rejects %n): "%Y年%m月%d日" reads 2026年2月3日 and 2026年02月03日 alike.
"""

DATE_FORMAT = "Y年n月j日"  # 2026年10月17日
SHORT_DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日 H:i"  # 2026年10月17日 14:05
SHORT_DATETIME_FORMAT = "Y年n月j日 H:i"
YEAR_MONTH_FORMAT = "Y年n月"  # 2026年10月
MONTH_DAY_FORMAT = "n月j日"  # 10月17日 (Django's "m月j日" gives 09月5日)

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-10-17, from <input type="date">
    "%Y/%m/%d",  # 2026/10/17
    "%Y年%m月%d日",  # 2026年10月17日, 2026年2月3日
    "%Y.%m.%d",  # 2026.10.17
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",  # <input type="datetime-local">
    "%Y/%m/%d %H:%M",
    "%Y年%m月%d日 %H:%M",
]
