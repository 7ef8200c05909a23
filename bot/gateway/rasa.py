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


def _clean(message: dict[str, Any]) -> dict[str, Any]:
    """Drops the REST channel's recipient_id; keeps text, buttons and any custom payload."""
    return {k: v for k, v in message.items() if k != "recipient_id"}
