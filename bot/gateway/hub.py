"""Live websocket connections per debtor, so the gateway can push messages to them."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from aiohttp import web


class Hub:
    def __init__(self) -> None:
        self._sockets: dict[str, set[web.WebSocketResponse]] = defaultdict(set)

    def join(self, debtor_id: str, ws: web.WebSocketResponse) -> None:
        self._sockets[debtor_id].add(ws)

    def leave(self, debtor_id: str, ws: web.WebSocketResponse) -> None:
        self._sockets[debtor_id].discard(ws)
        if not self._sockets[debtor_id]:
            del self._sockets[debtor_id]

    async def push(self, debtor_id: str, payload: dict[str, Any]) -> int:
        """Sends to every open socket of the debtor; returns how many got it."""
        delivered = 0
        for ws in list(self._sockets.get(debtor_id, ())):
            if ws.closed:
                self.leave(debtor_id, ws)
                continue
            await ws.send_json(payload)
            delivered += 1
        return delivered

    async def close_all(self) -> None:
        for sockets in list(self._sockets.values()):
            for ws in list(sockets):
                await ws.close()
