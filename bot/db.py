"""Database engine and session factory (SQLAlchemy 1.4, 2.0-style, async)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import MetaData, event, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, create_async_engine
from sqlalchemy.orm import declarative_base, sessionmaker

# Stable constraint names so Alembic migrations are identical on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
Base: Any = declarative_base(metadata=MetaData(naming_convention=NAMING))

Sessions = sessionmaker  # alias for annotations


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def sync_url(url: str) -> str:
    """The same database through a synchronous driver (for Alembic)."""
    return url.replace("+aiosqlite", "").replace("+asyncpg", "+psycopg2")


def create_engine(url: str) -> AsyncEngine:
    if is_sqlite(url):
        engine = create_async_engine(url, future=True, connect_args={"timeout": 30})

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    return create_async_engine(url, future=True, pool_pre_ping=True)


def session_factory(engine: AsyncEngine) -> sessionmaker:
    return sessionmaker(engine, class_=AsyncSession, expire_on_commit=False, future=True)


@asynccontextmanager
async def transaction(sessions: sessionmaker) -> AsyncIterator[AsyncSession]:
    """A write transaction: its work commits together or not at all.

    On SQLite it takes the single write lock up front (BEGIN IMMEDIATE). Under WAL a
    deferred transaction that read a snapshot which went stale cannot upgrade to a
    writer and fails at once with SQLITE_BUSY; taking the lock first makes concurrent
    writers queue (busy_timeout) instead. PostgreSQL needs nothing here: writers lock
    the rows they change (`FOR UPDATE`, conditional UPDATEs).
    """
    async with sessions() as session, session.begin():
        if session.get_bind().dialect.name == "sqlite":
            # Must be the first statement: the driver has not begun a transaction yet.
            await session.execute(text("BEGIN IMMEDIATE"))
        yield session
