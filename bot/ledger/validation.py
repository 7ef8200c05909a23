"""Reading JSON request bodies strictly: each bad field is a 422 that names it (pure).

Amounts are whole minor units only (JSON integers, never strings or decimals): a client
that sends 10.5 or "10.50" gets a clear error instead of a guess.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, datetime, timezone
from typing import Any, TypeVar

from bot.ledger.errors import Invalid
from bot.ledger.money import MoneyError, check_currency

# Far above any real debt and far below BIGINT's limit, so sums never overflow.
MAX_AMOUNT_MINOR = 10**15
KEY_MIN, KEY_MAX = 8, 100

S = TypeVar("S", bound=str)


def check_fields(
    body: Mapping[str, Any], required: Collection[str], optional: Collection[str] = ()
) -> None:
    """Refuse unknown fields (a typo must not silently become a default) and missing ones."""
    unknown = sorted(set(body) - set(required) - set(optional))
    if unknown:
        raise Invalid(f"unknown field(s): {', '.join(unknown)}")
    missing = sorted(name for name in required if name not in body)
    if missing:
        raise Invalid(f"missing field(s): {', '.join(missing)}")


def integer(body: Mapping[str, Any], name: str, *, minimum: int = 0) -> int:
    value = body.get(name)
    if not isinstance(value, int) or isinstance(value, bool):
        raise Invalid(
            f"{name} must be a whole number of minor units (e.g. 1050 for 10.50), got {value!r}"
        )
    if value < minimum:
        raise Invalid(f"{name} must be at least {minimum}, got {value}")
    if value > MAX_AMOUNT_MINOR:
        raise Invalid(f"{name} is too large ({value})")
    return value


def optional_integer(body: Mapping[str, Any], name: str, *, minimum: int = 0) -> int | None:
    return None if body.get(name) is None else integer(body, name, minimum=minimum)


def text(body: Mapping[str, Any], name: str, *, min_len: int = 0, max_len: int = 2000) -> str:
    value = body.get(name)
    if not isinstance(value, str):
        raise Invalid(f"{name} must be a string")
    if not min_len <= len(value) <= max_len:
        raise Invalid(f"{name} must be {min_len} to {max_len} characters long")
    if any(ord(c) < 32 and c not in "\n\t" for c in value):
        raise Invalid(f"{name} must not contain control characters")
    return value


def choice(body: Mapping[str, Any], name: str, values: Collection[S]) -> S:
    value = body.get(name)
    for known in values:
        if value == known:
            return known
    raise Invalid(f"{name} must be one of {', '.join(values)}, got {value!r}")


def boolean(body: Mapping[str, Any], name: str) -> bool:
    value = body.get(name)
    if not isinstance(value, bool):
        raise Invalid(f"{name} must be true or false, got {value!r}")
    return value


def iso_date(value: object, name: str) -> date:
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise Invalid(f"{name} must be a date as YYYY-MM-DD, got {value!r}")


def aware_datetime(value: object, name: str) -> datetime:
    """An ISO 8601 timestamp with its UTC offset, returned in UTC."""
    parsed = None
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise Invalid(f"{name} must be an ISO 8601 time with a UTC offset, got {value!r}")
    return parsed.astimezone(timezone.utc)


def idempotency_key(body: Mapping[str, Any]) -> str:
    value = body.get("idempotency_key")
    if not isinstance(value, str) or not KEY_MIN <= len(value) <= KEY_MAX:
        raise Invalid(f"idempotency_key must be a string of {KEY_MIN} to {KEY_MAX} characters")
    if not value.isprintable():
        raise Invalid("idempotency_key must be printable")
    return value


def currency(body: Mapping[str, Any], expected: str) -> str:
    value = body.get("currency")
    try:
        check_currency(value)  # type: ignore[arg-type]  # checked there
    except MoneyError as exc:
        raise Invalid(str(exc)) from exc
    if value != expected:
        raise Invalid(f"currency {value} does not match the account's currency {expected}")
    return expected


__all__ = [
    "MAX_AMOUNT_MINOR",
    "aware_datetime",
    "boolean",
    "check_fields",
    "choice",
    "currency",
    "idempotency_key",
    "integer",
    "iso_date",
    "optional_integer",
    "text",
]
