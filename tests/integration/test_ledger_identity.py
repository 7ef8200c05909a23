"""Identity checks in the ledger: birth date + last 4, one-time wallet codes, the lock.

d-1001 was born 1988-03-12 and holds account …4821 (bot/ledger/seed.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import update

from bot import auth
from bot.ledger.identity import IdentityCode
from tests.integration.conftest import SECRET

RIGHT = {"date_of_birth": "1988-03-12", "last4": "4821"}
WRONG = {"date_of_birth": "1970-01-01", "last4": "0000"}


async def verify(ledger: Any, body: dict[str, Any], debtor: str = "d-1001") -> dict[str, Any]:
    answer: dict[str, Any] = await ledger.post(f"/debtors/{debtor}/verify", body, expect=200)
    return answer


async def issue_code(ledger: Any, debtor: str = "d-1001", *, verified: bool = True) -> Any:
    token = auth.issue(SECRET, "wallet", debtor, verified=verified)
    async with ledger.client.post(
        "/v1/identity/codes", headers={"Authorization": f"Bearer {token}"}
    ) as response:
        return response.status, await response.json()


def other(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


async def test_birth_date_and_last4_verify(ledger: Any) -> None:
    assert await verify(ledger, RIGHT) == {"verified": True, "locked": False, "locked_until": None}
    assert (await verify(ledger, {**RIGHT, "last4": "4822"}))["verified"] is False


async def test_three_failures_lock_even_the_right_answers(ledger: Any) -> None:
    for _ in range(2):
        assert (await verify(ledger, WRONG))["locked"] is False
    third = await verify(ledger, WRONG)
    assert third["locked"] is True
    until = datetime.fromisoformat(third["locked_until"])
    assert timedelta(minutes=29) < until - datetime.now(timezone.utc) <= timedelta(minutes=30)
    assert (await verify(ledger, RIGHT))["verified"] is False


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"date_of_birth": "12/03/1988", "last4": "4821"},
        {"date_of_birth": "1988-03-12", "last4": "482"},
        {"code": "12345"},
        {"code": 123456},
        {"code": "12a456"},
    ],
)
async def test_malformed_facts_are_refused_and_not_counted(ledger: Any, body: Any) -> None:
    await ledger.post("/debtors/d-1001/verify", body, expect=422)
    assert await ledger.count("identity_checks") == 0


async def test_the_wallet_issues_a_code_that_verifies_once(ledger: Any) -> None:
    status, issued = await issue_code(ledger)
    assert status == 201
    code = issued["code"]
    assert len(code) == 6 and code.isdigit()
    assert issued["expires_in_seconds"] == 600
    assert code not in str(await ledger.scalar("SELECT digest FROM identity_codes"))
    assert (await verify(ledger, {"code": code}))["verified"] is True
    assert (await verify(ledger, {"code": code}))["verified"] is False  # used up


async def test_a_code_is_only_good_for_its_debtor(ledger: Any) -> None:
    _, issued = await issue_code(ledger, "d-1001")
    assert (await verify(ledger, {"code": issued["code"]}, debtor="d-1002"))["verified"] is False
    assert (await verify(ledger, {"code": issued["code"]}))["verified"] is True


async def test_a_new_code_retires_the_older_one(ledger: Any) -> None:
    _, first = await issue_code(ledger)
    _, second = await issue_code(ledger)
    if first["code"] != second["code"]:  # one in a million they are equal
        assert (await verify(ledger, {"code": first["code"]}))["verified"] is False
    assert (await verify(ledger, {"code": second["code"]}))["verified"] is True


async def test_an_expired_code_does_not_verify(ledger: Any) -> None:
    _, issued = await issue_code(ledger)
    past = datetime.now(timezone.utc) - timedelta(seconds=1)
    async with ledger.client.server.app["sessions"]() as session, session.begin():
        await session.execute(update(IdentityCode).values(expires_at=past))
    assert (await verify(ledger, {"code": issued["code"]}))["verified"] is False


async def test_wrong_codes_count_towards_the_lock(ledger: Any) -> None:
    _, issued = await issue_code(ledger)
    for _ in range(3):
        answer = await verify(ledger, {"code": other(issued["code"])})
    assert answer["locked"] is True
    assert (await verify(ledger, {"code": issued["code"]}))["verified"] is False


async def test_a_code_guess_with_no_live_code_is_not_counted(ledger: Any) -> None:
    # Someone typing their birth date as 120388 is not pushed towards a lock.
    for _ in range(4):
        answer = await verify(ledger, {"code": "120388"})
        assert answer == {"verified": False, "locked": False, "locked_until": None}
    assert await ledger.count("identity_checks") == 0
    assert (await verify(ledger, RIGHT))["verified"] is True


async def test_a_chat_link_cannot_issue_a_code(ledger: Any) -> None:
    status, body = await issue_code(ledger, verified=False)
    assert status == 403 and "wallet app" in body["error"]
    assert await ledger.count("identity_codes") == 0


async def test_a_service_token_cannot_issue_a_code(ledger: Any) -> None:
    async with ledger.client.post("/v1/identity/codes", headers=ledger.headers) as response:
        assert response.status == 401
    assert await ledger.count("identity_codes") == 0
