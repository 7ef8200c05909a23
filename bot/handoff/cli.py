"""`python -m bot agent add NAME [--supervisor] [--password-stdin]`: console accounts."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from typing import Any

from bot.config import Settings


def add_parser(sub: Any) -> None:
    agent = sub.add_parser("agent", help="agent console accounts")
    agent_sub = agent.add_subparsers(dest="agent_command", required=True)
    add = agent_sub.add_parser("add", help="create an agent (prompts for a password)")
    add.add_argument("name")
    add.add_argument("--supervisor", action="store_true", help="sees and reassigns everything")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )


def _password(from_stdin: bool) -> str | None:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("password: ")
    if first != getpass.getpass("again: "):
        print("error: the passwords differ", file=sys.stderr)
        return None
    return first


def run(args: argparse.Namespace, settings: Settings) -> int:
    from bot import migrate
    from bot.db import create_engine, session_factory, transaction
    from bot.handoff.agents import AgentError, create_agent

    password = _password(args.password_stdin)
    if password is None:
        return 2
    role = "supervisor" if args.supervisor else "agent"
    migrate.upgrade(settings.database_url)  # idempotent; the agents table may be new

    async def _add() -> None:
        engine = create_engine(settings.database_url)
        try:
            async with transaction(session_factory(engine)) as session:
                await create_agent(session, args.name, password, role)
        finally:
            await engine.dispose()

    try:
        asyncio.run(_add())
    except AgentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"agent {args.name} added ({role})")
    return 0
