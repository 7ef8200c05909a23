"""Rasa NLG that renders responses from the gettext catalogs (endpoints.yml `nlg.type`)."""

from __future__ import annotations

from typing import Any

from rasa.core.nlg.generator import NaturalLanguageGenerator
from rasa.shared.core.trackers import DialogueStateTracker

from bot.i18n.render import render

# Keys Rasa itself adds to an action's response; they are not message arguments.
_RASA_KEYS = {
    "template",
    "response",
    "text",
    "buttons",
    "elements",
    "custom",
    "image",
    "attachment",
    "quick_replies",
    "domain_responses",
    "utter_action",
}


class CatalogNLG(NaturalLanguageGenerator):
    def __init__(self, endpoint_config: Any = None, domain: Any = None) -> None:
        self.domain = domain

    async def generate(
        self,
        utter_action: str,
        tracker: DialogueStateTracker,
        output_channel: str,
        **kwargs: Any,
    ) -> dict[str, Any] | None:
        locale = tracker.get_slot("locale") or _metadata(tracker).get("locale")
        timezone = tracker.get_slot("timezone") or _metadata(tracker).get("timezone")
        args = {k: v for k, v in kwargs.items() if k not in _RASA_KEYS}
        return render(utter_action, locale, args, timezone)


def _metadata(tracker: DialogueStateTracker) -> dict[str, Any]:
    return dict(tracker.latest_message.metadata or {}) if tracker.latest_message else {}
