"""Disputes: opening one puts the account on hold; closing the last one lifts it.

Decision: `resolved_for_debtor` writes off the account's whole remaining balance with one
`adjustment` entry (the dispute carries no disputed amount, and "not mine", "fraud" and
"already paid" findings all mean nothing is owed). Any active plan ends (`cancelled`) and
its open payment requests are cancelled with it. A partial correction ("wrong amount")
is an `adjustment` posted by back office, outside this API.
"""

from __future__ import annotations

import secrets
import string
from datetime import timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.ledger import audit, entries, service, status
from bot.ledger.errors import Conflict, NotFound
from bot.ledger.models import (
    OPEN_DISPUTE_STATUSES,
    Account,
    Debtor,
    Dispute,
    PaymentRequest,
    utcnow,
)
from bot.ledger.views import dispute_view
from bot.ledger.writes import Result, lock_account

RESPOND_WITHIN = timedelta(days=30)
_ALPHABET = string.ascii_uppercase + string.digits
OUTCOMES = ("verified", "resolved_for_debtor", "resolved_for_creditor")


async def _new_reference(session: AsyncSession) -> str:
    # 36^6 ≈ 2.2e9 references: a clash is rare, but checked rather than left to a 500.
    while True:
        reference = "DSP-" + "".join(secrets.choice(_ALPHABET) for _ in range(6))
        taken = await session.execute(select(Dispute.id).where(Dispute.reference == reference))
        if taken.first() is None:
            return reference


async def open_dispute(
    session: AsyncSession,
    account: Account,
    *,
    reason: str,
    details: str,
    channel: str,
    actor: str,
) -> Result:
    debtor = await session.get(Debtor, account.debtor_id)
    received = utcnow()
    received_on = service.local_today(debtor.timezone if debtor else "UTC", received)
    dispute = Dispute(
        reference=await _new_reference(session),
        account_id=account.id,
        reason=reason,
        details=details,
        channel=channel,
        status="open",
        received_at=received,
        respond_by=received_on + RESPOND_WITHIN,
    )
    session.add(dispute)
    status.hold(account)
    await session.flush()
    await audit.append(
        session,
        actor=actor,
        action="dispute.opened",
        subject=f"account:{account.id}",
        data={
            "dispute_id": dispute.id,
            "reference": dispute.reference,
            "reason": reason,
            "channel": channel,
            "status_before_hold": account.status_before_hold,
        },
    )
    return Result(201, dispute_view(dispute))


async def find(session: AsyncSession, dispute_ref: str) -> Dispute | None:
    """By numeric id or by reference (DSP-XXXXXX), as agents quote either."""
    if dispute_ref.isdigit():
        return await session.get(Dispute, int(dispute_ref))
    stmt = select(Dispute).where(Dispute.reference == dispute_ref.upper())
    return (await session.execute(stmt)).scalar_one_or_none()


async def lock_dispute(session: AsyncSession, dispute_ref: str) -> tuple[Dispute, Account]:
    dispute = await find(session, dispute_ref)
    if dispute is None:
        raise NotFound(f"no dispute {dispute_ref}")
    account = await lock_account(session, dispute.account_id)
    await session.refresh(dispute)  # re-read under the lock: another writer may have resolved it
    return dispute, account


async def account_disputes(session: AsyncSession, account_id: str) -> list[dict[str, Any]]:
    stmt = select(Dispute).where(Dispute.account_id == account_id).order_by(Dispute.id)
    return [dispute_view(d) for d in (await session.execute(stmt)).scalars()]


async def resolve(
    session: AsyncSession,
    dispute: Dispute,
    account: Account,
    *,
    outcome: str,
    note: str,
    actor: str,
) -> Result:
    if dispute.status not in OPEN_DISPUTE_STATUSES:
        raise Conflict(f"dispute {dispute.reference} is already closed ({dispute.status})")
    if outcome == dispute.status:
        raise Conflict(f"dispute {dispute.reference} is already {outcome}")
    dispute.status = outcome
    dispute.resolution_note = note
    written_off = 0
    if outcome != "verified":
        dispute.resolved_at = utcnow()
    if outcome == "resolved_for_debtor":
        written_off = await _write_off(session, dispute, account)
    await session.flush()
    balance = await service.balance(session, account.id)
    if outcome != "verified" and not await service.open_disputes(session, account.id):
        has_plan = await service.active_plan(session, account.id) is not None
        status.lift_hold(account, balance, has_plan)
    await audit.append(
        session,
        actor=actor,
        action=f"dispute.{outcome}",
        subject=f"account:{account.id}",
        data={
            "dispute_id": dispute.id,
            "reference": dispute.reference,
            "written_off_minor": written_off,
            "adjustment_entry_id": dispute.adjustment_entry_id,
            "account_status": account.status,
        },
    )
    body = dispute_view(dispute)
    body["account"] = {"id": account.id, "status": account.status, "balance_minor": balance}
    return Result(200, body)


async def _write_off(session: AsyncSession, dispute: Dispute, account: Account) -> int:
    owed = await service.balance(session, account.id)
    if owed > 0:
        debtor = await session.get(Debtor, account.debtor_id)
        entry = await entries.post(
            session,
            account,
            "adjustment",
            -owed,
            service.local_today(debtor.timezone if debtor else "UTC"),
            f"Written off: dispute {dispute.reference} resolved for the debtor",
        )
        dispute.adjustment_entry_id = entry.id
    plan = await service.active_plan(session, account.id)
    if plan is not None:
        plan.status = "cancelled"
        plan.ended_at = utcnow()
        await session.execute(
            update(PaymentRequest)
            .where(PaymentRequest.plan_id == plan.id, PaymentRequest.status == "open")
            .values(status="cancelled")
        )
    return max(owed, 0)


__all__ = [
    "OUTCOMES",
    "RESPOND_WITHIN",
    "account_disputes",
    "find",
    "lock_dispute",
    "open_dispute",
    "resolve",
]
