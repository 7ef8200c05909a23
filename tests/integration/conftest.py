"""Databases for integration tests: SQLite always, PostgreSQL when SETTLE_TEST_PG_URL is set.

Per test module and database kind, a fresh database is migrated to head and seeded with
the demo data; each test then starts from that state again (a copy of the SQLite file;
on PostgreSQL the tables are emptied and seeded again), so tests never see each other's
writes and stay fast.
"""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot import auth, migrate
from bot.config import Settings
from bot.db import create_engine, session_factory, sync_url
from bot.ledger import webhook
from bot.ledger.seed import seed_demo
from bot.models import metadata

PG_URL = os.environ.get("SETTLE_TEST_PG_URL", "")
PG_SKIP = (
    "PostgreSQL tests need SETTLE_TEST_PG_URL, e.g. "
    "postgresql+asyncpg://postgres:postgres@127.0.0.1:5432/postgres"
)
SECRET = "integration-test-secret-0123456789-abcdef"
WEBHOOK_SECRET = "integration-test-webhook-secret"

_SNAPSHOTS: dict[str, Any] = {}  # PostgreSQL template url -> its seeded rows
DATABASES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@dataclass(frozen=True)
class Database:
    kind: str  # "sqlite" | "postgresql"
    url: str


def _pg_admin() -> Any:
    return create_sync_engine(sync_url(PG_URL), isolation_level="AUTOCOMMIT", future=True)


def _pg_url(name: str) -> str:
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


def _pg_create(name: str) -> str:
    engine = _pg_admin()
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
        # A throwaway test database need not wait for each commit to reach the disk.
        conn.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    engine.dispose()
    return _pg_url(name)


def _pg_drop(name: str) -> None:
    engine = _pg_admin()
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


async def _seed(url: str) -> None:
    engine = create_engine(url)
    try:
        await seed_demo(session_factory(engine))
    finally:
        await engine.dispose()


def prepare(url: str) -> None:
    migrate.upgrade(url)
    asyncio.run(_seed(url))


@pytest.fixture(scope="module", params=DATABASES)
def db_kind(request: pytest.FixtureRequest) -> str:
    kind: str = request.param
    if kind == "postgresql" and not PG_URL:
        pytest.skip(PG_SKIP)
    return kind


@pytest.fixture(scope="module")
def ledger_template(db_kind: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """A database at head with the demo data, one per test module and database kind."""
    if db_kind == "sqlite":
        path = tmp_path_factory.mktemp("ledger") / "template.db"
        url = f"sqlite+aiosqlite:///{path}"
        prepare(url)
        yield Database("sqlite", url)
        return
    name = f"settle_tpl_{uuid.uuid4().hex[:12]}"
    url = _pg_create(name)
    try:
        prepare(url)
        _SNAPSHOTS[url] = asyncio.run(_pg_snapshot(url))
        yield Database("postgresql", url)
    finally:
        _SNAPSHOTS.pop(url, None)
        _pg_drop(name)


@pytest.fixture
async def ledger_db(ledger_template: Database, tmp_path: Path) -> AsyncIterator[Database]:
    """The seeded demo data, fresh for one test.

    SQLite: a copy of the template file (backup API). PostgreSQL: the module's database,
    emptied and seeded again (much faster than CREATE DATABASE … TEMPLATE per test).
    """
    if ledger_template.kind == "sqlite":
        source_path = ledger_template.url.split(":///", 1)[1]
        target_path = tmp_path / "ledger.db"
        with sqlite3.connect(source_path) as source, sqlite3.connect(target_path) as target:
            source.backup(target)
        yield Database("sqlite", f"sqlite+aiosqlite:///{target_path}")
        return
    await _pg_restore(ledger_template.url, _SNAPSHOTS[ledger_template.url])
    yield ledger_template


@dataclass(frozen=True)
class Snapshot:
    tables: list[str]  # every model table present in the database, parents first
    rows: list[tuple[str, list[str], list[Any]]]  # table, columns, rows (non-empty only)


def _asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def _pg_snapshot(url: str) -> Snapshot:
    conn = await asyncpg.connect(_asyncpg_dsn(url))
    try:
        present = {r[0] for r in await conn.fetch("SELECT tablename FROM pg_tables")}
        tables = [t.name for t in metadata.sorted_tables if t.name in present]
        rows = []
        for name in tables:
            found = await conn.fetch(f'SELECT * FROM "{name}"')
            if found:
                rows.append((name, list(found[0].keys()), [tuple(r) for r in found]))
        return Snapshot(tables, rows)
    finally:
        await conn.close()


async def _pg_restore(url: str, snapshot: Snapshot) -> None:
    """Empty every table and copy the seeded rows back: one connection, a few round trips
    (re-seeding through the ORM or CREATE DATABASE … TEMPLATE take 5-30 times longer)."""
    conn = await asyncpg.connect(_asyncpg_dsn(url))
    try:
        async with conn.transaction():
            # Children first, one statement each, sent as one script.
            await conn.execute("; ".join(f'DELETE FROM "{t}"' for t in reversed(snapshot.tables)))
            for name, columns, rows in snapshot.rows:
                await conn.copy_records_to_table(name, records=rows, columns=columns)
    finally:
        await conn.close()


@pytest.fixture
def empty_db(db_kind: str, tmp_path: Path) -> Iterator[Database]:
    """A brand-new database with no tables (for migration tests)."""
    if db_kind == "sqlite":
        yield Database("sqlite", f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}")
        return
    name = f"settle_e_{uuid.uuid4().hex[:12]}"
    url = _pg_create(name)
    try:
        yield Database("postgresql", url)
    finally:
        _pg_drop(name)


def settings_for(url: str) -> Settings:
    return Settings(database_url=url, secret=SECRET, webhook_secret=WEBHOOK_SECRET, sweep_seconds=0)


class LedgerApi:
    """The ledger API as a test drives it: authenticated calls, signed webhooks, row counts."""

    def __init__(self, client: Any, db: Database) -> None:
        self.client = client
        self.db = db
        self.headers = {"Authorization": f"Bearer {auth.issue(SECRET, 'service', 'tests')}"}
        self.events: list[tuple[str, dict[str, Any]]] = []
        bus = client.server.app["events"]
        for name in ("payment_posted", "payment_failed", "payment_reversed"):
            bus.subscribe(name, self._recorder(name))

    def _recorder(self, name: str) -> Any:
        async def record(payload: Any) -> None:
            self.events.append((name, dict(payload)))

        return record

    @staticmethod
    def key() -> str:
        return f"test-{uuid.uuid4().hex}"

    async def call(
        self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> tuple[int, Any]:
        kwargs: dict[str, Any] = {"headers": self.headers if headers is None else headers}
        if body is not None:
            kwargs["json"] = body
        async with self.client.request(method, "/v1/ledger" + path, **kwargs) as response:
            text_body = await response.text()
            try:
                payload = json.loads(text_body)
            except ValueError:
                payload = text_body
            return response.status, payload

    async def get(self, path: str, expect: int = 200) -> Any:
        status, body = await self.call("GET", path)
        assert status == expect, body
        return body

    async def post(self, path: str, body: Any, expect: int | None = None) -> Any:
        status, answer = await self.call("POST", path, body)
        if expect is not None:
            assert status == expect, answer
        return answer

    async def webhook(
        self, body: dict[str, Any], *, secret: str = WEBHOOK_SECRET, signature: str | None = None
    ) -> tuple[int, Any]:
        raw = json.dumps(body).encode()
        header = webhook.sign(secret, raw) if signature is None else signature
        headers = {"Content-Type": "application/json"}
        if header:
            headers[webhook.SIGNATURE_HEADER] = header
        async with self.client.post(
            "/v1/ledger/webhooks/payments", data=raw, headers=headers
        ) as response:
            return response.status, await response.json(content_type=None)

    async def pay(
        self, request_id: str, amount_minor: int, currency: str, status: str = "settled"
    ) -> tuple[int, Any]:
        event = {
            "event_id": f"evt-{uuid.uuid4().hex}",
            "payment_request_id": request_id,
            "amount_minor": amount_minor,
            "currency": currency,
            "status": status,
            "method": "wallet_balance",
        }
        return await self.webhook(event)

    async def scalar(self, sql: str, **params: Any) -> Any:
        async with self.client.server.app["sessions"]() as session:
            return (await session.execute(text(sql), params)).scalar()

    async def count(self, table: str) -> int:
        return int(await self.scalar(f"SELECT COUNT(*) FROM {table}"))

    async def counts(self) -> dict[str, int]:
        """Rows in every table a ledger write touches: 'nothing written' compares these."""
        columns = ", ".join(f"(SELECT COUNT(*) FROM {t}) AS {t}" for t in WRITE_TABLES)
        async with self.client.server.app["sessions"]() as session:
            row = (await session.execute(text(f"SELECT {columns}"))).one()
        return {table: int(value) for table, value in zip(WRITE_TABLES, row, strict=True)}

    async def balance(self, account_id: str) -> int:
        account = await self.get(f"/accounts/{account_id}")
        return int(account["balance_minor"])


WRITE_TABLES = (
    "ledger_entries",
    "payments",
    "payment_requests",
    "disputes",
    "plans",
    "plan_installments",
    "promises",
    "contact_preferences",
    "idempotency_keys",
    "audit_log",
)


@pytest.fixture
async def ledger(ledger_db: Database, aiohttp_client: Any) -> AsyncIterator[LedgerApi]:
    """The gateway app on a fresh seeded database (no Rasa needed for /v1/ledger)."""
    from bot.gateway.app import create_app

    client = await aiohttp_client(create_app(settings_for(ledger_db.url)))
    yield LedgerApi(client, ledger_db)
    # Work the app started after answering (e.g. chat pushes on "payment_posted") must
    # finish before the app and this test's event loop close under it.
    pending = client.server.app.get("payment_push_tasks") or ()
    await asyncio.gather(*pending, return_exceptions=True)
