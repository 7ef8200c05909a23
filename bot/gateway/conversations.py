"""Conversations in the database (transcripts: bot/handoff/transcript.py)."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from bot.gateway.models import Conversation


class ConversationNotFound(LookupError):
    pass


async def open_conversation(
    session: AsyncSession,
    debtor_id: str,
    conversation_id: str | None,
    *,
    channel: str,
    locale: str,
) -> Conversation:
    """The debtor's conversation by id, or a new one when no id is given.

    Another debtor's conversation id is reported as not found: ids reveal nothing.
    """
    if conversation_id is None:
        conversation = Conversation(
            id=uuid.uuid4().hex, debtor_id=debtor_id, channel=channel, state="bot", locale=locale
        )
        session.add(conversation)
        await session.flush()
        return conversation
    conversation = await session.get(Conversation, conversation_id)
    if conversation is None or conversation.debtor_id != debtor_id:
        raise ConversationNotFound(conversation_id)
    return conversation
