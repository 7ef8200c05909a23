"""Every response the assistant can give, as gettext msgids (English is the source).

`make i18n` extracts the N_() strings into bot/locales; the NLG renders them in the
conversation's locale. A response's name is what Rasa calls it; domain.yml declares the
names that rules and stories use, with no text.
"""

from __future__ import annotations

from dataclasses import dataclass


def N_(message: str) -> str:
    """Marks a string for extraction; translation happens at render time."""
    return message


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Response:
    text: str
    buttons: tuple[Button, ...] = ()
    # Title template for buttons the action supplies at run time (`choices=[{payload, args}]`).
    choice: str | None = None


# Words that actions pass as arguments (`label("weekly")`) and the NLG translates.
LABELS: dict[str, str] = {
    "weekly": N_("weekly"),
    "biweekly": N_("every two weeks"),
    "monthly": N_("monthly"),
    "not_mine": N_("the debt is not yours"),
    "wrong_amount": N_("the amount is wrong"),
    "already_paid": N_("it was already paid"),
    "fraud": N_("fraud or identity theft"),
    "other": N_("something else"),
    "open": N_("being reviewed"),
    "verified": N_("being reviewed (your details are confirmed; the hold stays on)"),
    "resolved_for_debtor": N_("resolved in your favour"),
    "resolved_for_creditor": N_("resolved: the debt is confirmed as owed"),
    "wallet": N_("the wallet app"),
    "sms": N_("text message"),
    "whatsapp": N_("WhatsApp"),
    "wechat": N_("WeChat"),
    "email": N_("email"),
    "voice": N_("phone calls"),
    "interest": N_("Interest"),  # a charge the ledger entry gave no description
    "fee": N_("Fee"),
    "waiver": N_("Waived"),
}

# One line of a payment schedule.
SCHEDULE_LINE = N_("• {due}: {amount}")
# After the first lines of a long schedule: the rest is counted, never silently cut.
SCHEDULE_MORE = N_("• … and {count} more, the last on {due}: {amount}")
CHARGE_LINE = N_("• {on}: {description}, {amount}")

_YES_NO = (Button(N_("Yes"), "/affirm"), Button(N_("No"), "/deny"))
_HUMAN = Button(N_("Talk to a person"), "/request_human")
_PLAN = Button(N_("Set up a plan"), "/request_plan")
_WHY = Button(N_("Why do I owe this?"), "/explain_debt")
_CONSEQUENCES = N_(
    "If payments stay missed, the balance stays due and missed payments can be "
    "reported to credit bureaus. Court is a last resort: we would write to you first, "
    "and only a court can decide anything. Owing money is not a crime: we will never "
    "threaten you with the police or arrest, and you can tell us if anyone does. A plan "
    "you can afford, even a small one, keeps it from getting there."
)
_FEES = N_(
    "Interest and fees come from your original agreement. I can show you exactly what "
    "was added. Fees may be waived when you set up a plan or if you're in hardship."
)
_MENU = (
    Button(N_("What do I owe?"), "/check_balance"),
    _WHY,
    _PLAN,
    Button(N_("Pay now"), "/make_payment"),
    Button(N_("Dispute it"), "/dispute_debt"),
    _HUMAN,
)
_REASONS = (
    Button(N_("It's not mine"), '/inform{"dispute_reason": "not_mine"}'),
    Button(N_("The amount is wrong"), '/inform{"dispute_reason": "wrong_amount"}'),
    Button(N_("I already paid"), '/inform{"dispute_reason": "already_paid"}'),
    Button(N_("Fraud or identity theft"), '/inform{"dispute_reason": "fraud"}'),
    Button(N_("Something else"), '/inform{"dispute_reason": "other"}'),
)
_FREQUENCIES = (
    Button(N_("Weekly"), '/inform{"plan_frequency": "weekly"}'),
    Button(N_("Every two weeks"), '/inform{"plan_frequency": "biweekly"}'),
    Button(N_("Monthly"), '/inform{"plan_frequency": "monthly"}'),
)

RESPONSES: dict[str, Response] = {
    # --- conversation ---
    "utter_greet": Response(
        N_(
            "Hi, I'm Settle, the assistant for your wallet credit. I can show you what you "
            "owe and why, and help you sort it out. What would you like to do?"
        ),
        _MENU,
    ),
    "utter_menu": Response(N_("Here's what I can help with:"), _MENU),
    "utter_goodbye": Response(N_("Take care. You can come back here any time.")),
    "utter_thank": Response(N_("You're welcome. Is there anything else I can help with?")),
    # In the middle of a form: the form asks its question next, so no "anything else?".
    "utter_thank_in_form": Response(N_("You're welcome.")),
    "utter_out_of_scope": Response(
        N_("Sorry, I can't help with that here. I can help with what you owe:"), _MENU
    ),
    "utter_fallback": Response(
        N_("Sorry, I didn't quite get that. Could you say it another way, or pick an option?"),
        _MENU,
    ),
    # Rasa's action_default_fallback, when no dialogue policy is sure what comes next: never
    # silence (it was once the reply to every message after identity was proven).
    "utter_default": Response(
        N_("Sorry, I didn't quite get that. Could you say it another way, or pick an option?"),
        _MENU,
    ),
    "utter_fallback_offer_human": Response(
        N_("I'm sorry, I'm still not understanding. Would you like to talk to a person?"),
        (_HUMAN, Button(N_("Show me the options"), "/greet")),
    ),
    "utter_form_stopped": Response(N_("OK, let's leave that. What else can I help with?"), _MENU),
    "utter_dispute_hold": Response(
        N_(
            "Your account is on hold while your dispute is reviewed, so there's no need to "
            "arrange a payment now. If you'd like to pay anyway, you can."
        )
    ),
    "utter_collection_paused": Response(
        N_(
            "There's no need to pay anything right now: collection on your account is on hold. "
            "When you're ready, a person can help you with it."
        ),
        (_HUMAN,),
    ),
    "utter_dialogue_unavailable": Response(
        N_(
            "Sorry, something went wrong on my side and I couldn't answer that. Please send it "
            "again in a minute; if it happens again, I'll bring in a person from our team."
        )
    ),
    "utter_dialogue_handed_over": Response(
        N_("Sorry, I still can't answer. I've asked a person from our team to take over.")
    ),
    "utter_service_unavailable": Response(
        N_("Sorry, I can't reach your account right now. Please try again in a few minutes.")
    ),
    "utter_bot_challenge": Response(
        N_("I'm an automated assistant, not a person. You can talk to a person whenever you like."),
        (_HUMAN,),
    ),
    "utter_language_changed": Response(N_("Sure, I'll continue in English.")),
    # --- identity ---
    "utter_verify_first": Response(
        N_("Before I can talk about any account, I need to check that it's you.")
    ),
    "utter_ask_id_dob": Response(
        N_(
            "What is your date of birth? For example: 1988-03-14. "
            "Or send the 6-digit code from the Settle page of your wallet app."
        )
    ),
    "utter_ask_id_last4": Response(N_("And the last 4 digits of your account number?")),
    "utter_id_dob_invalid": Response(
        N_(
            "I couldn't read that as a date of birth. Please write it like 1988-03-14, "
            "or send the 6-digit code from your wallet app."
        )
    ),
    "utter_id_code_mismatch": Response(
        N_(
            "That code doesn't match or has expired (codes last 10 minutes and work once). "
            "Open your wallet app for a new one, or tell me your date of birth."
        )
    ),
    "utter_id_last4_invalid": Response(N_("Please send just the 4 digits, for example 1234.")),
    "utter_id_mismatch": Response(
        N_("Sorry, those details don't match what we have. Let's try once more.")
    ),
    "utter_id_locked": Response(
        N_(
            "For your security I can't check your details again for 30 minutes. "
            "A person can help you now."
        ),
        (_HUMAN,),
    ),
    "utter_id_verified": Response(N_("Thank you, that's confirmed.")),
    # --- balance and why ---
    "utter_balance": Response(N_("You owe {balance} on your {product} account ending in {last4}.")),
    "utter_no_debt": Response(N_("You have nothing to pay right now.")),
    "utter_itemization": Response(
        N_(
            "Your {product} account ending in {last4}: principal {principal}, interest "
            "{interest}, fees {fees}, payments and credits {credits}. Balance: {balance}."
        )
    ),
    "utter_charges": Response(
        N_("The interest and fees, as the account's records show them:\n{charges}")
    ),
    "utter_original_creditor": Response(
        N_(
            "The account was opened with {original_creditor} on {opened_on}; {creditor} now manages it."
        )
    ),
    "utter_next_due": Response(N_("Your next payment of {amount} is due on {due}.")),
    "utter_plan_left_to_pay": Response(
        N_(
            "Your plan takes {discount} off when it is complete, so {left} is what is left to "
            "pay under it."
        )
    ),
    "utter_nothing_scheduled": Response(
        N_("No payment is scheduled. You can set up a plan or pay any amount you like.")
    ),
    "utter_on_hold": Response(
        N_(
            "This account is on hold while your dispute is reviewed: you don't have to pay it "
            "until then, though you can if you want to."
        )
    ),
    # --- dispute ---
    "utter_ask_dispute_reason": Response(N_("What's wrong with this debt?"), _REASONS),
    "utter_ask_dispute_details": Response(
        N_("Please tell me in your own words what's wrong. What you write goes on the record.")
    ),
    "utter_dispute_details_added": Response(N_("I've added that to what goes on the record.")),
    "utter_ask_dispute_confirm": Response(
        N_(
            "I'll record a written dispute for your account ending in {last4}: {reason}. While "
            "we look into it, we won't ask you to pay this account. Shall I go ahead?"
        ),
        _YES_NO,
    ),
    "utter_dispute_recorded": Response(
        N_(
            "Your dispute is recorded. Reference: {reference}. The account is on hold: no "
            "collection while we review it. We'll reply in writing by {respond_by}."
        )
    ),
    "utter_dispute_not_recorded": Response(N_("OK, I haven't recorded anything.")),
    "utter_dispute_status": Response(
        N_("Dispute {reference}, opened on {opened}: {status}. We'll reply by {respond_by}.")
    ),
    "utter_dispute_closed": Response(N_("Dispute {reference}, opened on {opened}: {status}.")),
    "utter_no_disputes": Response(N_("You have no open disputes.")),
    # --- plans ---
    "utter_ask_plan_frequency": Response(N_("How often would you like to pay?"), _FREQUENCIES),
    "utter_ask_plan_affordable": Response(
        N_(
            "How much could you comfortably pay {frequency}? For example: 50. If you can't "
            'pay anything right now, say "nothing"; if you\'re not sure, say "not sure" and '
            "we'll work it out together."
        )
    ),
    "utter_ask_plan_income": Response(N_("Roughly how much money comes in each month, after tax?")),
    "utter_ask_plan_essentials": Response(
        N_("And roughly how much goes on essentials each month: rent, food, bills, transport?")
    ),
    "utter_plan_option_installments": Response(
        N_("Option {n}: pay {amount} {frequency}, from {first_due} to {last_due} ({total} in all).")
    ),
    "utter_plan_option_installments_waived": Response(
        N_(
            "Option {n}: pay {amount} {frequency}, from {first_due} to {last_due} ({total} in "
            "all, with {discount} of fees waived)."
        )
    ),
    "utter_plan_option_full": Response(N_("Option {n}: pay {amount} in full.")),
    "utter_plan_option_settlement": Response(
        N_("Option {n}: settle for {amount} in one payment; you save {discount}.")
    ),
    "utter_plan_option_hardship": Response(
        N_(
            "Option {n}: reduced payments of {amount} a month until {last_due}, with "
            "interest and fees frozen."
        )
    ),
    "utter_plan_option_hardship_pause": Response(
        N_(
            "Option {n}: a pause with nothing to pay until {first_due}, then reduced payments "
            "of {amount} a month until {last_due}, with interest and fees frozen."
        )
    ),
    "utter_plan_hardship_review": Response(
        N_(
            "After the last of those payments, {remaining} would still be owed: we'd look at it "
            "again with you then, and no interest or fees are added meanwhile."
        )
    ),
    "utter_ask_plan_option": Response(N_("Which option works for you?"), choice=N_("Option {n}")),
    "utter_plan_nothing_affordable": Response(
        N_(
            "Thank you for telling me. A regular plan wouldn't be affordable right now, and I "
            "won't offer one that could break. Here's a hardship option instead:"
        )
    ),
    "utter_plan_accepted": Response(N_("Done, your plan is set up. Your payments:\n{schedule}")),
    "utter_plan_will_replace": Response(
        N_(
            "You already have a plan. If you choose one of these, it replaces your current "
            "plan; until then nothing changes."
        )
    ),
    "utter_plan_replaced": Response(N_("Your previous plan is cancelled; the new one starts now.")),
    "utter_plan_changed": Response(
        N_(
            "Your account changed while we were talking, so I haven't set this up. "
            "Ask me for a plan again and I'll show you fresh options."
        )
    ),
    "utter_plan_failed": Response(
        N_("Sorry, I couldn't set up that plan: the numbers have changed. Let's look again.")
    ),
    "utter_ask_cancel_confirm": Response(
        N_(
            "Would you like to change your plan for a new one, or cancel it? "
            "Cancelling stops the remaining payments."
        ),
        (
            Button(N_("Change it"), "/request_plan"),
            Button(N_("Cancel it"), "/affirm"),
            Button(N_("Keep it"), "/deny"),
        ),
    ),
    "utter_plan_cancelled": Response(N_("Your plan is cancelled.")),
    "utter_plan_kept": Response(N_("OK, your plan stays as it is.")),
    "utter_no_plan": Response(N_("You don't have an active plan."), (_PLAN,)),
    "utter_no_plan_pause": Response(
        N_(
            "You don't have a plan to pause. If you can't pay anything for now, I can set up "
            "reduced payments that start with a pause, with interest and fees frozen. A person "
            "from our team can also put collection on hold while you get free debt advice."
        ),
        (Button(N_("Reduced payments or a pause"), "/request_plan"), _HUMAN),
    ),
    # --- payments ---
    "utter_ask_pay_amount": Response(
        N_("How much would you like to pay? You owe {balance}. Type an amount or tap:"),
        choice=N_("Pay it all ({amount})"),
    ),
    "utter_pay_request": Response(
        N_(
            "Here's your payment of {amount}. Tap to pay in your wallet; the request is valid until {expires}."
        ),
        choice=N_("Pay {amount}"),
    ),
    "utter_payment_received": Response(
        N_("Thank you, we received your payment of {amount}. Your balance is now {balance}.")
    ),
    "utter_payment_failed": Response(
        N_(
            "Your payment of {amount} didn't go through, and nothing was taken. You can try again any time."
        )
    ),
    "utter_amount_invalid": Response(
        N_("I couldn't read that as an amount. Please type a number, for example {example}.")
    ),
    "utter_amount_too_high": Response(
        N_("That's more than you owe ({balance}). Please enter up to that amount.")
    ),
    # --- promises ---
    "utter_ask_promise_date": Response(
        N_("When will you be able to pay? For example: next Friday, or the 15th.")
    ),
    "utter_ask_promise_amount": Response(N_("How much will you pay then? You owe {balance}.")),
    "utter_ask_promise_reminder": Response(
        N_("Would you like a reminder the day before?"), _YES_NO
    ),
    "utter_promise_recorded": Response(
        N_("Thank you. I've noted that you'll pay {amount} on {date}.")
    ),
    "utter_promise_pending": Response(
        N_(
            "You've already promised to pay {amount} on {date}, and I'm keeping to that. If you "
            "need to change it, a person can help."
        ),
        (_HUMAN,),
    ),
    "utter_ask_promise_change": Response(
        N_("You've already promised to pay {amount} on {date}. Would you like to change it?"),
        _YES_NO,
    ),
    "utter_promise_kept": Response(N_("OK, that promise stays as it is.")),
    "utter_promise_reminder_on": Response(N_("I'll send you a reminder the day before.")),
    "utter_promise_reminder_off": Response(N_("I won't send a reminder.")),
    "utter_date_invalid": Response(
        N_("I couldn't read that as a date. Try something like next Friday, or the 15th.")
    ),
    "utter_date_too_far": Response(
        N_("I can note a date up to 30 days ahead. For longer, a plan may suit you better.")
    ),
    # --- settlement ---
    "utter_ask_settlement_accept": Response(
        N_(
            "We can settle your account ending in {last4} for {amount} in one payment, instead "
            "of {balance}. That saves you {discount}. Would you like to accept?"
        ),
        _YES_NO,
    ),
    "utter_settlement_none": Response(
        N_(
            "I'm sorry, there's no settlement discount on this account right now. A payment "
            "plan could make it manageable."
        ),
        # They asked to close the account at once: paying it in full stays one tap away.
        (
            _PLAN,
            Button(N_("Pay now"), "/make_payment"),
            _HUMAN,
        ),
    ),
    "utter_settlement_declined": Response(N_("No problem, nothing has changed on your account.")),
    # --- hardship ---
    "utter_hardship_empathy": Response(
        N_(
            "I'm really sorry you're going through this. Thank you for telling me. We'll find "
            "something that fits your situation."
        )
    ),
    "utter_hardship_options": Response(
        N_(
            "I can set up reduced payments with interest and fees frozen, starting with a "
            "pause if you can't pay anything for now. A person from our team can also put "
            "collection on hold while you get free debt advice."
        ),
        (Button(N_("Reduced payments or a pause"), "/request_plan"), _HUMAN),
    ),
    "utter_ask_vuln_consent": Response(
        N_(
            "It can help us support you if we note your circumstances on your account. Only "
            "the team handling it will see it, and it's used only to treat you fairly. Is that "
            "OK with you?"
        ),
        _YES_NO,
    ),
    "utter_ask_vuln_impact": Response(
        N_(
            "Thank you. How is this affecting your ability to manage payments? A few words are enough."
        )
    ),
    "utter_vuln_recorded": Response(
        N_(
            "Thank you, I've noted it and we'll take it into account. Free, confidential debt "
            "advice is available from not-for-profit advisers, and a person here can help too."
        )
    ),
    "utter_vuln_not_recorded": Response(
        N_("That's fine, I won't note anything. The options above are still open to you.")
    ),
    # --- opt-out ---
    "utter_opted_out": Response(
        N_(
            "Done: we won't contact you by {channel} any more. You can still chat here whenever you want."
        )
    ),
    "utter_already_opted_out": Response(N_("You're already opted out of {channel}.")),
    # --- FAQ ---
    "utter_faq_credit_report": Response(
        N_(
            "Missed payments can be reported to credit bureaus. Paying in full, or a plan you "
            "keep to, shows you're dealing with it. While a dispute is open we don't collect "
            "on that account."
        )
    ),
    "utter_faq_rights": Response(
        N_(
            "You have the right to ask us to prove the debt, to dispute it, to ask us to stop "
            "contacting you or to contact you only in writing, to be treated fairly if you're "
            "struggling, and to complain to us or to the regulator. You can ask for a person "
            "at any time."
        ),
        (_HUMAN,),
    ),
    "utter_faq_consequences": Response(_CONSEQUENCES, (_PLAN, _HUMAN)),
    "utter_faq_fees": Response(_FEES, (_WHY, _PLAN)),
    # The same answers while the plan's questions are open: a "Set up a plan" button there
    # would start the questions again.
    "utter_faq_consequences_in_plan": Response(_CONSEQUENCES, (_HUMAN,)),
    "utter_faq_fees_in_plan": Response(_FEES, (_WHY,)),
    "utter_faq_data": Response(
        N_(
            "Your contact details come from the wallet you borrowed through, which shares "
            "them with us to manage this account. We use them only for that: to show what you "
            "owe, take payments and keep the records the law requires. We don't sell your "
            "data. A person can send you a copy of what we hold."
        )
    ),
}

# --- handoff ---
# What the debtor is told around a human handoff (bot/handoff/replies.py picks them).
# Crisis lines come from bot/handoff/crisis_resources.yml: names and numbers are arguments.
RESPONSES.update(
    {
        "utter_crisis_support": Response(
            N_(
                "I'm really sorry you're feeling this way, and I'm glad you told me. You don't "
                "have to go through this alone. Please don't worry about your account now: "
                "we've put it on hold. You can talk to someone right now, in confidence:"
            )
        ),
        "utter_crisis_line": Response(N_("{name}: call {phone}")),
        "utter_crisis_line_24h": Response(N_("{name}: call {phone}, any time, day or night")),
        "utter_crisis_line_text_24h": Response(
            N_("{name}: call or text {phone}, any time, day or night")
        ),
        "utter_crisis_emergency": Response(
            N_("If you are in danger right now, please call {emergency}.")
        ),
        "utter_crisis_generic": Response(
            N_(
                "Please reach out to a crisis line near you: findahelpline.com lists free, "
                "confidential helplines in your country. If you are in danger right now, please "
                "call your local emergency number."
            )
        ),
        "utter_handoff_distress": Response(
            N_(
                "I'm sorry this is so hard right now. You haven't done anything wrong by telling "
                "me, and you don't have to sort it out alone."
            )
        ),
        "utter_handoff_vulnerability": Response(
            N_(
                "Thank you for telling me, and I'm sorry you're dealing with this. The person "
                "who picks this up can pause your payments, reduce them with interest and fees "
                "frozen, or hold collection while you get free debt advice."
            )
        ),
        "utter_handoff_complaint": Response(
            N_("I'm sorry about this. A person from our team will look into it with you.")
        ),
        "utter_handoff_queued": Response(
            N_(
                "I'm bringing in a person from our team. The wait should be about {minutes} min. "
                "You can keep writing here: they will see everything."
            )
        ),
        "utter_handoff_no_agent": Response(
            N_(
                "I'm bringing in a person from our team. Nobody is available right now, so it "
                "may take a while, but your messages are saved and the first person back will "
                "answer them. If you prefer, we can call you back."
            ),
            (Button(N_("Request a callback"), "/request_callback"),),
        ),
        "utter_handoff_still_waiting": Response(
            N_(
                "Your message is saved for the person who picks this up. The wait should be "
                "about {minutes} min now."
            )
        ),
        "utter_handoff_still_waiting_no_agent": Response(
            N_(
                "Your message is saved. Nobody from our team is available right now; the first "
                "person back will answer. If you prefer, we can call you back."
            ),
            (Button(N_("Request a callback"), "/request_callback"),),
        ),
        "utter_handoff_callback": Response(
            N_(
                "Thank you. We've noted that you'd like a call back: someone from our team will "
                "call you on the number we have for you."
            )
        ),
        "utter_handoff_agent_joined": Response(
            N_("A person from our team has joined the conversation.")
        ),
        "utter_handoff_back_to_bot": Response(
            N_(
                "You're back with the assistant. Ask me anything about your account, or ask for "
                "a person again at any time."
            )
        ),
        "utter_handoff_closed": Response(
            N_("This conversation has been closed. You can write here again any time.")
        ),
        # The dialogue's safety net when the classifier is unsure (actions/handoff.py).
        "utter_check_in": Response(
            N_(
                "I want to be sure I've understood. Would you like to talk to a person from our team?"
            ),
            (_HUMAN,),
        ),
        "utter_check_in_crisis": Response(
            N_(
                "I want to make sure you're okay. If you'd like to talk to a person from our team "
                "now, tap below or just say so."
            ),
            (_HUMAN,),
        ),
        "utter_handoff_unavailable": Response(
            N_("Sorry, I can't reach our team right now. Please try again in a few minutes.")
        ),
    }
)
# --- end handoff ---
