"""The ledger API as the action server sees it (aiohttp client)."""

from __future__ import annotations

from datetime import date, datetime
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
            try:
                body = await response.json(content_type=None)
            except ValueError:  # e.g. a plain-text 404 from a route that does not exist
                body = {"error": (await response.text())[:200]}
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

    async def _object(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        result: dict[str, Any] = await self._request(method, path, **kwargs)
        return result

    async def account(self, account_id: str, since: date | None = None) -> dict[str, Any]:
        """Account view: itemization (since a date if given), next_due, open disputes,
        active_plan, pending promises."""
        params = {} if since is None else {"since": since.isoformat()}
        return await self._object("GET", f"/accounts/{account_id}", params=params)

    async def open_dispute(
        self, account_id: str, reason: str, details: str, channel: str, key: str
    ) -> dict[str, Any]:
        body = {"reason": reason, "details": details, "channel": channel, "idempotency_key": key}
        return await self._object("POST", f"/accounts/{account_id}/disputes", json=body)

    async def disputes(self, account_id: str) -> list[dict[str, Any]]:
        """Every dispute on the account, oldest first (open and closed)."""
        result = await self._object("GET", f"/accounts/{account_id}/disputes")
        return list(result["disputes"])

    async def dispute(self, dispute_id: str) -> dict[str, Any]:
        """By numeric id or reference (DSP-XXXXXX)."""
        return await self._object("GET", f"/disputes/{dispute_id}")

    async def resolve_dispute(
        self, dispute_id: str, outcome: str, note: str, key: str
    ) -> dict[str, Any]:
        body = {"outcome": outcome, "note": note, "idempotency_key": key}
        return await self._object("POST", f"/disputes/{dispute_id}/resolve", json=body)

    async def quote_plans(self, account_id: str, **answers: Any) -> dict[str, Any]:
        """answers: frequency, affordable_per_period_minor, income_monthly_minor,
        essentials_monthly_minor (all optional; None values are left out)."""
        body = {k: v for k, v in answers.items() if v is not None}
        return await self._object("POST", f"/accounts/{account_id}/plans/quote", json=body)

    async def accept_plan(
        self,
        account_id: str,
        option_id: str,
        key: str,
        replaces: str | None = None,
        **answers: Any,
    ) -> dict[str, Any]:
        """Pass the same answers as the quote that offered the option: the server re-runs
        it. `replaces` is the active plan this one takes over from (409 if that is no
        longer the active plan). The answer has `payment_request` for lump sums and for a
        first installment due today."""
        body = {k: v for k, v in answers.items() if v is not None}
        body.update({"option_id": option_id, "idempotency_key": key})
        if replaces is not None:
            body["replaces"] = replaces
        return await self._object("POST", f"/accounts/{account_id}/plans", json=body)

    async def plan(self, plan_id: int | str) -> dict[str, Any]:
        return await self._object("GET", f"/plans/{plan_id}")

    async def cancel_plan(self, plan_id: int | str, key: str) -> dict[str, Any]:
        body = {"idempotency_key": key}
        return await self._object("POST", f"/plans/{plan_id}/cancel", json=body)

    async def settlement_quote(self, account_id: str) -> dict[str, Any] | None:
        """The settlement offer (a plan dict with option_id), or None when none applies."""
        result = await self._object("POST", f"/accounts/{account_id}/settlement/quote", json={})
        offer: dict[str, Any] | None = result["offer"]
        return offer

    async def payment_request(
        self, account_id: str, amount_minor: int, currency: str, purpose: str, key: str
    ) -> dict[str, Any]:
        body = {
            "amount_minor": amount_minor,
            "currency": currency,
            "purpose": purpose,
            "idempotency_key": key,
        }
        return await self._object("POST", f"/accounts/{account_id}/payment-requests", json=body)

    async def promise(
        self,
        account_id: str,
        date: date,
        amount_minor: int,
        currency: str,
        reminder_consent: bool,
        channel: str,
        key: str,
        replaces: int | None = None,
    ) -> dict[str, Any]:
        """A promise; `replaces` is the pending promise it takes over from (409 otherwise)."""
        body: dict[str, Any] = {
            "date": date.isoformat(),
            "amount_minor": amount_minor,
            "currency": currency,
            "reminder_consent": reminder_consent,
            "channel": channel,
            "idempotency_key": key,
        }
        if replaces is not None:
            body["replaces"] = replaces
        return await self._object("POST", f"/accounts/{account_id}/promises", json=body)

    async def promises(self, account_id: str) -> list[dict[str, Any]]:
        result = await self._object("GET", f"/accounts/{account_id}/promises")
        return list(result["promises"])

    async def set_contact_preference(
        self, debtor_id: str, channel: str, opted_out: bool, key: str
    ) -> dict[str, Any]:
        body = {"opted_out": opted_out, "idempotency_key": key}
        path = f"/debtors/{debtor_id}/contact-preferences/{channel}"
        return await self._object("PUT", path, json=body)

    async def set_flags(self, debtor_id: str, key: str, **flags: Any) -> dict[str, Any]:
        """flags: crisis_until / breathing_space_until (aware datetime, ISO string or None
        to clear), vulnerable (bool)."""
        body: dict[str, Any] = {
            name: value.isoformat() if isinstance(value, datetime) else value
            for name, value in flags.items()
        }
        body["idempotency_key"] = key
        return await self._object("PATCH", f"/debtors/{debtor_id}/flags", json=body)

    async def verify_identity(
        self, debtor_id: str, date_of_birth: str, last4: str
    ) -> dict[str, Any]:
        """{verified, locked, locked_until}: the ledger counts failures and locks after three."""
        body = {"date_of_birth": date_of_birth, "last4": last4}
        return await self._object("POST", f"/debtors/{debtor_id}/verify", json=body)

    async def verify_code(self, debtor_id: str, code: str) -> dict[str, Any]:
        """The same check with the one-time code the wallet app shows instead."""
        return await self._object("POST", f"/debtors/{debtor_id}/verify", json={"code": code})
