"""The one-time code the wallet app shows, as debtors type it (pure)."""

from __future__ import annotations

import re
import unicodedata

CODE_DIGITS = 6
# "482913", "482 913", "482-913", "my code is 482913", "验证码４８２９１３" (full-width).
_SPLIT = re.compile(r"(?<!\d)(\d{3})[ \-](\d{3})(?!\d)")
_DIGITS = re.compile(r"\d+")


def one_time_code(text: str) -> str | None:
    """The code when the digits in `text` are exactly one 6-digit code, else None.

    A date of birth never looks like one: every date format has separators between
    its parts or a 4-digit year, so "1988-03-14" is three numbers, not a code.
    """
    flat = _SPLIT.sub(r"\1\2", unicodedata.normalize("NFKC", text))
    numbers = _DIGITS.findall(flat)
    if len(numbers) == 1 and len(numbers[0]) == CODE_DIGITS:
        return numbers[0]
    return None
