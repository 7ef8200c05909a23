"""Failed agent logins, per name and address: five in 15 minutes lock that pair for 15.

In memory, per gateway process: enough to make guessing a password slow without letting
anyone lock an agent out from elsewhere. (Debtor identity checks are counted in the
ledger instead, because they must survive restarts and span channels.)
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.compliance.identity import Attempt, locked_until

MAX_FAILURES = 5
LOCK = timedelta(minutes=15)


class LoginThrottle:
    def __init__(self) -> None:
        self._failures: dict[tuple[str, str], list[Attempt]] = {}

    def locked_until(self, name: str, address: str, now: datetime) -> datetime | None:
        return locked_until(self._failures.get(_key(name, address), []), now, MAX_FAILURES, LOCK)

    def failed(self, name: str, address: str, now: datetime) -> None:
        # Only failures that can still count are kept, for every pair: memory stays bounded
        # even when someone sprays names.
        self._failures = {
            key: recent
            for key, attempts in self._failures.items()
            if (recent := [a for a in attempts if now - a.at < LOCK])
        }
        self._failures.setdefault(_key(name, address), []).append(Attempt(now, ok=False))

    def succeeded(self, name: str, address: str) -> None:
        self._failures.pop(_key(name, address), None)


def _key(name: str, address: str) -> tuple[str, str]:
    return name.strip().lower(), address
