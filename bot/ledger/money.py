"""Money as integer minor units of an ISO 4217 currency (pure)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from babel.numbers import get_currency_precision, list_currencies

_KNOWN = frozenset(list_currencies())


class MoneyError(ValueError):
    """An amount or currency that cannot be represented exactly."""


def check_currency(currency: str) -> str:
    if not isinstance(currency, str) or currency.upper() != currency or currency not in _KNOWN:
        raise MoneyError(f"unknown currency {currency!r}: use an ISO 4217 code such as USD")
    return currency


def exponent(currency: str) -> int:
    """Digits after the decimal point (2 for USD, 0 for JPY)."""
    return int(get_currency_precision(check_currency(currency)))


def to_decimal(amount_minor: int, currency: str) -> Decimal:
    return Decimal(amount_minor).scaleb(-exponent(currency))


def to_minor(amount: Decimal | str, currency: str) -> int:
    """Major-unit amount → minor units; refuses more decimals than the currency has."""
    try:
        value = Decimal(amount) if isinstance(amount, str) else amount
    except InvalidOperation as exc:
        raise MoneyError(f"{amount!r} is not an amount") from exc
    if not value.is_finite():
        raise MoneyError(f"{amount!r} is not an amount")
    scaled = value.scaleb(exponent(currency))
    if scaled != scaled.to_integral_value():
        raise MoneyError(
            f"{amount} has more decimals than {currency} allows ({exponent(currency)})"
        )
    return int(scaled)
