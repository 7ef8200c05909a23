"""The one exception the parsers raise."""

from __future__ import annotations


class ParseError(ValueError):
    """Free text that does not give one clear value; `code` is stable, the message is for logs.

    Amount codes: no_amount, ambiguous, invalid_number, too_many_decimals, not_positive,
    too_large, wrong_currency, unknown_currency.
    Date codes: no_date, ambiguous, vague_date, invalid_date, past_date.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
