"""Rights and fees questions, and a "no" with no question pending: what not paying leads to
gets its own straight answer."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import latest_intent, latest_text, utter
from bot.faq import asks_consequences

CONSEQUENCES = "utter_faq_consequences"
# "What happens if I stop paying?" reads as fees as often as rights.
ANSWERS = {"faq_rights": "utter_faq_rights", "faq_fees": "utter_faq_fees"}
# Mid-plan, the same answers without the "Set up a plan" button (it would restart the form).
IN_PLAN = {
    "utter_faq_consequences": "utter_faq_consequences_in_plan",
    "utter_faq_fees": "utter_faq_fees_in_plan",
}
PLAN_FORM = "plan_form"


def answer_for(response: str, tracker: Tracker) -> str:
    """The response to send: its in-plan variant while the plan's questions are open."""
    return IN_PLAN.get(response, response) if tracker.active_loop_name == PLAN_FORM else response


def answered_consequences(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Gives the consequences answer if the latest message asks what not paying leads to."""
    if not asks_consequences(latest_text(tracker)):
        return False
    utter(dispatcher, answer_for(CONSEQUENCES, tracker))
    return True


class ActionFaq(Action):
    """The rights or fees answer, or the consequences one when that is what is asked."""

    def name(self) -> str:
        return "action_faq"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if not answered_consequences(dispatcher, tracker):
            response = ANSWERS.get(latest_intent(tracker), "utter_faq_rights")
            utter(dispatcher, answer_for(response, tracker))
        return []


class ActionNoWithoutQuestion(Action):
    """A "no" when nothing was asked. 不还会怎么样 ("what if I don't pay?") reads as deny, and
    "OK, let's leave that" would be no answer to it."""

    def name(self) -> str:
        return "action_no_without_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if not answered_consequences(dispatcher, tracker):
            utter(dispatcher, "utter_form_stopped")
        return []
