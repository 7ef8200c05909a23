"""Ledger queries and views over debtors, accounts and entries (I/O: an AsyncSession)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.ledger.models import (
    CHANNELS,
    OPEN_DISPUTE_STATUSES,
    Account,
    ContactPreference,
    Debtor,
    Dispute,
    Entry,
    PaymentPlan,
    PlanInstallment,
    Promise,
)
from bot.ledger.views import dispute_view, iso, plan_view, promise_view

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


CHARGE_KINDS = ("interest", "fee", "waiver")  # a waiver takes a charge back off


async def charges(session: AsyncSession, account_id: str, since: date | None = None) -> list[Entry]:
    """The interest and fees added to an account and any waived, oldest first: what "why do I
    owe this?" names one by one, each an entry the itemization's totals are summed from."""
    stmt = (
        select(Entry)
        .where(Entry.account_id == account_id, Entry.kind.in_(CHARGE_KINDS))
        .order_by(Entry.effective_on, Entry.id)
    )
    if since is not None:
        stmt = stmt.where(Entry.effective_on >= since)
    return list((await session.execute(stmt)).scalars())


def charge_view(entry: Entry) -> dict[str, Any]:
    return {
        "kind": entry.kind,
        "amount_minor": entry.amount_minor,
        "effective_on": entry.effective_on.isoformat(),
        "description": entry.description,
    }


async def balance(session: AsyncSession, account_id: str) -> int:
    stmt = select(func.coalesce(func.sum(Entry.amount_minor), 0)).where(
        Entry.account_id == account_id
    )
    return int((await session.execute(stmt)).scalar_one())


async def sum_of_kind(session: AsyncSession, account_id: str, kind: str) -> int:
    stmt = select(func.coalesce(func.sum(Entry.amount_minor), 0)).where(
        Entry.account_id == account_id, Entry.kind == kind
    )
    return int((await session.execute(stmt)).scalar_one())


def local_today(timezone_name: str, now: datetime | None = None) -> date:
    """The debtor's calendar date: due dates and promise windows are theirs, not UTC's."""
    try:
        zone: Any = ZoneInfo(timezone_name)
    except (ZoneInfoNotFoundError, ValueError):
        zone = timezone.utc
    return (now or datetime.now(timezone.utc)).astimezone(zone).date()


async def get_account(session: AsyncSession, account_id: str) -> Account | None:
    stmt = select(Account).where(Account.id == account_id).options(selectinload(Account.debtor))
    return (await session.execute(stmt)).scalar_one_or_none()


async def open_disputes(session: AsyncSession, account_id: str) -> list[Dispute]:
    stmt = (
        select(Dispute)
        .where(Dispute.account_id == account_id, Dispute.status.in_(OPEN_DISPUTE_STATUSES))
        .order_by(Dispute.id)
    )
    return list((await session.execute(stmt)).scalars())


async def active_plan(session: AsyncSession, account_id: str) -> PaymentPlan | None:
    stmt = (
        select(PaymentPlan)
        .where(PaymentPlan.account_id == account_id, PaymentPlan.status == "active")
        .order_by(PaymentPlan.id)
        .limit(1)
    )
    return (await session.execute(stmt)).scalar_one_or_none()


async def installments(session: AsyncSession, plan_id: int) -> list[PlanInstallment]:
    stmt = select(PlanInstallment).where(PlanInstallment.plan_id == plan_id)
    return list((await session.execute(stmt.order_by(PlanInstallment.seq))).scalars())


async def pending_promises(session: AsyncSession, account_id: str) -> list[Promise]:
    stmt = (
        select(Promise)
        .where(Promise.account_id == account_id, Promise.status == "pending")
        .order_by(Promise.due, Promise.id)
    )
    return list((await session.execute(stmt)).scalars())


def next_due(
    plan_installments: list[PlanInstallment], promises: list[Promise]
) -> dict[str, Any] | None:
    """The earliest thing the debtor has agreed to pay: an installment or a promise."""
    candidates = [
        (i.due, 0, i.amount_minor - i.paid_minor)
        for i in plan_installments
        if i.paid_minor < i.amount_minor
    ][:1]
    candidates += [(p.due, 1, p.amount_minor) for p in promises][:1]
    if not candidates:
        return None
    due, _, amount = min(candidates)
    return {"date": due.isoformat(), "amount_minor": amount}


async def account_detail(
    session: AsyncSession, account: Account, since: date | None = None
) -> dict[str, Any]:
    """The account with its itemization (optionally since a date), and what is agreed."""
    total = (await itemize(session, [account.id]))[account.id]
    view = account_view(account, total)
    if since is not None:
        view["itemization"] = asdict((await itemize(session, [account.id], since))[account.id])
    plan = await active_plan(session, account.id)
    plan_items = [] if plan is None else await installments(session, plan.id)
    promises = await pending_promises(session, account.id)
    view.update(
        {
            "debtor_id": account.debtor_id,
            "since": None if since is None else since.isoformat(),
            "next_due": next_due(plan_items, promises),
            "charges": [charge_view(e) for e in await charges(session, account.id, since)],
            "disputes": [dispute_view(d) for d in await open_disputes(session, account.id)],
            "active_plan": None if plan is None else plan_view(plan, plan_items),
            "promises": [promise_view(p) for p in promises],
        }
    )
    return view


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


def preferences_view(rows: Iterable[ContactPreference]) -> dict[str, dict[str, Any]]:
    """Every channel, opted in unless a row says otherwise."""
    view: dict[str, dict[str, Any]] = {
        channel: {"opted_out": False, "updated_at": None} for channel in CHANNELS
    }
    for row in rows:
        view[row.channel] = {"opted_out": row.opted_out, "updated_at": iso(row.updated_at)}
    return view


async def contact_preferences(
    session: AsyncSession, debtor_ids: list[str]
) -> dict[str, list[ContactPreference]]:
    stmt = select(ContactPreference).where(ContactPreference.debtor_id.in_(debtor_ids))
    found: dict[str, list[ContactPreference]] = {debtor_id: [] for debtor_id in debtor_ids}
    for row in (await session.execute(stmt)).scalars():
        found[row.debtor_id].append(row)
    return found


def flags_view(debtor: Debtor) -> dict[str, Any]:
    return {
        "vulnerable": debtor.vulnerable,
        "represented_by_attorney": debtor.represented_by_attorney,
        "deceased": debtor.deceased,
        "breathing_space_until": iso(debtor.breathing_space_until),
        "crisis_until": iso(debtor.crisis_until),
    }


def debtor_view(
    debtor: Debtor,
    items: dict[str, Itemization],
    preferences: Iterable[ContactPreference] = (),
) -> dict[str, Any]:
    return {
        "id": debtor.id,
        "name": debtor.name,
        "locale": debtor.locale,
        "timezone": debtor.timezone,
        "flags": flags_view(debtor),
        "contact_preferences": preferences_view(preferences),
        "accounts": [account_view(a, items[a.id]) for a in debtor.accounts],
    }


async def debtor_views(session: AsyncSession, debtors: list[Debtor]) -> list[dict[str, Any]]:
    items = await itemize(session, [a.id for d in debtors for a in d.accounts])
    preferences = await contact_preferences(session, [d.id for d in debtors])
    return [debtor_view(d, items, preferences[d.id]) for d in debtors]
