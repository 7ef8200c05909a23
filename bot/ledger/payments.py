"""Payment requests (the wallet's bills) and the payments the wallet reports back.

The wallet is the authority on money moved: a `settled` event posts whatever amount it
reports (also on an expired request), once per event id. A `failed` event is recorded
and changes no balance. A `reversed` event undoes the request's settled payment: a
`reversal` entry, and the installment allocations, plan completion and kept promise it
caused are rolled back; the request opens again.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.ledger import allocation, audit, entries, service, status
from bot.ledger.errors import Conflict, Invalid, NotFound
from bot.ledger.models import (
    Account,
    Debtor,
    Payment,
    PaymentRequest,
    Promise,
    utcnow,
)
from bot.ledger.views import payment_request_view, payment_view
from bot.ledger.writes import Result, lock_account

REQUEST_TTL = timedelta(hours=72)
DEEPLINK = "wallet://pay?request={id}"


async def create_request(
    session: AsyncSession,
    account: Account,
    amount_minor: int,
    purpose: str,
    plan_id: int | None = None,
) -> PaymentRequest:
    request_id = "pr-" + secrets.token_hex(8)
    now = utcnow()
    request = PaymentRequest(
        id=request_id,
        account_id=account.id,
        plan_id=plan_id,
        amount_minor=amount_minor,
        currency=account.currency,
        purpose=purpose,
        deeplink=DEEPLINK.format(id=request_id),
        status="open",
        expires_at=now + REQUEST_TTL,
        created_at=now,
    )
    session.add(request)
    await session.flush()
    return request


async def request_payment(
    session: AsyncSession, account: Account, amount_minor: int, purpose: str, actor: str
) -> Result:
    """A bill the debtor pays in the wallet. Allowed on hold too: paying is voluntary."""
    owed = await service.balance(session, account.id)
    if owed <= 0:
        raise Invalid(f"nothing is owed on account {account.id}")
    if amount_minor > owed:
        raise Invalid(f"amount_minor {amount_minor} is more than the balance owed ({owed})")
    request = await create_request(session, account, amount_minor, purpose)
    await audit.append(
        session,
        actor=actor,
        action="payment_request.created",
        subject=f"account:{account.id}",
        data={"payment_request_id": request.id, "amount_minor": amount_minor, "purpose": purpose},
    )
    return Result(201, payment_request_view(request, utcnow()))


@dataclass(frozen=True)
class WalletEvent:
    event_id: str
    payment_request_id: str
    amount_minor: int
    currency: str
    status: str  # settled | failed | reversed
    method: str


async def lock_for_event(
    session: AsyncSession, event: WalletEvent
) -> tuple[PaymentRequest, Account]:
    request = await session.get(PaymentRequest, event.payment_request_id)
    if request is None:
        raise NotFound(f"no payment request {event.payment_request_id}")
    account = await lock_account(session, request.account_id)
    await session.refresh(request)  # re-read under the lock
    if event.currency != request.currency:
        raise Invalid(
            f"currency {event.currency} does not match the request's currency {request.currency}"
        )
    return request, account


async def apply_event(
    session: AsyncSession, request: PaymentRequest, account: Account, event: WalletEvent
) -> Result:
    debtor = await session.get(Debtor, account.debtor_id)
    today = service.local_today(debtor.timezone if debtor else "UTC")
    if event.status == "settled":
        payment, name = await _settle(session, request, account, event, today), "payment_posted"
    elif event.status == "failed":
        payment, name = await _fail(session, request, account, event), "payment_failed"
    else:
        payment, name = await _reverse(session, request, account, event, today), "payment_reversed"
    owed = await service.balance(session, account.id)
    status.refresh(account, owed, await service.active_plan(session, account.id) is not None)
    await audit.append(
        session,
        actor="wallet",
        action=f"payment.{event.status}",
        subject=f"account:{account.id}",
        data={
            "event_id": event.event_id,
            "payment_id": payment.id,
            "payment_request_id": request.id,
            "amount_minor": event.amount_minor,
            "entry_id": payment.entry_id,
            "effects": payment.effects,
            "balance_minor": owed,
            "account_status": account.status,
        },
    )
    body = {
        "duplicate": False,
        "payment": payment_view(payment),
        "account": {"id": account.id, "balance_minor": owed, "status": account.status},
    }
    published = {
        "debtor_id": account.debtor_id,
        "account_id": account.id,
        "payment_id": payment.id,
        "amount_minor": payment.amount_minor,
        "currency": payment.currency,
        "balance_minor": owed,
        "status": account.status,  # the account's status after the payment
        "payment_status": payment.status,
    }
    return Result(200, body, events=[(name, published)])


def _payment(request: PaymentRequest, event: WalletEvent, status_: str) -> Payment:
    return Payment(
        idempotency_key=f"wallet-event:{event.event_id}",
        account_id=request.account_id,
        payment_request_id=request.id,
        external_event_id=event.event_id,
        amount_minor=event.amount_minor,
        currency=event.currency,
        method=event.method,
        status=status_,
        created_at=utcnow(),
    )


async def _settle(
    session: AsyncSession,
    request: PaymentRequest,
    account: Account,
    event: WalletEvent,
    today: Any,
) -> Payment:
    payment = _payment(request, event, "settled")
    payment.settled_at = payment.created_at
    entry = await entries.post(
        session, account, "payment", -event.amount_minor, today, f"Payment by {event.method}"
    )
    payment.entry_id = entry.id
    request.status = "paid"
    effects = await allocation.apply_payment(session, account, event.amount_minor, today)
    session.add(payment)
    await session.flush()
    promise = await _keep_promise(session, account, payment)
    payment.effects = {**effects, "kept_promise_id": promise}
    await session.flush()
    return payment


async def _keep_promise(session: AsyncSession, account: Account, payment: Payment) -> int | None:
    """The earliest pending promise is kept by a payment of at least its amount."""
    promises = await service.pending_promises(session, account.id)
    if not promises or payment.amount_minor < promises[0].amount_minor:
        return None
    promises[0].status = "kept"
    promises[0].kept_by_payment_id = payment.id
    return int(promises[0].id)


async def _fail(
    session: AsyncSession, request: PaymentRequest, account: Account, event: WalletEvent
) -> Payment:
    payment = _payment(request, event, "failed")
    session.add(payment)
    await session.flush()
    return payment


async def _reverse(
    session: AsyncSession,
    request: PaymentRequest,
    account: Account,
    event: WalletEvent,
    today: Any,
) -> Payment:
    stmt = (
        select(Payment)
        .where(Payment.payment_request_id == request.id, Payment.status == "settled")
        .order_by(Payment.id.desc())
        .limit(1)
    )
    payment = (await session.execute(stmt)).scalar_one_or_none()
    if payment is None:
        raise Conflict(f"payment request {request.id} has no settled payment to reverse")
    if payment.amount_minor != event.amount_minor:
        raise Invalid(
            f"amount_minor {event.amount_minor} does not match the settled payment "
            f"({payment.amount_minor})"
        )
    payment.status = "reversed"
    payment.reversed_at = utcnow()
    await entries.post(
        session, account, "reversal", payment.amount_minor, today, f"Payment {payment.id} reversed"
    )
    await allocation.undo_payment(session, account, dict(payment.effects or {}), today)
    kept = (payment.effects or {}).get("kept_promise_id")
    if kept is not None:
        promise = await session.get(Promise, kept)
        if promise is not None and promise.status == "kept":
            promise.status = "pending"
            promise.kept_by_payment_id = None
    request.status = "open"
    await session.flush()
    return payment


__all__ = [
    "DEEPLINK",
    "REQUEST_TTL",
    "WalletEvent",
    "apply_event",
    "create_request",
    "lock_for_event",
    "request_payment",
]
