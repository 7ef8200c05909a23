"""The ledger API as the action server sees it (aiohttp client)."""

from __future__ import annotations

from types import TracebackType
from typing import Any

import aiohttp


class LedgerError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"ledger answered {status}: {message}")
        self.status = status
        self.message = message


class LedgerClient:
    def __init__(self, base_url: str, token: str, timeout_s: float = 10.0) -> None:
        self._base = base_url.rstrip("/") + "/v1/ledger"
        self._session = aiohttp.ClientSession(
            headers={"Authorization": f"Bearer {token}"},
            timeout=aiohttp.ClientTimeout(total=timeout_s),
        )

    async def __aenter__(self) -> LedgerClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        await self._session.close()

    async def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        async with self._session.request(method, self._base + path, **kwargs) as response:
            body = await response.json(content_type=None)
            if response.status >= 400:
                message = body.get("error", "") if isinstance(body, dict) else str(body)
                raise LedgerError(response.status, message)
            return body

    async def debtor(self, debtor_id: str) -> dict[str, Any]:
        result: dict[str, Any] = await self._request("GET", f"/debtors/{debtor_id}")
        return result

    async def debtors(self) -> list[dict[str, Any]]:
        result: dict[str, Any] = await self._request("GET", "/debtors")
        return list(result["debtors"])
