"""Transcript reads and writes the handoff needs: ids on every message, resumes, history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.gateway.models import TranscriptMessage
from bot.handoff.masking import mask_pii
from bot.handoff.summary import DebtorTurn
from bot.ledger.views import utc
from bot.signals import Turn

HISTORY_TURNS = 10
RESUME_LIMIT = 500
FAILED = "dialogue_failed"  # payload flag on the apology when Rasa could not answer


async def add(
    session: AsyncSession, conversation_id: str, author: str, message: dict[str, Any]
) -> TranscriptMessage:
    """Stores one message and returns it with its id (flushed, not committed)."""
    extra = {k: v for k, v in message.items() if k not in ("text", "id")}
    row = TranscriptMessage(
        conversation_id=conversation_id,
        author=author,
        text=str(message.get("text") or ""),
        payload=extra or None,
    )
    session.add(row)
    await session.flush()
    return row


def view(row: TranscriptMessage, *, masked: bool = False) -> dict[str, Any]:
    """A message as clients see it. Stored NLU details stay server-side."""
    out: dict[str, Any] = {
        "id": row.id,
        "author": row.author,
        "text": mask_pii(row.text) if masked else row.text,
        "created_at": utc(row.created_at).isoformat(),
    }
    payload = row.payload or {}
    if row.author != "debtor" and payload.get("buttons"):
        out["buttons"] = payload["buttons"]
    return out


async def after(
    session: AsyncSession, conversation_id: str, after_id: int, limit: int = RESUME_LIMIT
) -> list[TranscriptMessage]:
    stmt = (
        select(TranscriptMessage)
        .where(
            TranscriptMessage.conversation_id == conversation_id,
            TranscriptMessage.id > after_id,
        )
        .order_by(TranscriptMessage.id)
        .limit(limit)
    )
    return list((await session.execute(stmt)).scalars())


async def last_reply_failed(session: AsyncSession, conversation_id: str) -> bool:
    """Whether the assistant's latest reply here was the apology for a failed dialogue."""
    stmt = (
        select(TranscriptMessage.payload)
        .where(
            TranscriptMessage.conversation_id == conversation_id,
            TranscriptMessage.author == "bot",
        )
        .order_by(TranscriptMessage.id.desc())
        .limit(1)
    )
    payload = (await session.execute(stmt)).scalar_one_or_none()
    return bool((payload or {}).get(FAILED))


async def last_heard_at(session: AsyncSession, conversation_id: str) -> datetime | None:
    """When the debtor last got a message here from the assistant, an agent or the system."""
    stmt = select(func.max(TranscriptMessage.created_at)).where(
        TranscriptMessage.conversation_id == conversation_id,
        TranscriptMessage.author != "debtor",
    )
    latest = (await session.execute(stmt)).scalar_one_or_none()
    return utc(latest) if latest is not None else None


async def buttons_offered(session: AsyncSession, conversation_id: str) -> list[dict[str, Any]]:
    """The buttons of the replies since the debtor's latest message, oldest first."""
    last_debtor = (
        select(func.coalesce(func.max(TranscriptMessage.id), 0))
        .where(
            TranscriptMessage.conversation_id == conversation_id,
            TranscriptMessage.author == "debtor",
        )
        .scalar_subquery()
    )
    stmt = (
        select(TranscriptMessage.payload)
        .where(
            TranscriptMessage.conversation_id == conversation_id,
            TranscriptMessage.author == "bot",
            TranscriptMessage.id > last_debtor,
        )
        .order_by(TranscriptMessage.id)
    )
    payloads = (await session.execute(stmt)).scalars()
    return [b for p in payloads for b in ((p or {}).get("buttons") or []) if isinstance(b, dict)]


async def recent_debtor_messages(
    session: AsyncSession, conversation_id: str, limit: int = HISTORY_TURNS
) -> list[TranscriptMessage]:
    """The debtor's latest messages, oldest first (screening history and summaries)."""
    stmt = (
        select(TranscriptMessage)
        .where(
            TranscriptMessage.conversation_id == conversation_id,
            TranscriptMessage.author == "debtor",
        )
        .order_by(TranscriptMessage.id.desc())
        .limit(limit)
    )
    return list((await session.execute(stmt)).scalars())[::-1]


def _confidence(payload: dict[str, Any]) -> float | None:
    value = payload.get("confidence")
    return float(value) if isinstance(value, (int, float)) else None


def to_turn(row: TranscriptMessage) -> Turn:
    """A stored debtor message as the signal detector's history turn."""
    payload = row.payload or {}
    return Turn(
        text=row.text,
        intent=payload.get("intent"),
        confidence=_confidence(payload),
        kinds=frozenset(k for k in payload.get("kinds") or () if isinstance(k, str)),
    )


def to_debtor_turn(row: TranscriptMessage) -> DebtorTurn:
    payload = row.payload or {}
    return DebtorTurn(row.text, payload.get("intent"), _confidence(payload))
