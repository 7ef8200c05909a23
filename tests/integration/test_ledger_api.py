"""Reading the ledger: the debtor contract, account views, auth and unknown ids.

Expected balances are summed by hand from the seed's entries (bot/ledger/seed.py).
"""

from __future__ import annotations

from typing import Any

import pytest

from bot import auth

# principal + interest + fee + payment (or waiver), per seeded account.
BALANCES = {
    "a-1001": 110000 + 12456 + 3500 - 2500,  # 123456 USD
    "a-1002": 800000 + 64000 + 36000 - 20000,  # 880000 CNY
    "a-1003": 60000 + 4800 + 1200 - 2000,  # 64000 GBP
    "a-1004": 40000 + 3575 + 1500,  # 45075 USD
    "a-1005": 1200000 + 98000 + 12000 - 60000,  # 1250000 CNY
    "a-1006": 25000 + 899 - 5000,  # 20899 GBP
    "a-1007": 89900 + 2140 + 2900 - 2900,  # 92040 USD
}
CHANNELS = {"wallet", "sms", "whatsapp", "wechat", "email", "voice"}


async def test_debtors_keep_the_public_contract(ledger: Any) -> None:
    body = await ledger.get("/debtors")
    debtors = {d["id"]: d for d in body["debtors"]}
    assert len(debtors) == 7
    assert debtors["d-1002"]["locale"] == "zh_Hans_CN"
    assert debtors["d-1003"]["timezone"] == "Europe/London"
    for debtor in debtors.values():
        for account in debtor["accounts"]:
            assert type(account["balance_minor"]) is int
            assert account["balance_minor"] == BALANCES[account["id"]]
            assert account["status"] == "delinquent"
            assert len(account["currency"]) == 3
        assert set(debtor["contact_preferences"]) == CHANNELS
        assert not any(p["opted_out"] for p in debtor["contact_preferences"].values())


async def test_one_debtor_by_id(ledger: Any) -> None:
    debtor = await ledger.get("/debtors/d-1001")
    assert debtor["id"] == "d-1001"
    assert [a["id"] for a in debtor["accounts"]] == ["a-1001"]
    assert debtor["accounts"][0]["currency"] == "USD"


async def test_account_view_itemizes_from_entries(ledger: Any) -> None:
    account = await ledger.get("/accounts/a-1001")
    assert account["balance_minor"] == 123456
    assert account["debtor_id"] == "d-1001"
    assert account["itemization"] == {
        "principal_minor": 110000,
        "interest_minor": 12456,
        "fees_minor": 3500,
        "payments_minor": -2500,
        "other_minor": 0,
    }
    assert account["next_due"] is None
    # The charges named one by one are the entries the interest and fee totals are summed from.
    assert account["charges"] == [
        {"kind": "interest", "amount_minor": 12456, "effective_on": "2025-09-30",
         "description": "Interest to 30 Sep 2025"},
        {"kind": "fee", "amount_minor": 3500, "effective_on": "2025-10-15",
         "description": "Late fee"},
    ]  # fmt: skip
    assert account["disputes"] == []
    assert account["active_plan"] is None
    assert account["promises"] == []


async def test_itemization_since_a_date_keeps_the_whole_balance(ledger: Any) -> None:
    account = await ledger.get("/accounts/a-1001?since=2025-09-01")
    # Only the interest (30 Sep) and the late fee (15 Oct) are on or after 1 Sep 2025.
    assert account["itemization"] == {
        "principal_minor": 0,
        "interest_minor": 12456,
        "fees_minor": 3500,
        "payments_minor": 0,
        "other_minor": 0,
    }
    assert account["since"] == "2025-09-01"
    assert account["balance_minor"] == 123456
    waived = await ledger.get("/accounts/a-1007?since=2025-09-20")
    assert waived["itemization"]["other_minor"] == -2900  # the fee waiver
    # Oldest first, since 20 Sep: the fee itself (2 Sep) is before it.
    assert [(c["kind"], c["amount_minor"]) for c in waived["charges"]] == [
        ("waiver", -2900),
        ("interest", 2140),
    ]


@pytest.mark.parametrize("since", ["2025-13-01", "yesterday", "2025-9-1", ""])
async def test_a_bad_since_date_is_422(ledger: Any, since: str) -> None:
    status, body = await ledger.call("GET", f"/accounts/a-1001?since={since}")
    assert status == 422
    assert "since" in body["error"]


@pytest.mark.parametrize(
    "path",
    [
        "/debtors/d-404",
        "/accounts/a-404",
        "/accounts/a-404/disputes",
        "/accounts/a-404/promises",
        "/disputes/999",
        "/disputes/DSP-NOSUCH",
        "/plans/999",
        "/plans/not-a-number",
        "/payment-requests/pr-404",
    ],
)
async def test_unknown_ids_are_404(ledger: Any, path: str) -> None:
    status, body = await ledger.call("GET", path)
    assert status == 404
    assert "error" in body


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/accounts/a-404/disputes", {"reason": "fraud", "channel": "wallet"}),
        ("POST", "/accounts/a-404/payment-requests", {"amount_minor": 100, "currency": "USD"}),
        ("POST", "/accounts/a-404/plans", {"option_id": "x"}),
        ("POST", "/accounts/a-404/plans/quote", {}),
        ("POST", "/accounts/a-404/settlement/quote", {}),
        ("POST", "/disputes/999/resolve", {"outcome": "verified"}),
        ("POST", "/plans/999/cancel", {}),
        ("PUT", "/debtors/d-404/contact-preferences/sms", {"opted_out": True}),
        ("PATCH", "/debtors/d-404/flags", {"vulnerable": True}),
    ],
)
async def test_writes_on_unknown_ids_are_404_and_write_nothing(
    ledger: Any, method: str, path: str, body: dict[str, Any]
) -> None:
    if method != "POST" or not path.endswith("quote"):
        body = {**body, "idempotency_key": ledger.key()}
    before = await ledger.counts()
    status, answer = await ledger.call(method, path, body)
    assert status == 404, answer
    assert await ledger.counts() == before


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/debtors"),
        ("GET", "/accounts/a-1001"),
        ("POST", "/accounts/a-1001/disputes"),
        ("POST", "/accounts/a-1001/plans/quote"),
        ("PUT", "/debtors/d-1001/contact-preferences/sms"),
    ],
)
async def test_the_service_token_is_required(ledger: Any, method: str, path: str) -> None:
    status, _ = await ledger.call(method, path, {}, headers={})
    assert status == 401
    forged = auth.issue("wrong-secret-0123456789-0123456789", "service", "x")
    wallet = {"Authorization": f"Bearer {forged}"}
    status, _ = await ledger.call(method, path, {}, headers=wallet)
    assert status == 401


async def test_a_body_that_is_not_json_is_400(ledger: Any) -> None:
    async with ledger.client.post(
        "/v1/ledger/accounts/a-1001/disputes", data=b"{not json", headers=ledger.headers
    ) as response:
        assert response.status == 400
