"""Payment dates in debtors' free text → the date they mean (pure; `today` is passed in).

Explicit rules run first, most specific first; each blanks the words it used, so
"下个月15号" is read once, as a whole. dateparser (languages en/zh, RELATIVE_BASE=today,
PREFER_DATES_FROM=future) is only the last resort for a whole message no rule read,
because dateparser 1.2.0 returns None or a wrong date for "next friday", "this friday",
"下周五", "这周五", "on the 3rd" (a year ahead), "15号", "下个月15号", "月底",
"end of the month", "后天", "两周后", "12月1日", and turns vague words into precise dates
("next week" → today+7, "may" → May <today's day>).

Decisions (weeks start on Monday):
- a bare weekday ("friday", "周五", "星期五", "礼拜五") is the next one strictly after today;
  "this coming friday" likewise;
- "this friday" (English) is the next Friday, today included;
- "这周五" / "本周五" / "friday this week" is the Friday of this calendar week, so it can be
  in the past (past_date);
- "next friday" / "下周五" / "friday next week" is the Friday of next week (9 days ahead on a
  Wednesday, 5 on a Sunday); "下下周五" the week after;
- "the 15th" / "15号" / "15日" is this month's 15th if not yet past, else next month's; a day
  the month lacks is clamped to its end ("the 31st" in February → the 28th/29th);
- "下个月15号" / "the 15th of next month": next month, clamped likewise;
- "月底" / "end of the month": the last day of this month; "下个月底": of next month;
  "月初" / "start of next month": the 1st of next month (today if today is the 1st);
- "周末" / "this weekend": Saturday of this week (today on a Sunday); "下周末": next Saturday;
- "12/15" is month/day or day/month, whichever is a real date; both real and different
  ("3/4") → ambiguous; without a year it is the next such date, today included;
- "Dec 1", "1 December", "12月1日" without a year: the next such date, today included;
- a lone 1..31 ("15", "十五") answering "which day?" is a day of the month;
- past dates ("2020-01-01", "yesterday", "last friday") → past_date; two different dates
  ("friday or monday", "friday the 15th" when the 15th is not a Friday) → ambiguous;
  "next week", "下个月", "soon", "May" → vague_date; nothing → no_date.

parse_moved_date reads a date being moved ("from the 15th to the 22nd", "从15号改到22号")
as the date it moves to, where parse_date would call the two dates ambiguous.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final

from bot.parsing.errors import ParseError
from bot.parsing.numerals import (
    EN_NUMBER_WORDS,
    EN_ORDINAL_PATTERN,
    ascii_re,
    english_ordinal,
    small_int,
)

_CN_NUM: Final = r"[0-9]{1,3}|[零〇一二两兩三四五六七八九十]{1,4}"
_CN_DAY: Final = r"[0-9]{1,2}|[一二三四五六七八九十]{1,3}"
_NUMWORD: Final = "|".join(sorted(EN_NUMBER_WORDS, key=len, reverse=True))
_EN_NUM: Final = rf"[0-9]{{1,3}}|an?|(?:{_NUMWORD})(?:[\s-]+(?:{_NUMWORD}))?"
_DAY: Final = rf"[0-9]{{1,2}}(?:st|nd|rd|th)?|(?:{EN_ORDINAL_PATTERN})"
_MONTH_NAMES: Final[dict[str, int]] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_MONTH: Final = r"(?:" + "|".join(sorted(_MONTH_NAMES, key=len, reverse=True)) + r")\b\.?"
_WEEKDAY_NAMES: Final[dict[str, int]] = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "tusday": 1, "wednesday": 2,
    "weds": 2, "wed": 2, "wensday": 2, "wendsday": 2, "wednsday": 2, "thursday": 3,
    "thurs": 3, "thur": 3, "thu": 3, "thurday": 3, "thrusday": 3, "friday": 4, "fri": 4,
    "firday": 4, "saturday": 5, "sat": 5, "saterday": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
_WEEKDAY: Final = r"(?:" + "|".join(sorted(_WEEKDAY_NAMES, key=len, reverse=True)) + r")s?\b"
_CN_WEEKDAYS: Final[dict[str, int]] = {
    "一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6,
    "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6,
}  # fmt: skip
_CN_WEEK: Final = r"(?:周|週|星期|礼拜|禮拜)"

_RELATIVE_DAYS: Final[tuple[tuple[str, int], ...]] = (
    (r"大后天|大後天", 3),
    (r"\b(?:the\s+)?day\s+after\s+(?:tomorrow|tmr|tmrw)\b|后天|後天", 2),
    (r"\b(?:the\s+)?day\s+before\s+yesterday\b|前天", -2),
    (
        r"\b(?:tomorrow|tomorow|tommorow|tommorrow|tomorrrow|tomoro|tmr|tmrw|2moro|2morrow)\b"
        r"|明天|明日|明早|明晚",
        1,
    ),
    (r"\b(?:today|tonight|tonite|this\s+evening|this\s+afternoon)\b|今天|今日|今晚", 0),
    (r"\byesterday\b|昨天|昨日", -1),
)

_FALLBACK_CUE: Final = ascii_re(
    rf"{_MONTH}|\b{_WEEKDAY}|\b(?:days?|weeks?|months?|years?|fortnights?|tomorrow|today|tonight"
    r"|yesterday|ago|later|hence)\b|[天周週月年日号號星期礼拜]"
)
_VAGUE: Final = ascii_re(
    r"\b(?:next|this|the\s+following)\s+(?:week|month|year)\b|\bsoon\b|\blater\b|\bsome\s*time\b"
    r"|\bfew\s+(?:days|weeks)\b|\bcouple\s+(?:of\s+)?(?:days|weeks)\b|\bpay\s*day\b"
    r"|\bwithin\b|\bend\s+of\s+(?:the\s+)?(?:week|year)\b|\bmid[\s-]*month\b|\bweekday\b"
    rf"|^\W*{_MONTH}(?:\s*,?\s*[0-9]{{4}})?\W*$|\bin\s+{_MONTH}"
    r"|(?<![0-9])[0-9]{1,2}\s*月(?!\s*[0-9一二三四五六七八九十])"
    r"|下下?个?(?:周|週|星期|礼拜|禮拜|月)|这个?(?:周|週|星期|礼拜|禮拜|月)|本(?:周|週|月)"
    r"|过几天|过两天|过段时间|改天|以后|之后|最近|几天|月中|年底|发工资|发薪|[一二三四五六七八九十]{1,2}月"
)


def _normalise(text: str) -> str:
    text = text.replace("，", ", ").replace("、", ", ").replace("。", ". ")
    return unicodedata.normalize("NFKC", text).lower()[:500]


def _date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except (ValueError, OverflowError) as exc:
        raise ParseError("invalid_date", f"{year:04d}-{month:02d}-{day:02d} is not a date") from exc


def _plus_days(start: date, days: int) -> date:
    try:
        return start + timedelta(days=days)
    except OverflowError as exc:
        raise ParseError("invalid_date", f"{days} days from {start} is out of range") from exc


def _month_start(start: date, months: int) -> tuple[int, int]:
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    if not 1 <= year <= 9999:
        raise ParseError("invalid_date", f"{months} months from {start} is out of range")
    return year, month + 1


def _clamped(year: int, month: int, day: int) -> date:
    """`day` of that month, or the month's last day when it is shorter."""
    if not 1 <= year <= 9999:
        raise ParseError("invalid_date", f"year {year} is out of range")
    return _date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _plus_months(start: date, months: int) -> date:
    return _clamped(*_month_start(start, months), start.day)


def _last_day(start: date, months: int) -> date:
    return _clamped(*_month_start(start, months), 31)


def _check_day(day: int | None) -> int:
    if day is None or not 1 <= day <= 31:
        raise ParseError("invalid_date", f"{day} is not a day of the month")
    return day


def _day_of_month(day: int | None, today: date, months_ahead: int | None = None) -> date:
    """The 15th: this month's unless past, then next month's; clamped to the month's end."""
    day = _check_day(day)
    if months_ahead is not None:
        return _clamped(*_month_start(today, months_ahead), day)
    this_month = _clamped(today.year, today.month, day)
    return this_month if this_month >= today else _clamped(*_month_start(today, 1), day)


def _next_month_day(month: int | None, day: int | None, today: date) -> date:
    """Dec 1 without a year: the next Dec 1, today included (Feb 29 waits for a leap year)."""
    if month is None or not 1 <= month <= 12:
        raise ParseError("invalid_date", f"{month} is not a month")
    day = _check_day(day)
    if day > calendar.monthrange(2000, month)[1]:
        raise ParseError("invalid_date", f"month {month} has no day {day}")
    for year in range(today.year, min(today.year + 9, 10000)):
        if day <= calendar.monthrange(year, month)[1] and date(year, month, day) >= today:
            return date(year, month, day)
    raise ParseError("invalid_date", f"{month}/{day} after {today} is out of range")


def _full_year(text: str) -> int:
    year = int(text)
    return 2000 + year if len(text) == 2 else year


def _day_number(text: str) -> int | None:
    text = text.strip()
    ordinal = english_ordinal(text)
    if ordinal is not None:
        return ordinal
    return small_int(re.sub(r"(?:st|nd|rd|th)$", "", text))


def _either_order(a: int, b: int, year: int | None, today: date) -> date:
    """'12/15' and '15/12' are both Dec 15; '3/4' is March 4 or April 3 → ambiguous."""
    found: set[date] = set()
    for month, day in ((a, b), (b, a)):
        try:
            found.add(
                _date(year, month, day) if year is not None else _next_month_day(month, day, today)
            )
        except ParseError:
            continue
    if not found:
        raise ParseError("invalid_date", f"{a}/{b} is not a date")
    if len(found) > 1:
        raise ParseError("ambiguous", f"{a}/{b} could be {' or '.join(map(str, sorted(found)))}")
    return found.pop()


def _monday(today: date, weeks: int) -> date:
    return _plus_days(today, 7 * weeks - today.weekday())


def _after_today(weekday: int, today: date) -> date:
    return _plus_days(today, (weekday - today.weekday() - 1) % 7 + 1)


@dataclass(frozen=True)
class _BareWeekday:
    """A weekday without "next"/"this": a date of its own, or a label on another date
    ("tue 15 dec", "周五15号"), which must then agree with it."""

    weekday: int
    default: date


_Handler = Callable[[re.Match[str], date], "date | _BareWeekday"]


def _g(m: re.Match[str], name: str) -> str | None:
    """Group `name`, or `name1`, `name2`... (alternatives cannot share a group name)."""
    for key, value in m.groupdict().items():
        if value is not None and (
            key == name or (key.startswith(name) and key[len(name) :].isdigit())
        ):
            return value
    return None


def _need(m: re.Match[str], name: str) -> str:
    value = _g(m, name)
    if value is None:
        raise ParseError("invalid_date", f"{m.group()!r} lacks {name}")
    return value


def _iso(m: re.Match[str], today: date) -> date:
    return _date(int(m["y"]), int(m["m"]), int(m["d"]))


def _numeric_with_year(m: re.Match[str], today: date) -> date:
    return _either_order(int(m["a"]), int(m["b"]), _full_year(m["y"]), today)


def _numeric(m: re.Match[str], today: date) -> date:
    return _either_order(int(m["a"]), int(m["b"]), None, today)


def _chinese_month_day(m: re.Match[str], today: date) -> date:
    month, day = small_int(m["m"]), small_int(m["d"])
    if m["y"] is None:
        return _next_month_day(month, day, today)
    offsets = {"今年": 0, "明年": 1, "后年": 2, "後年": 2}
    year = today.year + offsets[m["y"]] if m["y"] in offsets else int(m["y"].rstrip("年 "))
    if month is None:
        raise ParseError("invalid_date", f"{m['m']} is not a month")
    return _date(year, month, _check_day(day))


def _month_name(m: re.Match[str], today: date) -> date:
    month = _MONTH_NAMES[_need(m, "m").rstrip(".")]
    day = _day_number(_need(m, "d"))
    if m["y"]:
        return _date(int(m["y"]), month, _check_day(day))
    return _next_month_day(month, day, today)


def _end_of_month(months: int) -> _Handler:
    return lambda m, today: _last_day(today, months)


def _end_of_named_month(m: re.Match[str], today: date) -> date:
    name = _need(m, "m").rstrip(".")
    month = _MONTH_NAMES[name] if name in _MONTH_NAMES else small_int(name)
    if month is None or not 1 <= month <= 12:
        raise ParseError("invalid_date", f"{name!r} is not a month")
    end = _clamped(today.year, month, 31)
    return end if end >= today else _clamped(today.year + 1, month, 31)


def _start_of_month(m: re.Match[str], today: date) -> date:
    return today if today.day == 1 else _clamped(*_month_start(today, 1), 1)


def _qualified_day(m: re.Match[str], today: date) -> date:
    which = re.sub(r"\s+", "", _g(m, "q") or "")
    if which.startswith("下下"):
        ahead = 2
    elif which.startswith(("下", "next", "thenext", "thefollowing")):
        ahead = 1
    else:
        ahead = 0
    return _day_of_month(_day_number(_need(m, "d")), today, ahead)


def _offset(m: re.Match[str], today: date) -> date:
    count = small_int(_need(m, "n"))
    if count is None:
        raise ParseError("invalid_date", f"{_g(m, 'n')!r} is not a number")
    unit = _need(m, "u")
    if unit.startswith(("month", "月", "个月", "個月")):
        return _plus_months(today, count)
    if unit.startswith(("year", "年")):
        return _plus_months(today, 12 * count)
    if unit.startswith("fortnight"):
        return _plus_days(today, 14 * count)
    days = 1 if unit.startswith(("day", "天", "日")) else 7
    return _plus_days(today, days * count)


def _half_month(m: re.Match[str], today: date) -> date:
    return _plus_days(today, 15)


def _weekend(m: re.Match[str], today: date) -> date:
    if (_g(m, "q") or "").startswith(("next", "下")):
        return _plus_days(_monday(today, 1), 5)
    return today if today.weekday() == 6 else _plus_days(_monday(today, 0), 5)


def _weekday_index(name: str) -> int:
    return _WEEKDAY_NAMES[name] if name in _WEEKDAY_NAMES else _WEEKDAY_NAMES[name[:-1]]


def _en_week_weekday(m: re.Match[str], today: date) -> date:
    weeks = {"next": 1, "this": 0, "last": -1}[_need(m, "q")]
    return _plus_days(_monday(today, weeks), _weekday_index(_need(m, "w")))


def _en_weekday(m: re.Match[str], today: date) -> date | _BareWeekday:
    weekday = _weekday_index(m["w"])
    which = re.sub(r"\s+", " ", m["q"] or "")
    if which == "next":
        return _plus_days(_monday(today, 1), weekday)
    if which == "last":
        return _plus_days(_monday(today, -1), weekday)
    if which == "this":
        return _plus_days(today, (weekday - today.weekday()) % 7)
    if which:  # "coming", "this coming"
        return _after_today(weekday, today)
    return _BareWeekday(weekday, _after_today(weekday, today))


def _cn_weekday(m: re.Match[str], today: date) -> date | _BareWeekday:
    weekday = _CN_WEEKDAYS[m["w"]]
    which = (m["q"] or "").rstrip("个個")
    weeks = {"下下": 2, "下": 1, "上": -1, "上上": -2, "这": 0, "這": 0, "本": 0, "今": 0}
    if which in weeks:
        return _plus_days(_monday(today, weeks[which]), weekday)
    return _BareWeekday(weekday, _after_today(weekday, today))


def _relative(days: int) -> _Handler:
    return lambda m, today: _plus_days(today, days)


def _plain_day(m: re.Match[str], today: date) -> date:
    return _day_of_month(_day_number(_need(m, "d")), today)


_DAY_SUFFIX: Final = r"(?:号|號|日(?![元币幣圓]))"
_THIS_OR_NEXT_MONTH_EN: Final = r"this|next|the\s+next|the\s+following"
_RULES: Final[tuple[tuple[re.Pattern[str], _Handler], ...]] = tuple(
    (ascii_re(pattern), handler)
    for pattern, handler in (
        (
            r"(?<![0-9])(?P<y>[0-9]{4})\s*[-/.年]\s*(?P<m>[0-9]{1,2})\s*[-/.月]\s*"
            rf"(?P<d>[0-9]{{1,2}})\s*{_DAY_SUFFIX}?(?![0-9])",
            _iso,
        ),
        (
            r"(?<![0-9.])(?P<a>[0-9]{1,2})[/.-](?P<b>[0-9]{1,2})[/.-]"
            r"(?P<y>[0-9]{4}|[0-9]{2})(?![0-9])",
            _numeric_with_year,
        ),
        (
            r"(?:(?P<y>今年|明年|后年|後年|[0-9]{4}\s*年)\s*)?(?<![0-9])"
            rf"(?P<m>[0-9]{{1,2}}|十[一二]|[一二三四五六七八九十])\s*月\s*(?:的\s*)?"
            rf"(?P<d>{_CN_DAY})\s*{_DAY_SUFFIX}?",
            _chinese_month_day,
        ),
        (
            rf"(?:\b(?:the\s+)?(?P<d1>{_DAY})[\s-]+(?:of\s+)?(?P<m1>{_MONTH})"
            rf"|\b(?P<m2>{_MONTH})[\s-]*(?:the\s+)?(?P<d2>{_DAY})\b)"
            r"(?:\s*,?\s*(?P<y>[0-9]{4})\b)?",
            _month_name,
        ),
        (
            r"(?<![0-9./-])(?P<a>[0-9]{1,2})[/-](?P<b>[0-9]{1,2})(?![0-9/-])"
            r"(?!\s*(?:days?|weeks?|months?|天|周|週|个|個|星期|礼拜|号|號|日))",
            _numeric,
        ),
        (
            rf"\bend\s+of\s+(?P<m1>{_MONTH})|(?<![0-9])(?P<m2>[0-9]{{1,2}}|十[一二]|[一二三四五六七八九十])"
            r"\s*月\s*(?:底|末)",
            _end_of_named_month,
        ),
        (
            r"\bend\s+of\s+(?:the\s+)?next\s+month\b|\bnext\s+month[\s-]*end\b"
            r"|下个?月(?:的)?(?:底|末)|下個?月(?:的)?(?:底|末)",
            _end_of_month(1),
        ),
        (
            r"\bend\s+of\s+(?:the\s+|this\s+)?month\b|\bmonth[\s-]*end\b|\beom\b"
            r"|(?:这个?|這個?|本)?月(?:底|末|尾)",
            _end_of_month(0),
        ),
        (
            r"\b(?:start|beginning)\s+of\s+(?:the\s+)?(?:next\s+)?month\b"
            r"|(?:下个?|下個?)?月初",
            _start_of_month,
        ),
        (
            rf"(?:\b(?:the\s+)?(?P<d1>{_DAY})\s+(?:of\s+)?(?P<q1>{_THIS_OR_NEXT_MONTH_EN})\s+month\b"
            rf"|\b(?P<q2>{_THIS_OR_NEXT_MONTH_EN})\s+month\s*,?\s*(?:on\s+)?(?:the\s+)?"
            rf"(?P<d2>{_DAY})\b)",
            _qualified_day,
        ),
        (
            rf"(?P<q1>下下个?|下下個?|下一个|下一個|下个?|下個?|这个?|這個?|本)\s*月\s*(?:的\s*)?"
            rf"(?P<d1>{_CN_DAY})\s*{_DAY_SUFFIX}?",
            _qualified_day,
        ),
        (
            rf"\bin\s+(?:about\s+|around\s+)?(?P<n>{_EN_NUM})\s*"
            r"(?P<u>days?|weeks?|months?|years?|fortnights?)\b"
            rf"|\b(?P<n2>{_EN_NUM})\s*(?P<u2>days?|weeks?|months?|fortnights?)'?\s+"
            r"(?:from\s+(?:now|today)|later|time)\b",
            _offset,
        ),
        (
            rf"(?P<n>{_CN_NUM})\s*(?P<u>个月|個月|个星期|個星期|个礼拜|個禮拜|天|日|周|週|星期|礼拜"
            r"|禮拜|月|年)\s*(?:以后|以後|之后|之後|后|後)",
            _offset,
        ),
        (r"半个?月(?:以后|以後|之后|之後|后|後)|半個?月(?:以后|以後|之后|之後|后|後)", _half_month),
        (
            r"(?P<q1>(?:this|next)\s+)?\bweekend\b|(?P<q2>下个?|这个?|這個?|本)?(?:周末|週末)",
            _weekend,
        ),
        (
            rf"\b(?P<w1>{_WEEKDAY})\s+(?:of\s+)?(?P<q1>next|this|last)\s+week\b"
            rf"|\b(?P<q2>next|this|last)\s+week\s*,?\s*(?:on\s+)?(?P<w2>{_WEEKDAY})",
            _en_week_weekday,
        ),
        (rf"\b(?:(?P<q>next|this\s+coming|this|coming|last)\s+)?(?P<w>{_WEEKDAY})", _en_weekday),
        (
            rf"(?P<q>下下个?|下下個?|上上个?|上个?|上個?|下个?|下個?|这个?|這個?|本|今)?\s*"
            rf"{_CN_WEEK}\s*(?P<w>[一二三四五六日天1-7])(?![0-9十百千万])",
            _cn_weekday,
        ),
        *((pattern, _relative(days)) for pattern, days in _RELATIVE_DAYS),
        (
            r"\b(?:(?:on|by|before|until|till)\s+(?:the\s+)?|the\s+)(?P<d1>[0-9]{1,2})(?![0-9.,:])\b"
            r"(?!\s*(?:am\b|pm\b|[ap]\.m|o'?clock|h\b|hours?|days?|weeks?|months?|years?|[$£¥€%]"
            r"|dollars?|pounds?|quid|bucks?|yuan|块|元))"
            rf"|\b(?:the\s+)?(?P<d2>[0-9]{{1,2}})(?:st|nd|rd|th)\b"
            rf"|\bthe\s+(?P<d3>{EN_ORDINAL_PATTERN})\b"
            rf"|(?<![0-9])(?P<d4>{_CN_DAY})\s*{_DAY_SUFFIX}",
            _plain_day,
        ),
    )
)

_LONE_DAY: Final = re.compile(rf"\W*(?P<d>{_CN_DAY})\W*")
_FALLBACK_MAX_CHARS: Final = 60
_DATEPARSER_SETTINGS: Final[dict[str, object]] = {
    "PREFER_DATES_FROM": "future",
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PREFER_DAY_OF_MONTH": "first",
}


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group())


def _read_rules(norm: str, today: date) -> tuple[list[date | _BareWeekday], str]:
    """What the rules read, and the text left with the words they used blanked."""
    found: list[date | _BareWeekday] = []
    work = norm
    for pattern, handler in _RULES:
        matches = list(pattern.finditer(work))
        for match in matches:
            found.append(handler(match, today))
        if matches:
            work = pattern.sub(_blank, work)
    return found, work


def without_dates(text: str, today: date) -> str:
    """`text` with the words the date rules read blanked out ("pay half next friday" →
    "pay half"), so what else it says can be read on its own; normalised as parse_date does."""
    norm = _normalise(text)
    try:
        rest = _read_rules(norm, today)[1]
    except ParseError:  # a date that cannot be (the 32nd): nothing is taken out
        rest = norm
    return " ".join(rest.split())


def _dateparser(norm: str, today: date) -> date | None:
    """dateparser for whatever the rules did not read (whole short messages only)."""
    if len(norm) > _FALLBACK_MAX_CHARS or not _FALLBACK_CUE.search(norm):
        return None  # dateparser reads "a" as Jan 1, "2027" and "at 5" as a month
    import dateparser  # deferred: importing it costs ~0.3 s

    settings = {
        **_DATEPARSER_SETTINGS,
        "RELATIVE_BASE": datetime(today.year, today.month, today.day),
    }
    try:
        parsed = dateparser.parse(norm, languages=["en", "zh"], settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input; it is only a fallback
        return None
    return parsed.date() if parsed is not None else None


def parse_date(text: str, today: date) -> date:
    """The date `text` means, today or later; `today` is the debtor's local date.

    Raises ParseError: no_date, vague_date, ambiguous, invalid_date, past_date.
    """
    today = date(today.year, today.month, today.day)  # a datetime would compare wrongly
    norm = _normalise(text)
    read, _ = _read_rules(norm, today)
    found = [d for d in read if isinstance(d, date)]
    labels = [d for d in read if isinstance(d, _BareWeekday)]
    if found:
        for label in labels:
            if not any(d.weekday() == label.weekday for d in found):
                raise ParseError(
                    "ambiguous",
                    f"{text!r}: {calendar.day_name[label.weekday]} is not the date given",
                )
    else:
        found = [label.default for label in labels]
    if not found:
        lone = _LONE_DAY.fullmatch(norm)
        if lone:
            found.append(_day_of_month(small_int(lone["d"]), today))
    if not found:
        if _VAGUE.search(norm):
            raise ParseError("vague_date", f"{text!r} does not name one day")
        fallback = _dateparser(norm, today)
        if fallback is None:
            raise ParseError("no_date", f"no date in {text!r}")
        found.append(fallback)
    distinct = sorted(set(found))
    if len(distinct) > 1:
        raise ParseError(
            "ambiguous", f"{text!r} names more than one date: {', '.join(map(str, distinct))}"
        )
    (result,) = distinct
    if result < today:
        raise ParseError("past_date", f"{result} in {text!r} is before {today}")
    return result


# "from <old> to <new>" / "从<old>改到<new>": the new date is what follows the last marker.
_MOVE: Final = re.compile(
    r"(?:\bfrom\b|从|由).+?(?:\b(?:to|until|till)\b|改到|改成|换到|挪到|推到|延到|到)(?P<to>.+)$"
)


def parse_moved_date(text: str, today: date) -> date:
    """As parse_date, except that a date moved from one day to another is the day it moves
    to ("move it from the 15th to the 22nd" → the 22nd)."""
    try:
        return parse_date(text, today)
    except ParseError as err:
        moved = _MOVE.search(_normalise(text)) if err.code == "ambiguous" else None
        if moved is None:
            raise
        return parse_date(moved["to"], today)
