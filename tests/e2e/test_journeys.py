"""Journeys through the gateway's chat API, checked against the ledger."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import requests
from aiohttp import ClientSession

from tests.conftest import Stack

pytestmark = pytest.mark.e2e


class Chat:
    """One debtor's conversation through POST /v1/chat/messages."""

    def __init__(self, stack: Stack, debtor: str, token: str | None = None) -> None:
        self.stack = stack
        self.headers = {"Authorization": f"Bearer {token or stack.token(debtor)}"}
        self.conversation_id: str | None = None
        self.last: dict[str, Any] = {}

    def say(self, text: str) -> str:
        body: dict[str, str] = {"text": text}
        if self.conversation_id:
            body["conversation_id"] = self.conversation_id
        response = requests.post(
            f"{self.stack.base_url}/v1/chat/messages", json=body, headers=self.headers, timeout=60
        )
        assert response.status_code == 200, response.text
        self.last = response.json()
        self.conversation_id = self.last["conversation_id"]
        return " ".join(m.get("text", "") for m in self.last["messages"])

    def buttons(self) -> list[dict[str, str]]:
        return [b for m in self.last["messages"] for b in m.get("buttons", [])]


def pounds(minor: int) -> str:
    return f"£{minor // 100:,}.{minor % 100:02d}"


def ledger(stack: Stack, path: str) -> dict[str, Any]:
    response = requests.get(
        f"{stack.base_url}/v1/ledger{path}",
        timeout=10,
        headers={"Authorization": f"Bearer {stack.service_token()}"},
    )
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def test_a_dispute_puts_the_account_on_hold(stack: Stack) -> None:
    chat = Chat(stack, "d-1004")
    first = chat.say("this debt is not mine, i never borrowed from you")
    assert "own words" in first  # the reason came with the first message; details are next
    assert "confirm" not in first.lower()
    chat.say("I have never had a cash advance with Pocket Wallet")
    # More said while "shall I go ahead?" is asked goes on the record, and is asked again.
    more = chat.say("someone stole my identity and opened this, i never registered with you")
    assert "added that" in more and [b["payload"] for b in chat.buttons()] == ["/affirm", "/deny"]
    confirm = chat.say("yes")  # answers "shall I go ahead?"
    reference = re.search(r"DSP-[A-Z0-9]{6}", confirm)
    assert reference, confirm
    account = ledger(stack, "/accounts/a-1004")
    assert account["status"] == "disputed_hold"
    [dispute] = account["disputes"]
    assert dispute["reference"] == reference.group(0)
    assert dispute["details"] == (
        "I have never had a cash advance with Pocket Wallet\n"
        "someone stole my identity and opened this, i never registered with you"
    )
    assert dispute["reason"] == "fraud"  # "not mine", made specific by what they added
    status = chat.say("any update on my dispute?")
    assert reference.group(0) in status
    # On hold, no plan or promise is asked for or taken; paying stays possible.
    for arrangement in ("i will pay 50 on friday", "can i set up a payment plan"):
        held = chat.say(arrangement)
        assert "on hold while your dispute is reviewed" in held, held
        assert chat.buttons() == [], chat.last
    assert ledger(stack, "/accounts/a-1004/promises")["promises"] == []
    assert ledger(stack, "/accounts/a-1004")["active_plan"] is None
    # Asking to pay hears that nothing is due before it is asked how much.
    paying = chat.say("i want to pay this now")
    assert paying.index("on hold while your dispute is reviewed") < paying.index("How much")
    # "Do I still have to pay?" sits between paying and the balance (the model's two readings
    # are within a few points of each other); either way, in a new chat, it hears that
    # nothing is due.
    still = Chat(stack, "d-1004").say("do i still have to pay this")
    assert "on hold while your dispute is reviewed" in still, still


def test_an_accepted_plan_is_scheduled_in_the_ledger(stack: Stack) -> None:
    chat = Chat(stack, "d-1003")
    chat.say("can i pay this off in installments")
    assert any("monthly" in b["payload"] for b in chat.buttons())
    chat.say('/inform{"plan_frequency": "monthly"}')
    options = chat.say("about 100 a month")
    assert "£" in options
    choice = chat.buttons()[0]
    accepted = chat.say(choice["payload"])
    plan = ledger(stack, "/accounts/a-1003")["active_plan"]
    assert plan is not None and plan["status"] == "active"
    installments = plan["installments"]
    assert sum(i["amount_minor"] for i in installments) == plan["total_minor"]
    assert all(i["amount_minor"] <= 10000 for i in installments)
    # 60000 + 4800 + 1200 - 2000 pence owed; the first payment shows in the chat, in pounds.
    assert plan["total_minor"] <= 64000
    first = installments[0]["amount_minor"]
    assert f"£{first // 100}.{first % 100:02d}" in accepted
    # The first payment is due today: the reply carries its pay button, for that amount.
    [pay] = [b["payload"] for b in chat.buttons() if b["payload"].startswith("wallet://pay")]
    bill = ledger(stack, "/payment-requests/" + pay.split("request=")[1])
    assert (bill["amount_minor"], bill["purpose"]) == (first, "installment")
    assert ledger(stack, "/accounts/a-1003")["status"] == "in_plan"
    # The option said what the plan costs in all and which fees it waives (d-1003's £12.00).
    assert f"({pounds(plan['total_minor'])} in all, with £12.00 of fees waived)" in options
    # Six payments are listed; the rest are counted, not cut off without a word.
    rest = len(installments) - 6
    assert rest > 0, "at about £100 a month this plan is longer than the six lines shown"
    last = installments[-1]["amount_minor"]
    assert f"and {rest} more, the last on" in accepted and pounds(last) in accepted, accepted
    # "When is my next payment?" is a balance question: it names the plan's first payment.
    due = date.fromisoformat(installments[0]["due"])
    answer = chat.say("when is my next payment due")
    assert f"Your next payment of {pounds(first)} is due on {due.day} {due:%B %Y}" in answer
    # The balance still counts the £12.00 the plan waives on completion: say what is left
    # to pay under the plan, from its installments in the ledger.
    left = sum(i["amount_minor"] - i["paid_minor"] for i in installments)
    assert left == plan["total_minor"] and plan["discount_minor"] == 1200
    assert f"takes £12.00 off when it is complete, so {pounds(left)} is what is left" in answer


def test_saying_how_often_and_how_much_at_once_brings_the_options(stack: Stack) -> None:
    chat = Chat(stack, "d-1002")
    chat.say("我想分期还")
    assert any("monthly" in b["payload"] for b in chat.buttons()), chat.last
    options = chat.say("每个月能还800")
    assert "还多少" not in options and "¥" in options, options
    assert all("plan_option" in b["payload"] for b in chat.buttons()), chat.last
    assert len(chat.buttons()) >= 2


def test_how_often_said_as_the_plan_starts_is_not_asked(stack: Stack) -> None:
    chat = Chat(stack, "d-1007")  # no test gives d-1007 a plan
    asked = chat.say("can i pay less each month")
    assert "How much could you comfortably pay monthly?" in asked, asked


@pytest.mark.parametrize("unsure", ["not sure", "no idea"])  # both read as deny
def test_not_sure_what_they_can_afford_brings_the_income_questions(
    stack: Stack, unsure: str
) -> None:
    chat = Chat(stack, "d-1007")  # no test gives d-1007 a plan
    chat.say("can i get a payment plan")
    chat.say('/inform{"plan_frequency": "monthly"}')
    asked = chat.say(unsure)
    assert "how much money comes in each month" in asked, asked
    chat.say("about 1800")
    chat.say("1200")
    assert any("plan_option" in b["payload"] for b in chat.buttons()), chat.last
    # Plain "no" to the same question still stops the plan questions.
    stop = Chat(stack, "d-1007")
    stop.say("can i get a payment plan")
    stop.say('/inform{"plan_frequency": "monthly"}')
    assert "let's leave that" in stop.say("no")


def test_cancelling_without_a_plan_says_so_without_asking(stack: Stack) -> None:
    chat = Chat(stack, "d-1007")  # no test gives d-1007 a plan
    answer = chat.say("i want to cancel my payment plan")
    assert "don't have an active plan" in answer and "cancel it?" not in answer, answer
    assert [b["payload"] for b in chat.buttons()] == ["/request_plan"], chat.last
    # Asking to pause with no plan to pause: the pause on offer is the hardship plan's.
    answer = chat.say("can i pause my payments for a couple of months")
    assert "don't have a plan to pause" in answer and "start with a pause" in answer, answer
    assert [b["payload"] for b in chat.buttons()] == ["/request_plan", "/request_human"]


def _ledger_post(stack: Stack, path: str, body: dict[str, Any], expect: int) -> dict[str, Any]:
    response = requests.post(
        f"{stack.base_url}/v1/ledger{path}",
        json=body,
        timeout=10,
        headers={"Authorization": f"Bearer {stack.service_token()}"},
    )
    assert response.status_code == expect, response.text
    result: dict[str, Any] = response.json()
    return result


@pytest.mark.parametrize(
    ("debtor", "account", "messages", "pause"),
    [
        # "nothing right now" reads as goodbye, "没有" as "no": each answers the question.
        ("d-1007", "a-1007", ["can i set up a payment plan", "monthly", "nothing right now"],
         "a pause with nothing to pay until {d:%B} {d.day}, {d.year}"),
        ("d-1002", "a-1002", ["我想分期还", "每月", "没有"],
         "{d.year}年{d.month}月{d.day}日 之前无需还款"),
    ],
)  # fmt: skip
def test_nothing_to_pay_now_is_an_answer_and_brings_a_pause_first(
    stack: Stack, debtor: str, account: str, messages: list[str], pause: str
) -> None:
    chat = Chat(stack, debtor)
    for text in messages:
        answer = chat.say(text)
    # The ledger's own quote for "nothing a month" is the one option, its pause included.
    quoted = _ledger_post(
        stack, f"/accounts/{account}/plans/quote", {"affordable_per_period_minor": 0}, 200
    )
    [option] = quoted["options"]
    first = date.fromisoformat(option["installments"][0]["due"])
    assert option["kind"] == "hardship" and first > date.fromisoformat(quoted["today"])
    assert pause.format(d=first) in answer, answer
    # What the token payments leave owing, from the quote's own numbers, is said.
    left = option["balance_minor"] - option["discount_minor"] - option["total_minor"]
    symbol = "$" if debtor == "d-1007" else "¥"
    assert left > 0 and f"{symbol}{left // 100:,}.{left % 100:02d}" in answer, answer
    assert [b["payload"] for b in chat.buttons()] == [
        f'/inform{{"plan_option": "{option["option_id"]}"}}'
    ], chat.last


def test_changing_a_plan_replaces_it_only_once_a_new_one_is_chosen(stack: Stack) -> None:
    quoted = _ledger_post(stack, "/accounts/a-1006/plans/quote", {}, 200)
    first = {"option_id": quoted["options"][0]["option_id"], "idempotency_key": "e2e-change-1"}
    old = _ledger_post(stack, "/accounts/a-1006/plans", first, 201)
    chat = Chat(stack, "d-1006")
    asked = chat.say("can i change my payment plan")
    assert "change your plan" in asked, asked
    assert [b["payload"] for b in chat.buttons()] == ["/request_plan", "/affirm", "/deny"]
    chat.say("/request_plan")
    chat.say('/inform{"plan_frequency": "weekly"}')
    options = chat.say("20 a week")
    assert "replaces your current plan" in options
    # Nothing has changed yet: the old plan runs until a new one is chosen.
    assert ledger(stack, "/accounts/a-1006")["active_plan"]["id"] == old["id"]
    done = chat.say(chat.buttons()[0]["payload"])
    assert "previous plan is cancelled" in done and "£" in done
    account = ledger(stack, "/accounts/a-1006")
    assert account["active_plan"]["id"] != old["id"]
    assert account["active_plan"]["frequency"] == "weekly"
    assert ledger(stack, f"/plans/{old['id']}")["status"] == "cancelled"


async def test_a_payment_is_confirmed_by_a_push_with_the_new_balance(stack: Stack) -> None:
    token = stack.token("d-1007")
    async with ClientSession() as http, http.ws_connect(f"{stack.base_url}/v1/chat/ws") as ws:
        await ws.send_json({"type": "auth", "token": token})
        assert (await ws.receive_json(timeout=10))["type"] == "ready"

        async def say(text: str, conversation_id: str | None = None) -> dict[str, Any]:
            frame = {"type": "message", "text": text}
            if conversation_id:
                frame["conversation_id"] = conversation_id
            await ws.send_json(frame)
            while True:
                reply: dict[str, Any] = await ws.receive_json(timeout=60)
                if reply["type"] == "reply":
                    return reply

        asked = await say("i want to pay now")
        conversation = asked["conversation_id"]
        offered = await say("50", conversation)
        pay = [
            b
            for m in offered["messages"]
            for b in m.get("buttons", [])
            if b["payload"].startswith("wallet://pay")
        ]
        assert pay, offered
        request_id = pay[0]["payload"].split("request=")[1]
        async with http.post(
            f"{stack.base_url}/v1/demo/payment-requests/{request_id}/pay",
            headers={"Authorization": f"Bearer {token}"},
        ) as response:
            assert response.status == 200, await response.text()
        while True:
            push = await ws.receive_json(timeout=60)
            if push["type"] == "push":
                break
        text = " ".join(m["text"] for m in push["messages"])
        # Stored like every reply: a reconnecting page resumes after these ids.
        assert all(isinstance(m.get("id"), int) for m in push["messages"]), push
        # 89900 + 2140 + 2900 - 2900 = 92040 cents owed, minus the 5000 paid.
        assert "$50.00" in text and "$870.40" in text
    assert ledger(stack, "/debtors/d-1007")["accounts"][0]["balance_minor"] == 87040


FRIDAY, SATURDAY = 4, 5


def _next_week(zone: str, weekday: int) -> str:
    """A day (Monday = 0) of next calendar week (weeks start on Monday) in the debtor's own
    timezone."""
    today = datetime.now(ZoneInfo(zone)).date()
    return (today + timedelta(days=7 - today.weekday() + weekday)).isoformat()


@pytest.mark.parametrize(
    ("debtor", "account", "zone", "promise", "changed", "restated", "moved", "yes", "no",
     "amounts"),
    [
        # Debtors no other test puts on a crisis or dispute hold (the browser test takes d-1001).
        ("d-1007", "a-1007", "America/Chicago", "i can pay 200 next friday",
         "i can pay 100 next friday", "actually i can pay 150 next friday",
         "can i change the date to next saturday", "yes", "no", (20000, 15000)),
        ("d-1002", "a-1002", "Asia/Shanghai", "下周五我先还两千", "下周五我先还一千",
         "算了 还是下周五还一千五吧", "能从下周五改到下周六吗", "好的", "不用了", (200000, 150000)),
    ],
)  # fmt: skip
def test_a_promise_with_its_date_and_amount_is_recorded_without_asking_and_can_be_changed(
    stack: Stack,
    debtor: str,
    account: str,
    zone: str,
    promise: str,
    changed: str,
    restated: str,
    moved: str,
    yes: str,
    no: str,
    amounts: tuple[int, int],
) -> None:
    chat = Chat(stack, debtor)
    asked = chat.say(promise)
    assert [b["payload"] for b in chat.buttons()] == ["/affirm", "/deny"], asked  # the reminder
    chat.say(yes)
    [recorded] = ledger(stack, f"/accounts/{account}/promises")["promises"]
    assert recorded["date"] == _next_week(zone, FRIDAY)
    assert recorded["amount_minor"] == amounts[0]
    assert recorded["reminder_consent"] is True
    # One promise at a time: a second asks whether to change the first; "no" keeps it.
    again = chat.say(changed)
    assert [b["payload"] for b in chat.buttons()] == ["/affirm", "/deny"], again
    chat.say(no)
    assert ledger(stack, f"/accounts/{account}/promises")["promises"] == [recorded]
    # Asked again and answered yes: the new one (its date and amount already said) replaces it.
    chat.say(changed)
    chat.say(yes)
    asked = chat.last["messages"][-1]["text"]
    assert "reminder" in asked or "提醒" in asked, asked
    # Stated again before it is recorded: the correction is what gets recorded.
    chat.say(restated)
    chat.say(no)
    old, new = ledger(stack, f"/accounts/{account}/promises")["promises"]
    assert (old["id"], old["status"]) == (recorded["id"], "replaced")
    assert (new["status"], new["amount_minor"], new["date"]) == ("pending", amounts[1], old["date"])
    assert new["reminder_consent"] is False
    # "Can I move it to next Saturday?" reads as changing a plan, and there is none: it moves
    # the promise, same amount, without asking again whether to change it ("from next Friday
    # to next Saturday" names both days: the one it moves to is the date).
    chat.say(moved)
    asked = chat.last["messages"][-1]["text"]
    assert "reminder" in asked or "提醒" in asked, asked
    chat.say(no)
    *_, before, after = ledger(stack, f"/accounts/{account}/promises")["promises"]
    assert (before["id"], before["status"]) == (new["id"], "replaced")
    saturday = _next_week(zone, SATURDAY)
    assert (after["status"], after["amount_minor"]) == ("pending", amounts[1])
    assert after["date"] == saturday


def test_a_promise_of_half_the_balance_on_a_date_is_recorded_without_asking(
    stack: Stack,
) -> None:
    owed = ledger(stack, "/accounts/a-1006")["balance_minor"]
    chat = Chat(stack, "d-1006")
    asked = chat.say("i can pay half next friday")
    assert [b["payload"] for b in chat.buttons()] == ["/affirm", "/deny"], asked  # the reminder
    chat.say("no thanks")
    [recorded] = ledger(stack, "/accounts/a-1006/promises")["promises"]
    assert recorded["date"] == _next_week("Europe/London", FRIDAY)
    assert recorded["amount_minor"] == (owed + 1) // 2


def test_a_promise_without_a_date_asks_for_one(stack: Stack) -> None:
    chat = Chat(stack, "d-1003")
    assert "When will you be able to pay?" in chat.say("i promise i will pay you")
    assert "How much will you pay then?" in chat.say("on the 28th")


def test_a_payment_with_its_amount_goes_straight_to_the_pay_button(stack: Stack) -> None:
    chat = Chat(stack, "d-1006")
    chat.say("i want to pay 100 now")
    assert [b["title"] for b in chat.buttons()] == ["Pay £100.00"], chat.last


@pytest.mark.parametrize(
    ("debtor", "account", "messages", "whole"),
    [
        ("d-1006", "a-1006", ["i want to pay half of it"], False),
        ("d-1002", "a-1002", ["我要还款", "全部还清"], True),  # the button's own words, typed
    ],
)
def test_a_share_of_the_balance_in_words_is_that_payment(
    stack: Stack, debtor: str, account: str, messages: list[str], whole: bool
) -> None:
    owed = ledger(stack, f"/accounts/{account}")["balance_minor"]
    chat = Chat(stack, debtor)
    for text in messages:
        chat.say(text)
    pay = [b["payload"] for b in chat.buttons() if b["payload"].startswith("wallet://pay")]
    assert len(pay) == 1, chat.last
    request = ledger(stack, "/payment-requests/" + pay[0].split("request=")[1])
    assert request["amount_minor"] == (owed if whole else (owed + 1) // 2)


def test_opt_out_is_honoured_and_confirmed_once(stack: Stack) -> None:
    chat = Chat(stack, "d-1005")
    first = chat.say("退订")
    prefs = ledger(stack, "/debtors/d-1005")["contact_preferences"]
    assert prefs["wallet"]["opted_out"] is True
    second = chat.say("退订")
    assert first != second and "已经" in second


def test_an_unverified_chat_never_leaks_the_debt(stack: Stack) -> None:
    chat = Chat(stack, "d-1006", token=_link_token(stack, "d-1006"))
    answer = chat.say("how much do i owe")
    raw = json.dumps(chat.last["messages"], ensure_ascii=False)
    assert "£" not in raw and "208" not in raw and "6140" not in raw
    assert "date of birth" in answer
    for _ in range(3):
        chat.say("1970-01-01")
        wrong = chat.say("0000")
        assert "£" not in wrong
    assert "30 minutes" in wrong
    # Locked: even the right answers are not checked now.
    chat.say("how much do i owe")
    chat.say("1990-05-17")
    locked = chat.say("6140")
    assert "£" not in locked and "30 minutes" in locked


def test_why_names_each_charge_from_the_ledgers_entries(stack: Stack) -> None:
    chat = Chat(stack, "d-1002")
    answer = chat.say("为什么欠这么多")
    # a-1002's interest and fee entries (bot/ledger/seed.py), in the debtor's locale.
    assert "• 2025年9月30日：利息，¥640.00\n• 2025年10月5日：逾期滞纳金，¥360.00" in answer, answer
    assert "本金 ¥8,000.00" in answer


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        # 110000 + 12456 + 3500 - 2500 cents.
        ("what's my balance", "$1,234.56"),
        ("why do i owe this", "principal $1,100.00"),
        ("any news on my dispute?", "no open disputes"),
    ],
)
def test_an_unverified_chat_answers_after_identity_is_proven_and_carries_on(
    stack: Stack, question: str, answer: str
) -> None:
    chat = Chat(stack, "d-1001", token=_link_token(stack, "d-1001"))
    assert "$" not in chat.say(question)
    chat.say("1988-03-12")
    assert answer in chat.say("4821")
    # The conversation goes on: the next message gets its answer too.
    assert "$1,234.56" in chat.say("how much do i owe now?")


def test_what_the_first_message_said_is_not_asked_again_after_identity(stack: Stack) -> None:
    chat = Chat(stack, "d-1003", token=_link_token(stack, "d-1003"))
    chat.say("i can pay 50 next friday")
    chat.say("1979-11-30")
    asked = chat.say("0932")
    # Date and amount came with the first message: next is the reminder question. Left
    # unanswered, so no promise is recorded for the tests that use d-1003.
    assert [b["payload"] for b in chat.buttons()] == ["/affirm", "/deny"], asked


def _wallet_code(stack: Stack, debtor: str) -> str:
    """What the wallet app shows its signed-in user (it holds the verified token)."""
    response = requests.post(
        f"{stack.base_url}/v1/identity/codes",
        headers={"Authorization": f"Bearer {stack.token(debtor)}"},
        timeout=10,
    )
    assert response.status_code == 201, response.text
    code: str = response.json()["code"]
    return code


def test_the_wallet_apps_code_proves_identity_in_place_of_the_questions(stack: Stack) -> None:
    chat = Chat(stack, "d-1003", token=_link_token(stack, "d-1003"))
    asked = chat.say("how much do i owe")
    assert "£" not in asked and "6-digit code" in asked
    code = _wallet_code(stack, "d-1003")
    wrong = chat.say(f"{(int(code) + 1) % 1_000_000:06d}")
    assert "£" not in wrong and "doesn't match or has expired" in wrong
    # 60000 + 4800 + 1200 - 2000 pence; no last-4 question after a code.
    answer = chat.say(f"my code is {code[:3]} {code[3:]}")
    assert "£640.00" in answer and "last 4 digits" not in answer
    # Once only: the same code in a new conversation proves nothing.
    again = Chat(stack, "d-1003", token=_link_token(stack, "d-1003"))
    again.say("how much do i owe")
    assert "£" not in again.say(code)


def test_a_chat_link_cannot_get_a_code_for_itself(stack: Stack) -> None:
    response = requests.post(
        f"{stack.base_url}/v1/identity/codes",
        headers={"Authorization": f"Bearer {_link_token(stack, 'd-1003')}"},
        timeout=10,
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("unsure", "question"),
    [("/express_distress@0.45", "Would you like to talk"), ("/express_crisis@0.45", "okay")],
)
def test_an_unsure_handoff_intent_asks_before_bringing_in_a_person(
    stack: Stack, unsure: str, question: str
) -> None:
    # "@0.45" sets the classifier's confidence: below the floor for an intent alone, and
    # no words the lexicon knows, so only the dialogue's safety net sees it.
    chat = Chat(stack, "d-1004")
    asked = chat.say(unsure)
    assert chat.last["state"] == "bot"
    assert question in asked
    assert [b["payload"] for b in chat.buttons()] == ["/request_human"]
    chat.say("/request_human")
    assert chat.last["state"] == "queued"


def test_a_message_with_nothing_to_read_gets_the_rephrase_reply(stack: Stack) -> None:
    # "?" leaves the classifier no token to count; it must fall back, not fail. With no
    # words to detect a language from, the reply is in the debtor's own locale.
    for debtor, text, rephrase in (
        ("d-1002", "?", "换个说法"),
        ("d-1003", "...", "say it another way"),
    ):
        chat = Chat(stack, debtor)
        assert rephrase in chat.say(text)
        assert chat.last["state"] == "bot"


def test_the_second_miss_offers_a_person_and_the_third_brings_one(stack: Stack) -> None:
    chat = Chat(stack, "d-1003")
    chat.say("tell me a joke")
    assert chat.last["state"] == "bot"
    offer = chat.say("what's the weather like tomorrow")
    assert chat.last["state"] == "bot", offer  # the debtor chooses
    assert "/request_human" in [b["payload"] for b in chat.buttons()], offer
    chat.say("how do i make pancakes")
    assert chat.last["state"] == "queued"
    handoffs = requests.get(
        f"{stack.base_url}/v1/agent/handoffs?status=open",
        headers={"Authorization": f"Bearer {stack.agent_token('demo')}"},
        timeout=10,
    ).json()["handoffs"]
    [mine] = [h for h in handoffs if h["conversation_id"] == chat.conversation_id]
    assert mine["reason"] == "fallback"


def test_the_conversation_follows_the_debtors_language(stack: Stack) -> None:
    chat = Chat(stack, "d-1001")
    switched = chat.say("说中文")
    assert re.search(r"[\u4e00-\u9fff]", switched), switched
    back = chat.say("how much do I owe please")
    assert "You owe $1,234.56" in back


def _link_token(stack: Stack, debtor: str) -> str:
    from bot import auth

    return auth.issue(stack.settings.secret, "wallet", debtor, verified=False)


def test_no_payment_is_asked_for_during_a_crisis_hold(stack: Stack) -> None:
    until = (datetime.now(timezone.utc) + timedelta(days=30)).isoformat()
    response = requests.patch(
        f"{stack.base_url}/v1/ledger/debtors/d-1005/flags",
        json={"crisis_until": until, "idempotency_key": "e2e-crisis-hold-d1005"},
        headers={"Authorization": f"Bearer {stack.service_token()}"},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    chat = Chat(stack, "d-1005")
    paused = chat.say("我想现在还款")
    assert "暂停" in paused
    assert not any(b["payload"].startswith("wallet://") for b in chat.buttons())
    owed = chat.say("我还欠多少钱")  # what they owe is still theirs to know...
    assert "¥" in owed
    # ...with nothing that asks for money: no due date, no "you can set up a plan or pay".
    assert len(chat.last["messages"]) == 1 and "还款计划" not in owed, owed
    why = chat.say("为什么欠这么多")
    assert "本金" in why and "还款计划" not in why and "应还" not in why, why


def test_a_settlement_offer_accepted_becomes_a_payment_request(stack: Stack) -> None:
    chat = Chat(stack, "d-1002")
    offer = chat.say("能不能打个折一次性结清")
    # Policy for CNY at 95 days past due: 10% off 880000 fen owed.
    assert "¥7,920.00" in offer and "¥880.00" in offer, offer
    chat.say("好的")
    assert any(b["payload"].startswith("wallet://pay") for b in chat.buttons()), chat.last
    plan = ledger(stack, "/accounts/a-1002")["active_plan"]
    assert plan["kind"] == "settlement" and plan["total_minor"] == 792000


def test_no_settlement_is_offered_where_the_policy_has_none(stack: Stack) -> None:
    chat = Chat(stack, "d-1006")
    answer = chat.say("can you knock some money off if i pay it all at once")
    assert "no settlement discount" in answer, answer
    assert {b["payload"] for b in chat.buttons()} >= {"/request_plan", "/make_payment"}, chat.last
    # A button's words typed, in a message the classifier reads as a bare "ok" or cannot
    # decide between "ok" and the plan, choose it (bot/gateway/typed_buttons.py).
    asked = chat.say("ok fine set up a plan then")
    assert "How often would you like to pay?" in asked, asked


@pytest.mark.parametrize(
    ("debtor", "question", "answer_has"),
    [
        ("d-1003", "how did you get my number", ("come from the wallet you borrowed", "sell")),
        ("d-1002", "你们怎么会有我的电话号码", ("来自您借款所用的钱包", "出售")),
        ("d-1003", "will you take me to court?", ("Court is a last resort",)),
        ("d-1002", "你们会起诉我吗", ("起诉是最后的手段",)),
        ("d-1003", "what are my rights", ("right to ask us to prove the debt",)),
        # Read as faq_fees, and 不还会怎么样 as a bare "no": the same straight answer.
        ("d-1007", "what happens if i stop paying", ("Court is a last resort",)),
        ("d-1002", "不还会怎么样", ("起诉是最后的手段",)),
        ("d-1007", "why are you charging me late fees", ("come from your original agreement",)),
    ],
)
def test_faq_questions_get_the_answer_they_ask_for(
    stack: Stack, debtor: str, question: str, answer_has: tuple[str, ...]
) -> None:
    answer = Chat(stack, debtor).say(question)
    assert all(part in answer for part in answer_has), answer


@pytest.mark.parametrize(
    ("debtor", "ask", "question", "bye", "goodbye"),
    [
        # Read as goodbye: the goodbye-during-a-form rule.
        ("d-1003", "can i set up a payment plan", "How often", "ok bye", "Take care"),
        # Read as thank: action_thank hears the goodbye in it.
        ("d-1002", "我想分期还款", "多久还一次", "谢谢 拜拜", "保重"),
        # A free-text question: "bye" is not the dispute's details.
        ("d-1003", "this debt is not mine", "in your own words", "bye", "Take care"),
    ],
)
def test_bye_in_the_middle_of_a_form_ends_it(
    stack: Stack, debtor: str, ask: str, question: str, bye: str, goodbye: str
) -> None:
    chat = Chat(stack, debtor)
    asked = chat.say(ask)
    assert question in asked, asked
    answer = chat.say(bye)
    assert goodbye in answer and question not in answer, answer


def test_thanks_in_the_middle_of_a_form_is_answered_and_the_question_asked_again(
    stack: Stack,
) -> None:
    chat = Chat(stack, "d-1007")
    asked = chat.say("i want a payment plan")
    assert "How often would you like to pay?" in asked, asked
    answer = chat.say("thanks")
    assert "You're welcome." in answer and "anything else" not in answer, answer
    assert "How often would you like to pay?" in answer, answer


def test_what_if_i_dont_pay_in_the_identity_questions_is_answered_and_they_go_on(
    stack: Stack,
) -> None:
    # 不还会怎么样 reads as a bare "no", which would otherwise stop the questions.
    chat = Chat(stack, "d-1005", token=_link_token(stack, "d-1005"))
    asked = chat.say("我欠多少钱")
    assert "出生日期" in asked, asked
    answer = chat.say("不还会怎么样")
    assert "起诉是最后的手段" in answer and "出生日期" in answer, answer
    assert "保重" in chat.say("拜拜")  # leaves no questions open for the debtor's other chats


@pytest.mark.parametrize(
    ("debtor", "start", "asked", "instead", "answer_has"),
    [
        (
            "d-1007",
            "i want to pay",
            "How much",
            "i want to dispute this instead, its not my debt",
            "in your own words",
        ),
        (
            "d-1007",
            "i want a payment plan",
            "How often",
            "actually can i get a discount if i pay it all",
            "no settlement discount",
        ),
        ("d-1002", "我要还款", "您想还多少", "这不是我的欠款 我要提出异议", "请用您自己的话"),
    ],
)
def test_asking_for_another_journey_mid_form_starts_it(
    stack: Stack, debtor: str, start: str, asked: str, instead: str, answer_has: str
) -> None:
    # The answer cannot be used and the classifier is sure it asks for another journey:
    # that journey starts, instead of "I couldn't read that" and the question again.
    chat = Chat(stack, debtor)
    assert asked in chat.say(start), chat.last
    answer = chat.say(instead)
    assert answer_has in answer and asked not in answer, answer
    assert "couldn't read" not in answer and "没能识别" not in answer, answer
    chat.say("bye")  # leaves no questions open for the debtor's other chats


@pytest.mark.parametrize(
    ("debtor", "start", "asked", "question", "answer_has"),
    [
        (
            "d-1007",
            "i want a payment plan",
            "How often",
            "can you sue me",
            "Court is a last resort",
        ),
        ("d-1002", "我想分期还款", "多久还一次", "你们会起诉我吗", "起诉是最后的手段"),
    ],
)
def test_what_if_i_dont_pay_mid_plan_has_no_button_that_restarts_the_plan(
    stack: Stack, debtor: str, start: str, asked: str, question: str, answer_has: str
) -> None:
    chat = Chat(stack, debtor)
    assert asked in chat.say(start), chat.last
    answer = chat.say(question)
    assert answer_has in answer and asked in answer, answer
    payloads = {b["payload"] for b in chat.buttons()}
    assert "/request_human" in payloads and "/request_plan" not in payloads, chat.last
    chat.say("bye")  # leaves no questions open for the debtor's other chats


@pytest.mark.parametrize("leave", ["bye", "no"])
def test_a_form_walked_away_from_starts_afresh(stack: Stack, leave: str) -> None:
    # Answers carry over into later sessions: one given before walking away is no answer.
    chat = Chat(stack, "d-1003")
    assert "How often" in chat.say("i want a payment plan"), chat.last
    assert "How much could you comfortably pay monthly" in chat.say("monthly"), chat.last
    chat.say(leave)
    again = chat.say("i want a payment plan")
    assert "How often would you like to pay?" in again, again
    chat.say("bye")
