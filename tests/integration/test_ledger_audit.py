"""The audit log: one row per write, chained by hashes; tampering is found and named."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.config import ROOT
from bot.ledger import audit
from bot.ledger.models import AuditRecord

SEEDED = 7  # one row per demo debtor


async def verdict(ledger: Any) -> audit.Verdict:
    async with ledger.client.server.app["sessions"]() as session:
        return await audit.verify(session)


def cli_verify(url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SETTLE_DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "bot", "audit", "verify"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


async def test_every_write_appends_one_row(ledger: Any) -> None:
    assert await ledger.count("audit_log") == SEEDED
    tomorrow = datetime.now(ZoneInfo("Europe/London")).date() + timedelta(days=1)
    writes: list[tuple[str, str, dict[str, Any]]] = [
        (
            "POST",
            "/accounts/a-1003/promises",
            {
                "date": tomorrow.isoformat(),
                "amount_minor": 100,
                "currency": "GBP",
                "reminder_consent": False,
                "channel": "email",
            },
        ),
        ("POST", "/accounts/a-1001/payment-requests", {"amount_minor": 700, "currency": "USD"}),
        ("PUT", "/debtors/d-1001/contact-preferences/voice", {"opted_out": True}),
        ("PATCH", "/debtors/d-1001/flags", {"vulnerable": True}),
        ("POST", "/accounts/a-1001/disputes", {"reason": "other", "channel": "wallet"}),
    ]
    for method, path, body in writes:
        before = await ledger.count("audit_log")
        status, answer = await ledger.call(method, path, {**body, "idempotency_key": ledger.key()})
        assert status in (200, 201), answer
        assert await ledger.count("audit_log") == before + 1, path
    actions = await ledger.scalar("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1")
    assert actions == "dispute.opened"
    result = await verdict(ledger)
    assert (result.ok, result.count) == (True, SEEDED + len(writes))


async def test_a_modified_row_is_named(ledger: Any) -> None:
    await ledger.post(
        "/accounts/a-1001/payment-requests",
        {"amount_minor": 700, "currency": "USD", "idempotency_key": ledger.key()},
        201,
    )
    async with ledger.client.server.app["sessions"]() as session, session.begin():
        await session.execute(
            AuditRecord.__table__.update().where(AuditRecord.id == 3).values(actor="someone-else")
        )
    result = await verdict(ledger)
    assert (result.ok, result.bad_id) == (False, 3)
    assert "hash mismatch" in str(result.reason)
    assert result.count == 2


async def test_a_deleted_row_is_found(ledger: Any) -> None:
    async with ledger.client.server.app["sessions"]() as session, session.begin():
        await session.execute(AuditRecord.__table__.delete().where(AuditRecord.id == 4))
    result = await verdict(ledger)
    assert (result.ok, result.bad_id) == (False, 5)
    assert "gap in ids" in str(result.reason)


async def test_a_deleted_row_hidden_by_renumbering_breaks_the_chain(ledger: Any) -> None:
    table = AuditRecord.__table__
    async with ledger.client.server.app["sessions"]() as session, session.begin():
        await session.execute(table.delete().where(table.c.id == 4))
        for old in (5, 6, 7):  # close the gap: ids look contiguous again
            await session.execute(table.update().where(table.c.id == old).values(id=old - 1))
    result = await verdict(ledger)
    assert (result.ok, result.bad_id) == (False, 4)
    assert "prev_hash" in str(result.reason)


async def test_the_command_line_reports_ok_and_then_the_bad_row(ledger: Any) -> None:
    done = cli_verify(ledger.db.url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("OK") and f"{SEEDED} rows" in done.stdout
    async with ledger.client.server.app["sessions"]() as session, session.begin():
        await session.execute(
            AuditRecord.__table__.update().where(AuditRecord.id == 2).values(data={"accounts": []})
        )
    done = cli_verify(ledger.db.url)
    assert done.returncode == 1
    assert "audit row 2" in done.stderr and "hash mismatch" in done.stderr


def test_row_hashes_depend_on_every_field() -> None:
    at = datetime(2025, 1, 2, 3, 4, 5, 6)
    fields: dict[str, Any] = {
        "id": 1,
        "at": at,
        "actor": "a",
        "action": "b",
        "subject": "c",
        "data": {"x": 1, "y": [date(2025, 1, 1).isoformat()]},
        "prev_hash": audit.GENESIS,
    }
    base = audit.row_hash(**fields)
    for name, other in [
        ("id", 2),
        ("at", at + timedelta(microseconds=1)),
        ("actor", "z"),
        ("action", "z"),
        ("subject", "z"),
        ("data", {"x": 2, "y": ["2025-01-01"]}),
        ("prev_hash", "1" * 64),
    ]:
        assert audit.row_hash(**{**fields, name: other}) != base, name
    # Key order in the data does not matter: the JSON is canonical.
    assert audit.row_hash(**{**fields, "data": {"y": ["2025-01-01"], "x": 1}}) == base
