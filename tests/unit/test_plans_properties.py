"""Property-based checks of the plan calculator's invariants.

Expected values are recomputed here from first principles (Fractions, calendar), never
taken from the calculator's own output.
"""

from __future__ import annotations

import calendar
import json
import math
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise
from typing import Final

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.plans import (
    DiscountBand,
    FeeWaiver,
    Frequency,
    HardshipDefaults,
    Plan,
    PlanError,
    Policy,
    Quote,
    add_period,
    affordability,
    hardship_plan,
    installment_plan,
    load_policies,
    pay_in_full,
    quote,
    settlement_offer,
)

PROPERTY = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
PER_YEAR: Final[dict[str, int]] = {"weekly": 52, "biweekly": 26, "monthly": 12}
PACKAGED = load_policies()

frequencies = st.sampled_from(["weekly", "biweekly", "monthly"])
starts = st.dates(date(2000, 1, 1), date(2100, 12, 31))
balances = st.integers(1, 10**9)
rates = st.one_of(
    st.just(Decimal(0)),
    st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("0.40"), places=4),
)


@st.composite
def generated_policies(draw: st.DrawFn) -> Policy:
    floor = draw(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("0.99"), places=2))
    count = draw(st.integers(0, 3))
    days = sorted(draw(st.lists(st.integers(0, 720), min_size=count, max_size=count, unique=True)))
    minima = sorted(draw(st.lists(st.integers(0, 10**7), min_size=count, max_size=count)))
    shares = draw(
        st.lists(
            st.decimals(min_value=Decimal("0.01"), max_value=1 - floor, places=2),
            min_size=count,
            max_size=count,
        )
    )
    max_term = draw(st.integers(1, 60))
    return Policy(
        currency=draw(st.sampled_from(["USD", "GBP", "CNY", "JPY"])),
        exponent=2,
        min_installment_minor=draw(st.integers(1, 10**5)),
        max_term_months=max_term,
        max_share_of_disposable=draw(
            st.decimals(min_value=Decimal("0.01"), max_value=Decimal(1), places=2)
        ),
        settlement_floor_share=floor,
        settlement_bands=tuple(
            DiscountBand(*band) for band in zip(days, minima, shares, strict=True)
        ),
        fee_waiver=FeeWaiver(draw(st.booleans()), draw(st.booleans())),
        hardship=HardshipDefaults(
            token_payment_minor=draw(st.integers(1, 10**4)),
            max_reduced_months=draw(st.integers(1, max_term)),
            max_holiday_days=draw(st.integers(0, 90)),
        ),
    )


policies = st.one_of(st.sampled_from(sorted(PACKAGED.values(), key=str)), generated_policies())


def max_count(policy: Policy, frequency: str) -> int:
    return policy.max_term_months * PER_YEAR[frequency] // 12


def amounts(plan: Plan) -> list[int]:
    return [i.amount_minor for i in plan.installments]


def assert_due_dates(plan: Plan, start: date, frequency: str) -> None:
    for k, installment in enumerate(plan.installments):
        due = installment.due
        if frequency == "monthly":
            assert (due.year * 12 + due.month) - (start.year * 12 + start.month) == k
            assert due.day == min(start.day, calendar.monthrange(due.year, due.month)[1])
        else:
            assert (due - start).days == k * (7 if frequency == "weekly" else 14)
    dues = [i.due for i in plan.installments]
    assert all(a < b for a, b in pairwise(dues))


def assert_installment_invariants(
    plan: Plan, policy: Policy, total: int, fees: int, frequency: str, start: date, rate: Decimal
) -> None:
    waived = fees if policy.fee_waiver.on_installments else 0
    paid = amounts(plan)
    assert sum(paid) == plan.total_minor
    assert all(a > 0 for a in paid)
    assert all(a >= policy.min_installment_minor for a in paid[:-1])
    assert (plan.balance_minor, plan.discount_minor) == (total, waived)
    # Principal is repaid exactly: what is paid minus interest is what was owed.
    assert plan.total_minor - plan.interest_minor == total - waived
    assert 1 <= len(paid) <= max_count(policy, frequency)
    assert plan.freeze_interest == (rate == 0)
    if rate == 0:
        assert plan.interest_minor == 0
    else:
        # Never more than simple interest on the whole principal for the whole term,
        # plus half a minor unit of rounding per period.
        simple = (total - waived) * Fraction(rate) / PER_YEAR[frequency] * len(paid)
        assert 0 <= plan.interest_minor <= simple + Fraction(len(paid), 2)
    assert_due_dates(plan, start, frequency)


@PROPERTY
@given(
    policies,
    frequencies,
    starts,
    balances,
    st.integers(1, 300),
    st.integers(-5, 5),
    rates,
    st.integers(0, 10**4),
)
def test_installments_by_affordable_amount(
    policy: Policy,
    frequency: Frequency,
    start: date,
    total: int,
    periods: int,
    jitter: int,
    rate: Decimal,
    fee_seed: int,
) -> None:
    per_period = max(1, -(-total // periods) + jitter)
    fees = fee_seed % total
    waived = fees if policy.fee_waiver.on_installments else 0
    principal = total - waived
    limit = max_count(policy, frequency)
    kwargs = {"per_period_minor": per_period, "annual_rate": rate, "fees_minor": fees}
    try:
        plan = installment_plan(total, policy.currency, frequency, start, policy, **kwargs)  # type: ignore[arg-type]
    except PlanError as exc:
        if rate == 0:
            needed = -(-principal // per_period)
            assert needed > limit or (per_period < policy.min_installment_minor and needed > 1)
        elif exc.code == "term_too_long":
            growth = (1 + Fraction(rate) / PER_YEAR[frequency]) ** limit
            assert per_period * limit < principal * growth
        else:
            assert exc.code == "below_minimum"
            assert per_period < policy.min_installment_minor
        return
    assert_installment_invariants(plan, policy, total, fees, frequency, start, rate)
    paid = amounts(plan)
    assert all(a == per_period for a in paid[:-1])
    assert paid[-1] <= per_period
    if rate == 0:
        assert len(paid) == -(-principal // per_period)
    assert plan == installment_plan(total, policy.currency, frequency, start, policy, **kwargs)  # type: ignore[arg-type]


@PROPERTY
@given(policies, frequencies, starts, balances, st.integers(1, 320), rates, st.integers(0, 10**4))
def test_installments_by_count(
    policy: Policy,
    frequency: Frequency,
    start: date,
    total: int,
    count: int,
    rate: Decimal,
    fee_seed: int,
) -> None:
    fees = fee_seed % total
    principal = total - (fees if policy.fee_waiver.on_installments else 0)
    r = Fraction(rate) / PER_YEAR[frequency]
    exact_level = Fraction(principal, count) if r == 0 else principal * r / (1 - (1 + r) ** -count)
    level = math.floor(exact_level + Fraction(1, 2))
    kwargs = {"count": count, "annual_rate": rate, "fees_minor": fees}
    try:
        plan = installment_plan(total, policy.currency, frequency, start, policy, **kwargs)  # type: ignore[arg-type]
    except PlanError as exc:
        if exc.code == "term_too_long":
            assert count > max_count(policy, frequency)
        else:
            assert exc.code == "below_minimum"
            assert count <= max_count(policy, frequency)
            if r == 0:
                last = principal - level * (count - 1)
                assert (count > 1 and level < policy.min_installment_minor) or last <= 0
        return
    assert count <= max_count(policy, frequency)
    assert len(plan.installments) == count
    assert_installment_invariants(plan, policy, total, fees, frequency, start, rate)
    assert all(a == level for a in amounts(plan)[:-1])
    if r == 0:
        assert amounts(plan)[-1] == principal - level * (count - 1)
    assert plan == installment_plan(total, policy.currency, frequency, start, policy, **kwargs)  # type: ignore[arg-type]


@PROPERTY
@given(starts, frequencies, st.integers(0, 600))
def test_due_dates_keep_the_anchor(start: date, frequency: Frequency, k: int) -> None:
    due, following = add_period(start, frequency, k), add_period(start, frequency, k + 1)
    assert due < following
    if frequency == "monthly":
        months = (due.year - start.year) * 12 + due.month - start.month
        assert months == k
        assert due.day == min(start.day, calendar.monthrange(due.year, due.month)[1])
    else:
        assert due == start + timedelta(days=k * (7 if frequency == "weekly" else 14))


@PROPERTY
@given(policies, balances, st.integers(0, 1000), starts)
def test_settlement_stays_between_floor_and_balance(
    policy: Policy, balance: int, days: int, today: date
) -> None:
    offer = settlement_offer(balance, policy.currency, days, policy, today)
    bands = [
        b
        for b in policy.settlement_bands
        if days >= b.min_days_past_due and balance >= b.min_balance_minor
    ]
    if offer is None:
        best = max((b.max_discount_share for b in bands), default=Decimal(0))
        assert balance * Fraction(best) < 1 or not bands
        return
    assert bands
    assert offer.kind == "settlement"
    assert Fraction(offer.total_minor) >= balance * Fraction(policy.settlement_floor_share)
    assert offer.total_minor < balance
    assert offer.discount_minor == balance - offer.total_minor
    assert offer.discount_minor <= balance * max(Fraction(b.max_discount_share) for b in bands)
    assert [(i.due, i.amount_minor) for i in offer.installments] == [(today, offer.total_minor)]
    assert offer == settlement_offer(balance, policy.currency, days, policy, today)


@PROPERTY
@given(policies, st.integers(0, 10**9), st.integers(0, 10**9))
def test_affordability_is_a_rounded_down_share(
    policy: Policy, income: int, essentials: int
) -> None:
    result = affordability(income, essentials, policy)
    disposable = max(0, income - essentials)
    assert result.disposable_monthly_minor == disposable
    cap = disposable * Fraction(policy.max_share_of_disposable)
    assert cap - 1 < result.max_installment_monthly_minor <= cap
    for frequency, per_year in PER_YEAR.items():
        per_period = Fraction(result.max_installment_monthly_minor * 12, per_year)
        assert per_period - 1 < result.max_installment(frequency) <= per_period  # type: ignore[arg-type]


@PROPERTY
@given(
    policies,
    balances,
    st.integers(0, 1000),
    starts,
    frequencies,
    st.one_of(st.none(), st.integers(0, 10**7)),
    st.one_of(st.none(), st.tuples(st.integers(0, 10**7), st.integers(0, 10**7))),
)
def test_quote_only_offers_what_is_affordable(
    policy: Policy,
    balance: int,
    days: int,
    today: date,
    frequency: Frequency,
    per_period: int | None,
    budget: tuple[int, int] | None,
) -> None:
    limits = None if budget is None else affordability(*budget, policy)
    caps = [] if per_period is None else [per_period]
    if limits is not None:
        # Recomputed here: the monthly cap spread over the year, rounded down.
        caps.append(limits.max_installment_monthly_minor * 12 // PER_YEAR[frequency])
    cap = min(caps) if caps else None

    def ask() -> Quote:
        return quote(
            balance,
            policy.currency,
            days,
            policy,
            today,
            frequency=frequency,
            affordable_per_period_minor=per_period,
            affordability=limits,
        )

    result = ask()
    assert result == ask()
    if not result.affordable:
        assert result.reason == "nothing_affordable"
        assert [p.kind for p in result.options] == ["hardship"]
        assert cap is not None and balance > cap
        needed = -(-balance // cap) if cap else math.inf
        assert cap < policy.min_installment_minor or needed > max_count(policy, frequency)
        # A pause first exactly when nothing at all can be paid now.
        holiday = policy.hardship.max_holiday_days if cap == 0 else 0
        assert result.options[0].installments[0].due == today + timedelta(days=holiday)
        return
    assert result.reason is None
    assert 1 <= len(result.options) <= 3
    totals = [p.total_minor for p in result.options]
    assert totals == sorted(totals)
    for plan in result.options:
        assert plan.kind != "hardship"
        assert sum(amounts(plan)) == plan.total_minor
        assert plan.balance_minor == balance
        if cap is not None:
            assert max(amounts(plan)) <= cap
    if cap is None:
        assert "full" in [p.kind for p in result.options]


@PROPERTY
@given(
    policies,
    balances,
    starts,
    st.one_of(st.none(), st.integers(1, 10**6)),
    st.integers(0, 90),
    st.one_of(st.none(), st.integers(1, 60)),
    st.integers(0, 10**4),
)
def test_hardship_plans(
    policy: Policy,
    balance: int,
    start: date,
    reduced: int | None,
    holiday: int,
    months: int | None,
    fee_seed: int,
) -> None:
    fees = fee_seed % balance
    try:
        plan = hardship_plan(
            balance,
            policy.currency,
            policy,
            start,
            reduced_per_month_minor=reduced,
            holiday_days=holiday,
            months=months,
            fees_minor=fees,
        )
    except PlanError as exc:
        if exc.code == "holiday_too_long":
            assert holiday > policy.hardship.max_holiday_days
        else:
            assert exc.code == "term_too_long"
            assert months is not None and months > policy.hardship.max_reduced_months
        return
    payment = policy.hardship.token_payment_minor if reduced is None else reduced
    period = policy.hardship.max_reduced_months if months is None else months
    owed = balance - (fees if policy.fee_waiver.on_hardship else 0)
    paid = amounts(plan)
    assert sum(paid) == plan.total_minor == min(owed, payment * period)
    assert all(0 < a <= payment for a in paid)
    assert len(paid) <= period
    assert plan.remaining_minor == owed - plan.total_minor
    assert plan.freeze_interest and plan.interest_minor == 0
    assert_due_dates(plan, start + timedelta(days=holiday), "monthly")


@PROPERTY
@given(policies, frequencies, starts, balances, st.integers(1, 40), rates)
def test_plans_survive_json(
    policy: Policy, frequency: Frequency, start: date, total: int, count: int, rate: Decimal
) -> None:
    try:
        plan = installment_plan(
            total, policy.currency, frequency, start, policy, count=count, annual_rate=rate
        )
    except PlanError:
        plan = pay_in_full(total, policy.currency, start)
    assert Plan.from_dict(json.loads(json.dumps(plan.to_dict()))) == plan


@PROPERTY
@given(policies, st.integers(-(10**9), 0), starts)
def test_non_positive_amounts_are_refused(policy: Policy, amount: int, start: date) -> None:
    calls = [
        lambda: pay_in_full(amount, policy.currency, start),
        lambda: installment_plan(amount, policy.currency, "monthly", start, policy, count=1),
        lambda: settlement_offer(amount, policy.currency, 100, policy, start),
        lambda: hardship_plan(amount, policy.currency, policy, start),
        lambda: quote(amount, policy.currency, 100, policy, start),
        lambda: installment_plan(
            10**6, policy.currency, "monthly", start, policy, per_period_minor=amount
        ),
    ]
    for call in calls:
        with pytest.raises(PlanError) as err:
            call()
        assert err.value.code == "invalid_amount"


@PROPERTY
@given(policies, st.integers(-100, 0), st.text(max_size=12), starts)
def test_bad_counts_frequencies_and_currencies_are_refused(
    policy: Policy, count: int, frequency: str, start: date
) -> None:
    with pytest.raises(PlanError) as err:
        installment_plan(10**6, policy.currency, "monthly", start, policy, count=count)
    assert err.value.code == "invalid_count"
    if frequency not in PER_YEAR:
        with pytest.raises(PlanError) as err:
            installment_plan(10**6, policy.currency, frequency, start, policy, count=2)  # type: ignore[arg-type]
        assert err.value.code == "invalid_frequency"
    other = "EUR" if policy.currency != "EUR" else "USD"
    with pytest.raises(PlanError) as err:
        quote(10**6, other, 100, policy, start)
    assert err.value.code == "no_policy"
