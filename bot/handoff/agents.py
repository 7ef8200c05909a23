"""Console accounts: scrypt password hashes, server-side sessions, CSRF tokens."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Literal

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import sessionmaker

from bot.db import transaction
from bot.handoff.models import Agent, AgentSession
from bot.ledger.views import utc

Role = Literal["agent", "supervisor"]
ROLES: tuple[Role, ...] = ("agent", "supervisor")
SESSION_TTL = timedelta(hours=12)
MIN_PASSWORD = 8
# scrypt cost: ~16 MiB and tens of milliseconds per guess; the parameters are stored with
# each hash, so raising them later only affects new passwords.
_N, _R, _P = 2**14, 8, 1
_DUMMY_HASH = "scrypt$16384$8$1$" + "00" * 16 + "$" + "00" * 32


class AgentError(ValueError):
    pass


@dataclass(frozen=True)
class Identity:
    """Who is calling the agent API, and how they proved it."""

    name: str
    role: Role
    via: Literal["session", "token"]
    csrf_token: str | None = None

    @property
    def supervisor(self) -> bool:
        return self.role == "supervisor"


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, expected = stored.split("$")
        if scheme != "scrypt":
            return False
        digest = hashlib.scrypt(
            password.encode(),
            salt=bytes.fromhex(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected) // 2,
        )
    except ValueError:
        return False
    return hmac.compare_digest(digest.hex(), expected)


def _validate(name: str, password: str, role: str) -> None:
    if not name or len(name) > 100 or not name.replace("-", "").replace("_", "").isalnum():
        raise AgentError("agent names are 1-100 letters, digits, - or _")
    if len(password) < MIN_PASSWORD:
        raise AgentError(f"passwords need at least {MIN_PASSWORD} characters")
    if role not in ROLES:
        raise AgentError(f"role must be one of {', '.join(ROLES)}")


async def create_agent(session: AsyncSession, name: str, password: str, role: str) -> Agent:
    _validate(name, password, role)
    agent = Agent(name=name, password_hash=hash_password(password), role=role, active=True)
    session.add(agent)
    try:
        await session.flush()
    except IntegrityError as exc:
        raise AgentError(f"an agent named {name!r} already exists") from exc
    return agent


async def ensure_agent(session: AsyncSession, name: str, password: str, role: str) -> bool:
    """Creates the agent unless one with that name exists (demo seeding). True if created."""
    found = (await session.execute(select(Agent).where(Agent.name == name))).scalar_one_or_none()
    if found is not None:
        return False
    await create_agent(session, name, password, role)
    return True


async def find_agent(session: AsyncSession, name: str) -> Agent | None:
    return (await session.execute(select(Agent).where(Agent.name == name))).scalar_one_or_none()


async def authenticate(session: AsyncSession, name: str, password: str) -> Agent | None:
    agent = await find_agent(session, name)
    if agent is None or not agent.active:
        check_password(password, _DUMMY_HASH)  # same work either way: no name oracle by timing
        return None
    return agent if check_password(password, agent.password_hash) else None


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def start_session(
    session: AsyncSession, agent: Agent, now: datetime
) -> tuple[str, AgentSession]:
    """A new login: the raw token goes in the cookie, only its hash in the database."""
    token = secrets.token_urlsafe(32)
    row = AgentSession(
        token_hash=_token_hash(token),
        agent_id=agent.id,
        csrf_token=secrets.token_urlsafe(32),
        created_at=now,
        expires_at=now + SESSION_TTL,
    )
    session.add(row)
    # Expired logins are dead weight; sweeping them here keeps the table small without a job.
    await session.execute(delete(AgentSession).where(AgentSession.expires_at < now))
    return token, row


async def session_identity(session: AsyncSession, token: str, now: datetime) -> Identity | None:
    stmt = (
        select(AgentSession, Agent)
        .join(Agent, Agent.id == AgentSession.agent_id)
        .where(AgentSession.token_hash == _token_hash(token))
    )
    found = (await session.execute(stmt)).first()
    if found is None:
        return None
    login, agent = found
    if utc(login.expires_at) <= now or not agent.active:
        return None
    return Identity(agent.name, agent.role, "session", login.csrf_token)


async def end_session(session: AsyncSession, token: str) -> None:
    await session.execute(delete(AgentSession).where(AgentSession.token_hash == _token_hash(token)))


async def token_identity(session: AsyncSession, name: str) -> Identity | None:
    """The role behind a signed agent token.

    The token's signature is the authority (the CLI issues tokens for any name), so a name
    with no account is a plain agent; a deactivated account is refused.
    """
    agent = await find_agent(session, name)
    if agent is None:
        return Identity(name, "agent", "token")
    if not agent.active:
        return None
    return Identity(agent.name, agent.role, "token")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


DEMO_AGENT = "demo"
DEV_DEMO_PASSWORD = "demo-password"


def demo_password() -> tuple[str, bool]:
    """The demo agent's password, and whether it is the development default."""
    chosen = os.environ.get("SETTLE_DEMO_AGENT_PASSWORD")
    return (chosen, False) if chosen else (DEV_DEMO_PASSWORD, True)


async def seed_demo_agent(sessions: sessionmaker) -> bool:
    """`make run`'s console login (idempotent: an existing `demo` keeps its password)."""
    async with transaction(sessions) as session:
        return await ensure_agent(session, DEMO_AGENT, demo_password()[0], "agent")
