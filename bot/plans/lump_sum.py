"""Single-payment options: pay in full, or settle for less within policy."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_CEILING, Decimal
from typing import Literal

from bot.plans.checks import (
    check_amount,
    check_currency,
    check_date,
    check_non_negative,
    check_policy,
)
from bot.plans.model import Installment, Plan
from bot.plans.policy import Policy


def pay_in_full(balance_minor: int, currency: str, today: date) -> Plan:
    check_amount(balance_minor, "balance_minor")
    check_currency(currency)
    check_date(today, "today")
    return _lump_sum("full", balance_minor, balance_minor, currency, today)


def settlement_offer(
    balance_minor: int, currency: str, days_past_due: int, policy: Policy, today: date
) -> Plan | None:
    """The best settlement policy allows, due today; None when no discount applies."""
    check_amount(balance_minor, "balance_minor")
    check_policy(currency, policy)
    check_non_negative(days_past_due, "days_past_due", "invalid_days")
    check_date(today, "today")
    share = policy.settlement_discount_share(days_past_due, balance_minor)
    # Rounding up keeps both the discount and the floor on the lender's side of a minor unit.
    pay = _ceil(balance_minor * (1 - share))
    pay = min(balance_minor, max(pay, _ceil(balance_minor * policy.settlement_floor_share)))
    if pay == balance_minor:
        return None
    return _lump_sum("settlement", pay, balance_minor, currency, today)


def _ceil(amount: Decimal) -> int:
    return int(amount.to_integral_value(rounding=ROUND_CEILING))


def _lump_sum(
    kind: Literal["full", "settlement"], pay: int, balance: int, currency: str, due: date
) -> Plan:
    return Plan(
        kind=kind,
        currency=currency,
        total_minor=pay,
        balance_minor=balance,
        discount_minor=balance - pay,
        interest_minor=0,
        frequency=None,
        installments=(Installment(due, pay),),
        freeze_interest=False,
    )
