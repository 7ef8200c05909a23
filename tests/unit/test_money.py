from __future__ import annotations

from decimal import Decimal

import pytest

from bot.ledger.money import MoneyError, exponent, to_decimal, to_minor


@pytest.mark.parametrize(("currency", "digits"), [("USD", 2), ("GBP", 2), ("CNY", 2), ("JPY", 0)])
def test_exponent_follows_iso_4217(currency: str, digits: int) -> None:
    assert exponent(currency) == digits


def test_minor_units_round_trip_exactly() -> None:
    assert to_decimal(123456, "USD") == Decimal("1234.56")
    assert to_minor("1234.56", "USD") == 123456
    assert to_minor("500", "JPY") == 500


@pytest.mark.parametrize(
    ("amount", "currency"),
    [("1.001", "USD"), ("1.5", "JPY"), ("abc", "USD"), ("NaN", "USD"), ("1", "usd"), ("1", "XXQ")],
)
def test_unrepresentable_amounts_are_refused(amount: str, currency: str) -> None:
    with pytest.raises(MoneyError):
        to_minor(amount, currency)
