"""Overdue checks: missed installments, broken plans and promises. The gateway runs them
every SETTLE_SWEEP_SECONDS (default hourly; `sweep_periodically`).

Dates are the debtor's: an installment is `missed` once its due date has passed in their
calendar without being paid in full; a plan `breaks` at its second missed installment
(one slip is tolerated, two mean the plan no longer works); a pending promise whose date
has passed is `broken`. Each account is swept in its own short write transaction, with
an audit row when something changed. A later payment still pays a missed installment.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import date, datetime, timezone

from sqlalchemy import select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import sessionmaker

from bot.db import transaction
from bot.ledger import audit, service, status
from bot.ledger.models import (
    Account,
    Debtor,
    PaymentPlan,
    PaymentRequest,
    Promise,
    utcnow,
)
from bot.ledger.writes import lock_account

MISSES_TO_BREAK = 2
FIRST_SWEEP_DELAY_S = 60.0  # let the stack settle; then catch up on what a downtime missed
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Swept:
    missed_installments: int = 0
    broken_plans: int = 0
    broken_promises: int = 0


async def sweep(sessions: sessionmaker, now: datetime | None = None) -> Swept:
    moment = now or datetime.now(timezone.utc)
    total = Swept()
    for account_id in await _candidates(sessions):
        async with transaction(sessions) as session:
            account = await lock_account(session, account_id)
            found = await _sweep_account(session, account, moment)
        total = Swept(
            total.missed_installments + found.missed_installments,
            total.broken_plans + found.broken_plans,
            total.broken_promises + found.broken_promises,
        )
    return total


async def sweep_periodically(
    sessions: sessionmaker, every_s: float, first_after_s: float = FIRST_SWEEP_DELAY_S
) -> None:
    """The gateway runs this until it stops. A failed sweep is logged and tried again
    next time: the ledger answering debtors matters more than the sweep."""
    await asyncio.sleep(first_after_s)
    while True:
        try:
            swept = await sweep(sessions)
        except (SQLAlchemyError, OSError):
            log.exception("ledger sweep failed; next try in %.0f s", every_s)
        else:
            if swept != Swept():
                log.info("ledger sweep: %s", swept)
        await asyncio.sleep(every_s)


async def _candidates(sessions: sessionmaker) -> list[str]:
    async with sessions() as session:
        with_plans = select(PaymentPlan.account_id).where(PaymentPlan.status == "active")
        with_promises = select(Promise.account_id).where(Promise.status == "pending")
        rows = await session.execute(with_plans.union(with_promises))
        return sorted(str(r[0]) for r in rows)


async def _sweep_account(session: AsyncSession, account: Account, moment: datetime) -> Swept:
    debtor = await session.get(Debtor, account.debtor_id)
    today = service.local_today(debtor.timezone if debtor else "UTC", moment)
    missed, broken_plan = await _check_plan(session, account, today)
    promises = [p for p in await service.pending_promises(session, account.id) if p.due < today]
    for promise in promises:
        promise.status = "broken"
    found = Swept(missed, int(broken_plan), len(promises))
    if found == Swept():
        return found
    await session.flush()
    has_plan = await service.active_plan(session, account.id) is not None
    status.refresh(account, await service.balance(session, account.id), has_plan)
    await audit.append(
        session,
        actor="sweep",
        action="account.overdue",
        subject=f"account:{account.id}",
        data={
            "today": today.isoformat(),
            "missed_installments": missed,
            "plan_broken": broken_plan,
            "promises_broken": [p.id for p in promises],
            "account_status": account.status,
        },
    )
    return found


async def _check_plan(session: AsyncSession, account: Account, today: date) -> tuple[int, bool]:
    plan = await service.active_plan(session, account.id)
    if plan is None:
        return 0, False
    items = await service.installments(session, plan.id)
    newly = [
        i for i in items if i.status == "due" and i.due < today and i.paid_minor < i.amount_minor
    ]
    for item in newly:
        item.status = "missed"
    if sum(i.status == "missed" for i in items) < MISSES_TO_BREAK:
        return len(newly), False
    plan.status = "broken"
    plan.ended_at = utcnow()
    await session.execute(
        update(PaymentRequest)
        .where(PaymentRequest.plan_id == plan.id, PaymentRequest.status == "open")
        .values(status="cancelled")
    )
    return len(newly), True


__all__ = ["MISSES_TO_BREAK", "Swept", "sweep", "sweep_periodically"]
