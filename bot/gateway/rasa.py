"""The Rasa server as the gateway sees it: REST channel and HTTP API on loopback."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp


class RasaError(Exception):
    pass


class RasaClient:
    def __init__(self, base_url: str, token: str, timeout_s: float = 30.0) -> None:
        self._base = base_url.rstrip("/")
        self._token = token
        self._timeout = aiohttp.ClientTimeout(total=timeout_s)
        self._session: aiohttp.ClientSession | None = None

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    async def send(self, sender: str, text: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
        """One debtor message through the REST channel; returns the bot's messages."""
        body = {"sender": sender, "message": text, "metadata": metadata}
        try:
            async with self._http().post(
                f"{self._base}/webhooks/rest/webhook", json=body
            ) as response:
                if response.status != 200:
                    raise RasaError(f"rasa answered {response.status}")
                messages = await response.json()
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            raise RasaError(f"rasa unreachable: {exc}") from exc
        return [_clean(m) for m in messages]

    async def status(self) -> dict[str, Any]:
        """The loaded model, or RasaError when the server is down or has no model."""
        try:
            async with self._http().get(
                f"{self._base}/status",
                params={"token": self._token},
                timeout=aiohttp.ClientTimeout(total=3),
            ) as response:
                if response.status != 200:
                    raise RasaError(f"rasa answered {response.status}")
                body: dict[str, Any] = await response.json()
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            raise RasaError(f"rasa unreachable: {exc}") from exc
        if not body.get("model_id"):
            raise RasaError("rasa has no model loaded")
        return body

    # --- handoff: NLU only, and the tracker events API (pause/resume, context for agents) ---
    # Short timeouts: these sit in front of a crisis reply, which must not wait on Rasa.

    async def _api(self, method: str, path: str, body: Any = None, timeout_s: float = 5.0) -> Any:
        try:
            async with self._http().request(
                method,
                f"{self._base}{path}",
                params={"token": self._token},
                json=body,
                timeout=aiohttp.ClientTimeout(total=timeout_s),
            ) as response:
                if response.status != 200:
                    raise RasaError(f"rasa answered {response.status} to {method} {path}")
                return await response.json()
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            raise RasaError(f"rasa unreachable: {exc!r}") from exc

    async def parse(self, text: str) -> dict[str, Any]:
        """NLU only (`POST /model/parse`): intent and confidence, no dialogue, no tracker."""
        result: dict[str, Any] = await self._api("POST", "/model/parse", {"text": text})
        return result

    async def tracker(self, sender: str) -> dict[str, Any]:
        """The conversation's tracker (slots, events) as Rasa holds it."""
        result: dict[str, Any] = await self._api(
            "GET", f"/conversations/{sender}/tracker", timeout_s=3.0
        )
        return result

    async def append_events(self, sender: str, events: list[dict[str, Any]]) -> None:
        """Appends events (pause, resume, bot, slot…) to the tracker without running actions."""
        await self._api("POST", f"/conversations/{sender}/tracker/events", events)


def _clean(message: dict[str, Any]) -> dict[str, Any]:
    """Drops the REST channel's recipient_id; keeps text, buttons and any custom payload."""
    return {k: v for k, v in message.items() if k != "recipient_id"}
