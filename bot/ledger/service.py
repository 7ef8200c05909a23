"""Ledger queries and views over debtors, accounts and entries (I/O: an AsyncSession)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.ledger.models import Account, Debtor, Entry

# Which entry kinds count toward which itemization line.
_LINES = {
    "principal": "principal_minor",
    "interest": "interest_minor",
    "fee": "fees_minor",
    "payment": "payments_minor",
}


@dataclass(frozen=True)
class Itemization:
    principal_minor: int = 0
    interest_minor: int = 0
    fees_minor: int = 0
    payments_minor: int = 0  # negative: money received
    other_minor: int = 0  # reversals, adjustments, waivers

    @property
    def balance_minor(self) -> int:
        return (
            self.principal_minor
            + self.interest_minor
            + self.fees_minor
            + self.payments_minor
            + self.other_minor
        )


async def itemize(
    session: AsyncSession, account_ids: Iterable[str], since: date | None = None
) -> dict[str, Itemization]:
    """Itemization per account, summed in the database from the entries."""
    ids = list(account_ids)
    if not ids:
        return {}
    stmt = (
        select(Entry.account_id, Entry.kind, func.sum(Entry.amount_minor))
        .where(Entry.account_id.in_(ids))
        .group_by(Entry.account_id, Entry.kind)
    )
    if since is not None:
        stmt = stmt.where(Entry.effective_on >= since)
    lines: dict[str, dict[str, int]] = {account_id: {} for account_id in ids}
    for account_id, kind, total in (await session.execute(stmt)).all():
        line = _LINES.get(kind, "other_minor")
        lines[account_id][line] = lines[account_id].get(line, 0) + int(total)
    return {account_id: Itemization(**line) for account_id, line in lines.items()}


async def get_debtor(session: AsyncSession, debtor_id: str) -> Debtor | None:
    stmt = select(Debtor).where(Debtor.id == debtor_id).options(selectinload(Debtor.accounts))
    return (await session.execute(stmt)).scalar_one_or_none()


async def list_debtors(session: AsyncSession) -> list[Debtor]:
    stmt = select(Debtor).order_by(Debtor.id).options(selectinload(Debtor.accounts))
    return list((await session.execute(stmt)).scalars())


def account_view(account: Account, items: Itemization) -> dict[str, Any]:
    return {
        "id": account.id,
        "currency": account.currency,
        "balance_minor": items.balance_minor,
        "status": account.status,
        "creditor": account.creditor,
        "original_creditor": account.original_creditor,
        "product": account.product,
        "number_last4": account.number_last4,
        "opened_on": account.opened_on.isoformat(),
        "charged_off_on": account.charged_off_on.isoformat() if account.charged_off_on else None,
        "days_past_due": account.days_past_due,
        "time_barred": account.time_barred,
        "itemization": asdict(items),
    }


def debtor_view(debtor: Debtor, items: dict[str, Itemization]) -> dict[str, Any]:
    return {
        "id": debtor.id,
        "name": debtor.name,
        "locale": debtor.locale,
        "timezone": debtor.timezone,
        "flags": {
            "vulnerable": debtor.vulnerable,
            "represented_by_attorney": debtor.represented_by_attorney,
            "deceased": debtor.deceased,
            "breathing_space_until": _iso(debtor.breathing_space_until),
            "crisis_until": _iso(debtor.crisis_until),
        },
        "accounts": [account_view(a, items[a.id]) for a in debtor.accounts],
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


async def debtor_views(session: AsyncSession, debtors: list[Debtor]) -> list[dict[str, Any]]:
    items = await itemize(session, [a.id for d in debtors for a in d.accounts])
    return [debtor_view(d, items) for d in debtors]
