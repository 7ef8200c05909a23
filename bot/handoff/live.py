"""Open agent-console websockets: who is online, and live queue events for all of them."""

from __future__ import annotations

import logging
from typing import Any

from aiohttp import web

log = logging.getLogger(__name__)


class AgentHub:
    def __init__(self) -> None:
        self._sockets: dict[web.WebSocketResponse, str] = {}

    def join(self, agent: str, ws: web.WebSocketResponse) -> None:
        self._sockets[ws] = agent

    def leave(self, ws: web.WebSocketResponse) -> None:
        self._sockets.pop(ws, None)

    def online(self) -> set[str]:
        """Agents with at least one console open: they are the ones who can pick work up."""
        return {agent for ws, agent in self._sockets.items() if not ws.closed}

    async def broadcast(self, payload: dict[str, Any]) -> int:
        """Sends to every open console; a socket that fails is dropped, never the sender."""
        delivered = 0
        for ws in list(self._sockets):
            if ws.closed:
                self.leave(ws)
                continue
            try:
                await ws.send_json(payload)
                delivered += 1
            except (ConnectionError, RuntimeError) as exc:
                log.info("dropping agent socket: %s", exc)
                self.leave(ws)
        return delivered

    async def close_all(self) -> None:
        for ws in list(self._sockets):
            await ws.close()
        self._sockets.clear()
