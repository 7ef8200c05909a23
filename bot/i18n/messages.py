"""Every response the assistant can give, as gettext msgids (English is the source).

`make i18n` extracts the N_() strings into bot/locales; the NLG renders them in the
conversation's locale. A response's name is what Rasa calls it (domain.yml lists the
same names with no text).
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


_MENU = (Button(N_("What do I owe?"), "/check_balance"),)

RESPONSES: dict[str, Response] = {
    "utter_greet": Response(
        N_(
            "Hi, I'm Settle, the assistant for your wallet credit. I can show you what you "
            "owe and why, and help you sort it out. What would you like to do?"
        ),
        _MENU,
    ),
    "utter_balance": Response(N_("You owe {balance} on your {product} account ending in {last4}.")),
    "utter_no_debt": Response(N_("You have nothing to pay right now.")),
    "utter_goodbye": Response(N_("Take care. You can come back here any time.")),
    "utter_out_of_scope": Response(
        N_("Sorry, I can't help with that here. I can help with what you owe."),
        _MENU,
    ),
    "utter_fallback": Response(
        N_("Sorry, I didn't quite get that. Could you say it another way, or pick an option?"),
        _MENU,
    ),
    "utter_verify_first": Response(
        N_("Before I can talk about any account, I need to check that it's you.")
    ),
    "utter_service_unavailable": Response(
        N_("Sorry, I can't reach your account right now. Please try again in a few minutes.")
    ),
}
