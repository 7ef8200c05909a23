"""Rasa NLG that renders responses from the gettext catalogs (endpoints.yml `nlg.type`)."""

from __future__ import annotations

from typing import Any

from rasa.core.nlg.generator import NaturalLanguageGenerator
from rasa.shared.core.events import UserUttered
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
        context = conversation_context(tracker)
        args = {k: v for k, v in kwargs.items() if k not in _RASA_KEYS}
        return render(utter_action, context.get("locale"), args, context.get("timezone"))


def conversation_context(tracker: DialogueStateTracker) -> dict[str, Any]:
    """Locale and timezone as of the debtor's latest message.

    The gateway decides the language per message (the debtor may switch mid-conversation)
    and sends it as metadata; slots set at session start are the fallback, e.g. for
    external events such as a payment confirmation, which carry no metadata.
    """
    context = {"locale": tracker.get_slot("locale"), "timezone": tracker.get_slot("timezone")}
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered) and event.metadata and event.metadata.get("locale"):
            context.update({k: event.metadata[k] for k in context if event.metadata.get(k)})
            break
    return context
