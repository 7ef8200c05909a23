"""The NLG's rendering and the catalogs' completeness."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po

from bot.i18n import locales
from bot.i18n.args import charges, day, money, schedule
from bot.i18n.messages import CHARGE_LINE, LABELS, RESPONSES, SCHEDULE_LINE, SCHEDULE_MORE
from bot.i18n.render import RenderError, placeholders, render

ROOT = Path(__file__).resolve().parents[2]
BALANCE_ARGS = {"balance": money(123456, "USD"), "product": "Pay Later", "last4": "4821"}


@pytest.mark.parametrize(
    ("locale", "currency", "minor", "shown"),
    [
        ("en_US", "USD", 123456, "$1,234.56"),
        ("en_GB", "GBP", 64000, "£640.00"),
        ("zh_Hans_CN", "CNY", 880000, "¥8,800.00"),
        ("zh_Hans_CN", "USD", 123456, "US$1,234.56"),
    ],
)
def test_amounts_are_formatted_for_the_locale(
    locale: str, currency: str, minor: int, shown: str
) -> None:
    args = {**BALANCE_ARGS, "balance": money(minor, currency)}
    assert shown in render("utter_balance", locale, args)["text"]


def test_english_and_chinese_text_differ_and_both_carry_the_arguments() -> None:
    en = render("utter_balance", "en_US", BALANCE_ARGS)["text"]
    zh = render("utter_balance", "zh_Hans_CN", BALANCE_ARGS)["text"]
    assert en == "You owe $1,234.56 on your Pay Later account ending in 4821."
    assert zh != en and "4821" in zh and "欠款" in zh


def test_dates_are_formatted_for_the_locale() -> None:
    from babel import Locale

    from bot.i18n.args import format_arg

    assert format_arg(day(date(2026, 12, 1)), Locale.parse("en_US")) == "December 1, 2026"
    assert format_arg(day(date(2026, 12, 1)), Locale.parse("zh_Hans_CN")) == "2026年12月1日"


def test_charges_are_listed_one_per_line_in_the_locale() -> None:
    listed = charges(
        [(date(2025, 9, 30), "interest", "", 4800), (date(2025, 10, 12), "fee", "Late fee", 1200)],
        "GBP",
    )
    en = render("utter_charges", "en_GB", {"charges": listed})["text"].splitlines()
    assert en[1:] == [
        "• 30 September 2025: Interest, £48.00",
        "• 12 October 2025: Late fee, £12.00",
    ]
    zh = render("utter_charges", "zh_Hans_CN", {"charges": listed})["text"].splitlines()
    assert zh[1:] == ["• 2025年9月30日：利息，£48.00", "• 2025年10月12日：Late fee，£12.00"]


def test_a_long_schedule_shows_its_first_lines_and_counts_the_rest() -> None:
    monthly = [(date(2026, m, 1), 10000) for m in range(1, 8)] + [(date(2026, 8, 1), 2800)]
    shown = schedule(monthly, "GBP", lines=6)
    en = render("utter_plan_accepted", "en_GB", {"schedule": shown})["text"].splitlines()
    assert en[1:] == [
        "• 1 January 2026: £100.00",
        "• 1 February 2026: £100.00",
        "• 1 March 2026: £100.00",
        "• 1 April 2026: £100.00",
        "• 1 May 2026: £100.00",
        "• 1 June 2026: £100.00",
        "• … and 2 more, the last on 1 August 2026: £28.00",
    ]
    zh = render("utter_plan_accepted", "zh_Hans_CN", {"schedule": shown})["text"]
    assert zh.splitlines()[-1] == "• ……另有 2 期，最后一期 2026年8月1日：£28.00"


def test_a_short_schedule_is_shown_whole() -> None:
    two = schedule([(date(2026, 1, 1), 10000), (date(2026, 2, 1), 2800)], "GBP", lines=6)
    en = render("utter_plan_accepted", "en_GB", {"schedule": two})["text"]
    assert en.splitlines()[1:] == ["• 1 January 2026: £100.00", "• 1 February 2026: £28.00"]


def test_buttons_are_translated_and_keep_their_payload() -> None:
    zh = render("utter_greet", "zh_Hans_CN", {})
    assert zh["buttons"][0]["payload"] == "/check_balance"
    assert zh["buttons"][0]["title"] != "What do I owe?"


def test_a_missing_argument_is_an_error_not_a_broken_sentence() -> None:
    with pytest.raises(RenderError, match="balance"):
        render("utter_balance", "en_US", {"product": "x", "last4": "1"})


def test_an_unknown_response_is_an_error() -> None:
    with pytest.raises(RenderError):
        render("utter_nope", "en_US", {})


def test_unknown_locales_fall_back_to_english() -> None:
    assert render("utter_goodbye", "xx_YY", {}) == render("utter_goodbye", "en_US", {})


def _msgids() -> set[str]:
    ids = {SCHEDULE_LINE, SCHEDULE_MORE, CHARGE_LINE, *LABELS.values()}
    for response in RESPONSES.values():
        ids.add(response.text)
        ids.update(b.title for b in response.buttons)
        if response.choice:
            ids.add(response.choice)
    return ids


@pytest.mark.parametrize("catalog", [c for c in locales.SUPPORTED if c != locales.SOURCE])
def test_every_message_is_translated_in_every_supported_locale(catalog: str) -> None:
    po = ROOT / "bot" / "locales" / catalog / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as f:
        translated = {m.id: m for m in read_po(f) if m.id}
    problems = []
    for msgid in sorted(_msgids()):
        message = translated.get(msgid)
        if message is None or not message.string:
            problems.append(f"untranslated: {msgid!r}")
        elif message.fuzzy:
            problems.append(f"fuzzy: {msgid!r}")
        elif placeholders(msgid) != placeholders(str(message.string)):
            problems.append(f"placeholders differ: {msgid!r}")
    assert not problems, f"{catalog}: run `make i18n` and translate:\n" + "\n".join(problems)


def test_every_response_rasa_or_an_action_names_exists_in_the_catalog() -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    named = set(domain.get("responses", {})) | {"utter_default"}  # action_default_fallback's
    for path in [*(ROOT / "data").rglob("*.yml"), *(ROOT / "actions").glob("*.py")]:
        named.update(re.findall(r"(?<![.\w])utter_[a-z_]+\b", path.read_text()))
    missing = sorted(named - RESPONSES.keys())
    assert not missing, f"responses with no catalog entry: {missing}"


def test_domain_holds_no_response_text() -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    texts = [
        n for n, variants in domain.get("responses", {}).items() for v in variants if "text" in v
    ]
    assert not texts, f"response text belongs in bot/i18n/messages.py: {texts}"


def test_are_you_a_bot_is_answered_right_whichever_way_it_is_asked() -> None:
    # "Are you a bot?" and "are you a real person?" get the same reply: it cannot open with
    # "Yes", which would answer the second one wrongly.
    en = render("utter_bot_challenge", "en_US", {})["text"]
    zh = render("utter_bot_challenge", "zh_Hans_CN", {})["text"]
    assert not en.lower().startswith(("yes", "no")) and "not a person" in en
    assert not zh.startswith(("是的", "不是")) and "不是真人" in zh
