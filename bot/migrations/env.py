"""Alembic environment: migrations run through the synchronous driver."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from bot.db import sync_url
from bot.models import metadata

config = context.config
url = sync_url(config.get_main_option("sqlalchemy.url") or "")


def run() -> None:
    engine = create_engine(url, future=True)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=url.startswith("sqlite"),  # SQLite can only ALTER via table copies
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run()
