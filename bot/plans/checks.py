"""Input checks shared by the plan builders; each failure is a PlanError with a code."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Final

from babel.numbers import list_currencies

from bot.plans.errors import PlanError
from bot.plans.policy import Policy

_KNOWN_CURRENCIES: Final = frozenset(list_currencies())
MAX_ANNUAL_RATE: Final = Decimal(1)


def check_amount(value: object, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise PlanError(
            "invalid_amount",
            f"{name} must be a positive whole number of minor units, got {value!r}",
        )
    return value


def check_non_negative(value: object, name: str, code: str = "invalid_amount") -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise PlanError(code, f"{name} must be a whole number >= 0, got {value!r}")
    return value


def check_currency(currency: object) -> str:
    if not isinstance(currency, str) or currency not in _KNOWN_CURRENCIES:
        raise PlanError("invalid_currency", f"{currency!r} is not an ISO 4217 currency code")
    return currency


def check_policy(currency: object, policy: Policy) -> str:
    """The policy handed in must be the one for this currency."""
    if currency != policy.currency:
        raise PlanError(
            "no_policy", f"no policy for {currency!r} (got the {policy.currency} policy)"
        )
    return policy.currency


def check_date(value: object, name: str) -> date:
    # datetime is a date subclass; refusing it keeps time zones out of due dates.
    if not isinstance(value, date) or isinstance(value, datetime):
        raise PlanError("invalid_date", f"{name} must be a date, got {value!r}")
    return value


def check_rate(annual_rate: object) -> Decimal:
    if not isinstance(annual_rate, Decimal) or not annual_rate.is_finite():
        raise PlanError(
            "invalid_rate", f"annual_rate must be a finite Decimal, got {annual_rate!r}"
        )
    if not 0 <= annual_rate <= MAX_ANNUAL_RATE:
        raise PlanError("invalid_rate", f"annual_rate must be between 0 and {MAX_ANNUAL_RATE}")
    return annual_rate


def waived_fees(balance_minor: int, fees_minor: object, waive: bool) -> int:
    """The part of the balance that is fees and that this plan kind waives."""
    fees = check_non_negative(fees_minor, "fees_minor")
    if fees > balance_minor:
        raise PlanError("invalid_amount", "fees_minor cannot exceed the balance")
    if waive and fees == balance_minor:
        raise PlanError("invalid_amount", "nothing is left to pay once fees are waived")
    return fees if waive else 0
