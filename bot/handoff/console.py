"""What the agent console reads (a handoff in full) and what follows an agent's action
(the debtor is told, Rasa is brought up to date, other consoles refresh)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from aiohttp import web
from sqlalchemy import select

from bot.db import transaction
from bot.gateway.models import Conversation, TranscriptMessage
from bot.handoff import rasa_sync, service, snapshot, transcript
from bot.handoff.agents import Identity
from bot.handoff.masking import mask_pii
from bot.handoff.models import Handoff
from bot.handoff.routing import broadcast_handoff, handoffs, record_replies, utcnow
from bot.i18n import locales
from bot.i18n.render import render
from bot.ledger.models import Debtor

log = logging.getLogger(__name__)
CANNED_PATH = Path(__file__).with_name("canned.yml")
TRANSCRIPT_LIMIT = 500


@cache
def canned_replies(path: Path = CANNED_PATH) -> tuple[Mapping[str, Any], ...]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    replies = data.get("replies") if isinstance(data, dict) else None
    if not isinstance(replies, list):
        raise ValueError(f"{path}: expected a `replies` list")
    for reply in replies:
        text = reply.get("text") if isinstance(reply, dict) else None
        if not isinstance(text, dict) or not all(c in text for c in locales.SUPPORTED):
            raise ValueError(f"{path}: every reply needs text in {', '.join(locales.SUPPORTED)}")
    return tuple(replies)


def canned_for(locale: str | None) -> list[dict[str, str]]:
    """Canned replies in the debtor's language (the agent edits before sending)."""
    catalog = locales.catalog_for(locale)
    return [
        {"id": str(r["id"]), "title": str(r["title"]), "text": str(r["text"][catalog])}
        for r in canned_replies()
    ]


def _mask_summary(summary: Mapping[str, Any]) -> dict[str, Any]:
    """The debtor's own words and free-text slots hide PII like the transcript does."""
    slots = summary.get("slots")
    return {
        **summary,
        "asked": [mask_pii(str(t)) for t in summary.get("asked") or ()],
        "slots": None
        if slots is None
        else {k: mask_pii(v) if isinstance(v, str) else v for k, v in slots.items()},
    }


async def detail(
    app: web.Application, handoff_id: str, identity: Identity, *, reveal: bool
) -> dict[str, Any]:
    """One handoff as the console shows it. Masked unless `reveal` (which is audited)."""
    settings = handoffs(app).settings
    now = utcnow()
    # Only a reveal writes (its audit note); plain reads take no write lock.
    reading = transaction(app["sessions"]) if reveal else app["sessions"]()
    async with reading as session:
        handoff = await service.get(session, handoff_id)
        if not service.may_see(identity, handoff):
            raise service.Forbidden(f"handoff {handoff_id} is not yours")
        if reveal:
            await service.audit_once(session, handoff.id, identity, "showed unmasked text", now)
        conversation = await session.get(Conversation, handoff.conversation_id)
        stmt = (
            select(TranscriptMessage)
            .where(TranscriptMessage.conversation_id == handoff.conversation_id)
            .order_by(TranscriptMessage.id.desc())
            .limit(TRANSCRIPT_LIMIT)
        )
        rows = list((await session.execute(stmt)).scalars())[::-1]
        notes = await service.notes(session, handoff.id)
    locale = conversation.locale if conversation is not None else None
    summary = handoff.summary or {}
    return {
        "handoff": service.view(handoff, now, settings),
        "conversation": {
            "id": handoff.conversation_id,
            "state": conversation.state if conversation is not None else None,
            "locale": locale,
            "channel": conversation.channel if conversation is not None else None,
        },
        "masked": not reveal,
        "summary": summary if reveal else _mask_summary(summary),
        "transcript": [transcript.view(r, masked=not reveal) for r in rows],
        "notes": [service.note_view(n) for n in notes],
        "ledger": await snapshot.ledger_snapshot(app["sessions"], handoff.debtor_id),
        "canned": canned_for(locale),
        "can_work": handoff.status == "claimed"
        and (handoff.claimed_by == identity.name or identity.supervisor),
    }


@dataclass(frozen=True)
class _DebtorContext:
    locale: str
    timezone: str | None
    channel: str
    verified: bool  # what the debtor's latest message's token proved


async def _debtor_context(app: web.Application, handoff: Handoff) -> _DebtorContext:
    async with app["sessions"]() as session:
        conversation = await session.get(Conversation, handoff.conversation_id)
        debtor = await session.get(Debtor, handoff.debtor_id)
        latest = await transcript.recent_debtor_messages(session, handoff.conversation_id, 1)
    return _DebtorContext(
        conversation.locale if conversation is not None else locales.DEFAULT_LOCALE,
        debtor.timezone if debtor is not None else None,
        conversation.channel if conversation is not None else "wallet",
        bool(latest and (latest[0].payload or {}).get("verified")),
    )


async def push_to_debtor(
    app: web.Application, handoff: Handoff, messages: list[dict[str, Any]]
) -> None:
    """Live delivery to the debtor's open sockets; the transcript already holds them, so a
    debtor who is offline gets them on the next resume."""
    frame = {
        "type": "push",
        "conversation_id": handoff.conversation_id,
        "messages": [
            {k: m[k] for k in ("id", "text", "author", "buttons") if k in m} for m in messages
        ],
    }
    try:
        await app["hub"].push(handoff.debtor_id, frame)
    except (ConnectionError, RuntimeError) as exc:  # a socket closing under us
        log.info("live delivery to %s failed (kept for resume): %s", handoff.debtor_id, exc)


async def notify_debtor(app: web.Application, handoff: Handoff, response: str) -> None:
    """A system line in the debtor's language ("a person has joined"…), stored and pushed."""
    who = await _debtor_context(app, handoff)
    rendered = render(response, who.locale, {}, who.timezone)
    stored = await record_replies(app, handoff.conversation_id, [rendered], author="system")
    await push_to_debtor(app, handoff, [{**m, "author": "system"} for m in stored])


async def after_claim(app: web.Application, handoff: Handoff) -> None:
    await broadcast_handoff(app, "claimed", handoff)
    await notify_debtor(app, handoff, "utter_handoff_agent_joined")


async def after_reply(app: web.Application, handoff: Handoff, row: TranscriptMessage) -> None:
    message = {"id": row.id, "text": row.text, "author": "agent"}
    await push_to_debtor(app, handoff, [message])
    await handoffs(app).agents.broadcast(
        {
            "type": "message",
            "handoff_id": handoff.id,
            "conversation_id": handoff.conversation_id,
            "message": transcript.view(row, masked=True),
        }
    )
    await broadcast_handoff(app, "replied", handoff)


async def after_resolve(app: web.Application, resolution: service.Resolution) -> bool:
    """Tells Rasa what the agent did (then resumes it), the debtor, and other consoles.
    Returns whether Rasa took the update (the conversation is routed to it either way)."""
    handoff = resolution.handoff
    synced = True
    if resolution.return_to == "bot":
        who = await _debtor_context(app, handoff)
        context = rasa_sync.context_slots(
            debtor_id=handoff.debtor_id,
            locale=who.locale,
            timezone=who.timezone,
            channel=who.channel,
            verified=who.verified,
        )
        events = rasa_sync.resume_events(
            agent_texts=resolution.agent_texts,
            outcome=handoff.outcome or "",
            reason=handoff.reason,
            context=context,
        )
        synced = await rasa_sync.send(app["rasa"], handoff.conversation_id, events)
        await notify_debtor(app, handoff, "utter_handoff_back_to_bot")
    else:
        await notify_debtor(app, handoff, "utter_handoff_closed")
    await broadcast_handoff(app, resolution.handoff.status, handoff)
    return synced


async def resume_frame(
    app: web.Application, debtor_id: str, data: Mapping[str, Any]
) -> dict[str, Any] | None:
    """`{"type": "resume", "conversation_id", "after_id"}` from a reconnecting debtor:
    everything after `after_id`. None when the frame is malformed or the conversation is
    not this debtor's (ids reveal nothing)."""
    conversation_id, after_id = data.get("conversation_id"), data.get("after_id", 0)
    if after_id is None:
        after_id = 0
    if not isinstance(conversation_id, str) or not isinstance(after_id, int) or after_id < 0:
        return None
    async with app["sessions"]() as session:
        conversation = await session.get(Conversation, conversation_id)
        if conversation is None or conversation.debtor_id != debtor_id:
            return None
        rows = await transcript.after(session, conversation_id, after_id)
    return {
        "type": "push",
        "resumed": True,
        "conversation_id": conversation_id,
        "state": conversation.state,
        "messages": [transcript.view(r) for r in rows],
    }
