"""Typed message arguments: actions pass values, the NLG formats them with Babel (pure).

Actions never pre-format numbers, dates or words; they send e.g. `money(123456, "USD")`
and the renderer turns it into "$1,234.56" or "US$1,234.56" for the conversation's locale.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import format_currency, format_decimal

from bot.i18n.messages import CHARGE_LINE, LABELS, SCHEDULE_LINE, SCHEDULE_MORE
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


def label(key: str) -> Arg:
    """A word from `messages.LABELS` (e.g. a frequency or a status), translated when shown."""
    return {"type": "label", "key": key}


def schedule(items: Iterable[tuple[date, int]], currency: str, lines: int | None = None) -> Arg:
    """Due dates and amounts, shown one per line; past `lines`, one more line counts the rest
    and names the last payment."""
    rows = [{"due": due.isoformat(), "minor": int(minor)} for due, minor in items]
    arg: Arg = {"type": "schedule", "currency": currency, "items": rows}
    if lines is not None and len(rows) > lines:
        arg["items"] = rows[:lines]
        arg["more"] = {"count": len(rows) - lines, **rows[-1]}
    return arg


def charges(items: Iterable[tuple[date, str, str, int]], currency: str) -> Arg:
    """Charges on an account (date, kind, the ledger's description, amount), one per line;
    a charge without a description is named by its kind ("Interest", "Fee", "Waived")."""
    return {
        "type": "charges",
        "currency": currency,
        "items": [
            {"on": on.isoformat(), "kind": kind, "description": description, "minor": int(minor)}
            for on, kind, description, minor in items
        ],
    }


def format_arg(
    value: Any,
    locale: Locale,
    timezone: str | None = None,
    gettext: Callable[[str], str] = str,
) -> str:
    """One argument as the debtor should read it; plain values are shown as they are."""
    if not isinstance(value, dict) or "type" not in value:
        return str(value)
    kind = value["type"]
    if kind == "money":
        return _money(value["minor"], value["currency"], locale)
    if kind == "date":
        return _date(value["iso"], locale)
    if kind == "datetime":
        # A long date and a short time (no seconds), joined the locale's way.
        when = datetime.fromisoformat(value["iso"]).astimezone(ZoneInfo(timezone or "UTC"))
        pattern = str(locale.datetime_formats["medium"])
        time = format_time(when, format="short", locale=locale)
        return pattern.replace("{1}", _date(when.date().isoformat(), locale)).replace("{0}", time)
    if kind == "number":
        return str(format_decimal(value["value"], locale=locale))
    if kind == "label":
        return _label(value["key"], gettext)
    if kind == "schedule":
        line = gettext(SCHEDULE_LINE)
        shown = [
            line.format(
                due=_date(item["due"], locale),
                amount=_money(item["minor"], value["currency"], locale),
            )
            for item in value["items"]
        ]
        if more := value.get("more"):
            shown.append(
                gettext(SCHEDULE_MORE).format(
                    count=format_decimal(more["count"], locale=locale),
                    due=_date(more["due"], locale),
                    amount=_money(more["minor"], value["currency"], locale),
                )
            )
        return "\n".join(shown)
    if kind == "charges":
        line = gettext(CHARGE_LINE)
        return "\n".join(
            line.format(
                on=_date(item["on"], locale),
                description=item["description"] or _label(item["kind"], gettext),
                amount=_money(item["minor"], value["currency"], locale),
            )
            for item in value["items"]
        )
    raise ValueError(f"unknown argument type {kind!r}")


def _label(key: str, gettext: Callable[[str], str]) -> str:
    # Looked up before gettext() is called: pybabel extracts a string literal written inside
    # gettext(...) (such as a dict key) into the catalog as a sentence of its own.
    word = LABELS[key]
    return gettext(word)


def _money(minor: int, currency: str, locale: Locale) -> str:
    return str(format_currency(to_decimal(minor, currency), currency, locale=locale))


def _date(iso: str, locale: Locale) -> str:
    return str(format_date(date.fromisoformat(iso), format="long", locale=locale))
