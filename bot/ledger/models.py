"""Ledger tables. Balances are never stored: they are sums of immutable entries."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON,
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
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import relationship

from bot.db import Base

ENTRY_KINDS = ("principal", "interest", "fee", "payment", "reversal", "adjustment", "waiver")
ACCOUNT_STATUSES = ("current", "delinquent", "in_plan", "disputed_hold", "settled", "closed")
CHANNELS = ("wallet", "sms", "whatsapp", "wechat", "email", "voice")
PAYMENT_STATUSES = ("pending", "settled", "failed", "reversed")
REQUEST_PURPOSES = ("payment", "settlement", "installment")
REQUEST_STATUSES = ("open", "paid", "expired", "cancelled")
DISPUTE_REASONS = ("not_mine", "wrong_amount", "already_paid", "fraud", "other")
DISPUTE_STATUSES = ("open", "verified", "resolved_for_debtor", "resolved_for_creditor")
OPEN_DISPUTE_STATUSES = ("open", "verified")  # both keep the account on hold
PLAN_KINDS = ("full", "installments", "settlement", "hardship")
PLAN_STATUSES = ("active", "completed", "broken", "cancelled")
INSTALLMENT_STATUSES = ("due", "paid", "missed")
PROMISE_STATUSES = ("pending", "kept", "broken", "replaced")

# Which sign each entry kind may carry (positive = the debtor owes more).
ENTRY_SIGN_RULE = (
    "(kind IN ('principal','interest','fee') AND amount_minor > 0)"
    " OR (kind IN ('payment','waiver') AND amount_minor < 0)"
    " OR (kind IN ('reversal','adjustment') AND amount_minor <> 0)"
)


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({','.join(repr(v) for v in values)})"


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
    # While on disputed_hold: the status the account returns to when the last dispute
    # closes (kept up to date by payments and plans during the hold). Null otherwise.
    status_before_hold = Column(String(20), nullable=True)

    debtor = relationship("Debtor", back_populates="accounts")


class Entry(Base):
    """One immutable movement on an account, in signed minor units (positive = owed more)."""

    __tablename__ = "ledger_entries"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('principal','interest','fee','payment','reversal','adjustment','waiver')",
            name="kind",
        ),
        CheckConstraint(ENTRY_SIGN_RULE, name="sign"),
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


class ContactPreference(Base):
    """Whether the debtor opted out of contact on one channel (no row: not opted out)."""

    __tablename__ = "contact_preferences"
    __table_args__ = (CheckConstraint(_one_of("channel", CHANNELS), name="channel"),)

    debtor_id = Column(String(64), ForeignKey("debtors.id"), primary_key=True)
    channel = Column(String(16), primary_key=True)
    opted_out = Column(Boolean, nullable=False, default=False)
    updated_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class PaymentRequest(Base):
    """A bill shown in the wallet; the wallet reports its payment through the webhook."""

    __tablename__ = "payment_requests"
    __table_args__ = (
        CheckConstraint(_one_of("purpose", REQUEST_PURPOSES), name="purpose"),
        CheckConstraint(_one_of("status", REQUEST_STATUSES), name="status"),
        CheckConstraint("amount_minor > 0", name="amount_positive"),
    )

    id = Column(String(64), primary_key=True)
    account_id = Column(String(64), ForeignKey("accounts.id"), nullable=False, index=True)
    plan_id = Column(Integer, ForeignKey("plans.id"), nullable=True)
    amount_minor = Column(BigInteger, nullable=False)
    currency = Column(String(3), nullable=False)
    purpose = Column(String(16), nullable=False)
    deeplink = Column(String(200), nullable=False)
    status = Column(String(16), nullable=False, default="open")
    expires_at = Column(DateTime(timezone=True), nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class Payment(Base):
    """Money the wallet reported; a settled one is also a `payment` entry.

    `effects` records what posting it changed (installment allocations, a completed plan
    and its discount waiver, a kept promise) so a reversal can undo exactly that.
    """

    __tablename__ = "payments"
    __table_args__ = (
        CheckConstraint(_one_of("status", PAYMENT_STATUSES), name="status"),
        CheckConstraint("amount_minor > 0", name="amount_positive"),
    )

    id = Column(Integer, primary_key=True, autoincrement=True)
    idempotency_key = Column(String(200), nullable=False, unique=True)
    account_id = Column(String(64), ForeignKey("accounts.id"), nullable=False, index=True)
    payment_request_id = Column(
        String(64), ForeignKey("payment_requests.id"), nullable=False, index=True
    )
    external_event_id = Column(String(200), nullable=False, unique=True)
    amount_minor = Column(BigInteger, nullable=False)
    currency = Column(String(3), nullable=False)
    method = Column(String(50), nullable=False)
    status = Column(String(16), nullable=False)
    entry_id = Column(Integer, ForeignKey("ledger_entries.id"), nullable=True)
    effects = Column(JSON, nullable=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    settled_at = Column(DateTime(timezone=True), nullable=True)
    reversed_at = Column(DateTime(timezone=True), nullable=True)


class Dispute(Base):
    __tablename__ = "disputes"
    __table_args__ = (
        CheckConstraint(_one_of("reason", DISPUTE_REASONS), name="reason"),
        CheckConstraint(_one_of("status", DISPUTE_STATUSES), name="status"),
        CheckConstraint(_one_of("channel", CHANNELS), name="channel"),
    )

    id = Column(Integer, primary_key=True, autoincrement=True)
    reference = Column(String(16), nullable=False, unique=True)
    account_id = Column(String(64), ForeignKey("accounts.id"), nullable=False, index=True)
    reason = Column(String(20), nullable=False)
    details = Column(Text, nullable=False, default="")
    channel = Column(String(16), nullable=False)
    status = Column(String(24), nullable=False, default="open")
    received_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    respond_by = Column(Date, nullable=False)
    resolved_at = Column(DateTime(timezone=True), nullable=True)
    resolution_note = Column(Text, nullable=True)
    adjustment_entry_id = Column(Integer, ForeignKey("ledger_entries.id"), nullable=True)


class PaymentPlan(Base):
    __tablename__ = "plans"
    __table_args__ = (
        CheckConstraint(_one_of("kind", PLAN_KINDS), name="kind"),
        CheckConstraint(_one_of("status", PLAN_STATUSES), name="status"),
    )

    id = Column(Integer, primary_key=True, autoincrement=True)
    account_id = Column(String(64), ForeignKey("accounts.id"), nullable=False, index=True)
    option_id = Column(String(32), nullable=False)
    kind = Column(String(16), nullable=False)
    frequency = Column(String(16), nullable=True)
    currency = Column(String(3), nullable=False)
    balance_minor = Column(BigInteger, nullable=False)  # owed when the plan was accepted
    total_minor = Column(BigInteger, nullable=False)
    discount_minor = Column(BigInteger, nullable=False, default=0)
    interest_minor = Column(BigInteger, nullable=False, default=0)
    status = Column(String(16), nullable=False, default="active")
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    ended_at = Column(DateTime(timezone=True), nullable=True)

    installments = relationship(
        "PlanInstallment", order_by="PlanInstallment.seq", back_populates="plan"
    )


class PlanInstallment(Base):
    __tablename__ = "plan_installments"
    __table_args__ = (
        CheckConstraint(_one_of("status", INSTALLMENT_STATUSES), name="status"),
        CheckConstraint("amount_minor > 0", name="amount_positive"),
        CheckConstraint("paid_minor >= 0 AND paid_minor <= amount_minor", name="paid_range"),
        UniqueConstraint("plan_id", "seq", name="uq_plan_installments_plan_id_seq"),
    )

    id = Column(Integer, primary_key=True, autoincrement=True)
    plan_id = Column(Integer, ForeignKey("plans.id"), nullable=False, index=True)
    seq = Column(Integer, nullable=False)
    due = Column(Date, nullable=False)
    amount_minor = Column(BigInteger, nullable=False)
    paid_minor = Column(BigInteger, nullable=False, default=0)
    status = Column(String(16), nullable=False, default="due")

    plan = relationship("PaymentPlan", back_populates="installments")


class Promise(Base):
    __tablename__ = "promises"
    __table_args__ = (
        CheckConstraint(_one_of("status", PROMISE_STATUSES), name="status"),
        CheckConstraint(_one_of("channel", CHANNELS), name="channel"),
        CheckConstraint("amount_minor > 0", name="amount_positive"),
    )

    id = Column(Integer, primary_key=True, autoincrement=True)
    account_id = Column(String(64), ForeignKey("accounts.id"), nullable=False, index=True)
    due = Column(Date, nullable=False)
    amount_minor = Column(BigInteger, nullable=False)
    currency = Column(String(3), nullable=False)
    reminder_consent = Column(Boolean, nullable=False)
    channel = Column(String(16), nullable=False)
    status = Column(String(16), nullable=False, default="pending")
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    kept_by_payment_id = Column(Integer, nullable=True)


class IdempotencyRecord(Base):
    """The first answer to a write, replayed when the same key comes again.

    `scope` separates client keys ("api") from the wallet's event ids ("wallet-event").
    """

    __tablename__ = "idempotency_keys"

    scope = Column(String(16), primary_key=True)
    key = Column(String(200), primary_key=True)
    fingerprint = Column(String(64), nullable=False)
    status_code = Column(Integer, nullable=False)
    response = Column(JSON, nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class AuditRecord(Base):
    """Append-only, hash-chained log of every ledger write (see bot.ledger.audit).

    Ids are assigned by the writer (last id + 1) rather than a sequence, so a rolled-back
    transaction never leaves a gap that would read as a deleted row.
    """

    __tablename__ = "audit_log"

    id = Column(Integer, primary_key=True, autoincrement=False)
    at = Column(DateTime(timezone=True), nullable=False)
    actor = Column(String(100), nullable=False)
    action = Column(String(64), nullable=False)
    subject = Column(String(100), nullable=False)
    data = Column(JSON, nullable=False)
    prev_hash = Column(String(64), nullable=False)
    hash = Column(String(64), nullable=False)


@event.listens_for(AuditRecord, "before_update")
def _audit_is_append_only(_mapper: Any, _conn: Any, target: AuditRecord) -> None:
    raise ValueError(f"audit row {target.id} is append-only")


@event.listens_for(AuditRecord, "before_delete")
def _audit_is_never_deleted(_mapper: Any, _conn: Any, target: AuditRecord) -> None:
    raise ValueError(f"audit row {target.id} is append-only")


__all__ = [
    "ACCOUNT_STATUSES",
    "CHANNELS",
    "DISPUTE_REASONS",
    "DISPUTE_STATUSES",
    "ENTRY_KINDS",
    "INSTALLMENT_STATUSES",
    "OPEN_DISPUTE_STATUSES",
    "PAYMENT_STATUSES",
    "PLAN_KINDS",
    "PLAN_STATUSES",
    "PROMISE_STATUSES",
    "REQUEST_PURPOSES",
    "REQUEST_STATUSES",
    "Account",
    "AuditRecord",
    "ContactPreference",
    "Debtor",
    "Dispute",
    "Entry",
    "IdempotencyRecord",
    "Payment",
    "PaymentPlan",
    "PaymentRequest",
    "PlanInstallment",
    "Promise",
    "utcnow",
]
