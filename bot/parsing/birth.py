"""Dates of birth as debtors type them (pure): exact dates only, never relative ones."""

from __future__ import annotations

import re
from datetime import date

from bot.parsing.errors import ParseError

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_ISO = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
# "85年9月9号": a two-digit year, as people in China often write it.
_SHORT_YEAR = re.compile(r"(?<!\d)(\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})")
# "19850909", as on Chinese identity documents.
_COMPACT = re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)")
YOUNGEST = 16  # a two-digit year is in the century that makes the debtor at least this old
_DAY_FIRST = re.compile(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})")
_WORDS = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3})[a-z]*\.?,?\s+(\d{4})")
_WORDS_MONTH_FIRST = re.compile(r"([a-z]{3})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
OLDEST = 120


def parse_birth_date(text: str, today: date) -> date:
    """'1988-03-14', '1988年3月14日', '88年3月14号', '19880314', '14/03/1988' (day first),
    '14 March 1988', 'March 14, 1988'.

    Slash dates are read day first, as in the UK and most of the world; a US debtor's
    '03/14/1988' still parses because 14 cannot be a month.
    """
    lowered = text.strip().lower()
    candidates: list[tuple[int, int, int]] = []
    if m := _ISO.search(lowered):
        candidates.append((int(m[1]), int(m[2]), int(m[3])))
    elif m := _SHORT_YEAR.search(lowered):
        year = 2000 + int(m[1])
        if year > today.year - YOUNGEST:
            year -= 100
        candidates.append((year, int(m[2]), int(m[3])))
    elif m := _COMPACT.search(lowered):
        candidates.append((int(m[1]), int(m[2]), int(m[3])))
    elif m := _DAY_FIRST.search(lowered):
        first, second, year = int(m[1]), int(m[2]), int(m[3])
        candidates.append((year, second, first) if second <= 12 else (year, first, second))
    elif (m := _WORDS.search(lowered)) and m[2] in _MONTHS:
        candidates.append((int(m[3]), _MONTHS[m[2]], int(m[1])))
    elif (m := _WORDS_MONTH_FIRST.search(lowered)) and m[1] in _MONTHS:
        candidates.append((int(m[3]), _MONTHS[m[1]], int(m[2])))
    for year, month, day in candidates:
        try:
            born = date(year, month, day)
        except ValueError:
            continue
        if today.year - OLDEST <= born.year and born < today:
            return born
    raise ParseError("no_date", f"not a date of birth: {text!r}")
