"""`POST /v1/ledger/debtors/{id}/verify`: checks identity facts, counts failures, locks.

Attempts live in the ledger, not in a conversation, so starting a new chat does not
reset the count.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from aiohttp import web
from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, select

from bot.compliance.identity import Attempt, locked_until, matches
from bot.db import Base, transaction
from bot.gateway.http import error, json_body, principal
from bot.ledger import service
from bot.ledger.models import utcnow

routes = web.RouteTableDef()


class IdentityCheck(Base):
    __tablename__ = "identity_checks"

    id = Column(Integer, primary_key=True, autoincrement=True)
    debtor_id = Column(String(64), ForeignKey("debtors.id"), nullable=False, index=True)
    at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    ok = Column(Boolean, nullable=False)


def _aware(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything is stored in UTC.
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


@routes.post("/v1/ledger/debtors/{debtor_id}/verify")
async def verify(request: web.Request) -> web.Response:
    principal(request, "service")
    body = await json_body(request)
    try:
        given_dob = date.fromisoformat(str(body.get("date_of_birth")))
    except ValueError:
        error(422, "date_of_birth must be YYYY-MM-DD")
    last4 = body.get("last4")
    if not isinstance(last4, str) or len(last4) != 4 or not last4.isdigit():
        error(422, "last4 must be 4 digits")
    debtor_id = request.match_info["debtor_id"]
    now = datetime.now(timezone.utc)
    async with transaction(request.app["sessions"]) as session:
        debtor = await service.get_debtor(session, debtor_id)
        if debtor is None:
            error(404, f"no debtor {debtor_id}")
        rows = await session.execute(
            select(IdentityCheck.at, IdentityCheck.ok).where(IdentityCheck.debtor_id == debtor_id)
        )
        attempts = [Attempt(_aware(at), ok) for at, ok in rows.all()]
        until = locked_until(attempts, now)
        if until is not None:
            return web.json_response(
                {"verified": False, "locked": True, "locked_until": until.isoformat()}
            )
        ok = matches(
            debtor.date_of_birth, [a.number_last4 for a in debtor.accounts], given_dob, last4
        )
        session.add(IdentityCheck(debtor_id=debtor_id, at=now, ok=ok))
        until = None if ok else locked_until([*attempts, Attempt(now, ok)], now)
    return web.json_response(
        {
            "verified": ok,
            "locked": until is not None,
            "locked_until": until.isoformat() if until else None,
        }
    )
