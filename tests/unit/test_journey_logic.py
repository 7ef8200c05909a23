"""Pure decisions inside the journeys' actions."""

from __future__ import annotations

import asyncio
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.amounts import amount_in, payment_in
from actions.balance import plan_left_to_pay
from actions.context import FORM_WORKING_SLOTS, answers_cleared, form_abandoned, opening_text
from actions.conversation import ActionNoInForm, previous_turn_was_fallback
from actions.dispute import more_specific_reason, reason_from_text
from actions.identity import ValidateIdentityForm
from actions.plan import (
    ValidatePlanForm,
    asks_pause,
    frequency_from_text,
    option_from_text,
    stated_frequency,
    worded_affordable,
)
from actions.promise import ValidatePromiseForm, promise_said, why_no_promise
from bot.i18n.args import day, money
from bot.i18n.locales import follow_language
from bot.parsing import share_of_balance


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("this is not mine", "not_mine"),
        ("this is not my loan", "not_mine"),
        ("that isnt my debt", "not_mine"),
        ("I never borrowed anything from you", "not_mine"),
        ("这笔不是我借的", "not_mine"),
        ("I already paid it off in march", "already_paid"),
        ("我已经还过了", "already_paid"),
        ("the amount is wrong, you charged too much", "wrong_amount"),
        ("金额不对", "wrong_amount"),
        ("someone stole my identity, it's not mine", "fraud"),
        ("被人冒用了身份", "fraud"),
        ("I just want to dispute it", None),
    ],
)
def test_dispute_reasons_in_the_debtors_words(text: str, reason: str | None) -> None:
    assert reason_from_text(text) == reason


@pytest.mark.parametrize(
    ("reason", "details", "expected"),
    [
        ("not_mine", "是被人冒用的", "fraud"),  # identity theft is the specific "not mine"
        ("not_mine", "I never had an account with you", "not_mine"),
        ("other", "I already paid it off in march", "already_paid"),
        ("", "金额不对", "wrong_amount"),
        ("", "no idea what this is", "other"),
        ("wrong_amount", "someone stole my card", "wrong_amount"),  # a chosen reason stays
        ("already_paid", "the amount is wrong too", "already_paid"),
    ],
)
def test_details_make_a_vague_dispute_reason_specific(
    reason: str, details: str, expected: str
) -> None:
    assert more_specific_reason(reason, details) == expected


@pytest.mark.parametrize(
    ("text", "share"),
    [
        ("i can pay half next friday", Fraction(1, 2)),
        ("I'll pay it all off on the 15th", Fraction(1)),
        ("下周五我先还一半", Fraction(1, 2)),
        ("月底全部还清", Fraction(1)),
    ],
)
def test_an_opening_may_name_a_share_of_the_balance_next_to_its_date(
    text: str, share: Fraction
) -> None:
    named = payment_in(text, _tracker(text, "promise_to_pay"))
    assert isinstance(named, str) and share_of_balance(named) == share


def test_an_opening_amount_is_read_as_before_next_to_its_date() -> None:
    text = "下周五我先还两千"
    assert payment_in(text, _tracker(text, "promise_to_pay")) == 200000
    assert payment_in("half on friday and half on the 20th", _tracker("", "promise_to_pay")) is None


@pytest.mark.parametrize(
    ("text", "frequency"),
    [
        ("weekly", "weekly"),
        ("every week pls", "weekly"),
        ("fortnightly", "biweekly"),
        ("every two weeks", "biweekly"),
        ("每两周", "biweekly"),
        ("monthly", "monthly"),
        ("每个月", "monthly"),
        ("whenever", None),
    ],
)
def test_frequencies(text: str, frequency: str | None) -> None:
    assert frequency_from_text(text) == frequency


@pytest.mark.parametrize(
    ("text", "chosen"),
    [
        ("2", "b"),
        ("option 3", "c"),
        ("the first one", "a"),
        ("第二个", "b"),
        ("b", "b"),
        ("7", None),
        ("none of them", None),
    ],
)
def test_choosing_an_option(text: str, chosen: str | None) -> None:
    assert option_from_text(text, ["a", "b", "c"]) == chosen


def _turn(action: str) -> list[dict[str, object]]:
    return [
        {"event": "user"},
        {"event": "action", "name": action},
        {"event": "action", "name": "action_listen"},
    ]


def test_a_second_fallback_in_a_row_is_recognised() -> None:
    events = [*_turn("utter_greet"), *_turn("action_fallback"), {"event": "user"}]
    assert previous_turn_was_fallback(events)


def test_a_fallback_after_an_answer_is_a_first_fallback() -> None:
    events = [*_turn("action_fallback"), *_turn("action_tell_balance"), {"event": "user"}]
    assert not previous_turn_was_fallback(events)


@pytest.mark.parametrize(
    ("current", "home", "text", "expected"),
    [
        ("en_US", "en_US", "说中文", "zh_Hans_CN"),
        ("en_US", "en_US", "我还欠多少钱", "zh_Hans_CN"),
        ("zh_Hans_CN", "en_GB", "english please", "en_GB"),
        ("zh_Hans_CN", "zh_Hans_CN", "how much do I owe", "en_US"),
        ("zh_Hans_CN", "zh_Hans_CN", "ok", "zh_Hans_CN"),
        ("en_GB", "en_GB", "500", "en_GB"),
    ],
)
def test_the_conversation_follows_the_debtors_language(
    current: str, home: str, text: str, expected: str
) -> None:
    assert follow_language(current, home, text) == expected


def _tracker(text: str, intent: str, requested_slot: str | None = None) -> Tracker:
    message = {"text": text, "intent": {"name": intent, "confidence": 0.9}}
    slots = {"requested_slot": requested_slot, "currency": "CNY"}
    return Tracker("c-1", slots, message, [], False, None, None, "action_listen")


def test_the_message_that_starts_a_form_may_answer_its_questions() -> None:
    starting = _tracker("下周五我先还两千", "promise_to_pay")
    assert opening_text(starting, "promise_to_pay") == "下周五我先还两千"
    assert amount_in(opening_text(starting, "promise_to_pay"), starting) == 200000
    # Another journey's message, or an answer to a question the form asked, is not an opening.
    assert opening_text(starting, "make_payment") is None
    answering = _tracker("下周五我先还两千", "promise_to_pay", requested_slot="promise_date")
    assert opening_text(answering, "promise_to_pay") is None


def test_a_promise_stated_again_while_the_form_asks_replaces_what_was_said() -> None:
    text = "算了 还是下周五还800吧"
    restated = _tracker(text, "promise_to_pay", requested_slot="promise_reminder")
    assert promise_said(restated) == text
    assert promise_said(_tracker("好的", "affirm", requested_slot="promise_reminder")) is None
    assert promise_said(_tracker("下周五我先还两千", "promise_to_pay")) == "下周五我先还两千"
    assert promise_said(_tracker("我要还款", "make_payment")) is None


def test_after_identity_the_opening_is_the_message_that_asked_for_it() -> None:
    opening = {"intent": "promise_to_pay", "text": "下周五我先还两千"}
    slots = {"requested_slot": None, "currency": "CNY", "pending_opening": opening}
    message = {"text": "7315", "intent": {"name": "inform", "confidence": 0.99}}
    events = [
        {"event": "user", "text": "7315"},
        {"event": "action", "name": "identity_form"},
        {"event": "action", "name": "action_resume_pending"},
        {"event": "action", "name": "promise_form"},  # as it activates
    ]
    resumed = Tracker("c-1", slots, message, events, False, None, None, "promise_form")
    assert opening_text(resumed, "promise_to_pay") == "下周五我先还两千"
    assert opening_text(resumed, "make_payment") is None
    # Any later start of the form is an ordinary one: the kept opening is not read again.
    later = [*events, {"event": "user", "text": "/promise_to_pay"}]
    again = Tracker("c-1", slots, message, later, False, None, None, "action_listen")
    assert opening_text(again, "promise_to_pay") is None


@pytest.mark.parametrize("text", ["我想还款", "i promise i will pay", "pay on the 15th", ""])
def test_an_opening_without_an_amount_leaves_the_question_to_the_form(text: str) -> None:
    assert amount_in(text, _tracker(text, "make_payment")) is None


@pytest.mark.parametrize(
    ("text", "frequency"),
    [
        ("can i pay less each month", "monthly"),
        ("could I do it every other week", "biweekly"),
        ("weekly payments please", "weekly"),
        ("能不能每个月还一点", "monthly"),
        ("每周还可以吗", "weekly"),
        # Not how often: a time, or no frequency at all.
        ("i cant pay this month, can i get a plan", None),
        ("i lost my job a month ago, can we sort a plan", None),
        ("下个月再开始还行吗", None),
        ("can i pay in installments", None),
    ],
)
def test_how_often_stated_as_a_plan_starts(text: str, frequency: str | None) -> None:
    assert stated_frequency(text) == frequency


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        ("每个月能还800", {"plan_frequency": "monthly", "plan_affordable": 80000}),
        ("weekly, about 150", {"plan_frequency": "weekly", "plan_affordable": 15000}),
        ("monthly", {"plan_frequency": "monthly"}),
        # An income is not what they can pay; with no frequency nothing is taken.
        ("I earn 2000 a month", {"plan_frequency": "monthly"}),
        ("我每个月工资三千", {"plan_frequency": "monthly"}),
        ("800", {"plan_frequency": None}),
    ],
)
def test_the_answer_to_how_often_may_say_how_much_too(text: str, slots: dict[str, object]) -> None:
    tracker = _tracker(text, "inform", requested_slot="plan_frequency")
    answer = ValidatePlanForm().validate_plan_frequency(text, CollectingDispatcher(), tracker, {})
    assert asyncio.run(answer) == slots


def test_a_promise_is_refused_on_hold_and_while_another_is_pending() -> None:
    pending = {"date": "2026-12-11", "amount_minor": 20000, "currency": "USD"}
    assert why_no_promise({"status": "delinquent", "promises": []}) is None
    assert why_no_promise({"status": "disputed_hold", "promises": [pending]}) == (
        "utter_dispute_hold",
        {},
    )
    response, args = why_no_promise({"status": "in_plan", "promises": [pending]}) or ("", {})
    assert response == "utter_promise_pending"
    assert args == {"amount": money(20000, "USD"), "date": day(date(2026, 12, 11))}


@pytest.mark.parametrize(
    ("text", "intent", "taken"),
    [
        ("my code is 140 891", "complain", True),  # as the classifier once read it
        ("my code is 066 172", "explain_debt", True),
        ("born 14 March 1988", "explain_debt", True),
        ("why do I owe this", "explain_debt", False),  # a question, left to the rules
        ("I want to complain", "complain", False),
    ],
)
async def test_a_code_or_birth_date_answers_identity_whatever_the_intent(
    text: str, intent: str, taken: bool
) -> None:
    form = ValidateIdentityForm()
    tracker = _tracker(text, intent, requested_slot="id_dob")
    extracted = await form.extract_id_dob(CollectingDispatcher(), tracker, {})
    assert extracted == ({"id_dob": text} if taken else {})
    elsewhere = _tracker(text, intent, requested_slot="id_last4")
    assert await form.extract_id_dob(CollectingDispatcher(), elsewhere, {}) == {}


def test_what_is_left_under_a_plan_counts_unpaid_installments_only_when_it_waives() -> None:
    installments = [
        {"amount_minor": 10_000, "paid_minor": 10_000},
        {"amount_minor": 10_000, "paid_minor": 2_500},
        {"amount_minor": 4_000, "paid_minor": 0},
    ]
    account = {"active_plan": {"discount_minor": 1_200, "installments": installments}}
    assert plan_left_to_pay(account) == (11_500, 1_200)
    account["active_plan"]["discount_minor"] = 0  # nothing waived: the balance says it all
    assert plan_left_to_pay(account) is None
    assert plan_left_to_pay({"active_plan": None}) is None


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("nothing", 0),
        ("0", 0),
        ("zero tbh", 0),
        ("honestly nothing right now", 0),
        ("i cant pay anything", 0),
        ("im broke till next month", 0),
        ("没有", 0),
        ("一分钱都拿不出来", 0),
        ("现在没钱", 0),
        ("not sure", "unknown"),
        ("不知道", "unknown"),
        ("50", None),  # an amount is for the amount parser
        ("nothing more than 50", None),
        ("没有问题 每月500", None),
        ("none of your business", 0),  # read as nothing: the hardship option is no harm
    ],
)
def test_the_affordability_question_answered_in_words(text: str, said: int | str | None) -> None:
    assert worded_affordable(text, _tracker(text, "inform", "plan_affordable")) == said


def test_nothing_read_as_no_answers_the_plan_question_instead_of_ending_it() -> None:
    dispatcher = CollectingDispatcher()
    asked = _tracker("没有", "deny", requested_slot="plan_affordable")
    events = asyncio.run(ActionNoInForm().run(dispatcher, asked, {}))
    assert events == [SlotSet("plan_affordable", 0), FollowupAction("plan_form")]
    # Elsewhere "no" still stops the form.
    other = _tracker("没有", "deny", requested_slot="promise_date")
    stopped = asyncio.run(ActionNoInForm().run(dispatcher, other, {}))
    assert ActiveLoop(None) in stopped


def test_nothing_read_as_goodbye_still_answers_the_plan_question() -> None:
    form = ValidatePlanForm()
    asked = _tracker("nothing right now", "goodbye", requested_slot="plan_affordable")
    found = asyncio.run(form.extract_plan_affordable(CollectingDispatcher(), asked, {}))
    assert found == {"plan_affordable": 0}
    elsewhere = _tracker("nothing right now", "goodbye", requested_slot="plan_frequency")
    assert asyncio.run(form.extract_plan_affordable(CollectingDispatcher(), elsewhere, {})) == {}


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("actually make it the 26th", 10_000),  # a new date alone moves the promise
        ("i'll pay 50 on the 26th instead", 5_000),  # an amount said is the amount
        ("i want to promise a payment", None),  # nothing said: the form asks
    ],
)
def test_a_new_date_for_a_pending_promise_keeps_its_amount(text: str, amount: int | None) -> None:
    tracker = _tracker(text, "promise_to_pay")
    tracker.slots["replacing_promise"] = {"date": "2026-12-25", "amount_minor": 10_000}
    found = asyncio.run(
        ValidatePromiseForm().extract_promise_amount(CollectingDispatcher(), tracker, {})
    )
    assert found == ({} if amount is None else {"promise_amount": amount})


@pytest.mark.parametrize(
    ("text", "pause"),
    [
        ("can i pause my payments for a couple of months", True),
        ("i need a payment holiday", True),
        ("能暂停几个月吗", True),
        ("可以先缓一缓吗", True),
        ("i want to cancel my payment plan", False),
        ("能改到下周六吗", False),
    ],
)
def test_asking_to_pause_is_told_apart_from_cancelling(text: str, pause: bool) -> None:
    assert asks_pause(text) is pause


DOMAIN = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text())


@pytest.mark.parametrize("form", sorted(DOMAIN["forms"]))
def test_a_form_ended_either_way_forgets_the_same_slots(form: str) -> None:
    tracker = _tracker("no", "deny", requested_slot="x")
    tracker.active_loop = {"name": form}
    abandoned = form_abandoned(tracker, DOMAIN)
    assert abandoned[:2] == [ActiveLoop(None), SlotSet("requested_slot", None)]
    cleared = answers_cleared(DOMAIN, form)  # what the journey's own last action returns
    assert abandoned[2:] == cleared
    forgotten = {event["name"] for event in cleared}
    assert forgotten >= set(DOMAIN["forms"][form]["required_slots"])
    assert forgotten >= set(FORM_WORKING_SLOTS.get(form, ()))
    assert all(event["value"] is None for event in cleared)


def test_the_plan_and_promise_forms_forget_the_options_and_what_they_would_replace() -> None:
    assert {"plan_options", "replacing_plan"} <= set(FORM_WORKING_SLOTS["plan_form"])
    assert FORM_WORKING_SLOTS["promise_form"] == ("replacing_promise",)
    for form, slots in FORM_WORKING_SLOTS.items():
        assert form in DOMAIN["forms"]
        assert set(slots) <= set(DOMAIN["slots"]), form  # a misspelt slot would never clear
