"""Pure ledger rules: entry signs, account status, installment allocation, next due."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.ledger import allocation, entries, service, status
from bot.ledger.models import Account, PlanInstallment, Promise


@pytest.mark.parametrize(
    ("kind", "amount", "ok"),
    [
        ("principal", 1, True),
        ("principal", 0, False),
        ("interest", -1, False),
        ("fee", 250, True),
        ("payment", -1, True),
        ("payment", 1, False),
        ("waiver", -300, True),
        ("waiver", 0, False),
        ("reversal", 5, True),
        ("reversal", -5, True),
        ("reversal", 0, False),
        ("adjustment", -9, True),
        ("adjustment", 0, False),
        ("bonus", 5, False),
    ],
)
def test_entry_sign_rules(kind: str, amount: int, ok: bool) -> None:
    if ok:
        entries.check_sign(kind, amount)
    else:
        with pytest.raises(ValueError, match=kind):
            entries.check_sign(kind, amount)


@pytest.mark.parametrize(
    ("current", "balance", "plan", "expected"),
    [
        ("delinquent", 100, False, "delinquent"),
        ("current", 100, False, "current"),
        ("delinquent", 100, True, "in_plan"),
        ("in_plan", 100, False, "delinquent"),  # plan ended with money owed
        ("in_plan", 0, True, "settled"),
        ("delinquent", -5, False, "settled"),  # overpaid
        ("settled", 100, False, "delinquent"),  # a reversal brought the debt back
        ("closed", 100, True, "closed"),
    ],
)
def test_resting_status(current: str, balance: int, plan: bool, expected: str) -> None:
    assert status.resting_status(current, balance, plan) == expected


def test_a_hold_remembers_and_restores_the_right_status() -> None:
    account = Account(status="in_plan")
    status.hold(account)
    assert (account.status, account.status_before_hold) == ("disputed_hold", "in_plan")
    status.hold(account)  # a second dispute does not overwrite what we remembered
    assert account.status_before_hold == "in_plan"
    status.refresh(account, 0, has_active_plan=False)  # paid off during the hold
    assert (account.status, account.status_before_hold) == ("disputed_hold", "settled")
    status.lift_hold(account, 0, has_active_plan=False)
    assert (account.status, account.status_before_hold) == ("settled", None)


def installments(*amounts: int) -> list[PlanInstallment]:
    return [
        PlanInstallment(
            id=k, seq=k, due=date(2026, k, 1), amount_minor=a, paid_minor=0, status="due"
        )
        for k, a in enumerate(amounts, start=1)
    ]


def test_money_fills_the_earliest_installments_first() -> None:
    items = installments(100, 100, 100)
    taken = allocation._allocate(items, 150)
    assert [(a["installment_id"], a["amount_minor"]) for a in taken] == [(1, 100), (2, 50)]
    assert [(i.paid_minor, i.status) for i in items] == [(100, "paid"), (50, "due"), (0, "due")]
    taken = allocation._allocate(items, 1000)  # more than is left: the rest stays unallocated
    assert [(a["installment_id"], a["amount_minor"]) for a in taken] == [(2, 50), (3, 100)]
    assert all(i.status == "paid" for i in items)


@given(
    st.lists(st.integers(min_value=1, max_value=10_000), min_size=1, max_size=12),
    st.lists(st.integers(min_value=1, max_value=20_000), min_size=1, max_size=6),
)
def test_allocation_never_loses_or_invents_money(amounts: list[int], payments: list[int]) -> None:
    items = installments(*amounts)
    owed = sum(amounts)
    for payment in payments:
        open_before = owed - sum(i.paid_minor for i in items)
        taken = allocation._allocate(items, payment)
        assert sum(a["amount_minor"] for a in taken) == min(payment, open_before)
        assert all(0 <= i.paid_minor <= i.amount_minor for i in items)
        paid = [i.paid_minor == i.amount_minor for i in items]
        assert paid == sorted(paid, reverse=True)  # no gaps: earlier ones fill first


def test_next_due_is_the_earliest_agreed_payment() -> None:
    items = installments(100, 100)
    items[0].paid_minor, items[0].status = 100, "paid"
    items[1].paid_minor = 30
    promise = Promise(due=date(2026, 1, 15), amount_minor=500)
    assert service.next_due(items, []) == {"date": "2026-02-01", "amount_minor": 70}
    assert service.next_due(items, [promise]) == {"date": "2026-01-15", "amount_minor": 500}
    assert service.next_due([], []) is None
