"""The demo pages in a real browser against the real stack: a debtor in crisis and an
agent each in their own page, the chat page's sockets, and the wallet code for a chat link.

Drives Debian's Chromium (/usr/bin/chromium) headless through Playwright; screenshots of
both pages go to test-artifacts/ (git-ignored).
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.config import ROOT
from tests.conftest import Stack

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts"
DEMO_PASSWORD = os.environ.get("SETTLE_DEMO_AGENT_PASSWORD") or "demo-password"
XSS = [
    "I want to talk to a person <script>window.__x=1</script>",
    'I want to talk to a person <img src=x onerror="window.__x=1">',
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install -y chromium")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield launched
        finally:
            launched.close()


def debtor_page(browser: Any, stack: Stack, debtor: str) -> Any:
    page = browser.new_context().new_page()
    page.goto(f"{stack.base_url}/")
    page.wait_for_selector(f'#debtor option[value="{debtor}"]', state="attached")
    page.select_option("#debtor", debtor)
    page.wait_for_selector('#composer[data-connected="true"]', state="attached")
    return page


def say(page: Any, text: str) -> None:
    """Types and sends once the chat's socket is up (the page says so otherwise)."""
    deadline = time.monotonic() + 20
    while True:
        shown = page.locator(".msg.debtor").count()
        page.fill("#text", text)
        page.press("#text", "Enter")
        if page.locator(".msg.debtor").count() > shown:
            return
        assert time.monotonic() < deadline, "the chat never connected"
        page.wait_for_timeout(250)


def agent_page(browser: Any, stack: Stack) -> Any:
    page = browser.new_context().new_page()
    page.goto(f"{stack.base_url}/agent")
    page.fill("#login-name", "demo")
    page.fill("#login-password", DEMO_PASSWORD)
    page.click("#login-submit")
    page.wait_for_selector("#app-view:not([hidden])")
    page.wait_for_selector("#live:not(.off)")  # the live socket is up
    return page


def queue_ids(page: Any) -> set[str]:
    ids = page.eval_on_selector_all("#queue .queue-item", "items => items.map(i => i.dataset.id)")
    return set(ids)


def test_crisis_to_agent_and_back_to_the_bot(browser: Any, stack: Stack) -> None:
    expect = sync_api.expect
    ARTIFACTS.mkdir(exist_ok=True)
    agent = agent_page(browser, stack)
    debtor = debtor_page(browser, stack, "d-1001")
    before = queue_ids(agent)

    sent = time.monotonic()  # the chat's socket is up: the message leaves now
    say(debtor, "I want to end my life")
    deadline = sent + 2.0
    while not (queue_ids(agent) - before):
        assert time.monotonic() < deadline, "the handoff was not in the console within 2 s"
        agent.wait_for_timeout(50)
    print(f"crisis message to the agent's queue: {time.monotonic() - sent:.2f} s")
    [handoff_id] = queue_ids(agent) - before
    item = agent.locator(f'#queue .queue-item[data-id="{handoff_id}"]')
    expect(item).to_have_attribute("data-reason", "crisis")
    expect(item).to_contain_text("d-1001")
    # Top of the queue: only older crisis handoffs (same priority, waiting longer) before it.
    reasons = agent.eval_on_selector_all(
        "#queue .queue-item", "items => items.map(i => [i.dataset.id, i.dataset.reason])"
    )
    position = [i for i, _ in reasons].index(handoff_id)
    assert all(reason == "crisis" for _, reason in reasons[: position + 1])

    expect(debtor.locator(".msg.bot").first).to_contain_text(
        "I'm really sorry you're feeling this way", timeout=10_000
    )
    expect(debtor.locator(".msg.bot", has_text="988")).to_have_count(1)

    item.click()
    expect(agent.locator("#d-reason")).to_contain_text("crisis")
    expect(agent.locator("#transcript li.debtor").first).to_contain_text("I want to end my life")
    agent.click("#claim")
    expect(agent.locator("#d-status")).to_contain_text("claimed by demo")
    agent.fill("#reply-text", "Hi Alex, I'm Sam from the team. I'm here with you.")
    agent.click("#reply-send")
    expect(debtor.locator(".msg.agent")).to_have_text(
        "Hi Alex, I'm Sam from the team. I'm here with you.", timeout=5_000
    )
    agent.screenshot(path=str(ARTIFACTS / "handoff-agent.png"), full_page=True)

    agent.fill("#outcome", "talked it through; account paused 30 days")
    agent.select_option("#return-to", "bot")
    agent.click("#resolve")
    expect(debtor.locator(".msg.system", has_text="back with the assistant")).to_have_count(
        1, timeout=10_000
    )
    say(debtor, "how much do I owe")
    expect(debtor.locator(".msg.bot").last).to_contain_text("You owe $", timeout=60_000)
    # The crisis hold lasts after the person hands back: the balance, and no ask for money.
    expect(debtor.locator(".msg.bot", has_text="set up a plan")).to_have_count(0)
    debtor.screenshot(path=str(ARTIFACTS / "handoff-debtor.png"), full_page=True)


@pytest.mark.parametrize("payload", XSS)
def test_debtor_markup_is_text_in_the_console(browser: Any, stack: Stack, payload: str) -> None:
    expect = sync_api.expect
    agent = agent_page(browser, stack)
    debtor = debtor_page(browser, stack, "d-1003")
    before = queue_ids(agent)
    say(debtor, payload)
    deadline = time.monotonic() + 10
    while not (queue_ids(agent) - before):
        assert time.monotonic() < deadline, "no handoff for the message"
        agent.wait_for_timeout(50)
    [handoff_id] = queue_ids(agent) - before
    agent.click(f'#queue .queue-item[data-id="{handoff_id}"]')
    message = agent.locator("#transcript li.debtor").first
    expect(message).to_contain_text(payload)  # shown as the characters typed
    assert message.locator("script, img").count() == 0
    agent.wait_for_timeout(300)  # give an onerror handler the chance to fire
    assert agent.evaluate("window.__x") is None
    assert debtor.evaluate("window.__x") is None
    expect(debtor.locator(".msg.debtor").last).to_have_text(payload)


def test_switching_debtor_leaves_one_live_socket(browser: Any, stack: Stack) -> None:
    """The page opens on the first demo debtor; choosing another closes that socket. Its
    late close event once reconnected the page a second time, leaving an orphan socket that
    showed the other conversation's pushes twice."""
    page = browser.new_context().new_page()
    sockets: list[Any] = []
    page.on("websocket", lambda socket: sockets.append(socket))
    page.goto(f"{stack.base_url}/")
    page.wait_for_selector('#composer[data-connected="true"]', state="attached")
    page.select_option("#debtor", "d-1002")
    page.wait_for_selector('#composer[data-connected="true"]', state="attached")
    page.wait_for_timeout(1500)  # longer than the first reconnect delay (500 ms)
    live = [s for s in sockets if "/v1/chat/ws" in s.url and not s.is_closed()]
    assert len(live) == 1
    sync_api.expect(page.locator("#status")).to_have_text("")


def test_a_chat_link_debtor_proves_identity_with_the_wallet_code(
    browser: Any, stack: Stack
) -> None:
    expect = sync_api.expect
    page = browser.new_context().new_page()
    page.goto(f"{stack.base_url}/")
    page.wait_for_selector('#debtor option[value="d-1002"]', state="attached")
    page.check("#link")
    page.select_option("#debtor", "d-1002")
    page.wait_for_selector('#composer[data-connected="true"]', state="attached")
    say(page, "我还欠多少钱")
    expect(page.locator(".msg.bot").last).to_contain_text("6 位验证码", timeout=60_000)
    assert "¥" not in page.locator("#log").inner_text()

    page.click("#wallet-code")
    shown = page.locator("#wallet-code-text")
    expect(shown).to_have_text(re.compile(r"^\d{3} \d{3}"), timeout=5_000)
    code = shown.inner_text()[:7]
    say(page, code)
    # The balance, once (its next payment, if one is agreed, follows in a message of its own).
    expect(page.locator(".msg.bot", has_text="欠款 ¥")).to_have_count(1, timeout=60_000)
    page.screenshot(path=str(ARTIFACTS / "wallet-code-debtor.png"), full_page=True)
