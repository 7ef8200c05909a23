"""Amounts, dates and language requests in debtors' free text (pure, no I/O).

- parse_amount(text, currency) -> int: minor units; see bot.parsing.amounts
- parse_date(text, today) -> date: today or later; see bot.parsing.dates
- parse_moved_date(text, today) -> date: "from the 15th to the 22nd" → the 22nd
- without_dates(text, today) -> str: the text with its date words taken out
- requested_language(text) / detect_language(text) -> "en" | "zh" | None
- one_time_code(text) -> str | None: the wallet app's identity code
- share_of_balance(text) -> Fraction | None: "all of it", "一半"; see bot.parsing.shares
Every failure is a ParseError with a stable `code`.
"""

from __future__ import annotations

from bot.parsing.amounts import parse_amount
from bot.parsing.birth import parse_birth_date
from bot.parsing.codes import one_time_code
from bot.parsing.dates import parse_date, parse_moved_date, without_dates
from bot.parsing.errors import ParseError
from bot.parsing.language import Language, detect_language, requested_language
from bot.parsing.shares import apply_share, share_of_balance

__all__ = [
    "Language",
    "ParseError",
    "apply_share",
    "detect_language",
    "one_time_code",
    "parse_amount",
    "parse_birth_date",
    "parse_date",
    "parse_moved_date",
    "requested_language",
    "share_of_balance",
    "without_dates",
]
