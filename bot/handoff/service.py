"""The handoff queue in the database: open or escalate, claim, reply, resolve, reassign.

Every function works inside the caller's transaction (an AsyncSession) and never commits;
state changes that two people can race on are single conditional UPDATEs whose row count
says who won.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.gateway.models import Conversation, TranscriptMessage
from bot.handoff import summary as summaries
from bot.handoff import transcript
from bot.handoff.agents import Identity, find_agent
from bot.handoff.models import Handoff, HandoffNote
from bot.handoff.policy import (
    ACTIVE_STATUSES,
    PRIORITY,
    HandoffSettings,
    Reason,
    first_response_due,
    more_urgent,
    sla_status,
)
from bot.ledger.models import Debtor
from bot.ledger.views import iso, utc
from bot.signals import Hit

SYSTEM = "system"


class HandoffError(Exception):
    status = 400


class NotFound(HandoffError):
    status = 404


class Forbidden(HandoffError):
    status = 403


class Conflict(HandoffError):
    status = 409


class Invalid(HandoffError):
    status = 422


@dataclass(frozen=True)
class Opened:
    handoff: Handoff
    created: bool  # a new handoff: the debtor has not been told yet
    escalated: bool  # an existing handoff became more urgent
    crisis_started: bool  # crisis is new for this handoff: the crisis reply is due once


async def active_handoff(session: AsyncSession, conversation_id: str) -> Handoff | None:
    stmt = select(Handoff).where(
        Handoff.conversation_id == conversation_id, Handoff.status.in_(ACTIVE_STATUSES)
    )
    return (await session.execute(stmt)).scalar_one_or_none()


def _note(
    session: AsyncSession, handoff_id: str, author: str, kind: str, body: str, now: datetime
) -> None:
    session.add(HandoffNote(handoff_id=handoff_id, author=author, kind=kind, text=body, at=now))


def _evidence(hits: Sequence[Hit], reason: str) -> str:
    # Lexicon regexes mean nothing to an agent; the summary's signal list keeps them.
    found = [
        "a pattern" if h.evidence.startswith("re:") else repr(h.evidence)
        for h in hits
        if h.kind == reason
    ]
    return f": {', '.join(found[:3])}" if found else ""


async def _hold_for_crisis(session: AsyncSession, debtor_id: str, now: datetime, days: int) -> None:
    """Collection stops for the hold period; an existing longer hold is never shortened."""
    debtor = await session.get(Debtor, debtor_id)
    if debtor is None:
        return
    until = now + timedelta(days=days)
    if debtor.crisis_until is None or utc(debtor.crisis_until) < until:
        debtor.crisis_until = until


async def open_or_escalate(
    session: AsyncSession,
    *,
    conversation_id: str,
    reason: Reason,
    hits: Sequence[Hit],
    summary: dict[str, Any] | None,
    settings: HandoffSettings,
    now: datetime,
    author: str = SYSTEM,
) -> Opened | None:
    """Queues the conversation, or raises its handoff's urgency. None: nothing to do.

    Only the transaction that moves the conversation from `bot` to `queued` creates a
    handoff, so two messages racing in one conversation cannot open two.
    """
    moved = await session.execute(
        update(Conversation)
        .where(Conversation.id == conversation_id, Conversation.state == "bot")
        .values(state="queued", updated_at=now)
        .execution_options(synchronize_session=False)
    )
    conversation = await session.get(Conversation, conversation_id, populate_existing=True)
    if conversation is None:
        raise NotFound(f"no conversation {conversation_id}")
    if moved.rowcount == 1:
        return await _create(session, conversation, reason, hits, summary, settings, now, author)
    active = await active_handoff(session, conversation_id)
    if active is None:
        if conversation.state == "closed":
            raise Conflict(f"conversation {conversation_id} is closed")
        # queued/agent with no handoff cannot happen through this module; repair it.
        return await _create(session, conversation, reason, hits, summary, settings, now, author)
    return await _escalate(session, active, reason, hits, settings, now, author)


async def _create(
    session: AsyncSession,
    conversation: Conversation,
    reason: Reason,
    hits: Sequence[Hit],
    summary: dict[str, Any] | None,
    settings: HandoffSettings,
    now: datetime,
    author: str,
) -> Opened:
    conversation.state = "queued"
    handoff = Handoff(
        id=uuid.uuid4().hex,
        conversation_id=conversation.id,
        debtor_id=conversation.debtor_id,
        reason=reason,
        priority=PRIORITY[reason],
        status="open",
        created_at=now,
        first_response_due_at=first_response_due(now, reason, settings.sla_seconds, None),
        callback_requested=False,
        summary=summary or {"reason": reason, "signals": [summaries.signal_view(h) for h in hits]},
    )
    session.add(handoff)
    await session.flush()
    _note(session, handoff.id, author, "system", f"queued: {reason}{_evidence(hits, reason)}", now)
    if reason == "crisis":
        await _hold_for_crisis(session, conversation.debtor_id, now, settings.crisis_hold_days)
    return Opened(handoff, created=True, escalated=False, crisis_started=reason == "crisis")


async def _escalate(
    session: AsyncSession,
    handoff: Handoff,
    reason: Reason,
    hits: Sequence[Hit],
    settings: HandoffSettings,
    now: datetime,
    author: str,
) -> Opened | None:
    current: Reason = handoff.reason
    if not more_urgent(reason, current):
        if hits:  # still worth showing the agent, but not a change of urgency
            handoff.summary = summaries.add_signals(handoff.summary or {}, current, hits)
        return None
    handoff.reason = reason
    handoff.priority = PRIORITY[reason]
    handoff.first_response_due_at = first_response_due(
        now, reason, settings.sla_seconds, utc(handoff.first_response_due_at)
    )
    handoff.summary = summaries.add_signals(handoff.summary or {}, reason, hits)
    _note(
        session,
        handoff.id,
        author,
        "system",
        f"raised from {current} to {reason}{_evidence(hits, reason)}",
        now,
    )
    if reason == "crisis":
        await _hold_for_crisis(session, handoff.debtor_id, now, settings.crisis_hold_days)
    return Opened(handoff, created=False, escalated=True, crisis_started=reason == "crisis")


async def request_callback(
    session: AsyncSession, conversation_id: str, now: datetime
) -> Handoff | None:
    handoff = await active_handoff(session, conversation_id)
    if handoff is None:
        return None
    if not handoff.callback_requested:
        handoff.callback_requested = True
        _note(session, handoff.id, "debtor", "system", "the debtor asked for a call back", now)
    return handoff


async def get(session: AsyncSession, handoff_id: str) -> Handoff:
    handoff = await session.get(Handoff, handoff_id)
    if handoff is None:
        raise NotFound(f"no handoff {handoff_id}")
    return handoff


def may_see(identity: Identity, handoff: Handoff) -> bool:
    """Agents see the waiting queue and their own work; supervisors see everything."""
    return identity.supervisor or handoff.status == "open" or handoff.claimed_by == identity.name


def _must_work(identity: Identity, handoff: Handoff) -> None:
    if handoff.status != "claimed":
        raise Conflict(f"handoff {handoff.id} is {handoff.status}, not claimed")
    if handoff.claimed_by != identity.name and not identity.supervisor:
        raise Forbidden(f"handoff {handoff.id} is claimed by another agent")


async def claim(
    session: AsyncSession, handoff_id: str, identity: Identity, now: datetime
) -> Handoff:
    """Exactly one of any number of simultaneous claims wins; the others get Conflict."""
    won = await session.execute(
        update(Handoff)
        .where(Handoff.id == handoff_id, Handoff.status == "open")
        .values(status="claimed", claimed_by=identity.name, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    handoff = await session.get(Handoff, handoff_id, populate_existing=True)
    if handoff is None:
        raise NotFound(f"no handoff {handoff_id}")
    if won.rowcount != 1:
        raise Conflict(
            f"handoff {handoff_id} is already {handoff.status}"
            + (f" by {handoff.claimed_by}" if handoff.claimed_by else "")
        )
    await session.execute(
        update(Conversation)
        .where(Conversation.id == handoff.conversation_id, Conversation.state == "queued")
        .values(state="agent", updated_at=now)
        .execution_options(synchronize_session=False)
    )
    _note(session, handoff.id, identity.name, "audit", f"claimed by {identity.name}", now)
    return handoff


async def agent_reply(
    session: AsyncSession, handoff_id: str, identity: Identity, body: str, now: datetime
) -> tuple[Handoff, TranscriptMessage]:
    handoff = await get(session, handoff_id)
    _must_work(identity, handoff)
    message = {"text": body, "agent": identity.name}
    row = await transcript.add(session, handoff.conversation_id, "agent", message)
    if handoff.first_response_at is None:
        handoff.first_response_at = now
    return handoff, row


async def add_note(
    session: AsyncSession,
    handoff_id: str,
    identity: Identity,
    body: str,
    now: datetime,
    kind: str = "note",
) -> HandoffNote:
    handoff = await get(session, handoff_id)
    if not may_see(identity, handoff):
        raise Forbidden(f"handoff {handoff_id} is not yours")
    note = HandoffNote(handoff_id=handoff.id, author=identity.name, kind=kind, text=body, at=now)
    session.add(note)
    await session.flush()
    return note


async def audit_once(
    session: AsyncSession, handoff_id: str, identity: Identity, body: str, now: datetime
) -> None:
    """An audit note, unless this agent already has the same one on this handoff."""
    stmt = select(func.count()).where(
        HandoffNote.handoff_id == handoff_id,
        HandoffNote.author == identity.name,
        HandoffNote.kind == "audit",
        HandoffNote.text == body,
    )
    if not (await session.execute(stmt)).scalar_one():
        _note(session, handoff_id, identity.name, "audit", body, now)


@dataclass(frozen=True)
class Resolution:
    handoff: Handoff
    agent_texts: list[str]
    return_to: str


async def resolve(
    session: AsyncSession,
    handoff_id: str,
    identity: Identity,
    outcome: str,
    return_to: str,
    now: datetime,
) -> Resolution:
    if return_to not in ("bot", "closed"):
        raise Invalid('return_to must be "bot" or "closed"')
    handoff = await get(session, handoff_id)
    # A supervisor may also settle one nobody claimed (a duplicate, spam…).
    if not (handoff.status == "open" and identity.supervisor):
        _must_work(identity, handoff)
    handoff.status = "resolved" if return_to == "bot" else "closed"
    handoff.resolved_at = now
    handoff.outcome = outcome
    conversation = await session.get(Conversation, handoff.conversation_id)
    if conversation is not None:
        conversation.state = return_to
        conversation.updated_at = now
    change = f"{handoff.status} → {return_to}: {outcome}"
    _note(session, handoff.id, identity.name, "audit", change, now)
    stmt = (
        select(TranscriptMessage.text)
        .where(
            TranscriptMessage.conversation_id == handoff.conversation_id,
            TranscriptMessage.author == "agent",
            TranscriptMessage.created_at >= handoff.created_at,
        )
        .order_by(TranscriptMessage.id)
    )
    texts = [str(t) for t in (await session.execute(stmt)).scalars()]
    return Resolution(handoff, texts, return_to)


async def reassign(
    session: AsyncSession, handoff_id: str, identity: Identity, to_agent: str, now: datetime
) -> Handoff:
    if not identity.supervisor:
        raise Forbidden("only a supervisor can reassign")
    target = await find_agent(session, to_agent)
    if target is None or not target.active:
        raise Invalid(f"no active agent named {to_agent!r}")
    won = await session.execute(
        update(Handoff)
        .where(Handoff.id == handoff_id, Handoff.status == "claimed")
        .values(claimed_by=target.name, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    handoff = await session.get(Handoff, handoff_id, populate_existing=True)
    if handoff is None:
        raise NotFound(f"no handoff {handoff_id}")
    if won.rowcount != 1:
        raise Conflict(f"handoff {handoff_id} is {handoff.status}: only a claimed one moves")
    _note(session, handoff.id, identity.name, "audit", f"reassigned to {target.name}", now)
    return handoff


LISTABLE = ("open", "claimed", "resolved", "closed", "all")


async def list_handoffs(
    session: AsyncSession, status: str, identity: Identity, limit: int = 200
) -> list[Handoff]:
    """Most urgent first, then longest waiting. Agents see the open queue and their own."""
    if status not in LISTABLE:
        raise Invalid(f"status must be one of {', '.join(LISTABLE)}")
    stmt = select(Handoff)
    if status != "all":
        stmt = stmt.where(Handoff.status == status)
    if not identity.supervisor and status != "open":
        stmt = stmt.where(Handoff.claimed_by == identity.name)
    stmt = stmt.order_by(Handoff.priority, Handoff.created_at, Handoff.id).limit(limit)
    return list((await session.execute(stmt)).scalars())


async def waiting(session: AsyncSession) -> list[Handoff]:
    stmt = select(Handoff).where(Handoff.status == "open")
    return list((await session.execute(stmt)).scalars())


async def notes(session: AsyncSession, handoff_id: str) -> list[HandoffNote]:
    stmt = select(HandoffNote).where(HandoffNote.handoff_id == handoff_id)
    return list((await session.execute(stmt.order_by(HandoffNote.id))).scalars())


def view(handoff: Handoff, now: datetime, settings: HandoffSettings) -> dict[str, Any]:
    """The contract's fields first (id … created_at), then what the console uses."""
    reason: Reason = handoff.reason
    sla = sla_status(
        now,
        utc(handoff.first_response_due_at),
        settings.sla_seconds[reason],
        None if handoff.first_response_at is None else utc(handoff.first_response_at),
    )
    summary = handoff.summary or {}
    return {
        "id": handoff.id,
        "conversation_id": handoff.conversation_id,
        "debtor_id": handoff.debtor_id,
        "reason": reason,
        "priority": handoff.priority,
        "status": handoff.status,
        "created_at": iso(handoff.created_at),
        "claimed_at": iso(handoff.claimed_at),
        "claimed_by": handoff.claimed_by,
        "resolved_at": iso(handoff.resolved_at),
        "outcome": handoff.outcome,
        "callback_requested": handoff.callback_requested,
        "headline": summary.get("headline"),
        "sla": {
            "due_at": sla.due_at.isoformat(),
            "seconds_total": sla.seconds_total,
            "seconds_left": sla.seconds_left,
            "colour": sla.colour,
            "met": sla.met,
            "first_response_at": iso(handoff.first_response_at),
        },
    }


def note_view(note: HandoffNote) -> dict[str, Any]:
    return {
        "id": note.id,
        "author": note.author,
        "kind": note.kind,
        "text": note.text,
        "at": iso(note.at),
    }
