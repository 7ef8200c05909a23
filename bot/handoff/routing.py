"""What the gateway does with each inbound debtor message before (or instead of) Rasa.

Every message, in every conversation state, is screened for signals. In `bot` state a
signal queues the conversation and the debtor gets the handoff reply straight from here,
without the dialogue; in `queued`/`agent` state the message goes to the console only, and
a more urgent signal raises the handoff. Rasa being down never blocks any of this.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from bot.compliance.optout import is_opt_out
from bot.db import transaction
from bot.gateway.models import Conversation, TranscriptMessage
from bot.gateway.typed_buttons import typed_button
from bot.handoff import rasa_sync, service, snapshot, transcript
from bot.handoff.live import AgentHub
from bot.handoff.models import Handoff
from bot.handoff.policy import HandoffSettings, Reason, ahead_of, reason_for, wants_wait_update
from bot.handoff.replies import (
    CALLBACK_PAYLOAD,
    Utterance,
    crisis_utterances,
    handoff_utterances,
    render_all,
    still_waiting_utterances,
    wait_or_none,
)
from bot.handoff.resources import Market, load_resources
from bot.handoff.summary import DebtorTurn, build_summary
from bot.i18n.args import label
from bot.ledger import debtors
from bot.ledger.models import CHANNELS, ContactPreference
from bot.ledger.views import utc
from bot.ledger.writes import lock_debtor
from bot.signals import Hit, screen


@dataclass
class Handoffs:
    """The handoff's share of the gateway app (app["handoff"])."""

    settings: HandoffSettings = field(default_factory=HandoffSettings.from_env)
    agents: AgentHub = field(default_factory=AgentHub)
    markets: Mapping[str, Market] = field(default_factory=load_resources)


@dataclass(frozen=True)
class Who:
    """The conversation as the gateway saw it when the message arrived."""

    debtor_id: str
    conversation_id: str
    state: str
    locale: str
    timezone: str | None
    channel: str
    verified: bool = True


@dataclass(frozen=True)
class Routed:
    state: str
    message_id: int
    messages: list[dict[str, Any]]  # replies for the debtor, already in the transcript
    forward: bool  # hand the message to Rasa's dialogue
    forward_text: str = ""  # what Rasa gets: the message, or the payload of a typed button


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def handoffs(app: web.Application) -> Handoffs:
    ctx: Handoffs = app["handoff"]
    return ctx


async def _summary(
    app: web.Application,
    who: Who,
    reason: Reason,
    hits: tuple[Hit, ...],
    turns: list[DebtorTurn],
) -> dict[str, Any]:
    # A crisis is queued without waiting on Rasa for the slots; the transcript says enough.
    slots = None if reason == "crisis" else await rasa_sync.slots(app["rasa"], who.conversation_id)
    ledger = await snapshot.ledger_snapshot(app["sessions"], who.debtor_id)
    return build_summary(reason=reason, turns=turns, hits=hits, slots=slots, ledger=ledger)


async def expected_wait(app: web.Application, handoff: Handoff, now: datetime) -> int | None:
    ctx = handoffs(app)
    async with app["sessions"]() as session:
        # SQLite hands timestamps back naive (they are UTC): compare like with like.
        queue = [
            _Waiting(h.priority, utc(h.created_at))
            for h in await service.waiting(session)
            if h.id != handoff.id
        ]
    mine = _Waiting(handoff.priority, utc(handoff.created_at))
    return wait_or_none(
        ctx.settings.hours.is_open(now),
        len(ctx.agents.online()),
        ahead_of(mine, queue),
        ctx.settings.handle_minutes,
    )


@dataclass(frozen=True)
class _Waiting:
    priority: int
    created_at: datetime


async def record_replies(
    app: web.Application,
    conversation_id: str,
    messages: list[dict[str, Any]],
    author: str = "bot",
    *,
    failed: bool = False,
) -> list[dict[str, Any]]:
    """Stores the replies and returns them with their transcript ids; the console sees them.
    `failed` marks (server-side) the apology for a dialogue that could not answer."""
    if not messages:
        return []
    stored = [{**m, transcript.FAILED: True} for m in messages] if failed else messages
    async with transaction(app["sessions"]) as session:
        rows = [await transcript.add(session, conversation_id, author, m) for m in stored]
        handoff = await service.active_handoff(session, conversation_id)
    if handoff is not None:
        for row in rows:
            await _broadcast_message(app, handoff, row)
    return [{**m, "id": row.id} for m, row in zip(messages, rows, strict=True)]


async def _broadcast_message(
    app: web.Application, handoff: Handoff, row: TranscriptMessage
) -> None:
    await handoffs(app).agents.broadcast(
        {
            "type": "message",
            "handoff_id": handoff.id,
            "conversation_id": handoff.conversation_id,
            "message": transcript.view(row, masked=True),
        }
    )


async def broadcast_handoff(app: web.Application, event: str, handoff: Handoff) -> None:
    view = service.view(handoff, utcnow(), handoffs(app).settings)
    await handoffs(app).agents.broadcast({"type": "handoff", "event": event, "handoff": view})


@dataclass(frozen=True)
class _Screened:
    nlu: rasa_sync.Reading
    reason: Reason | None
    hits: tuple[Hit, ...]
    kinds: list[str]
    summary: dict[str, Any] | None


async def _screen(app: web.Application, who: Who, text: str) -> _Screened:
    """NLU (if Rasa answers), history, signals; and the summary if a handoff will open."""
    async with app["sessions"]() as session:
        rows = await transcript.recent_debtor_messages(session, who.conversation_id)
    history = [transcript.to_turn(r) for r in rows]
    screening = screen(text, history=history)
    nlu = rasa_sync.Reading(None, None, None)
    # When the words alone say crisis, the classifier can add nothing: waiting for Rasa
    # would only delay the person who needs help.
    if screening.top != "crisis":
        nlu = await rasa_sync.parse(app["rasa"], text)
        screening = screen(text, intent=nlu.intent, confidence=nlu.confidence, history=history)
    reason = reason_for(screening)
    summary = None
    if reason is not None and who.state == "bot":
        turns = [
            *map(transcript.to_debtor_turn, rows),
            DebtorTurn(text, nlu.intent, nlu.confidence),
        ]
        summary = await _summary(app, who, reason, screening.hits, turns)
    kinds: list[str] = sorted(screening.kinds)
    return _Screened(nlu, reason, screening.hits, kinds, summary)


async def inbound(app: web.Application, who: Who, text: str) -> Routed:
    ctx = handoffs(app)
    found = await _screen(app, who, text)
    callback = text.strip() == CALLBACK_PAYLOAD and who.state in ("queued", "agent")
    now = utcnow()
    # The debtor's message and the queue change commit together: no handoff without the
    # message that caused it, no stored message that silently skipped the queue.
    message = {
        "text": text,
        "intent": found.nlu.intent,
        "confidence": found.nlu.confidence,
        "kinds": found.kinds,
        "verified": who.verified,  # what the token proved; Rasa is told again on resume
    }
    # "STOP" is honoured here, in every state: Rasa does not see messages while a person has
    # the conversation, and may be down. Its own words ("stop texting me") reach the dialogue.
    opting_out = who.channel in CHANNELS and is_opt_out(text)
    async with transaction(app["sessions"]) as session:
        # Each read only where it can matter: the wait update is for a conversation already
        # queued, typed buttons for one the bot still has.
        queued = who.state == "queued"
        last_heard = (
            await transcript.last_heard_at(session, who.conversation_id) if queued else None
        )
        offered = (
            await transcript.buttons_offered(session, who.conversation_id)
            if who.state == "bot"
            else []
        )
        row = await transcript.add(session, who.conversation_id, "debtor", message)
        already_out = await _opt_out(session, who) if opting_out else None
        opened = None
        if found.reason is not None:
            opened = await service.open_or_escalate(
                session,
                conversation_id=who.conversation_id,
                reason=found.reason,
                hits=found.hits,
                summary=found.summary,
                settings=ctx.settings,
                now=now,
            )
        called_back = callback and (
            await service.request_callback(session, who.conversation_id, now) is not None
        )
        handoff = await service.active_handoff(session, who.conversation_id)
        state = await _state(session, who.conversation_id)

    replies: list[Utterance] = []
    if opened is not None and opened.created:
        await broadcast_handoff(app, "created", opened.handoff)  # consoles first: seconds count
        # Gateway path: Rasa never saw this message; pause its dialogue for the handoff.
        pause = rasa_sync.pause_events(_context(who))
        await rasa_sync.send(app["rasa"], who.conversation_id, pause)
        wait = await expected_wait(app, opened.handoff, now)
        replies = handoff_utterances(opened.handoff.reason, who.locale, wait, ctx.markets)
    elif opened is not None and opened.escalated:
        if opened.crisis_started:
            replies = crisis_utterances(who.locale, ctx.markets)
        await broadcast_handoff(app, "escalated", opened.handoff)
    if called_back and handoff is not None:
        replies.append(Utterance("utter_handoff_callback"))
        await broadcast_handoff(app, "callback", handoff)
    quiet = not replies and not opting_out
    if quiet and queued and handoff is not None and wants_wait_update(state, last_heard, now):
        # "You can keep writing here" holds, but a debtor writing into silence for minutes
        # wonders whether anyone is there: say once per burst that it is saved, and the wait.
        replies = still_waiting_utterances(await expected_wait(app, handoff, now))
    if already_out is not None:
        confirm = "utter_already_opted_out" if already_out else "utter_opted_out"
        replies.append(Utterance(confirm, {"channel": label(who.channel)}))
    if handoff is not None:
        await _broadcast_message(app, handoff, row)
    messages = await record_replies(
        app, who.conversation_id, render_all(replies, who.locale, who.timezone)
    )
    forward = state == "bot" and handoff is None and not opting_out
    tapped = typed_button(text, found.nlu.intent, offered, found.nlu.best) if forward else None
    return Routed(state, row.id, messages, forward=forward, forward_text=tapped or text)


async def _opt_out(session: AsyncSession, who: Who) -> bool:
    """Opts the conversation's channel out, with the ledger's audit entry; True when it
    already was (nothing is written then)."""
    debtor = await lock_debtor(session, who.debtor_id)
    current = await session.get(ContactPreference, (debtor.id, who.channel))
    if current is not None and current.opted_out:
        return True
    await debtors.set_preference(session, debtor, who.channel, True, actor="gateway:opt-out")
    return False


async def dialogue_failed(app: web.Application, who: Who) -> tuple[list[dict[str, Any]], str]:
    """Rasa could not answer (down, or timed out). The first time the debtor is asked to
    send it again; the second time in a row a person takes over (reason `error`), so
    nobody is left talking to a wall. Returns the stored replies and the state."""
    async with app["sessions"]() as session:
        again = await transcript.last_reply_failed(session, who.conversation_id)
    if not again:
        apology = render_all([Utterance("utter_dialogue_unavailable")], who.locale, who.timezone)
        return await record_replies(app, who.conversation_id, apology, failed=True), "bot"
    _, _, utterances = await queue_without_pause(app, who.conversation_id, "error")
    replies = [Utterance("utter_dialogue_handed_over"), *utterances]
    messages = await record_replies(
        app, who.conversation_id, render_all(replies, who.locale, who.timezone)
    )
    return messages, await current_state(app, who.conversation_id)


async def queue_without_pause(
    app: web.Application, conversation_id: str, reason: Reason
) -> tuple[service.Opened | None, Handoff | None, list[Utterance]]:
    """The screening's queueing minus Rasa's pause: for `POST /v1/handoffs` from the
    action server, which is mid-action and holds the conversation's lock (it pauses the
    dialogue itself; appending events here would deadlock), and for when Rasa cannot be
    reached at all (nothing to pause).
    """
    ctx = handoffs(app)
    async with app["sessions"]() as session:
        conversation = await session.get(Conversation, conversation_id)
        if conversation is None:
            raise service.NotFound(f"no conversation {conversation_id}")
        rows = await transcript.recent_debtor_messages(session, conversation_id)
        debtor_id, locale = conversation.debtor_id, conversation.locale
        state = conversation.state
    summary = None
    if state == "bot":
        who = Who(debtor_id, conversation_id, state, locale, None, conversation.channel, False)
        turns = list(map(transcript.to_debtor_turn, rows))
        summary = await _summary(app, who, reason, (), turns)
    now = utcnow()
    async with transaction(app["sessions"]) as session:
        opened = await service.open_or_escalate(
            session,
            conversation_id=conversation_id,
            reason=reason,
            hits=(),
            summary=summary,
            settings=ctx.settings,
            now=now,
            author="assistant",
        )
        handoff = await service.active_handoff(session, conversation_id)
    if opened is None:
        return None, handoff, []
    await broadcast_handoff(app, "created" if opened.created else "escalated", opened.handoff)
    if not opened.created:
        crisis = crisis_utterances(locale, ctx.markets) if opened.crisis_started else []
        return opened, handoff, crisis
    wait = await expected_wait(app, opened.handoff, now)
    return opened, handoff, handoff_utterances(opened.handoff.reason, locale, wait, ctx.markets)


async def _state(session: AsyncSession, conversation_id: str) -> str:
    conversation = await session.get(Conversation, conversation_id, populate_existing=True)
    return str(conversation.state) if conversation is not None else "closed"


def _context(who: Who) -> list[dict[str, Any]]:
    return rasa_sync.context_slots(
        debtor_id=who.debtor_id,
        locale=who.locale,
        timezone=who.timezone,
        channel=who.channel,
        verified=who.verified,
    )


async def current_state(app: web.Application, conversation_id: str) -> str:
    """The state now (the Rasa action may have queued the conversation meanwhile)."""
    async with app["sessions"]() as session:
        return await _state(session, conversation_id)
