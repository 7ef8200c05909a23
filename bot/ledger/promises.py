"""Promises to pay: a date (today to +30 days in the debtor's calendar) and an amount.

One pending promise per account: a second one is refused (409) rather than silently
replacing the first, so reminders never go out for two dates. A debtor who can no longer keep
it changes it by naming it in `replaces`: it becomes `replaced` in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.ledger import audit, service, status
from bot.ledger.errors import Conflict, Invalid
from bot.ledger.models import Account, Debtor, Promise, utcnow
from bot.ledger.views import promise_view
from bot.ledger.writes import Result

MAX_DAYS_AHEAD = 30


@dataclass(frozen=True)
class PromiseTerms:
    due: date
    amount_minor: int
    reminder_consent: bool
    channel: str


async def make_promise(
    session: AsyncSession,
    account: Account,
    terms: PromiseTerms,
    actor: str,
    replaces: int | None = None,
) -> Result:
    debtor = await session.get(Debtor, account.debtor_id)
    today = service.local_today(debtor.timezone if debtor else "UTC")
    if not today <= terms.due <= today + timedelta(days=MAX_DAYS_AHEAD):
        raise Invalid(
            f"date must be between {today} and {today + timedelta(days=MAX_DAYS_AHEAD)} "
            f"(the debtor's today to {MAX_DAYS_AHEAD} days ahead), got {terms.due}"
        )
    if account.status == status.HOLD:
        raise Conflict(f"account {account.id} is on hold while a dispute is open")
    owed = await service.balance(session, account.id)
    if owed <= 0:
        raise Invalid(f"nothing is owed on account {account.id}")
    if terms.amount_minor > owed:
        raise Invalid(f"amount_minor {terms.amount_minor} is more than the balance owed ({owed})")
    pending = await service.pending_promises(session, account.id)
    current = pending[0] if pending else None
    if replaces != (None if current is None else current.id):
        raise Conflict(
            f"account {account.id} already has a pending promise ({current.id}, for "
            f"{current.due.isoformat()}): name it in replaces"
            if current is not None and replaces is None
            else f"promise {replaces} is not the pending promise of account {account.id}"
        )
    if current is not None:
        current.status = "replaced"
        await audit.append(
            session,
            actor=actor,
            action="promise.replaced",
            subject=f"account:{account.id}",
            data={"promise_id": current.id, "date": current.due.isoformat()},
        )
    promise = Promise(
        account_id=account.id,
        due=terms.due,
        amount_minor=terms.amount_minor,
        currency=account.currency,
        reminder_consent=terms.reminder_consent,
        channel=terms.channel,
        status="pending",
        created_at=utcnow(),
    )
    session.add(promise)
    await session.flush()
    await audit.append(
        session,
        actor=actor,
        action="promise.made",
        subject=f"account:{account.id}",
        data={
            "promise_id": promise.id,
            "date": terms.due.isoformat(),
            "amount_minor": terms.amount_minor,
            "reminder_consent": terms.reminder_consent,
            "channel": terms.channel,
            "replaces": replaces,
        },
    )
    return Result(201, promise_view(promise))


async def account_promises(session: AsyncSession, account_id: str) -> list[dict[str, Any]]:
    stmt = select(Promise).where(Promise.account_id == account_id).order_by(Promise.id)
    return [promise_view(p) for p in (await session.execute(stmt)).scalars()]


__all__ = ["MAX_DAYS_AHEAD", "PromiseTerms", "account_promises", "make_promise"]
