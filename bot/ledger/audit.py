"""The append-only, hash-chained audit log of ledger writes.

Each row's hash is sha256 over a canonical JSON of its fields and the previous row's hash,
so changing a row breaks its own hash and removing one breaks the id sequence or the next
row's prev_hash. `verify` walks the chain. (Removing rows at the very end is only visible
against an outside copy of the last hash; publish it if that matters.)
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import create_engine, session_factory
from bot.ledger.models import AuditRecord, utcnow

GENESIS = "0" * 64
_PAGE = 1000
# Any constant: the advisory lock that makes PostgreSQL writers append one at a time.
_PG_AUDIT_LOCK = 0x5E771E


def canonical(value: Any) -> str:
    """One spelling per value: sorted keys, no spaces, UTF-8 kept; non-JSON types refused."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _utc_text(at: datetime) -> str:
    # SQLite hands timestamps back naive, PostgreSQL aware: both mean UTC here.
    aware = at if at.tzinfo is not None else at.replace(tzinfo=timezone.utc)
    return aware.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def row_hash(
    *,
    id: int,
    at: datetime,
    actor: str,
    action: str,
    subject: str,
    data: Any,
    prev_hash: str,
) -> str:
    fields = {
        "id": id,
        "at": _utc_text(at),
        "actor": actor,
        "action": action,
        "subject": subject,
        "data": data,
        "prev_hash": prev_hash,
    }
    return hashlib.sha256(canonical(fields).encode("utf-8")).hexdigest()


def _hash_of(record: AuditRecord) -> str:
    return row_hash(
        id=record.id,
        at=record.at,
        actor=record.actor,
        action=record.action,
        subject=record.subject,
        data=record.data,
        prev_hash=record.prev_hash,
    )


async def append(
    session: AsyncSession, *, actor: str, action: str, subject: str, data: dict[str, Any]
) -> AuditRecord:
    """Add the next row inside the caller's transaction (it commits or rolls back with it).

    Appends must be serialized or two writers would chain onto the same tail: SQLite
    writers already are (BEGIN IMMEDIATE, see bot.ledger.writes); on PostgreSQL a
    transaction-scoped advisory lock does it, taken as late as possible (callers append
    last) so unrelated accounts wait for each other only briefly.
    """
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_AUDIT_LOCK})
    last = (
        await session.execute(
            select(AuditRecord.id, AuditRecord.hash).order_by(AuditRecord.id.desc()).limit(1)
        )
    ).first()
    record_id, prev = (1, GENESIS) if last is None else (last[0] + 1, last[1])
    plain = json.loads(canonical(data))  # exactly what the JSON column will give back
    at = utcnow()
    record = AuditRecord(
        id=record_id,
        at=at,
        actor=actor,
        action=action,
        subject=subject,
        data=plain,
        prev_hash=prev,
        hash=row_hash(
            id=record_id,
            at=at,
            actor=actor,
            action=action,
            subject=subject,
            data=plain,
            prev_hash=prev,
        ),
    )
    session.add(record)
    await session.flush()
    return record


@dataclass(frozen=True)
class Verdict:
    count: int  # rows checked (all of them when ok)
    bad_id: int | None = None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.bad_id is None


async def verify(session: AsyncSession) -> Verdict:
    """Walk the chain from the first row; stop at the first row that does not fit."""
    expected_id, prev, count = 1, GENESIS, 0
    while True:
        page = (
            await session.execute(
                select(AuditRecord)
                .where(AuditRecord.id >= expected_id)
                .order_by(AuditRecord.id)
                .limit(_PAGE)
            )
        ).scalars()
        rows = list(page)
        if not rows:
            return Verdict(count)
        for row in rows:
            problem = _problem(row, expected_id, prev)
            if problem is not None:
                return Verdict(count, row.id, problem)
            expected_id, prev, count = row.id + 1, row.hash, count + 1


def _problem(row: AuditRecord, expected_id: int, prev: str) -> str | None:
    if row.id != expected_id:
        missing = f"{expected_id}" if row.id == expected_id + 1 else f"{expected_id}-{row.id - 1}"
        return f"gap in ids: row(s) {missing} missing before it (deleted?)"
    if row.prev_hash != prev:
        return "prev_hash does not match the previous row's hash (a row was deleted or altered)"
    if _hash_of(row) != row.hash:
        return "hash mismatch: the row was modified after it was written"
    return None


async def verify_url(url: str) -> Verdict:
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            return await verify(session)
    finally:
        await engine.dispose()


__all__ = ["GENESIS", "Verdict", "append", "canonical", "row_hash", "verify", "verify_url"]
