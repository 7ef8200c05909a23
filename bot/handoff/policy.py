"""Handoff reasons, priorities, SLA timers, wait estimates and opening hours (pure)."""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from types import MappingProxyType
from typing import Literal, Protocol, TypeGuard, TypeVar, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.signals import PRIORITY as SIGNAL_PRIORITY
from bot.signals import Screening

Reason = Literal["crisis", "distress", "vulnerability", "complaint", "request", "fallback", "error"]
REASONS: tuple[Reason, ...] = get_args(Reason)

Status = Literal["open", "claimed", "resolved", "closed"]
STATUSES: tuple[Status, ...] = get_args(Status)
ACTIVE_STATUSES: tuple[Status, ...] = ("open", "claimed")

# The signal kinds keep the detector's urgency; a technical `error` ranks with a request:
# somebody needs help the assistant could not give, but nobody signalled harm.
_PRIORITY: dict[Reason, int] = {"error": 4}
_PRIORITY.update((kind, rank) for kind, rank in SIGNAL_PRIORITY.items())
PRIORITY: Mapping[Reason, int] = MappingProxyType(_PRIORITY)

DEFAULT_SLA_SECONDS: Mapping[Reason, int] = MappingProxyType(
    {
        "crisis": 2 * 60,
        "distress": 15 * 60,
        "vulnerability": 15 * 60,
        "complaint": 15 * 60,
        "request": 60 * 60,
        "fallback": 60 * 60,
        "error": 60 * 60,
    }
)
# Below this share of the first-response window left, the console turns the row amber.
AMBER_SHARE = 0.5

Colour = Literal["green", "amber", "red"]


def is_reason(value: object) -> TypeGuard[Reason]:
    return isinstance(value, str) and value in PRIORITY


def reason_for(screening: Screening) -> Reason | None:
    """The handoff reason for a screening: its most urgent kind (the kinds are reasons)."""
    top = screening.top
    return top if top is not None and is_reason(top) else None


def more_urgent(new: Reason, current: Reason) -> bool:
    """Whether `new` should replace `current` on an open handoff. Crisis always wins."""
    if new == "crisis":
        return current != "crisis"
    return PRIORITY[new] < PRIORITY[current]


class Queued(Protocol):
    @property
    def priority(self) -> int: ...

    @property
    def created_at(self) -> datetime: ...


Q = TypeVar("Q", bound=Queued)


def queue_order(items: Iterable[Q]) -> list[Q]:
    """Most urgent first; within a priority, whoever has waited longest."""
    return sorted(items, key=lambda item: (item.priority, item.created_at))


def ahead_of(mine: Queued, waiting: Iterable[Queued]) -> int:
    """How many waiting handoffs an agent would take before this one."""
    mine_key = (mine.priority, mine.created_at)
    return sum(1 for other in waiting if (other.priority, other.created_at) < mine_key)


# A queued debtor who writes again after this long without hearing from us is told the
# message is saved and how long the wait is now; a burst of messages gets one such reply.
WAIT_UPDATE_GAP = timedelta(minutes=5)


def wants_wait_update(state: str, last_heard: datetime | None, now: datetime) -> bool:
    """Whether a message in this state deserves 'still waiting' (nobody else answers it)."""
    return state == "queued" and (last_heard is None or now - last_heard >= WAIT_UPDATE_GAP)


def estimate_wait_minutes(ahead: int, agents_online: int, handle_minutes: float) -> int | None:
    """Rough minutes until an agent picks this one up; None when nobody is there to."""
    if agents_online <= 0:
        return None
    return max(1, math.ceil((ahead + 1) * handle_minutes / agents_online))


@dataclass(frozen=True)
class SlaStatus:
    due_at: datetime
    seconds_total: int
    seconds_left: int | None  # None once the first response was sent
    colour: Colour
    met: bool | None  # None while still waiting for the first response


def sla_status(
    now: datetime, due_at: datetime, seconds_total: int, responded_at: datetime | None
) -> SlaStatus:
    """Where a handoff stands against its first-response deadline."""
    if responded_at is not None:
        met = responded_at <= due_at
        return SlaStatus(due_at, seconds_total, None, "green" if met else "red", met)
    left = math.floor((due_at - now).total_seconds())
    if left <= 0:
        colour: Colour = "red"
    elif left <= seconds_total * AMBER_SHARE:
        colour = "amber"
    else:
        colour = "green"
    return SlaStatus(due_at, seconds_total, left, colour, None)


def first_response_due(
    now: datetime, reason: Reason, sla_seconds: Mapping[Reason, int], current: datetime | None
) -> datetime:
    """The deadline for a (possibly escalated) handoff: never later than it already was."""
    due = now + timedelta(seconds=sla_seconds[reason])
    return due if current is None else min(current, due)


_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_HOURS_RE = re.compile(
    r"^(?P<d1>[A-Za-z]{3})(?:-(?P<d2>[A-Za-z]{3}))?\s+(?P<h1>\d{2}:\d{2})-(?P<h2>\d{2}:\d{2})"
    r"(?:\s+(?P<tz>\S+))?$"
)


class HoursError(ValueError):
    pass


@dataclass(frozen=True)
class OpeningHours:
    """When agents work, e.g. `mon-fri 08:00-20:00 Europe/London`; `always` means 24/7."""

    days: frozenset[int] = frozenset(range(7))
    start: time = time(0, 0)
    end: time = time(0, 0)  # equal to start: all day
    tz: str = "UTC"

    @classmethod
    def parse(cls, spec: str) -> OpeningHours:
        spec = spec.strip()
        if spec.lower() in ("", "always", "24/7"):
            return cls()
        m = _HOURS_RE.match(spec)
        d1, d2 = (m["d1"].lower(), (m["d2"] or m["d1"]).lower()) if m else ("", "")
        if m is None or d1 not in _DAYS or d2 not in _DAYS:
            raise HoursError(f"opening hours must look like 'mon-fri 08:00-20:00 UTC': {spec!r}")
        first, last = _DAYS.index(d1), _DAYS.index(d2)
        days = frozenset((first + i) % 7 for i in range((last - first) % 7 + 1))
        tz = m["tz"] or "UTC"
        try:
            ZoneInfo(tz)
            start, end = time.fromisoformat(m["h1"]), time.fromisoformat(m["h2"])
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise HoursError(f"bad opening hours {spec!r}: {exc}") from exc
        return cls(days, start, end, tz)

    def is_open(self, now: datetime) -> bool:
        local = now.astimezone(ZoneInfo(self.tz))
        if local.weekday() not in self.days:
            return False
        if self.start == self.end:
            return True
        moment = local.time()
        if self.start < self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end  # a night shift past midnight


def _sla_overrides(raw: str) -> dict[Reason, int]:
    """`crisis=120,complaint=600` → per-reason seconds."""
    out: dict[Reason, int] = {}
    for part in filter(None, (p.strip() for p in raw.split(","))):
        name, _, seconds = part.partition("=")
        name = name.strip()
        if not is_reason(name) or not seconds.strip().isdigit() or int(seconds) <= 0:
            raise ValueError(f"SETTLE_HANDOFF_SLA: expected reason=seconds, got {part!r}")
        out[name] = int(seconds)
    return out


@dataclass(frozen=True)
class HandoffSettings:
    crisis_hold_days: int = 30
    sla_seconds: Mapping[Reason, int] = field(default_factory=lambda: DEFAULT_SLA_SECONDS)
    hours: OpeningHours = field(default_factory=OpeningHours)
    handle_minutes: float = 8.0  # average time an agent spends per handoff, for wait estimates

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> HandoffSettings:
        env = os.environ if environ is None else environ
        try:
            days = int(env.get("SETTLE_CRISIS_HOLD_DAYS") or 30)
            handle = float(env.get("SETTLE_HANDLE_MINUTES") or 8)
            sla = {**DEFAULT_SLA_SECONDS, **_sla_overrides(env.get("SETTLE_HANDOFF_SLA", ""))}
            hours = OpeningHours.parse(env.get("SETTLE_AGENT_HOURS", "always"))
        except ValueError as exc:
            raise SystemExit(f"error: handoff settings: {exc}") from exc
        if days <= 0 or handle <= 0:
            raise SystemExit("error: SETTLE_CRISIS_HOLD_DAYS and SETTLE_HANDLE_MINUTES must be > 0")
        return cls(days, MappingProxyType(sla), hours, handle)
