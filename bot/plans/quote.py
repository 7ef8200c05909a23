"""A short menu of options for one balance, best for the debtor first."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final

from bot.plans.affordability import Affordability
from bot.plans.checks import check_amount, check_non_negative, check_policy
from bot.plans.dates import PERIODS_PER_YEAR, Frequency, check_frequency, max_periods
from bot.plans.errors import PlanError
from bot.plans.hardship import hardship_plan
from bot.plans.installments import installment_plan
from bot.plans.lump_sum import pay_in_full, settlement_offer
from bot.plans.model import Plan
from bot.plans.policy import Policy

MAX_OPTIONS: Final = 3
# Terms offered when we know nothing about what the debtor can afford.
_DEFAULT_TERMS_MONTHS: Final = (3, 12)


@dataclass(frozen=True)
class Quote:
    options: tuple[Plan, ...]
    affordable: bool
    reason: str | None  # "nothing_affordable" when only the hardship route is left


def quote(
    balance_minor: int,
    currency: str,
    days_past_due: int,
    policy: Policy,
    today: date,
    *,
    affordable_per_period_minor: int | None = None,
    frequency: Frequency = "monthly",
    affordability: Affordability | None = None,
    annual_rate: Decimal = Decimal(0),
    fees_minor: int = 0,
) -> Quote:
    """Up to three options whose every installment fits what the debtor can afford.

    The cap per `frequency` period is the smaller of `affordable_per_period_minor` and
    the affordability limit; with neither, every option counts as affordable. Options are
    ordered by total paid, then by how soon the debt is cleared.
    """
    check_amount(balance_minor, "balance_minor")
    check_policy(currency, policy)
    frequency = check_frequency(frequency)
    cap = _cap(frequency, affordable_per_period_minor, affordability)
    options = [
        plan
        for plan in (
            pay_in_full(balance_minor, currency, today),
            settlement_offer(balance_minor, currency, days_past_due, policy, today),
            *_installment_options(
                balance_minor, frequency, today, policy, cap, annual_rate, fees_minor
            ),
        )
        if plan is not None
        and (cap is None or max(i.amount_minor for i in plan.installments) <= cap)
    ]
    if not options:
        monthly = 0 if cap is None else cap * PERIODS_PER_YEAR[frequency] // 12
        reduced = max(policy.hardship.token_payment_minor, monthly)
        # Nothing payable now: the policy's payment holiday comes first (a pause), then the
        # token payments; asking a debtor with nothing for a payment today sets them up to fail.
        plan = hardship_plan(
            balance_minor,
            currency,
            policy,
            today,
            reduced_per_month_minor=reduced,
            holiday_days=policy.hardship.max_holiday_days if cap == 0 else 0,
            fees_minor=fees_minor,
        )
        return Quote((plan,), affordable=False, reason="nothing_affordable")
    options.sort(key=lambda p: (p.total_minor, len(p.installments), p.installments[-1].due))
    return Quote(tuple(options[:MAX_OPTIONS]), affordable=True, reason=None)


def _cap(frequency: Frequency, per_period: int | None, limits: Affordability | None) -> int | None:
    # Zero is an honest answer ("I can't pay anything now"): it leads to the hardship route.
    caps = (
        []
        if per_period is None
        else [check_non_negative(per_period, "affordable_per_period_minor")]
    )
    if limits is not None:
        caps.append(limits.max_installment(frequency))
    return min(caps) if caps else None


def _installment_options(
    balance: int,
    frequency: Frequency,
    today: date,
    policy: Policy,
    cap: int | None,
    annual_rate: Decimal,
    fees: int,
) -> Iterator[Plan]:
    """The fastest affordable plan and one at about half the payment (or, when half would be
    under the policy's minimum, at the minimum); two default terms when the cap is unknown.
    Single-installment plans are left to pay-in-full."""

    def plan(count: int | None = None, per_period: int | None = None) -> Plan | None:
        try:
            built = installment_plan(
                balance,
                policy.currency,
                frequency,
                today,
                policy,
                count=count,
                per_period_minor=per_period,
                annual_rate=annual_rate,
                fees_minor=fees,
            )
        except PlanError as exc:
            if exc.code in ("below_minimum", "term_too_long"):
                return None
            raise
        return built

    limit = max_periods(frequency, policy.max_term_months)
    if cap is None:
        counts = sorted({min(limit, max_periods(frequency, m)) for m in _DEFAULT_TERMS_MONTHS})
    else:
        fastest = plan(per_period=cap) if cap > 0 else None
        if fastest is None:
            return  # a lower payment would also fall below the minimum or run too long
        shortest = len(fastest.installments)
        longer = min(limit, 2 * shortest)
        if shortest > 1:
            yield fastest
        if longer > shortest:
            # Half the payment may fall under the minimum: the lowest payment allowed is then
            # the gentler option ($30 a week on $920 → also $25 a week, not nothing).
            option = plan(count=longer) or plan(per_period=policy.min_installment_minor)
            if option is not None and len(option.installments) > shortest:
                yield option
        return
    for count in counts:
        option = plan(count=count)
        if option is not None and len(option.installments) > 1:
            yield option
