"""The rights question: what not paying leads to gets its own straight answer."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import latest_text, utter
from bot.faq import asks_consequences


class ActionFaqRights(Action):
    def name(self) -> str:
        return "action_faq_rights"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if asks_consequences(latest_text(tracker)):
            utter(dispatcher, "utter_faq_consequences")
        else:
            utter(dispatcher, "utter_faq_rights")
        return []
