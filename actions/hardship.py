"""Hardship: a vulnerability is recorded only with the debtor's consent."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import LEDGER_DOWN, idempotency_key, ledger, utter

IMPACT_MAX = 1000


class ValidateVulnerabilityForm(FormValidationAction):
    def name(self) -> str:
        return "validate_vulnerability_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        # No consent, no further questions.
        if tracker.get_slot("vuln_consent") is False:
            return ["vuln_consent"]
        return domain_slots

    async def validate_vuln_impact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value).strip()[:IMPACT_MAX]
        return {"vuln_impact": text or None}


class ActionRecordVulnerability(Action):
    def name(self) -> str:
        return "action_record_vulnerability"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        reset: list[EventType] = [SlotSet("vuln_consent", None), SlotSet("vuln_impact", None)]
        debtor_id = tracker.get_slot("debtor_id")
        if not tracker.get_slot("vuln_consent") or not debtor_id:
            utter(dispatcher, "utter_vuln_not_recorded")
            return reset
        try:
            async with ledger() as client:
                await client.set_flags(
                    str(debtor_id), idempotency_key(tracker, "vulnerable"), vulnerable=True
                )
        except LEDGER_DOWN:
            utter(dispatcher, "utter_service_unavailable")
            return reset
        utter(dispatcher, "utter_vuln_recorded")
        return reset
