"""Payment plans: affordability questions, options from the calculator, accept, change
(a new plan that replaces the active one) and cancel."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.amounts import amount_in, any_amount
from actions.context import (
    LEDGER_DOWN,
    account_as_form_starts,
    answers_cleared,
    conversation_account,
    idempotency_key,
    latest_text,
    ledger,
    opening_text,
    utter,
    verified_debtor,
)
from actions.payment import offer_payment
from actions.promise import pending_promise
from actions.switching import SwitchingFormValidation
from bot.i18n.args import day, label, money, schedule
from bot.ledger.client import LedgerError
from bot.plans.model import Plan

_FREQUENCY_WORDS = (
    ("biweekly", r"bi-?weekly|fortnight|every (two|2|other) weeks?|两周|双周|隔周"),
    ("weekly", r"week|每周|每星期|每个星期|一周|周付"),
    ("monthly", r"month|每月|每个月|月付|按月"),
)
# How often, said outright as the plan starts ("less each month", "每个月"); "this month" or
# "a month ago" is not a frequency, so the bare words that frequency_from_text accepts in
# answer to "how often?" are not enough here.
_STATED_FREQUENCY = (
    ("biweekly", r"\b(?:bi-?weekly|fortnightly|every (?:two|2|other) weeks?)\b|每两周|隔周|双周"),
    ("weekly", r"\b(?:weekly|(?:each|every|per) week)\b|每周|每星期|每个星期|按周"),
    ("monthly", r"\b(?:monthly|(?:each|every|per) month)\b|每月|每个月|按月"),
)
# "I earn 2000 a month" answers how often with an income, not with what they can pay.
_INCOME = re.compile(r"earn|salary|income|wage|paid|工资|收入|薪水|挣|赚|到手")
_UNSURE = re.compile(r"not sure|no idea|idk|dunno|don'?t know|unsure|不知道|不确定|不清楚|说不准")
# "Can I pause my payments?" with no plan to pause: the pause is the hardship plan's holiday.
_PAUSE = re.compile(
    r"\bpause|\bhold off|\bpayment (holiday|break)|\bbreak from pay|\bskip (a|the|next|this)\b"
    r"|暂停|停一停|停几个月|缓一缓|缓几个月|先不还|延期|推迟"
)
# "How much could you pay?" answered with nothing: an honest answer that leads to a pause.
_NOTHING = re.compile(
    r"^\s*(?:0|zero|nothing|none|nil|nada)\b"
    r"|\bnothing\b.{0,20}\b(?:now|moment|atm|rn)\b"
    r"|\b(?:can'?t|cannot|unable to|not able to) (?:pay|afford|spare) (?:anything|a (?:single )?"
    r"(?:cent|penny|thing|dime))\b"
    r"|\bno money\b|\bbroke\b"
    r"|^\s*(?:零|没有|沒有|无|無)\s*(?:$|[，,。.!！]|钱|錢)"
    r"|一分(?:钱)?(?:都|也)|没(?:有)?钱|付不起|还不起|拿不出"
)
_ORDINALS = {
    "1": 0,
    "2": 1,
    "3": 2,
    "一": 0,
    "二": 1,
    "两": 1,
    "三": 2,
    "first": 0,
    "second": 1,
    "third": 2,
    "one": 0,
    "two": 1,
    "three": 2,
}
SCHEDULE_LINES = 6


def asks_pause(text: str) -> bool:
    """ "can I pause my payments for a couple of months?" / "能暂停几个月吗"."""
    return bool(_PAUSE.search(text.lower()))


def says_nothing(text: str) -> bool:
    """ "nothing right now" / "0" / "一分钱都拿不出来": nothing can be paid at the moment."""
    return bool(_NOTHING.search(text.lower()))


def worded_affordable(text: str, tracker: Tracker) -> int | str | None:
    """The affordability question's answers in words: "not sure" ("unknown": income and
    spending are asked instead) or nothing at all (0: the hardship route, with a pause)."""
    if is_unsure(text):
        return "unknown"
    if says_nothing(text) and amount_in(text, tracker) is None:
        return 0
    return None


def is_unsure(text: str) -> bool:
    """ "not sure" / "不确定": what the affordability question invites when they don't know."""
    return bool(_UNSURE.search(text.lower()))


def _first_frequency(table: tuple[tuple[str, str], ...], text: str) -> str | None:
    lowered = text.lower()
    return next((freq for freq, pattern in table if re.search(pattern, lowered)), None)


def frequency_from_text(text: str) -> str | None:
    """How often, in answer to "how often?" ("weekly", "每月", "every other week")."""
    return _first_frequency(_FREQUENCY_WORDS, text)


def stated_frequency(text: str) -> str | None:
    """How often, said outright in a message that starts the plan (_STATED_FREQUENCY)."""
    return _first_frequency(_STATED_FREQUENCY, text)


def affordable_in_answer(text: str, tracker: Tracker) -> int | None:
    """ "每个月能还800" / "200 a month" in answer to "how often?" answers "how much?" too;
    an income ("I earn 2000 a month") does not."""
    return None if _INCOME.search(text.lower()) else amount_in(text, tracker)


def option_from_text(text: str, options: list[str]) -> str | None:
    """'2', 'option 2', 'the second one', '第二个' → the second option's id."""
    if text in options:
        return text
    for word in re.findall(
        r"\d+|[一二两三]|\b(?:first|second|third|one|two|three)\b", text.lower()
    ):
        index = _ORDINALS.get(word)
        if index is not None and index < len(options):
            return options[index]
    return None


class ValidatePlanForm(SwitchingFormValidation):
    own = frozenset({"request_plan"})

    def name(self) -> str:
        return "validate_plan_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        # Income and essentials are asked only when the debtor is not sure what they can afford.
        if tracker.get_slot("plan_affordable") == "unknown":
            return domain_slots
        return [s for s in domain_slots if s not in ("plan_income", "plan_essentials")]

    async def extract_plan_frequency(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = opening_text(tracker, "request_plan")
        frequency = stated_frequency(text) if text else None
        return {} if frequency is None else {"plan_frequency": frequency}

    async def validate_plan_frequency(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value)
        if text in ("weekly", "biweekly", "monthly"):
            return {"plan_frequency": text}
        frequency = frequency_from_text(text)
        affordable = affordable_in_answer(text, tracker) if frequency else None
        if affordable is None:
            return {"plan_frequency": frequency}
        return {"plan_frequency": frequency, "plan_affordable": affordable}

    async def extract_plan_affordable(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        # "nothing right now" reads as goodbye, an intent the slot mapping leaves alone; in
        # answer to this question it is the answer whatever the classifier thought.
        if tracker.get_slot("requested_slot") != "plan_affordable":
            return {}
        said = worded_affordable(latest_text(tracker), tracker)
        return {} if said is None else {"plan_affordable": said}

    async def validate_plan_affordable(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if isinstance(value, int) or value == "unknown":
            return {"plan_affordable": value}
        said = worded_affordable(str(value), tracker)
        if said is not None:
            return {"plan_affordable": said}
        return any_amount("plan_affordable", value, dispatcher, tracker)

    async def validate_plan_income(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return any_amount("plan_income", value, dispatcher, tracker)

    async def validate_plan_essentials(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return any_amount("plan_essentials", value, dispatcher, tracker)

    async def validate_plan_option(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        options = list(tracker.get_slot("plan_options") or [])
        return {"plan_option": option_from_text(str(value), options)}


class ActionAskPlanAffordable(Action):
    def name(self) -> str:
        return "action_ask_plan_affordable"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        frequency = str(tracker.get_slot("plan_frequency") or "monthly")
        utter(dispatcher, "utter_ask_plan_affordable", frequency=label(frequency))
        return []


def _answers(tracker: Tracker) -> dict[str, Any]:
    answers: dict[str, Any] = {"frequency": tracker.get_slot("plan_frequency") or "monthly"}
    affordable = tracker.get_slot("plan_affordable")
    if isinstance(affordable, int):
        answers["affordable_per_period_minor"] = affordable
    elif isinstance(tracker.get_slot("plan_income"), int):
        answers["income_monthly_minor"] = tracker.get_slot("plan_income")
        answers["essentials_monthly_minor"] = tracker.get_slot("plan_essentials") or 0
    return answers


def describe_option(
    dispatcher: CollectingDispatcher, n: int, plan: dict[str, Any], today: date
) -> None:
    currency = plan["currency"]
    installments = plan["installments"]
    if plan["kind"] == "full":
        utter(
            dispatcher, "utter_plan_option_full", n=n, amount=money(plan["total_minor"], currency)
        )
    elif plan["kind"] == "settlement":
        utter(
            dispatcher,
            "utter_plan_option_settlement",
            n=n,
            amount=money(plan["total_minor"], currency),
            discount=money(plan["discount_minor"], currency),
        )
    elif plan["kind"] == "hardship":
        first_due = date.fromisoformat(installments[0]["due"])
        utter(
            dispatcher,
            "utter_plan_option_hardship_pause"
            if first_due > today
            else "utter_plan_option_hardship",
            n=n,
            amount=money(installments[0]["amount_minor"], currency),
            first_due=day(first_due),
            last_due=day(date.fromisoformat(installments[-1]["due"])),
        )
        # Reduced payments seldom clear the debt: say what is left then, and that it is
        # looked at again, not silently due in full.
        left = Plan.from_dict({k: v for k, v in plan.items() if k != "option_id"}).remaining_minor
        if left > 0:
            utter(dispatcher, "utter_plan_hardship_review", remaining=money(left, currency))
    else:
        # The total, because the last payment is often smaller; waived fees, because they are
        # why the total is less than the balance.
        waived = plan["discount_minor"]
        utter(
            dispatcher,
            "utter_plan_option_installments_waived" if waived else "utter_plan_option_installments",
            n=n,
            amount=money(installments[0]["amount_minor"], currency),
            frequency=label(plan["frequency"]),
            first_due=day(date.fromisoformat(installments[0]["due"])),
            last_due=day(date.fromisoformat(installments[-1]["due"])),
            total=money(plan["total_minor"], currency),
            discount=money(waived, currency),  # the text without a waiver does not show it
        )


class ActionAskPlanOption(Action):
    """Quotes from the calculator (through the ledger) and offers them as buttons."""

    def name(self) -> str:
        return "action_ask_plan_option"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        account_id = str(tracker.get_slot("account_id"))
        try:
            async with ledger() as client:
                quote = await client.quote_plans(account_id, **_answers(tracker))
                current = (await client.account(account_id)).get("active_plan")
        except LEDGER_DOWN:
            utter(dispatcher, "utter_service_unavailable")
            return []
        # Changing a plan: the new one replaces the plan active now, when chosen, not before.
        if current is not None:
            utter(dispatcher, "utter_plan_will_replace")
        replacing = SlotSet("replacing_plan", None if current is None else str(current["id"]))
        if not quote["affordable"]:
            utter(dispatcher, "utter_plan_nothing_affordable")
        ids = []
        for n, plan in enumerate(quote["options"], start=1):
            describe_option(dispatcher, n, plan, date.fromisoformat(quote["today"]))
            ids.append(plan["option_id"])
        utter(
            dispatcher,
            "utter_ask_plan_option",
            choices=[
                {"payload": f'/inform{{"plan_option": "{option_id}"}}', "args": {"n": n}}
                for n, option_id in enumerate(ids, start=1)
            ],
        )
        return [replacing, SlotSet("plan_options", ids)]


def show_schedule(dispatcher: CollectingDispatcher, plan: dict[str, Any]) -> None:
    items = [(date.fromisoformat(i["due"]), i["amount_minor"]) for i in plan["installments"]]
    utter(
        dispatcher,
        "utter_plan_accepted",
        schedule=schedule(items, plan["currency"], lines=SCHEDULE_LINES),
    )


class ActionAcceptPlan(Action):
    def name(self) -> str:
        return "action_accept_plan"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        reset = answers_cleared(domain, "plan_form")
        if verified_debtor(tracker) is None:
            utter(dispatcher, "utter_verify_first")
            return reset
        try:
            async with ledger() as client:
                plan = await client.accept_plan(
                    str(tracker.get_slot("account_id")),
                    str(tracker.get_slot("plan_option")),
                    idempotency_key(tracker, "plan"),
                    replaces=tracker.get_slot("replacing_plan"),
                    **_answers(tracker),
                )
        except LedgerError as exc:
            utter(dispatcher, "utter_plan_changed" if exc.status == 409 else "utter_plan_failed")
            return reset
        except LEDGER_DOWN:
            utter(dispatcher, "utter_service_unavailable")
            return reset
        if tracker.get_slot("replacing_plan"):
            utter(dispatcher, "utter_plan_replaced")
        show_schedule(dispatcher, plan)
        if plan.get("payment_request"):
            offer_payment(dispatcher, plan["payment_request"])
        return reset


class ValidateCancelPlanForm(FormValidationAction):
    def name(self) -> str:
        return "validate_cancel_plan_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        # "Change it or cancel it?" means nothing without a plan: action_cancel_plan says so, or
        # moves the promise that is pending instead.
        account = await account_as_form_starts(tracker)
        if account is not None and account.get("active_plan") is None:
            return [SlotSet("requested_slot", None)]
        return await super().run(dispatcher, tracker, domain)


class ActionCancelPlan(Action):
    def name(self) -> str:
        return "action_cancel_plan"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        reset: list[EventType] = [SlotSet("cancel_confirm", None)]
        choice = tracker.get_slot("cancel_confirm")
        try:
            account = await conversation_account(tracker)
            plan = account.get("active_plan")
            if plan is None and pending_promise(account) is not None:
                # "Can I move it to the 22nd?" with no plan but a promise: it is the promise.
                return [*reset, FollowupAction("promise_form")]
            if plan is None:
                pause = asks_pause(latest_text(tracker))
                utter(dispatcher, "utter_no_plan_pause" if pause else "utter_no_plan")
                return reset
            if choice not in ("cancel", "change"):
                utter(dispatcher, "utter_plan_kept")
                return reset
            if choice == "change":
                # The plan questions; the chosen option replaces this plan (ledger side,
                # in one step), so walking away midway leaves the old plan running.
                return [*reset, FollowupAction("plan_form")]
            async with ledger() as client:
                await client.cancel_plan(plan["id"], idempotency_key(tracker, "cancel-plan"))
        except LEDGER_DOWN:
            utter(dispatcher, "utter_service_unavailable")
            return reset
        utter(dispatcher, "utter_plan_cancelled")
        return reset
