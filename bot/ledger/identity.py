"""Identity checks against the ledger, and the one-time codes the wallet app shows.

`POST /v1/ledger/debtors/{id}/verify` (service token) takes either date of birth and an
account's last 4 digits, or a one-time code; `POST /v1/identity/codes` (the wallet's own
token) issues that code. Attempts live in the ledger, not in a conversation, so starting
a new chat does not reset the count.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, timezone
from typing import Any

from aiohttp import web
from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.compliance.identity import (
    CODE_TTL,
    Attempt,
    IssuedCode,
    code_digest,
    code_is_live,
    code_matches,
    locked_until,
    matches,
)
from bot.db import Base, transaction
from bot.gateway.http import error, json_body, principal
from bot.ledger import service
from bot.ledger.models import Debtor, utcnow
from bot.ledger.views import utc
from bot.parsing.codes import CODE_DIGITS

routes = web.RouteTableDef()


class IdentityCheck(Base):
    __tablename__ = "identity_checks"

    id = Column(Integer, primary_key=True, autoincrement=True)
    debtor_id = Column(String(64), ForeignKey("debtors.id"), nullable=False, index=True)
    at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    ok = Column(Boolean, nullable=False)


class IdentityCode(Base):
    __tablename__ = "identity_codes"

    id = Column(Integer, primary_key=True, autoincrement=True)
    debtor_id = Column(String(64), ForeignKey("debtors.id"), nullable=False, index=True)
    digest = Column(String(64), nullable=False)  # HMAC of the code; the code is never stored
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    expires_at = Column(DateTime(timezone=True), nullable=False)
    used_at = Column(DateTime(timezone=True), nullable=True)


def _facts(body: dict[str, Any]) -> str | tuple[date, str]:
    """A one-time code, or (date_of_birth, last4); 422 for anything else."""
    if "code" in body:
        code = body["code"]
        if not isinstance(code, str) or len(code) != CODE_DIGITS or not code.isdigit():
            error(422, f"code must be {CODE_DIGITS} digits")
        return code
    try:
        given_dob = date.fromisoformat(str(body.get("date_of_birth")))
    except ValueError:
        error(422, "date_of_birth must be YYYY-MM-DD (or send a code)")
    last4 = body.get("last4")
    if not isinstance(last4, str) or len(last4) != 4 or not last4.isdigit():
        error(422, "last4 must be 4 digits")
    return given_dob, last4


async def _use_code(
    session: AsyncSession, secret: str, debtor_id: str, code: str, now: datetime
) -> bool | None:
    """True/False for a live code matched or not; None when no code is live (not a guess
    that could succeed, so not counted: a debtor typing 010190 as a birth date is not
    pushed towards a lock)."""
    row = (
        await session.execute(
            select(IdentityCode)
            .where(IdentityCode.debtor_id == debtor_id)
            .order_by(IdentityCode.created_at.desc(), IdentityCode.id.desc())
            .limit(1)
        )
    ).scalar_one_or_none()
    issued = None
    if row is not None:
        issued = IssuedCode(row.digest, utc(row.expires_at), row.used_at is not None)
    if issued is None or not code_is_live(issued, now):
        return None
    if not code_matches(issued, code_digest(secret, debtor_id, code)):
        return False
    # Once only, even when two requests race with the same code.
    used = await session.execute(
        update(IdentityCode)
        .where(IdentityCode.id == row.id, IdentityCode.used_at.is_(None))
        .values(used_at=now)
    )
    return bool(used.rowcount == 1)


@routes.post("/v1/ledger/debtors/{debtor_id}/verify")
async def verify(request: web.Request) -> web.Response:
    principal(request, "service")
    facts = _facts(await json_body(request))
    debtor_id = request.match_info["debtor_id"]
    now = datetime.now(timezone.utc)
    async with transaction(request.app["sessions"]) as session:
        debtor = await service.get_debtor(session, debtor_id)
        if debtor is None:
            error(404, f"no debtor {debtor_id}")
        rows = await session.execute(
            select(IdentityCheck.at, IdentityCheck.ok).where(IdentityCheck.debtor_id == debtor_id)
        )
        attempts = [Attempt(utc(at), ok) for at, ok in rows.all()]
        until = locked_until(attempts, now)
        if until is not None:
            return web.json_response(
                {"verified": False, "locked": True, "locked_until": until.isoformat()}
            )
        if isinstance(facts, str):
            secret = request.app["settings"].secret
            outcome = await _use_code(session, secret, debtor_id, facts, now)
        else:
            last4s = [a.number_last4 for a in debtor.accounts]
            outcome = matches(debtor.date_of_birth, last4s, *facts)
        ok = bool(outcome)
        if outcome is not None:
            session.add(IdentityCheck(debtor_id=debtor_id, at=now, ok=ok))
            until = None if ok else locked_until([*attempts, Attempt(now, ok)], now)
    return web.json_response(
        {
            "verified": ok,
            "locked": until is not None,
            "locked_until": until.isoformat() if until else None,
        }
    )


@routes.post("/v1/identity/codes")
async def issue_code(request: web.Request) -> web.Response:
    """The wallet app asks for a code to show its signed-in user; a chat link cannot."""
    who = principal(request, "wallet")
    if not who.verified:
        error(403, "a chat link cannot issue identity codes; open the wallet app")
    now = datetime.now(timezone.utc)
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    async with transaction(request.app["sessions"]) as session:
        if await session.get(Debtor, who.subject) is None:
            error(404, f"no debtor {who.subject}")
        session.add(
            IdentityCode(
                debtor_id=who.subject,
                digest=code_digest(request.app["settings"].secret, who.subject, code),
                created_at=now,
                expires_at=now + CODE_TTL,
            )
        )
    return web.json_response(
        {
            "code": code,
            "expires_at": (now + CODE_TTL).isoformat(),
            "expires_in_seconds": int(CODE_TTL.total_seconds()),
        },
        status=201,
    )
