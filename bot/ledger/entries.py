"""Posting ledger entries: the only way balances change (sign rules checked twice)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from bot.ledger.models import Account, Entry

_POSITIVE = frozenset({"principal", "interest", "fee"})
_NEGATIVE = frozenset({"payment", "waiver"})
_NONZERO = frozenset({"reversal", "adjustment"})


def check_sign(kind: str, amount_minor: int) -> None:
    """Same rule as the ck_ledger_entries_sign constraint, with a readable message."""
    ok = (
        (kind in _POSITIVE and amount_minor > 0)
        or (kind in _NEGATIVE and amount_minor < 0)
        or (kind in _NONZERO and amount_minor != 0)
    )
    if not ok:
        raise ValueError(f"a {kind} entry cannot be {amount_minor}")


async def post(
    session: AsyncSession,
    account: Account,
    kind: str,
    amount_minor: int,
    effective_on: date,
    description: str,
) -> Entry:
    check_sign(kind, amount_minor)
    entry = Entry(
        account_id=account.id,
        kind=kind,
        amount_minor=amount_minor,
        currency=account.currency,
        effective_on=effective_on,
        description=description,
    )
    session.add(entry)
    await session.flush()  # assigns the id that payments and disputes point to
    return entry


__all__ = ["check_sign", "post"]
