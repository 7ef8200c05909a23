"""Ledger tables. Balances are never stored: they are sums of immutable entries."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    event,
)
from sqlalchemy.orm import relationship

from bot.db import Base

ENTRY_KINDS = ("principal", "interest", "fee", "payment", "reversal", "adjustment", "waiver")
ACCOUNT_STATUSES = ("current", "delinquent", "in_plan", "disputed_hold", "settled", "closed")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Debtor(Base):
    __tablename__ = "debtors"

    id = Column(String(64), primary_key=True)
    name = Column(String(200), nullable=False)
    locale = Column(String(32), nullable=False)
    timezone = Column(String(64), nullable=False)
    date_of_birth = Column(Date, nullable=True)
    vulnerable = Column(Boolean, nullable=False, default=False)
    represented_by_attorney = Column(Boolean, nullable=False, default=False)
    deceased = Column(Boolean, nullable=False, default=False)
    breathing_space_until = Column(DateTime(timezone=True), nullable=True)
    crisis_until = Column(DateTime(timezone=True), nullable=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)

    accounts = relationship("Account", back_populates="debtor", order_by="Account.id")


class Account(Base):
    __tablename__ = "accounts"
    __table_args__ = (
        CheckConstraint(
            "status IN ('current','delinquent','in_plan','disputed_hold','settled','closed')",
            name="status",
        ),
    )

    id = Column(String(64), primary_key=True)
    debtor_id = Column(String(64), ForeignKey("debtors.id"), nullable=False, index=True)
    creditor = Column(String(200), nullable=False)
    original_creditor = Column(String(200), nullable=False)
    product = Column(String(100), nullable=False)
    currency = Column(String(3), nullable=False)
    number_last4 = Column(String(4), nullable=False)
    opened_on = Column(Date, nullable=False)
    charged_off_on = Column(Date, nullable=True)
    days_past_due = Column(Integer, nullable=False, default=0)
    time_barred = Column(Boolean, nullable=False, default=False)
    status = Column(String(20), nullable=False, default="current")

    debtor = relationship("Debtor", back_populates="accounts")


class Entry(Base):
    """One immutable movement on an account, in signed minor units (positive = owed more)."""

    __tablename__ = "ledger_entries"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('principal','interest','fee','payment','reversal','adjustment','waiver')",
            name="kind",
        ),
    )

    id = Column(Integer, primary_key=True, autoincrement=True)
    account_id = Column(String(64), ForeignKey("accounts.id"), nullable=False, index=True)
    kind = Column(String(20), nullable=False)
    amount_minor = Column(BigInteger, nullable=False)
    currency = Column(String(3), nullable=False)
    effective_on = Column(Date, nullable=False)
    description = Column(Text, nullable=False, default="")
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


@event.listens_for(Entry, "before_update")
def _entries_are_immutable(_mapper: Any, _conn: Any, target: Entry) -> None:
    raise ValueError(f"ledger entry {target.id} is immutable: post a reversal or adjustment")


@event.listens_for(Entry, "before_delete")
def _entries_are_never_deleted(_mapper: Any, _conn: Any, target: Entry) -> None:
    raise ValueError(f"ledger entry {target.id} is immutable: post a reversal or adjustment")


__all__ = ["ACCOUNT_STATUSES", "ENTRY_KINDS", "Account", "Debtor", "Entry", "utcnow"]
