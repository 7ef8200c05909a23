"""Alembic: an empty database and one at revision 0001 with data both reach head."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import IntegrityError

from bot import migrate
from bot.db import create_engine as create_async_engine
from bot.db import session_factory, sync_url
from bot.ledger.seed import seed_demo

NEW_TABLES = {
    "contact_preferences",
    "payment_requests",
    "payments",
    "disputes",
    "plans",
    "plan_installments",
    "promises",
    "idempotency_keys",
    "audit_log",
}


def sync_engine(url: str) -> Any:
    return create_engine(sync_url(url), future=True)


def test_an_empty_database_upgrades_to_head(empty_db: Any) -> None:
    migrate.upgrade(empty_db.url)
    engine = sync_engine(empty_db.url)
    try:
        tables = set(inspect(engine).get_table_names())
        assert tables >= NEW_TABLES
        columns = {c["name"] for c in inspect(engine).get_columns("accounts")}
        assert "status_before_hold" in columns
    finally:
        engine.dispose()


def _insert_0001_data(engine: Any) -> None:
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO debtors (id, name, locale, timezone, vulnerable,"
                " represented_by_attorney, deceased, created_at) VALUES"
                " ('d-old', 'Old Data', 'en_US', 'UTC', false, false, false, :now)"
            ),
            {"now": "2025-01-01 00:00:00"},
        )
        conn.execute(
            text(
                "INSERT INTO accounts (id, debtor_id, creditor, original_creditor, product,"
                " currency, number_last4, opened_on, days_past_due, time_barred, status)"
                " VALUES ('a-old', 'd-old', 'C', 'C', 'Loan', 'USD', '1234', :opened, 90,"
                " false, 'delinquent')"
            ),
            {"opened": date(2024, 1, 1)},
        )
        for kind, amount in (("principal", 10000), ("fee", 500), ("payment", -1500)):
            conn.execute(
                text(
                    "INSERT INTO ledger_entries (account_id, kind, amount_minor, currency,"
                    " effective_on, description, created_at) VALUES"
                    " ('a-old', :kind, :amount, 'USD', :on, 'old', :now)"
                ),
                {"kind": kind, "amount": amount, "on": date(2024, 2, 1), "now": "2025-01-01"},
            )


def test_a_database_at_0001_with_data_upgrades_to_head(empty_db: Any) -> None:
    migrate.upgrade(empty_db.url, "0001")
    engine = sync_engine(empty_db.url)
    try:
        _insert_0001_data(engine)
        migrate.upgrade(empty_db.url)
        with engine.connect() as conn:
            total = conn.execute(
                text("SELECT SUM(amount_minor) FROM ledger_entries WHERE account_id = 'a-old'")
            ).scalar()
            assert total == 10000 + 500 - 1500
            status, before_hold = conn.execute(
                text("SELECT status, status_before_hold FROM accounts WHERE id = 'a-old'")
            ).one()
            assert (status, before_hold) == ("delinquent", None)
        for kind, amount in (("payment", 100), ("principal", -5), ("adjustment", 0)):
            with pytest.raises(IntegrityError), engine.begin() as conn:
                conn.execute(
                    text(
                        "INSERT INTO ledger_entries (account_id, kind, amount_minor, currency,"
                        " effective_on, description, created_at) VALUES"
                        " ('a-old', :kind, :amount, 'USD', '2025-01-01', 'bad', '2025-01-01')"
                    ),
                    {"kind": kind, "amount": amount},
                )
        # The old kind rule survived the table rebuild.
        with engine.begin() as conn, pytest.raises(IntegrityError), conn.begin_nested():
            conn.execute(
                text(
                    "INSERT INTO ledger_entries (account_id, kind, amount_minor, currency,"
                    " effective_on, description, created_at) VALUES"
                    " ('a-old', 'bonus', 5, 'USD', '2025-01-01', 'bad', '2025-01-01')"
                )
            )
    finally:
        engine.dispose()
    # The upgraded database takes the demo seed and its audit rows.
    asyncio.run(_seed(empty_db.url))


def _insert_promise(engine: Any, status: str) -> None:
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO promises (account_id, due, amount_minor, currency, reminder_consent,"
                " channel, status, created_at) VALUES"
                " ('a-1001', '2025-01-02', 100, 'USD', false, 'wallet', :status, '2025-01-01')"
            ),
            {"status": status},
        )


def test_0006_lets_a_promise_be_replaced_and_still_refuses_other_statuses(empty_db: Any) -> None:
    migrate.upgrade(empty_db.url, "0005")
    asyncio.run(_seed(empty_db.url))
    engine = sync_engine(empty_db.url)
    try:
        with pytest.raises(IntegrityError):
            _insert_promise(engine, "replaced")
        migrate.upgrade(empty_db.url)
        _insert_promise(engine, "replaced")
        with pytest.raises(IntegrityError):
            _insert_promise(engine, "forgotten")
        # The rest of the table's rules survived SQLite's table rebuild.
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(text("UPDATE promises SET amount_minor = 0"))
    finally:
        engine.dispose()


async def _seed(url: str) -> None:
    engine = create_async_engine(url)
    try:
        assert await seed_demo(session_factory(engine)) == 7
    finally:
        await engine.dispose()
