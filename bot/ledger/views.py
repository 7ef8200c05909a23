"""JSON views of ledger rows (pure): what the API answers and the idempotency log stores.

Timestamps are ISO 8601 in UTC with an offset; dates are YYYY-MM-DD; money is an integer
number of minor units next to its currency.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from bot.ledger.models import (
    Dispute,
    Payment,
    PaymentPlan,
    PaymentRequest,
    PlanInstallment,
    Promise,
)


def utc(value: datetime) -> datetime:
    """SQLite gives timestamps back naive; they were stored as UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


def iso(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return utc(value).astimezone(timezone.utc).isoformat()
    return value.isoformat()


def dispute_view(dispute: Dispute) -> dict[str, Any]:
    return {
        "id": dispute.id,
        "reference": dispute.reference,
        "account_id": dispute.account_id,
        "reason": dispute.reason,
        "details": dispute.details,
        "channel": dispute.channel,
        "status": dispute.status,
        "received_at": iso(dispute.received_at),
        "respond_by": iso(dispute.respond_by),
        "resolved_at": iso(dispute.resolved_at),
        "resolution_note": dispute.resolution_note,
        "adjustment_entry_id": dispute.adjustment_entry_id,
    }


def installment_view(installment: PlanInstallment) -> dict[str, Any]:
    return {
        "seq": installment.seq,
        "due": iso(installment.due),
        "amount_minor": installment.amount_minor,
        "paid_minor": installment.paid_minor,
        "status": installment.status,
    }


def plan_view(plan: PaymentPlan, installments: list[PlanInstallment]) -> dict[str, Any]:
    return {
        "id": plan.id,
        "account_id": plan.account_id,
        "option_id": plan.option_id,
        "kind": plan.kind,
        "frequency": plan.frequency,
        "currency": plan.currency,
        "balance_minor": plan.balance_minor,
        "total_minor": plan.total_minor,
        "discount_minor": plan.discount_minor,
        "interest_minor": plan.interest_minor,
        "paid_minor": sum(i.paid_minor for i in installments),
        "status": plan.status,
        "created_at": iso(plan.created_at),
        "ended_at": iso(plan.ended_at),
        "installments": [installment_view(i) for i in installments],
    }


def promise_view(promise: Promise) -> dict[str, Any]:
    return {
        "id": promise.id,
        "account_id": promise.account_id,
        "date": iso(promise.due),
        "amount_minor": promise.amount_minor,
        "currency": promise.currency,
        "reminder_consent": promise.reminder_consent,
        "channel": promise.channel,
        "status": promise.status,
        "created_at": iso(promise.created_at),
    }


def request_status(request: PaymentRequest, now: datetime) -> str:
    """Expiry is read, not swept: an open request past its time shows as expired."""
    if request.status == "open" and utc(request.expires_at) <= now:
        return "expired"
    return str(request.status)


def payment_request_view(request: PaymentRequest, now: datetime) -> dict[str, Any]:
    return {
        "id": request.id,
        "account_id": request.account_id,
        "plan_id": request.plan_id,
        "amount_minor": request.amount_minor,
        "currency": request.currency,
        "purpose": request.purpose,
        "expires_at": iso(request.expires_at),
        "deeplink": request.deeplink,
        "status": request_status(request, now),
        "created_at": iso(request.created_at),
    }


def payment_view(payment: Payment) -> dict[str, Any]:
    return {
        "id": payment.id,
        "account_id": payment.account_id,
        "payment_request_id": payment.payment_request_id,
        "event_id": payment.external_event_id,
        "amount_minor": payment.amount_minor,
        "currency": payment.currency,
        "method": payment.method,
        "status": payment.status,
        "created_at": iso(payment.created_at),
        "settled_at": iso(payment.settled_at),
        "reversed_at": iso(payment.reversed_at),
    }


__all__ = [
    "dispute_view",
    "installment_view",
    "iso",
    "payment_request_view",
    "payment_view",
    "plan_view",
    "promise_view",
    "request_status",
    "utc",
]
