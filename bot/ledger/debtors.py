"""Debtor-level writes: contact preferences per channel and the protective flags."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.ledger import audit
from bot.ledger.models import ContactPreference, Debtor, utcnow
from bot.ledger.service import flags_view
from bot.ledger.views import iso
from bot.ledger.writes import Result


async def set_preference(
    session: AsyncSession, debtor: Debtor, channel: str, opted_out: bool, actor: str
) -> Result:
    row = await session.get(ContactPreference, (debtor.id, channel))
    before = None if row is None else row.opted_out
    if row is None:
        row = ContactPreference(debtor_id=debtor.id, channel=channel)
        session.add(row)
    row.opted_out = opted_out
    row.updated_at = utcnow()
    await session.flush()
    await audit.append(
        session,
        actor=actor,
        action="contact_preference.set",
        subject=f"debtor:{debtor.id}",
        data={"channel": channel, "opted_out": opted_out, "before": before},
    )
    body = {
        "debtor_id": debtor.id,
        "channel": channel,
        "opted_out": opted_out,
        "updated_at": iso(row.updated_at),
    }
    return Result(200, body)


async def set_flags(
    session: AsyncSession, debtor: Debtor, changes: dict[str, bool | datetime | None], actor: str
) -> Result:
    """Only the given flags change; a null time clears it."""
    before = flags_view(debtor)
    for name, value in changes.items():
        setattr(debtor, name, value)
    await session.flush()
    after = flags_view(debtor)
    await audit.append(
        session,
        actor=actor,
        action="debtor.flags_set",
        subject=f"debtor:{debtor.id}",
        data={"changed": {k: {"from": before[k], "to": after[k]} for k in changes}},
    )
    return Result(200, {"debtor_id": debtor.id, "flags": after})


__all__ = ["set_flags", "set_preference"]
