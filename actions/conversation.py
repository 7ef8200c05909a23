"""Conversation-wide behaviour: fallbacks, thanks, "no" in the middle of a form, and opting out."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import (
    LEDGER_DOWN,
    form_abandoned,
    idempotency_key,
    latest_text,
    ledger,
    utter,
)
from actions.faq import answered_consequences
from actions.plan import worded_affordable
from bot.farewell import says_bye
from bot.i18n.args import label

FALLBACK = "action_fallback"


def previous_turn_was_fallback(events: list[dict[str, Any]]) -> bool:
    """Whether the bot's answer to the previous debtor message was also a fallback."""
    users_seen = 0
    for event in reversed(events):
        if event.get("event") == "user":
            users_seen += 1
        elif users_seen == 1 and event.get("event") == "action":
            name = event.get("name")
            if name == FALLBACK:
                return True
            if name not in ("action_listen", None):
                return False
        if users_seen > 1:
            break
    return False


class ActionFallback(Action):
    """First miss: rephrase or pick from the menu. Second in a row: offer a person."""

    def name(self) -> str:
        return FALLBACK

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if previous_turn_was_fallback(tracker.events):
            utter(dispatcher, "utter_fallback_offer_human")
        else:
            utter(dispatcher, "utter_fallback")
        return []


class ActionThank(Action):
    """ "Thanks" is answered (in a form, briefly: the form asks its question next); "thanks,
    bye" ends any form in progress and says goodbye."""

    def name(self) -> str:
        return "action_thank"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        in_form = bool(tracker.active_loop_name)
        if not says_bye(latest_text(tracker)):
            utter(dispatcher, "utter_thank_in_form" if in_form else "utter_thank")
            return []
        utter(dispatcher, "utter_goodbye")
        return form_abandoned(tracker, domain) if in_form else []


class ActionEndForm(Action):
    """ "Bye" in the middle of a form: the form ends, its answers forgotten (the rule then
    says goodbye)."""

    def name(self) -> str:
        return "action_end_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        return form_abandoned(tracker, domain)


class ActionNoInForm(Action):
    """ "No" to a form's question stops the form (the rule then says so), except where the
    question itself invites "not sure" or "nothing": both often read as deny, and answering
    as asked must not end the plan questions; and except 不还会怎么样, which reads as deny too."""

    def name(self) -> str:
        return "action_no_in_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        text = latest_text(tracker)
        if tracker.get_slot("requested_slot") == "plan_affordable":
            said = worded_affordable(text, tracker)
            if said is not None:
                return [SlotSet("plan_affordable", said), FollowupAction("plan_form")]
        # 不还会怎么样 ("what if I don't pay?") reads as deny: answer it, then ask again.
        if tracker.active_loop_name and answered_consequences(dispatcher, tracker):
            return [FollowupAction(tracker.active_loop_name)]
        return form_abandoned(tracker, domain)


class ActionOptOut(Action):
    """ "Stop" is honoured on any channel, verified or not: it discloses nothing."""

    def name(self) -> str:
        return "action_opt_out"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        debtor_id = str(tracker.get_slot("debtor_id") or "")
        channel = str(tracker.get_slot("channel") or "wallet")
        try:
            async with ledger() as client:
                debtor = await client.debtor(debtor_id)
                prefs = debtor.get("contact_preferences", {})
                already = bool(prefs.get(channel, {}).get("opted_out"))
                if not already:
                    await client.set_contact_preference(
                        debtor_id, channel, True, idempotency_key(tracker, "opt-out")
                    )
        except LEDGER_DOWN:
            utter(dispatcher, "utter_service_unavailable")
            return []
        utter(
            dispatcher,
            "utter_already_opted_out" if already else "utter_opted_out",
            channel=label(channel),
        )
        return []
