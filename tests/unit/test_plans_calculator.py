"""Worked examples for the plan calculator; expected values are computed by hand."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest

from bot.plans import (
    Affordability,
    Installment,
    Plan,
    PlanError,
    Policy,
    add_period,
    affordability,
    hardship_plan,
    installment_plan,
    load_policies,
    pay_in_full,
    policy_for,
    quote,
    settlement_offer,
)

POLICIES = load_policies()
USD = POLICIES["USD"]  # min 2500, 36 months, share 0.5, floor 0.5, bands 60/120/180(>=50000)
TODAY = date(2024, 1, 31)


def amounts(plan: Plan) -> list[int]:
    return [i.amount_minor for i in plan.installments]


def dues(plan: Plan) -> list[date]:
    return [i.due for i in plan.installments]


# -- due dates ---------------------------------------------------------------------------


def test_monthly_dates_clamp_to_month_end_and_return_to_the_anchor_day() -> None:
    got = [add_period(date(2024, 1, 31), "monthly", k) for k in range(5)]
    assert got == [
        date(2024, 1, 31),
        date(2024, 2, 29),
        date(2024, 3, 31),
        date(2024, 4, 30),
        date(2024, 5, 31),
    ]
    assert add_period(date(2023, 1, 31), "monthly", 1) == date(2023, 2, 28)
    assert add_period(date(2023, 11, 30), "monthly", 3) == date(2024, 2, 29)
    assert add_period(date(2024, 12, 15), "monthly", 13) == date(2026, 1, 15)


def test_weekly_and_biweekly_dates_step_by_whole_weeks() -> None:
    assert add_period(date(2024, 12, 30), "weekly", 1) == date(2025, 1, 6)
    assert add_period(date(2024, 2, 22), "biweekly", 2) == date(2024, 3, 21)


def test_add_period_rejects_bad_frequency_and_negative_index() -> None:
    with pytest.raises(PlanError) as err:
        add_period(TODAY, "daily", 1)  # type: ignore[arg-type]
    assert err.value.code == "invalid_frequency"
    with pytest.raises(PlanError) as err:
        add_period(TODAY, "monthly", -1)
    assert err.value.code == "invalid_date"


# -- pay in full -------------------------------------------------------------------------


def test_pay_in_full_is_one_payment_today() -> None:
    plan = pay_in_full(12345, "USD", TODAY)
    assert (plan.kind, plan.total_minor, plan.discount_minor, plan.interest_minor) == (
        "full",
        12345,
        0,
        0,
    )
    assert plan.installments == (Installment(TODAY, 12345),)
    assert plan.frequency is None


@pytest.mark.parametrize("bad", [0, -1, True, 10.5])
def test_pay_in_full_rejects_non_positive_or_non_integer_amounts(bad: object) -> None:
    with pytest.raises(PlanError) as err:
        pay_in_full(bad, "USD", TODAY)  # type: ignore[arg-type]
    assert err.value.code == "invalid_amount"


def test_pay_in_full_rejects_unknown_currency() -> None:
    with pytest.raises(PlanError) as err:
        pay_in_full(100, "usd", TODAY)
    assert err.value.code == "invalid_currency"


# -- installment plans -------------------------------------------------------------------


def test_by_count_without_interest_rounds_level_and_last_absorbs() -> None:
    plan = installment_plan(100000, "USD", "monthly", TODAY, USD, count=3)
    # 100000 / 3 = 33333.33 -> 33333 twice, the last takes 100000 - 66666.
    assert amounts(plan) == [33333, 33333, 33334]
    assert dues(plan) == [date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31)]
    assert (plan.total_minor, plan.interest_minor, plan.discount_minor) == (100000, 0, 0)
    assert plan.freeze_interest is True


def test_by_count_half_minor_unit_rounds_up() -> None:
    plan = installment_plan(10001, "USD", "weekly", TODAY, USD, count=2)
    assert amounts(plan) == [5001, 5000]  # 5000.5 -> 5001


def test_by_amount_pays_the_amount_until_the_remainder() -> None:
    plan = installment_plan(
        100000, "USD", "biweekly", date(2024, 3, 1), USD, per_period_minor=30000
    )
    assert amounts(plan) == [30000, 30000, 30000, 10000]
    assert dues(plan) == [date(2024, 3, 1), date(2024, 3, 15), date(2024, 3, 29), date(2024, 4, 12)]


def test_textbook_loan_at_twelve_percent() -> None:
    # $1,000 at 12% a year over 12 months: payment $88.85, total interest $66.19.
    plan = installment_plan(
        100000, "USD", "monthly", TODAY, USD, count=12, annual_rate=Decimal("0.12")
    )
    assert amounts(plan)[:11] == [8885] * 11
    assert plan.interest_minor == 6619
    assert plan.total_minor == 106619
    assert plan.freeze_interest is False


def test_by_amount_with_interest_pays_interest_first() -> None:
    # 10000 at 1% a month, paying 5000: 10000+100 -> 5100 left (+51) -> 151 left (+2) -> 153.
    plan = installment_plan(
        10000, "USD", "monthly", TODAY, USD, per_period_minor=5000, annual_rate=Decimal("0.12")
    )
    assert amounts(plan) == [5000, 5000, 153]
    assert plan.interest_minor == 153


def test_fee_waiver_on_installments_reduces_what_is_spread() -> None:
    plan = installment_plan(100000, "USD", "monthly", TODAY, USD, count=2, fees_minor=4000)
    assert amounts(plan) == [48000, 48000]
    assert (plan.balance_minor, plan.discount_minor, plan.remaining_minor) == (100000, 4000, 0)


@pytest.mark.parametrize(
    ("total", "kwargs", "code"),
    [
        (0, {"count": 2}, "invalid_amount"),
        (-5, {"count": 2}, "invalid_amount"),
        (100000, {"count": 0}, "invalid_count"),
        (100000, {"count": 2, "per_period_minor": 5000}, "invalid_count"),
        (100000, {}, "invalid_count"),
        (100000, {"count": 37}, "term_too_long"),  # USD allows 36 monthly installments
        (50000, {"count": 24}, "below_minimum"),  # 2083 < 2500
        (100000, {"per_period_minor": 2499}, "below_minimum"),
        (100000, {"per_period_minor": 0}, "invalid_amount"),
        (100000, {"per_period_minor": 2500}, "term_too_long"),  # 40 months
        (100000, {"count": 3, "annual_rate": Decimal("-0.01")}, "invalid_rate"),
        (100000, {"count": 3, "annual_rate": Decimal("1.01")}, "invalid_rate"),
        (100000, {"count": 3, "annual_rate": 0.1}, "invalid_rate"),
        (100000, {"count": 3, "fees_minor": 100000}, "invalid_amount"),
        (100000, {"count": 3, "fees_minor": -1}, "invalid_amount"),
    ],
)
def test_installment_plan_errors(total: int, kwargs: dict[str, object], code: str) -> None:
    with pytest.raises(PlanError) as err:
        installment_plan(total, "USD", "monthly", TODAY, USD, **kwargs)  # type: ignore[arg-type]
    assert err.value.code == code


def test_boundaries_are_allowed() -> None:
    assert len(installment_plan(100000, "USD", "monthly", TODAY, USD, count=36).installments) == 36
    by_amount = installment_plan(90000, "USD", "monthly", TODAY, USD, per_period_minor=2500)
    assert len(by_amount.installments) == 36
    # 156 weekly installments fit in 36 months (36 * 52 / 12).
    weekly = installment_plan(390000, "USD", "weekly", TODAY, USD, per_period_minor=2500)
    assert len(weekly.installments) == 156
    with pytest.raises(PlanError) as err:
        installment_plan(390001, "USD", "weekly", TODAY, USD, per_period_minor=2500)
    assert err.value.code == "term_too_long"


def test_a_single_small_installment_may_be_below_the_minimum() -> None:
    plan = installment_plan(1000, "USD", "monthly", TODAY, USD, per_period_minor=1500)
    assert amounts(plan) == [1000]


def test_installment_plan_rejects_wrong_currency_and_frequency() -> None:
    with pytest.raises(PlanError) as err:
        installment_plan(100000, "GBP", "monthly", TODAY, USD, count=2)
    assert err.value.code == "no_policy"
    with pytest.raises(PlanError) as err:
        installment_plan(100000, "USD", "fortnightly", TODAY, USD, count=2)  # type: ignore[arg-type]
    assert err.value.code == "invalid_frequency"


# -- settlement --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("balance", "days", "expected"),
    [
        (100000, 200, 65000),  # >=180 days and >=50000: 35% off
        (40000, 200, 32000),  # balance too small for the 35% band: 20% off
        (100000, 130, 80000),  # 20% off
        (100000, 60, 90000),  # 10% off
        (10001, 61, 9001),  # 9000.9 rounds up to the lender's side
    ],
)
def test_settlement_uses_the_most_specific_band(balance: int, days: int, expected: int) -> None:
    plan = settlement_offer(balance, "USD", days, USD, TODAY)
    assert plan is not None
    assert (plan.kind, plan.total_minor, plan.discount_minor) == (
        "settlement",
        expected,
        balance - expected,
    )
    assert plan.installments == (Installment(TODAY, expected),)


def test_no_settlement_when_no_band_applies_or_discount_rounds_away() -> None:
    assert settlement_offer(100000, "USD", 59, USD, TODAY) is None
    assert settlement_offer(5, "USD", 61, USD, TODAY) is None  # 10% of 5 is < 1 after ceiling


def test_settlement_rejects_negative_days() -> None:
    with pytest.raises(PlanError) as err:
        settlement_offer(100000, "USD", -1, USD, TODAY)
    assert err.value.code == "invalid_days"


# -- hardship ----------------------------------------------------------------------------


def test_hardship_defaults_to_token_payments_for_the_maximum_period() -> None:
    plan = hardship_plan(100000, "USD", USD, TODAY)
    assert amounts(plan) == [500] * 6
    assert dues(plan)[:3] == [date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31)]
    assert (plan.kind, plan.freeze_interest, plan.interest_minor) == ("hardship", True, 0)
    assert plan.remaining_minor == 100000 - 3000


def test_hardship_with_holiday_and_reduced_payments() -> None:
    plan = hardship_plan(
        100000,
        "USD",
        USD,
        date(2024, 1, 1),
        reduced_per_month_minor=30000,
        holiday_days=30,
        fees_minor=5000,
    )
    # Fees are waived on hardship: 95000 owed, 30000 a month, from Jan 31.
    assert amounts(plan) == [30000, 30000, 30000, 5000]
    assert dues(plan)[0] == date(2024, 1, 31)
    assert dues(plan)[1] == date(2024, 2, 29)
    assert (plan.discount_minor, plan.remaining_minor) == (5000, 0)


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"holiday_days": 61}, "holiday_too_long"),
        ({"holiday_days": -1}, "invalid_date"),
        ({"months": 7}, "term_too_long"),
        ({"months": 0}, "invalid_amount"),
        ({"reduced_per_month_minor": 0}, "invalid_amount"),
    ],
)
def test_hardship_errors(kwargs: dict[str, int], code: str) -> None:
    with pytest.raises(PlanError) as err:
        hardship_plan(100000, "USD", USD, TODAY, **kwargs)
    assert err.value.code == code


# -- affordability -----------------------------------------------------------------------


def test_affordability_takes_a_share_of_disposable_income_rounded_down() -> None:
    result = affordability(300001, 250000, USD)
    assert result == Affordability(
        disposable_monthly_minor=50001, max_installment_monthly_minor=25000
    )
    assert result.max_installment("monthly") == 25000
    assert result.max_installment("biweekly") == 11538  # 25000 * 12 / 26 = 11538.46
    assert result.max_installment("weekly") == 5769  # 25000 * 12 / 52 = 5769.23


def test_affordability_never_negative() -> None:
    assert affordability(1000, 5000, USD) == Affordability(0, 0)
    with pytest.raises(PlanError) as err:
        affordability(-1, 0, USD)
    assert err.value.code == "invalid_amount"


# -- quotes ------------------------------------------------------------------------------


def test_quote_at_the_affordable_amount_and_a_longer_alternative() -> None:
    # Disposable 50000 -> 25000 a month. Full (100000) and the 65000 settlement don't fit.
    result = quote(100000, "USD", 200, USD, TODAY, affordability=affordability(300000, 250000, USD))
    assert (result.affordable, result.reason) == (True, None)
    assert [(p.kind, amounts(p)) for p in result.options] == [
        ("installments", [25000] * 4),
        ("installments", [12500] * 8),
    ]


def test_when_half_the_payment_is_under_the_minimum_the_minimum_is_the_longer_option() -> None:
    # 920.40 at 30.00 a week: 31 weeks. Half (15.00) is under USD's 25.00 minimum, so the
    # gentler option pays 25.00 a week: 36 payments of 25.00 (900.00), then 20.40.
    result = quote(
        92040, "USD", 33, USD, TODAY, affordable_per_period_minor=3000, frequency="weekly"
    )
    assert [(p.kind, amounts(p)) for p in result.options] == [
        ("installments", [3000] * 30 + [2040]),
        ("installments", [2500] * 36 + [2040]),
    ]


def test_quote_lists_settlement_first_when_no_cap_is_known() -> None:
    result = quote(100000, "USD", 200, USD, TODAY)
    assert [(p.kind, p.total_minor, len(p.installments)) for p in result.options] == [
        ("settlement", 65000, 1),
        ("full", 100000, 1),
        ("installments", 100000, 3),
    ]


def test_quote_without_settlement_offers_default_terms() -> None:
    result = quote(100000, "USD", 10, USD, TODAY, frequency="biweekly")
    assert [(p.kind, len(p.installments)) for p in result.options] == [
        ("full", 1),
        ("installments", 6),  # 3 months of fortnights
        ("installments", 26),  # 12 months
    ]


def test_quote_when_full_payment_fits() -> None:
    result = quote(20000, "USD", 10, USD, TODAY, affordable_per_period_minor=25000)
    assert [(p.kind, amounts(p)) for p in result.options] == [
        ("full", [20000]),
        ("installments", [10000, 10000]),
    ]


def test_quote_counts_waived_fees_when_judging_affordability() -> None:
    # 10000 owed of which 2000 fees, waived on a plan: 8000 to pay, 9000 a month affordable.
    result = quote(10000, "USD", 10, USD, TODAY, affordable_per_period_minor=9000, fees_minor=2000)
    assert result.affordable is True
    assert [(p.kind, amounts(p), p.discount_minor) for p in result.options] == [
        ("installments", [4000, 4000], 2000)
    ]


def test_quote_uses_the_smaller_cap() -> None:
    limits = affordability(300000, 250000, USD)  # 25000 a month
    result = quote(
        100000, "USD", 10, USD, TODAY, affordable_per_period_minor=20000, affordability=limits
    )
    assert amounts(result.options[0]) == [20000] * 5


def test_quote_offers_hardship_when_nothing_is_affordable() -> None:
    result = quote(100000, "USD", 200, USD, TODAY, affordable_per_period_minor=1000)
    assert (result.affordable, result.reason) == (False, "nothing_affordable")
    (plan,) = result.options
    assert plan.kind == "hardship"
    assert amounts(plan) == [1000] * 6  # what they can afford beats the 500 token
    assert plan.installments[0].due == TODAY  # they can pay something: no pause


@pytest.mark.parametrize(
    "ask",
    [{"affordability": affordability(1000, 5000, USD)}, {"affordable_per_period_minor": 0}],
)
def test_quote_offers_hardship_when_nothing_can_be_paid(ask: dict[str, object]) -> None:
    result = quote(100000, "USD", 10, USD, TODAY, **ask)  # type: ignore[arg-type]
    assert (result.affordable, result.reason) == (False, "nothing_affordable")
    assert amounts(result.options[0]) == [500] * 6  # the policy's token payment
    # Nothing payable now: the first payment waits the policy's whole payment holiday.
    first_due = result.options[0].installments[0].due
    assert first_due == TODAY + timedelta(days=USD.hardship.max_holiday_days)


def test_quote_offers_hardship_when_the_term_would_be_too_long() -> None:
    result = quote(10_000_000, "USD", 10, USD, TODAY, affordable_per_period_minor=5000)
    assert result.affordable is False
    assert amounts(result.options[0]) == [5000] * 6


def test_quote_rejects_invalid_input() -> None:
    with pytest.raises(PlanError) as err:
        quote(0, "USD", 10, USD, TODAY)
    assert err.value.code == "invalid_amount"
    with pytest.raises(PlanError) as err:
        quote(100, "CNY", 10, USD, TODAY)
    assert err.value.code == "no_policy"
    with pytest.raises(PlanError) as err:
        quote(100, "USD", 10, USD, TODAY, frequency="daily")  # type: ignore[arg-type]
    assert err.value.code == "invalid_frequency"
    with pytest.raises(PlanError) as err:
        quote(100, "USD", 10, USD, TODAY, affordable_per_period_minor=-1)
    assert err.value.code == "invalid_amount"


def test_policy_for_unknown_currency() -> None:
    assert policy_for(POLICIES, "GBP").currency == "GBP"
    with pytest.raises(PlanError) as err:
        policy_for(POLICIES, "EUR")
    assert err.value.code == "no_policy"


# -- serialisation and plan invariants ---------------------------------------------------


def test_plan_round_trips_through_json() -> None:
    plan = installment_plan(
        100000, "USD", "monthly", TODAY, USD, count=4, annual_rate=Decimal("0.1"), fees_minor=10
    )
    data = json.loads(json.dumps(plan.to_dict()))
    assert data["installments"][1] == {
        "due": "2024-02-29",
        "amount_minor": plan.installments[1].amount_minor,
    }
    assert Plan.from_dict(data) == plan


@pytest.mark.parametrize(
    "change",
    [
        {"total_minor": 1},
        {"kind": "loan"},
        {"frequency": "daily"},
        {"freeze_interest": "yes"},
        {"interest_minor": -1},
        {"installments": [{"due": "2024-13-01", "amount_minor": 100000}]},
        {"installments": [{"due": "2024-01-31", "amount_minor": 100000.0}]},
        {"extra": 1},
    ],
)
def test_from_dict_rejects_malformed_plans(change: dict[str, object]) -> None:
    data = {**pay_in_full(100000, "USD", TODAY).to_dict(), **change}
    with pytest.raises(PlanError) as err:
        Plan.from_dict(data)
    assert err.value.code == "invalid_plan"


def test_plans_refuse_inconsistent_values() -> None:
    with pytest.raises(PlanError):
        Plan("full", "USD", 100, 100, 0, 0, None, (Installment(TODAY, 99),), False)
    with pytest.raises(PlanError):
        Plan(
            "installments",
            "USD",
            100,
            100,
            0,
            0,
            "monthly",
            (Installment(TODAY, 50), Installment(TODAY, 50)),
            True,
        )


def test_policies_are_values() -> None:
    assert isinstance(USD, Policy)
    assert load_policies() == POLICIES
