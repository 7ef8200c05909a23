"""A tiny in-process publish/subscribe for things that happened (e.g. "payment_posted").

Publishers call `publish` after their transaction committed; subscribers are async
callbacks. A failing subscriber is logged and skipped: it must never undo or break the
write that published the event, nor keep other subscribers from hearing it.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

log = logging.getLogger(__name__)

Payload = Mapping[str, Any]
Callback = Callable[[Payload], Awaitable[None]]


class Events:
    def __init__(self) -> None:
        self._subscribers: defaultdict[str, list[Callback]] = defaultdict(list)

    def subscribe(self, name: str, callback: Callback) -> None:
        self._subscribers[name].append(callback)

    def unsubscribe(self, name: str, callback: Callback) -> None:
        if callback in self._subscribers.get(name, []):
            self._subscribers[name].remove(callback)

    async def publish(self, name: str, payload: Payload) -> None:
        """Call each subscriber in turn (in subscription order); errors are logged only."""
        for callback in list(self._subscribers.get(name, [])):
            try:
                await callback(payload)
            except Exception:  # a subscriber's bug must not reach the publisher
                log.exception("subscriber %r of event %r failed", callback, name)


__all__ = ["Callback", "Events", "Payload"]
