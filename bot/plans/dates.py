"""Due-date arithmetic for installment frequencies."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Final, Literal, get_args

from bot.plans.errors import PlanError

Frequency = Literal["weekly", "biweekly", "monthly"]
FREQUENCIES: Final[tuple[Frequency, ...]] = get_args(Frequency)

PERIODS_PER_YEAR: Final[dict[Frequency, int]] = {"weekly": 52, "biweekly": 26, "monthly": 12}
_DAYS: Final[dict[Frequency, int]] = {"weekly": 7, "biweekly": 14}


def check_frequency(frequency: object) -> Frequency:
    for known in FREQUENCIES:
        if frequency == known:
            return known
    raise PlanError(
        "invalid_frequency", f"unknown frequency {frequency!r}; use one of {', '.join(FREQUENCIES)}"
    )


def add_period(start: date, frequency: Frequency, k: int) -> date:
    """The k-th due date after `start` (k=0 is `start`).

    Monthly dates are computed from the anchor each time, not from the previous date,
    so a plan started on Jan 31 falls on Feb 28/29 and then returns to Mar 31.
    """
    check_frequency(frequency)
    if k < 0:
        raise PlanError("invalid_date", f"period index must be >= 0, got {k}")
    try:
        if frequency != "monthly":
            return start + timedelta(days=_DAYS[frequency] * k)
        months = start.year * 12 + start.month - 1 + k
        year, month = divmod(months, 12)
        last_day = calendar.monthrange(year, month + 1)[1]
        return date(year, month + 1, min(start.day, last_day))
    except (OverflowError, ValueError) as exc:
        raise PlanError(
            "invalid_date", f"{k} {frequency} periods after {start} is out of range"
        ) from exc


def add_days(start: date, days: int) -> date:
    try:
        return start + timedelta(days=days)
    except OverflowError as exc:
        raise PlanError("invalid_date", f"{days} days after {start} is out of range") from exc


def max_periods(frequency: Frequency, max_term_months: int) -> int:
    """How many installments of this frequency fit in the policy's maximum term."""
    return max_term_months * PERIODS_PER_YEAR[frequency] // 12
