"""Conversations and their transcripts, as the gateway saw them."""

from __future__ import annotations

from sqlalchemy import JSON, CheckConstraint, Column, DateTime, ForeignKey, Integer, String, Text

from bot.db import Base
from bot.ledger.models import utcnow

CONVERSATION_STATES = ("bot", "queued", "agent", "closed")


class Conversation(Base):
    __tablename__ = "conversations"
    __table_args__ = (CheckConstraint("state IN ('bot','queued','agent','closed')", name="state"),)

    id = Column(String(64), primary_key=True)
    debtor_id = Column(String(64), ForeignKey("debtors.id"), nullable=False, index=True)
    channel = Column(String(32), nullable=False)
    state = Column(String(16), nullable=False, default="bot")
    locale = Column(String(32), nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, onupdate=utcnow)


class TranscriptMessage(Base):
    __tablename__ = "transcript_messages"
    __table_args__ = (
        CheckConstraint("author IN ('debtor','bot','agent','system')", name="author"),
    )

    id = Column(Integer, primary_key=True, autoincrement=True)
    conversation_id = Column(String(64), ForeignKey("conversations.id"), nullable=False, index=True)
    author = Column(String(16), nullable=False)
    text = Column(Text, nullable=False)
    payload = Column(JSON, nullable=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
