"""Payment requests and the wallet's signed payment webhook."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Any

import pytest

A1001_BALANCE = 110000 + 12456 + 3500 - 2500  # 123456 USD, from the seed entries


async def request(
    ledger: Any, amount: int, account_id: str = "a-1001", currency: str = "USD", **extra: Any
) -> Any:
    body = {"amount_minor": amount, "currency": currency, "idempotency_key": ledger.key(), **extra}
    return await ledger.post(f"/accounts/{account_id}/payment-requests", body, expect=201)


def event(request_id: str, amount: int, status: str = "settled", **extra: Any) -> dict[str, Any]:
    return {
        "event_id": f"evt-{uuid.uuid4().hex}",
        "payment_request_id": request_id,
        "amount_minor": amount,
        "currency": "USD",
        "status": status,
        "method": "wallet_balance",
        **extra,
    }


async def test_a_payment_request_is_a_wallet_bill(ledger: Any) -> None:
    bill = await request(ledger, 5000, purpose="payment")
    assert bill["amount_minor"] == 5000
    assert bill["currency"] == "USD"
    assert bill["purpose"] == "payment"
    assert bill["status"] == "open"
    assert bill["deeplink"] == f"wallet://pay?request={bill['id']}"
    assert datetime.fromisoformat(bill["expires_at"]) > datetime.now(timezone.utc)
    assert (await ledger.get(f"/payment-requests/{bill['id']}"))["id"] == bill["id"]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"amount_minor": 0}, "at least 1"),
        ({"amount_minor": -500}, "at least 1"),
        ({"amount_minor": "10.50"}, "whole number"),
        ({"amount_minor": 10.5}, "whole number"),
        ({"amount_minor": 1000.0}, "whole number"),
        ({"amount_minor": True}, "whole number"),
        ({"amount_minor": A1001_BALANCE + 1}, "more than the balance"),
        ({"currency": "GBP"}, "does not match"),
        ({"currency": "usd"}, "currency"),
        ({"currency": "XYZ"}, "currency"),
        ({"purpose": "gift"}, "purpose"),
        ({"amount": 500}, "unknown field"),
    ],
)
async def test_bad_payment_requests_are_422_and_write_nothing(
    ledger: Any, change: dict[str, Any], words: str
) -> None:
    body = {"amount_minor": 5000, "currency": "USD", "idempotency_key": ledger.key(), **change}
    before = await ledger.counts()
    status, answer = await ledger.call("POST", "/accounts/a-1001/payment-requests", body)
    assert status == 422, answer
    assert words in answer["error"]
    assert await ledger.counts() == before


async def test_the_whole_balance_may_be_requested_even_on_hold(ledger: Any) -> None:
    await ledger.post(
        "/accounts/a-1001/disputes",
        {"reason": "other", "channel": "sms", "idempotency_key": ledger.key()},
        201,
    )
    bill = await request(ledger, A1001_BALANCE)
    assert bill["amount_minor"] == 123456


@pytest.mark.parametrize(
    "signature",
    ["", "sha256=" + "0" * 64, "md5=abc", "sha256=not-hex"],
)
async def test_unsigned_or_badly_signed_webhooks_are_401(ledger: Any, signature: str) -> None:
    bill = await request(ledger, 5000)
    before = await ledger.counts()
    status, _ = await ledger.webhook(event(bill["id"], 5000), signature=signature)
    assert status == 401
    status, _ = await ledger.webhook(event(bill["id"], 5000), secret="another-secret")
    assert status == 401
    assert await ledger.counts() == before


async def test_a_settled_payment_posts_once(ledger: Any) -> None:
    bill = await request(ledger, 20000)
    paid = event(bill["id"], 20000)
    status, first = await ledger.webhook(paid)
    assert status == 200
    assert first["duplicate"] is False
    assert first["payment"]["status"] == "settled"
    assert first["account"] == {"id": "a-1001", "balance_minor": 103456, "status": "delinquent"}
    entry = await ledger.scalar(
        "SELECT amount_minor FROM ledger_entries WHERE account_id = 'a-1001' AND kind = 'payment'"
        " ORDER BY id DESC LIMIT 1"
    )
    assert entry == -20000
    assert (await ledger.get(f"/payment-requests/{bill['id']}"))["status"] == "paid"
    assert ledger.events == [
        (
            "payment_posted",
            {
                "debtor_id": "d-1001",
                "account_id": "a-1001",
                "payment_id": first["payment"]["id"],
                "amount_minor": 20000,
                "currency": "USD",
                "balance_minor": 103456,
                "status": "delinquent",
                "payment_status": "settled",
            },
        )
    ]
    before = await ledger.counts()
    status, again = await ledger.webhook(paid)
    assert status == 200
    assert again["duplicate"] is True
    assert again["payment"] == first["payment"]
    assert await ledger.counts() == before
    assert len(ledger.events) == 1  # a redelivery is not announced twice
    assert await ledger.balance("a-1001") == 103456


async def test_an_event_id_reused_with_another_body_is_409(ledger: Any) -> None:
    bill = await request(ledger, 20000)
    paid = event(bill["id"], 20000)
    assert (await ledger.webhook(paid))[0] == 200
    before = await ledger.counts()
    status, _ = await ledger.webhook({**paid, "amount_minor": 20001})
    assert status == 409
    assert await ledger.counts() == before


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"currency": "GBP"}, 422),
        ({"amount_minor": 0}, 422),
        ({"amount_minor": -20000}, 422),
        ({"amount_minor": "200.00"}, 422),
        ({"status": "pending"}, 422),
        ({"event_id": ""}, 422),
        ({"method": None}, 422),
        ({"payment_request_id": "pr-unknown"}, 404),
    ],
)
async def test_bad_webhook_events_write_nothing(
    ledger: Any, change: dict[str, Any], expected: int
) -> None:
    bill = await request(ledger, 20000)
    before = await ledger.counts()
    status, answer = await ledger.webhook({**event(bill["id"], 20000), **change})
    assert status == expected, answer
    assert await ledger.counts() == before


async def test_a_failed_payment_changes_no_balance(ledger: Any) -> None:
    bill = await request(ledger, 20000)
    status, answer = await ledger.webhook(event(bill["id"], 20000, "failed"))
    assert status == 200
    assert answer["payment"]["status"] == "failed"
    assert answer["account"]["balance_minor"] == 123456
    assert (await ledger.get(f"/payment-requests/{bill['id']}"))["status"] == "open"
    assert [name for name, _ in ledger.events] == ["payment_failed"]


async def test_paying_everything_settles_and_a_reversal_undoes_it(ledger: Any) -> None:
    bill = await request(ledger, A1001_BALANCE)
    status, paid = await ledger.webhook(event(bill["id"], A1001_BALANCE))
    assert paid["account"] == {"id": "a-1001", "balance_minor": 0, "status": "settled"}
    status, reversed_ = await ledger.webhook(event(bill["id"], A1001_BALANCE, "reversed"))
    assert status == 200
    assert reversed_["payment"]["id"] == paid["payment"]["id"]
    assert reversed_["payment"]["status"] == "reversed"
    assert reversed_["account"] == {"id": "a-1001", "balance_minor": 123456, "status": "delinquent"}
    kinds = await ledger.scalar(
        "SELECT COUNT(*) FROM ledger_entries WHERE account_id = 'a-1001' AND kind = 'reversal'"
        " AND amount_minor = 123456"
    )
    assert kinds == 1
    assert (await ledger.get(f"/payment-requests/{bill['id']}"))["status"] == "open"
    before = await ledger.counts()
    status, answer = await ledger.webhook(event(bill["id"], A1001_BALANCE, "reversed"))
    assert status == 409
    assert "no settled payment" in answer["error"]
    assert await ledger.counts() == before
    assert [name for name, _ in ledger.events] == ["payment_posted", "payment_reversed"]


async def test_a_reversal_must_match_the_payment(ledger: Any) -> None:
    bill = await request(ledger, 20000)
    await ledger.webhook(event(bill["id"], 20000))
    status, answer = await ledger.webhook(event(bill["id"], 19999, "reversed"))
    assert status == 422
    assert "does not match" in answer["error"]
    assert await ledger.balance("a-1001") == 103456


async def test_a_payment_keeps_a_promise_and_its_reversal_reopens_it(ledger: Any) -> None:
    today = (await ledger.post("/accounts/a-1001/plans/quote", {}, 200))["today"]
    promise = await ledger.post(
        "/accounts/a-1001/promises",
        {
            "date": today,
            "amount_minor": 15000,
            "currency": "USD",
            "reminder_consent": True,
            "channel": "sms",
            "idempotency_key": ledger.key(),
        },
        201,
    )
    small = await request(ledger, 14999)
    await ledger.webhook(event(small["id"], 14999))
    assert (await ledger.get("/accounts/a-1001/promises"))["promises"][0]["status"] == "pending"
    enough = await request(ledger, 15000)
    await ledger.webhook(event(enough["id"], 15000))
    [kept] = (await ledger.get("/accounts/a-1001/promises"))["promises"]
    assert (kept["id"], kept["status"]) == (promise["id"], "kept")
    await ledger.webhook(event(enough["id"], 15000, "reversed"))
    [reopened] = (await ledger.get("/accounts/a-1001/promises"))["promises"]
    assert reopened["status"] == "pending"
    assert await ledger.balance("a-1001") == 123456 - 14999


async def test_a_failing_subscriber_does_not_break_the_payment(ledger: Any) -> None:
    async def broken(_payload: Any) -> None:
        raise RuntimeError("chat push failed")

    ledger.client.server.app["events"].subscribe("payment_posted", broken)
    bill = await request(ledger, 1000)
    status, answer = await ledger.webhook(event(bill["id"], 1000))
    assert status == 200
    assert answer["account"]["balance_minor"] == 123456 - 1000
