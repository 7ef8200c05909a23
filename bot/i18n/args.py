"""Typed message arguments: actions pass values, the NLG formats them with Babel (pure).

Actions never pre-format numbers or dates; they send e.g. `money(123456, "USD")` and
the renderer turns it into "$1,234.56" or "US$1,234.56" for the conversation's locale.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal

from bot.ledger.money import to_decimal

Arg = dict[str, Any]


def money(amount_minor: int, currency: str) -> Arg:
    return {"type": "money", "minor": int(amount_minor), "currency": currency}


def day(value: date) -> Arg:
    return {"type": "date", "iso": value.isoformat()}


def moment(value: datetime) -> Arg:
    return {"type": "datetime", "iso": value.isoformat()}


def number(value: int) -> Arg:
    return {"type": "number", "value": int(value)}


def format_arg(value: Any, locale: Locale, timezone: str | None = None) -> str:
    """One argument as the debtor should read it; plain values are shown as they are."""
    if not isinstance(value, dict) or "type" not in value:
        return str(value)
    kind = value["type"]
    if kind == "money":
        amount = to_decimal(value["minor"], value["currency"])
        return str(format_currency(amount, value["currency"], locale=locale))
    if kind == "date":
        return str(format_date(date.fromisoformat(value["iso"]), format="long", locale=locale))
    if kind == "datetime":
        tz = ZoneInfo(timezone) if timezone else None
        when = datetime.fromisoformat(value["iso"])
        return str(format_datetime(when, format="medium", tzinfo=tz, locale=locale))
    if kind == "number":
        return str(format_decimal(value["value"], locale=locale))
    raise ValueError(f"unknown argument type {kind!r}")
