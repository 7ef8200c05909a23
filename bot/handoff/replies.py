"""What the debtor is told when a conversation goes to a person (pure).

Replies are (response name, arguments) pairs, like an action's: the gateway renders them
itself, and the Rasa action hands them to the NLG, so both paths say the same words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.handoff.policy import Reason, estimate_wait_minutes
from bot.handoff.resources import CrisisLine, Market, market_for
from bot.i18n import locales
from bot.i18n.args import number
from bot.i18n.render import render

CALLBACK_PAYLOAD = "/request_callback"


@dataclass(frozen=True)
class Utterance:
    response: str
    args: Mapping[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"response": self.response, "args": dict(self.args)}


def _line(line: CrisisLine, catalog: str) -> Utterance:
    if line.text and line.always_open:
        response = "utter_crisis_line_text_24h"
    elif line.always_open:
        response = "utter_crisis_line_24h"
    else:
        response = "utter_crisis_line"
    return Utterance(response, {"name": line.name(catalog), "phone": line.phone})


def crisis_utterances(locale: str | None, markets: Mapping[str, Market]) -> list[Utterance]:
    """The calm crisis reply: support first, then the lines for the debtor's market."""
    out = [Utterance("utter_crisis_support")]
    market = markets.get(market_for(locale) or "")
    if market is None:
        # No vetted lines for this market: a generic pointer beats a wrong number.
        return [*out, Utterance("utter_crisis_generic")]
    catalog = locales.catalog_for(locale)
    out += [_line(line, catalog) for line in market.lines]
    out.append(Utterance("utter_crisis_emergency", {"emergency": market.emergency}))
    return out


def queue_utterances(wait_minutes: int | None) -> list[Utterance]:
    """What happens next: the expected wait, or, with nobody there, an honest 'later'."""
    if wait_minutes is None:
        return [Utterance("utter_handoff_no_agent")]
    return [Utterance("utter_handoff_queued", {"minutes": number(wait_minutes)})]


def still_waiting_utterances(wait_minutes: int | None) -> list[Utterance]:
    """For a message sent while queued: it is saved, and the wait as it stands now."""
    if wait_minutes is None:
        return [Utterance("utter_handoff_still_waiting_no_agent")]
    return [Utterance("utter_handoff_still_waiting", {"minutes": number(wait_minutes)})]


# What the debtor said is answered before the wait is: a person in distress, someone who has
# just told us they lost a job or a partner, someone complaining, each hears that first.
_ACKNOWLEDGEMENT: Mapping[Reason, str] = {
    "distress": "utter_handoff_distress",
    "vulnerability": "utter_handoff_vulnerability",
    "complaint": "utter_handoff_complaint",
}


def handoff_utterances(
    reason: Reason, locale: str | None, wait_minutes: int | None, markets: Mapping[str, Market]
) -> list[Utterance]:
    if reason == "crisis":
        first = crisis_utterances(locale, markets)
    else:
        first = [Utterance(_ACKNOWLEDGEMENT[reason])] if reason in _ACKNOWLEDGEMENT else []
    return [*first, *queue_utterances(wait_minutes)]


def render_all(
    utterances: Iterable[Utterance], locale: str | None, timezone: str | None = None
) -> list[dict[str, Any]]:
    return [render(u.response, locale, dict(u.args), timezone) for u in utterances]


def wait_or_none(
    open_now: bool, agents_online: int, ahead: int, handle_minutes: float
) -> int | None:
    """The wait to promise, or None when out of hours or nobody is online."""
    return estimate_wait_minutes(ahead, agents_online, handle_minutes) if open_now else None


def utterances_from_json(raw: Sequence[Any]) -> list[Utterance]:
    """The inverse of `Utterance.as_json`, for the Rasa action (untrusted shape: skip junk)."""
    out = []
    for item in raw:
        if isinstance(item, dict) and isinstance(item.get("response"), str):
            args = item.get("args")
            out.append(Utterance(item["response"], args if isinstance(args, dict) else {}))
    return out
