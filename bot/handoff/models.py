"""Handoffs, their internal notes, and the agents who work them (with console sessions)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)

from bot.db import Base
from bot.ledger.models import utcnow

_REASONS = "'crisis','distress','vulnerability','complaint','request','fallback','error'"
_ACTIVE = text("status IN ('open','claimed')")


class Handoff(Base):
    __tablename__ = "handoffs"
    __table_args__ = (
        CheckConstraint(f"reason IN ({_REASONS})", name="reason"),
        CheckConstraint("status IN ('open','claimed','resolved','closed')", name="status"),
        CheckConstraint("priority BETWEEN 1 AND 9", name="priority"),
        # At most one handoff in progress per conversation, even under concurrent messages.
        Index(
            "uq_handoffs_active_conversation",
            "conversation_id",
            unique=True,
            sqlite_where=_ACTIVE,
            postgresql_where=_ACTIVE,
        ),
        Index("ix_handoffs_queue", "status", "priority", "created_at"),
    )

    id = Column(String(32), primary_key=True)
    conversation_id = Column(String(64), ForeignKey("conversations.id"), nullable=False, index=True)
    debtor_id = Column(String(64), ForeignKey("debtors.id"), nullable=False, index=True)
    reason = Column(String(16), nullable=False)
    priority = Column(Integer, nullable=False)
    status = Column(String(16), nullable=False, default="open")
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    claimed_at = Column(DateTime(timezone=True), nullable=True)
    claimed_by = Column(String(100), nullable=True)
    first_response_due_at = Column(DateTime(timezone=True), nullable=False)
    first_response_at = Column(DateTime(timezone=True), nullable=True)
    resolved_at = Column(DateTime(timezone=True), nullable=True)
    outcome = Column(Text, nullable=True)
    callback_requested = Column(Boolean, nullable=False, default=False)
    summary = Column(JSON, nullable=False, default=dict)


class HandoffNote(Base):
    """Internal: never shown to the debtor. `kind` audit = who saw or changed what."""

    __tablename__ = "handoff_notes"
    __table_args__ = (CheckConstraint("kind IN ('note','audit','system')", name="kind"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    handoff_id = Column(String(32), ForeignKey("handoffs.id"), nullable=False, index=True)
    author = Column(String(100), nullable=False)
    kind = Column(String(16), nullable=False, default="note")
    text = Column(Text, nullable=False)
    at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class Agent(Base):
    __tablename__ = "agents"
    __table_args__ = (CheckConstraint("role IN ('agent','supervisor')", name="role"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    name = Column(String(100), nullable=False, unique=True)
    # "scrypt$n$r$p$salt_hex$hash_hex": the parameters travel with the hash so they can grow.
    password_hash = Column(String(255), nullable=False)
    role = Column(String(16), nullable=False, default="agent")
    active = Column(Boolean, nullable=False, default=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class AgentSession(Base):
    """A console login. Only a hash of the cookie's token is stored: a leaked table is no key."""

    __tablename__ = "agent_sessions"

    token_hash = Column(String(64), primary_key=True)
    agent_id = Column(Integer, ForeignKey("agents.id"), nullable=False, index=True)
    csrf_token = Column(String(64), nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    expires_at = Column(DateTime(timezone=True), nullable=False)
