"""The wallet backend's payment webhook: signature check and event parsing (pure)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from typing import Any

from bot.ledger import validation
from bot.ledger.errors import Invalid
from bot.ledger.payments import WalletEvent

SIGNATURE_HEADER = "X-Settle-Signature"
EVENT_STATUSES = ("settled", "failed", "reversed")
_PREFIX = "sha256="


def sign(secret: str, raw_body: bytes) -> str:
    """The header value the wallet sends: HMAC-SHA256 of the exact bytes, in hex."""
    return _PREFIX + hmac.new(secret.encode(), raw_body, hashlib.sha256).hexdigest()


def signature_ok(secret: str, raw_body: bytes, header: str | None) -> bool:
    if not header or not header.startswith(_PREFIX):
        return False
    # compare_digest: how long the comparison takes says nothing about the right value.
    return hmac.compare_digest(sign(secret, raw_body).encode(), header.strip().encode())


def parse_event(body: Mapping[str, Any]) -> WalletEvent:
    """Fields we do not know are ignored: the wallet may add some without warning us."""
    return WalletEvent(
        event_id=validation.text(body, "event_id", min_len=1, max_len=150),
        payment_request_id=validation.text(body, "payment_request_id", min_len=1, max_len=64),
        amount_minor=validation.integer(body, "amount_minor", minimum=1),
        currency=_currency(body),
        status=validation.choice(body, "status", EVENT_STATUSES),
        method=validation.text(body, "method", min_len=1, max_len=50),
    )


def _currency(body: Mapping[str, Any]) -> str:
    value = body.get("currency")
    if not isinstance(value, str) or len(value) != 3 or not value.isalpha() or not value.isupper():
        raise Invalid(f"currency must be an ISO 4217 code such as USD, got {value!r}")
    return value


def event_fields(event: WalletEvent) -> dict[str, Any]:
    return {
        "event_id": event.event_id,
        "payment_request_id": event.payment_request_id,
        "amount_minor": event.amount_minor,
        "currency": event.currency,
        "status": event.status,
        "method": event.method,
    }


__all__ = [
    "EVENT_STATUSES",
    "SIGNATURE_HEADER",
    "event_fields",
    "parse_event",
    "sign",
    "signature_ok",
]
