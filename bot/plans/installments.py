"""Installment plans: by number of installments or by an affordable amount per period."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bot.plans.amortization import Row, fixed_payment_schedule, level_schedule, periodic_rate
from bot.plans.checks import (
    check_amount,
    check_date,
    check_policy,
    check_rate,
    waived_fees,
)
from bot.plans.dates import Frequency, add_period, check_frequency, max_periods
from bot.plans.errors import PlanError
from bot.plans.model import Installment, Plan
from bot.plans.policy import Policy


def installment_plan(
    total_minor: int,
    currency: str,
    frequency: Frequency,
    start: date,
    policy: Policy,
    *,
    count: int | None = None,
    per_period_minor: int | None = None,
    annual_rate: Decimal = Decimal(0),
    fees_minor: int = 0,
) -> Plan:
    """Spread `total_minor` over installments; the first is due on `start`.

    Give exactly one of `count` or `per_period_minor`. With interest, the first period's
    interest accrues over the period before `start` (an ordinary annuity).
    """
    check_amount(total_minor, "total_minor")
    check_policy(currency, policy)
    check_date(start, "start")
    frequency = check_frequency(frequency)
    rate = periodic_rate(check_rate(annual_rate), frequency)
    waived = waived_fees(total_minor, fees_minor, policy.fee_waiver.on_installments)
    if (count is None) == (per_period_minor is None):
        raise PlanError("invalid_count", "give exactly one of count or per_period_minor")
    principal = total_minor - waived
    if count is not None:
        rows = _by_count(principal, rate, count, frequency, policy)
    else:
        rows = _by_amount(
            principal, rate, check_amount(per_period_minor, "per_period_minor"), frequency, policy
        )
    return Plan(
        kind="installments",
        currency=currency,
        total_minor=sum(r.amount_minor for r in rows),
        balance_minor=total_minor,
        discount_minor=waived,
        interest_minor=sum(r.interest_minor for r in rows),
        frequency=frequency,
        installments=tuple(
            Installment(add_period(start, frequency, k), r.amount_minor) for k, r in enumerate(rows)
        ),
        freeze_interest=rate == 0,
    )


def _by_count(
    principal: int, rate: Decimal, count: object, frequency: Frequency, policy: Policy
) -> tuple[Row, ...]:
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise PlanError("invalid_count", f"count must be a whole number >= 1, got {count!r}")
    limit = max_periods(frequency, policy.max_term_months)
    if count > limit:
        raise PlanError(
            "term_too_long", f"at most {limit} {frequency} installments allowed, asked {count}"
        )
    rows = level_schedule(principal, rate, count)
    if count > 1 and rows[0].amount_minor < policy.min_installment_minor:
        raise PlanError(
            "below_minimum",
            f"{rows[0].amount_minor} per installment is below the minimum "
            f"{policy.min_installment_minor}",
        )
    if rows[-1].amount_minor <= 0:
        raise PlanError(
            "below_minimum", f"{principal} minor units cannot fill {count} installments"
        )
    return rows


def _by_amount(
    principal: int, rate: Decimal, per_period: int, frequency: Frequency, policy: Policy
) -> tuple[Row, ...]:
    limit = max_periods(frequency, policy.max_term_months)
    rows = fixed_payment_schedule(principal, rate, per_period, limit)
    below = per_period < policy.min_installment_minor
    if below and (rows is None or len(rows) > 1):
        raise PlanError(
            "below_minimum",
            f"{per_period} per installment is below the minimum {policy.min_installment_minor}",
        )
    if rows is None:
        raise PlanError(
            "term_too_long",
            f"{per_period} per {frequency} period does not clear the debt "
            f"within {limit} installments",
        )
    return rows
