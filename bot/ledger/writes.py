"""Write transactions: serialized per account, idempotent per key, audited.

Concurrency: two writers on one account (two payments, two plan acceptances) must not
both read the old state and both write. On PostgreSQL each write locks the account (or
debtor) row with SELECT … FOR UPDATE first. SQLite has no row locks, so every write
transaction starts with BEGIN IMMEDIATE: it takes SQLite's single write lock up front
(waiting up to the busy_timeout set in bot.db) instead of upgrading a read lock later,
which could fail with SQLITE_BUSY mid-transaction. We chose that over an asyncio.Lock
because it also holds across processes (a CLI or a second gateway on the same file).
SQLAlchemy's FOR UPDATE renders as nothing on SQLite, so one code path serves both.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import sessionmaker

from bot.db import transaction
from bot.ledger.audit import canonical
from bot.ledger.errors import Conflict, NotFound
from bot.ledger.models import Account, Debtor, IdempotencyRecord

T = TypeVar("T")

# Scopes of idempotency keys: the API's clients and the wallet's webhook event ids.
API = "api"
WALLET_EVENT = "wallet-event"


async def lock_account(session: AsyncSession, account_id: str) -> Account:
    stmt = select(Account).where(Account.id == account_id).with_for_update()
    account = (await session.execute(stmt)).scalar_one_or_none()
    if account is None:
        raise NotFound(f"no account {account_id}")
    return account


async def lock_debtor(session: AsyncSession, debtor_id: str) -> Debtor:
    stmt = select(Debtor).where(Debtor.id == debtor_id).with_for_update()
    debtor = (await session.execute(stmt)).scalar_one_or_none()
    if debtor is None:
        raise NotFound(f"no debtor {debtor_id}")
    return debtor


def fingerprint(operation: str, body: dict[str, Any]) -> str:
    """What a retry must repeat exactly: the operation (method and path) and the body."""
    rest = {k: v for k, v in body.items() if k != "idempotency_key"}
    return hashlib.sha256(canonical({"op": operation, "body": rest}).encode()).hexdigest()


@dataclass(frozen=True)
class Result:
    """What an operation answered, and the events to publish once it has committed."""

    status: int
    body: dict[str, Any]
    events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


@dataclass(frozen=True)
class Outcome:
    status: int
    body: dict[str, Any]
    replayed: bool
    events: list[tuple[str, dict[str, Any]]]


@dataclass(frozen=True)
class Key:
    scope: str
    key: str
    fingerprint: str


async def run_once(
    sessions: sessionmaker,
    key: Key,
    lock: Callable[[AsyncSession], Awaitable[T]],
    operation: Callable[[AsyncSession, T], Awaitable[Result]],
) -> Outcome:
    """Lock, then answer from the key's first run, or run the operation and remember it.

    The lookup happens after the lock so a concurrent retry of the same key on the same
    account waits and then replays. A retry racing on another row (same key, different
    account) collides on the key's primary key instead: its transaction rolls back whole
    and we answer from the winner's record.
    """
    try:
        async with transaction(sessions) as session:
            locked = await lock(session)
            prior = await _prior(session, key)
            if prior is not None:
                return prior
            result = await operation(session, locked)
            session.add(
                IdempotencyRecord(
                    scope=key.scope,
                    key=key.key,
                    fingerprint=key.fingerprint,
                    status_code=result.status,
                    response=result.body,
                )
            )
            await session.flush()
    except IntegrityError:
        async with sessions() as session:
            prior = await _prior(session, key)
        if prior is None:
            raise
        return prior
    return Outcome(result.status, result.body, replayed=False, events=result.events)


async def _prior(session: AsyncSession, key: Key) -> Outcome | None:
    record = await session.get(IdempotencyRecord, (key.scope, key.key))
    if record is None:
        return None
    if record.fingerprint != key.fingerprint:
        raise Conflict(
            f"idempotency key {key.key!r} was already used for a different request; "
            "use a new key for a new request"
        )
    # A replay is a success answered again: 200, with the first answer's body.
    return Outcome(200, dict(record.response), replayed=True, events=[])


__all__ = [
    "API",
    "WALLET_EVENT",
    "Key",
    "Outcome",
    "Result",
    "fingerprint",
    "lock_account",
    "lock_debtor",
    "run_once",
]
