"""Hardship plans: reduced or token monthly payments for a while, interest and fees frozen."""

from __future__ import annotations

from datetime import date

from bot.plans.checks import check_amount, check_date, check_non_negative, check_policy, waived_fees
from bot.plans.dates import add_days, add_period
from bot.plans.errors import PlanError
from bot.plans.model import Installment, Plan
from bot.plans.policy import Policy


def hardship_plan(
    balance_minor: int,
    currency: str,
    policy: Policy,
    start: date,
    *,
    reduced_per_month_minor: int | None = None,
    holiday_days: int = 0,
    months: int | None = None,
    fees_minor: int = 0,
) -> Plan:
    """Monthly reduced payments (default: the policy's token payment) for `months`
    (default: the policy maximum), the first due `holiday_days` after `start`.

    What is still owed at the end (`Plan.remaining_minor`) is reviewed then, not forgiven.
    """
    check_amount(balance_minor, "balance_minor")
    check_policy(currency, policy)
    check_date(start, "start")
    rules = policy.hardship
    payment = (
        rules.token_payment_minor
        if reduced_per_month_minor is None
        else check_amount(reduced_per_month_minor, "reduced_per_month_minor")
    )
    period = rules.max_reduced_months if months is None else check_amount(months, "months")
    if period > rules.max_reduced_months:
        raise PlanError(
            "term_too_long", f"reduced payments last at most {rules.max_reduced_months} months"
        )
    if check_non_negative(holiday_days, "holiday_days", "invalid_date") > rules.max_holiday_days:
        raise PlanError(
            "holiday_too_long", f"a payment holiday lasts at most {rules.max_holiday_days} days"
        )
    waived = waived_fees(balance_minor, fees_minor, policy.fee_waiver.on_hardship)
    amounts = _reduced_amounts(balance_minor - waived, payment, period)
    first_due = add_days(start, holiday_days)
    return Plan(
        kind="hardship",
        currency=currency,
        total_minor=sum(amounts),
        balance_minor=balance_minor,
        discount_minor=waived,
        interest_minor=0,
        frequency="monthly",
        installments=tuple(
            Installment(add_period(first_due, "monthly", k), amount)
            for k, amount in enumerate(amounts)
        ),
        freeze_interest=True,
    )


def _reduced_amounts(owed: int, payment: int, months: int) -> list[int]:
    full, rest = divmod(owed, payment)
    if full >= months:
        return [payment] * months
    return [payment] * full + ([rest] if rest else [])
