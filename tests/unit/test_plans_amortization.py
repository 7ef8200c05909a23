"""Interest-bearing schedules cross-checked against numpy-financial.

numpy-financial works in exact (float) major units; we post whole minor units. Rounding:
- the level payment is numpy's pmt rounded half-up to the minor unit, so it agrees to
  within half a minor unit;
- each period's interest is rounded to the minor unit on the posted balance, and the
  last installment clears what is left. Each period therefore adds at most one minor
  unit of drift to the balance (half from the level payment, half from interest), which
  bounds row k's interest error by r*S(k-1) + 1/2 and the total interest error by
  S(n) - n/2, where S(k) = ((1+r)^k - 1)/r (about k for the rates used here). Every case
  below keeps that bound under n, the tolerance we promise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy_financial as npf
import pytest

from bot.plans import Frequency, installment_plan, load_policies
from bot.plans.amortization import level_schedule, periodic_rate

POLICIES = load_policies()
PER_YEAR = {"weekly": 52, "biweekly": 26, "monthly": 12}


@dataclass(frozen=True)
class Case:
    currency: str
    principal_major: str
    annual_rate: str
    count: int
    frequency: Frequency


CASES = [
    Case("USD", "1000.00", "0.12", 12, "monthly"),
    Case("USD", "5000.00", "0.24", 24, "monthly"),
    Case("USD", "99.99", "0.05", 3, "monthly"),
    Case("USD", "3000.00", "0.005", 104, "weekly"),
    Case("GBP", "2500.50", "0.099", 36, "monthly"),
    Case("GBP", "20000.00", "0.199", 36, "monthly"),
    Case("CNY", "12345.67", "0.18", 52, "weekly"),
    Case("CNY", "8000.00", "0.075", 26, "biweekly"),
    Case("JPY", "300000", "0.15", 12, "monthly"),
    Case("JPY", "1234567", "0.03", 36, "monthly"),
    Case("JPY", "987654", "0.2999", 26, "biweekly"),
]


def s(rate: float, k: int) -> float:
    return float(k) if rate == 0 else ((1 + rate) ** k - 1) / rate


@pytest.mark.parametrize(
    "case", CASES, ids=lambda c: f"{c.currency}-{c.annual_rate}-{c.count}{c.frequency[0]}"
)
def test_schedule_matches_numpy_financial(case: Case) -> None:
    policy = POLICIES[case.currency]
    scale = 10**policy.exponent
    principal_minor = int(Decimal(case.principal_major) * scale)
    rate = float(case.annual_rate) / PER_YEAR[case.frequency]
    n = case.count
    assert s(rate, n) - n / 2 <= n, "case outside the documented rounding bound"

    plan = installment_plan(
        principal_minor,
        case.currency,
        case.frequency,
        date(2024, 1, 31),
        policy,
        count=n,
        annual_rate=Decimal(case.annual_rate),
    )
    pmt = -npf.pmt(rate, n, float(case.principal_major)) * scale
    paid = [i.amount_minor for i in plan.installments]
    assert len(paid) == n
    assert all(abs(level - pmt) <= 0.5 + 1e-6 for level in paid[:-1])
    numpy_interest = pmt * n - principal_minor
    assert abs(plan.interest_minor - numpy_interest) <= min(n, s(rate, n) - n / 2)
    assert sum(paid) == principal_minor + plan.interest_minor

    rows = level_schedule(
        principal_minor,
        periodic_rate(Decimal(case.annual_rate), case.frequency),
        n,
    )
    assert [r.amount_minor for r in rows] == paid
    assert sum(r.principal_minor for r in rows) == principal_minor
    assert sum(r.interest_minor for r in rows) == plan.interest_minor
    periods = list(range(1, n + 1))
    ipmt = -npf.ipmt(rate, periods, n, float(case.principal_major)) * scale
    ppmt = -npf.ppmt(rate, periods, n, float(case.principal_major)) * scale
    for k, row in enumerate(rows[:-1], start=1):
        drift = rate * s(rate, k - 1)
        assert abs(row.interest_minor - ipmt[k - 1]) <= drift + 0.5 + 1e-6
        assert abs(row.principal_minor - ppmt[k - 1]) <= drift + 1 + 1e-6


@pytest.mark.parametrize("count", [1, 2, 7, 36])
def test_zero_rate_matches_numpy(count: int) -> None:
    policy = POLICIES["USD"]
    plan = installment_plan(250000, "USD", "monthly", date(2024, 1, 1), policy, count=count)
    pmt = -npf.pmt(0.0, count, 2500.00) * 100
    assert all(abs(a.amount_minor - pmt) <= 0.5 for a in plan.installments[:-1])
    assert plan.interest_minor == 0
    assert sum(a.amount_minor for a in plan.installments) == 250000
