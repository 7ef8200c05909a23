"""Quotes per second for typical inputs (not a test).

Run: .venv/bin/python bench/plan_quotes.py [seconds]
"""

from __future__ import annotations

import random
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.plans import Affordability, Frequency, Policy, affordability, load_policies, quote

FREQUENCIES: tuple[Frequency, ...] = ("monthly", "monthly", "biweekly", "weekly")


@dataclass(frozen=True)
class Case:
    balance_minor: int
    policy: Policy
    days_past_due: int
    today: date
    frequency: Frequency
    per_period_minor: int | None
    limits: Affordability | None


def cases(count: int, seed: int = 20240131) -> list[Case]:
    """A mix of currencies, balances and affordability answers, some with none."""
    rng = random.Random(seed)
    policies = list(load_policies().values())
    made = []
    for _ in range(count):
        policy = rng.choice(policies)
        unit = 10**policy.exponent
        balance = rng.randint(20, 20000) * unit * (100 if policy.currency == "JPY" else 1)
        income = balance * rng.choice([0, 1, 2, 5]) // 10
        limits = (
            affordability(income, income * rng.randint(5, 10) // 10, policy) if income else None
        )
        per_period = rng.choice([None, None, balance // rng.randint(2, 40) + 1])
        made.append(
            Case(
                balance,
                policy,
                rng.choice([15, 45, 75, 130, 200, 400]),
                date(2024, 1, 1) + timedelta(days=rng.randint(0, 365)),
                rng.choice(FREQUENCIES),
                per_period,
                limits,
            )
        )
    return made


def run(case: Case) -> None:
    quote(
        case.balance_minor,
        case.policy.currency,
        case.days_past_due,
        case.policy,
        case.today,
        affordable_per_period_minor=case.per_period_minor,
        frequency=case.frequency,
        affordability=case.limits,
    )


def main(seconds: float) -> None:
    inputs = cases(2000)
    done = 0
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        for case in inputs[done % len(inputs) :][:100]:
            run(case)
            done += 1
    elapsed = time.perf_counter() - started
    print(f"{done} quotes in {elapsed:.2f} s: {done / elapsed:,.0f} quotes/s (1 core)")


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 5.0)
