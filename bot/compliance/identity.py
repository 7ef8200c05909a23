"""Identity checks: three failures lock verification for 30 minutes (pure).

Two ways to prove who you are on a channel without the wallet's token: date of birth and
an account's last 4 digits, or the one-time code the wallet app shows (10 minutes, once).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

MAX_FAILURES = 3
LOCK = timedelta(minutes=30)
CODE_TTL = timedelta(minutes=10)


@dataclass(frozen=True)
class Attempt:
    at: datetime
    ok: bool


def locked_until(
    attempts: Sequence[Attempt],
    now: datetime,
    max_failures: int = MAX_FAILURES,
    lock: timedelta = LOCK,
) -> datetime | None:
    """When checks unlock, if they are locked now.

    Counts failures since the last success; the `max_failures`-th within the lock window
    locks until `lock` after it (a debtor's identity: 3 and 30 minutes).
    """
    failures: list[datetime] = []
    for attempt in sorted(attempts, key=lambda a: a.at):
        failures = [] if attempt.ok else [*failures, attempt.at]
    recent = [at for at in failures if now - at < lock]
    if len(recent) >= max_failures:
        until = recent[-1] + lock
        return until if until > now else None
    return None


def matches(
    date_of_birth: date | None, last4s: Sequence[str], given_dob: date, given_last4: str
) -> bool:
    """Both facts must match: the date of birth and one of the debtor's account numbers."""
    return date_of_birth is not None and date_of_birth == given_dob and given_last4 in last4s


def code_digest(secret: str, debtor_id: str, code: str) -> str:
    """What the ledger stores instead of the code: a leaked table gives no usable codes."""
    message = f"{debtor_id}:{code}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class IssuedCode:
    digest: str
    expires_at: datetime
    used: bool


def code_is_live(code: IssuedCode | None, now: datetime) -> bool:
    """Unused and unexpired. Only a debtor's newest code is passed here: issuing one
    retires the older."""
    return code is not None and not code.used and now < code.expires_at


def code_matches(code: IssuedCode, given_digest: str) -> bool:
    return hmac.compare_digest(code.digest, given_digest)
