"""Installment amounts in whole minor units, with or without interest.

The balance is kept in whole minor units: each period's interest is rounded half-up to
the minor unit (as a ledger posts it), the installment pays that interest first and the
rest reduces principal, and the final installment is whatever clears the balance, so the
principal is repaid exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from typing import Final

from bot.plans.dates import PERIODS_PER_YEAR, Frequency

# Enough digits for (1 + r)^-n on balances of many trillions of minor units.
_CONTEXT: Final = Context(prec=50)


@dataclass(frozen=True)
class Row:
    amount_minor: int
    interest_minor: int
    principal_minor: int


def periodic_rate(annual_rate: Decimal, frequency: Frequency) -> Decimal:
    with localcontext(_CONTEXT):
        return annual_rate / PERIODS_PER_YEAR[frequency]


def round_minor(amount: Decimal) -> int:
    return int(amount.to_integral_value(rounding=ROUND_HALF_UP))


def level_payment(principal_minor: int, rate: Decimal, count: int) -> Decimal:
    """Exact level payment P*r/(1-(1+r)^-n), or P/n without interest."""
    with localcontext(_CONTEXT):
        if rate == 0:
            return Decimal(principal_minor) / count
        return principal_minor * rate / (1 - (1 + rate) ** -count)


def level_schedule(principal_minor: int, rate: Decimal, count: int) -> tuple[Row, ...]:
    """`count` installments of the rounded level payment, the last one absorbing rounding.

    The last row may be empty or negative when the amounts are tiny compared with
    `count`; callers must refuse such plans.
    """
    level = round_minor(level_payment(principal_minor, rate, count))
    rows: list[Row] = []
    balance = principal_minor
    for _ in range(count - 1):
        row = _row(balance, rate, level)
        rows.append(row)
        balance -= row.principal_minor
    interest = _interest(balance, rate)
    return (*rows, Row(balance + interest, interest, balance))


def fixed_payment_schedule(
    principal_minor: int, rate: Decimal, payment_minor: int, max_count: int
) -> tuple[Row, ...] | None:
    """Pay `payment_minor` each period until cleared; None if that takes over `max_count`."""
    if principal_minor > payment_minor * max_count:
        return None  # too long even before interest
    rows: list[Row] = []
    balance = principal_minor
    while len(rows) < max_count:
        interest = _interest(balance, rate)
        if balance + interest <= payment_minor:
            return (*rows, Row(balance + interest, interest, balance))
        if payment_minor <= interest:
            return None  # the payment never reaches principal
        row = _row(balance, rate, payment_minor)
        rows.append(row)
        balance -= row.principal_minor
    return None


def _interest(balance_minor: int, rate: Decimal) -> int:
    if rate == 0:
        return 0
    with localcontext(_CONTEXT):
        return round_minor(balance_minor * rate)


def _row(balance_minor: int, rate: Decimal, payment_minor: int) -> Row:
    interest = _interest(balance_minor, rate)
    return Row(payment_minor, interest, payment_minor - interest)
