"""The debtor's ledger as an agent needs it: balances, itemization, disputes, plans, flags.

Read straight from the ledger tables in-process. Older databases (or a ledger that has not
grown disputes/plans/promises yet) still give balances: the richer view is optional.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import sessionmaker

from bot.ledger import service
from bot.ledger.models import Debtor
from bot.ledger.views import iso

log = logging.getLogger(__name__)


def flags(debtor: Debtor) -> dict[str, Any]:
    return {
        "vulnerable": debtor.vulnerable,
        "represented_by_attorney": debtor.represented_by_attorney,
        "deceased": debtor.deceased,
        "breathing_space_until": iso(debtor.breathing_space_until),
        "crisis_until": iso(debtor.crisis_until),
    }


async def ledger_snapshot(sessions: sessionmaker, debtor_id: str) -> dict[str, Any] | None:
    async with sessions() as session:
        debtor = await service.get_debtor(session, debtor_id)
        if debtor is None:
            return None
        accounts = list(debtor.accounts)
        items = await service.itemize(session, [a.id for a in accounts])
        basic = [service.account_view(a, items[a.id]) for a in accounts]
    detail_of = getattr(service, "account_detail", None)
    views = basic
    if detail_of is not None:
        try:
            # A fresh session: on PostgreSQL a failed statement poisons the transaction.
            async with sessions() as session:
                views = [await detail_of(session, a) for a in accounts]
        except DBAPIError as exc:  # a missing table in an older schema: balances will do
            log.warning("ledger detail unavailable for %s: %s", debtor_id, type(exc).__name__)
    return {
        "debtor": {
            "id": debtor.id,
            "name": debtor.name,
            "locale": debtor.locale,
            "timezone": debtor.timezone,
            "flags": flags(debtor),
        },
        "accounts": views,
    }
