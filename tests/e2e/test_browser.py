"""The pages people see, in a real browser: headless Chromium (Debian's `chromium`) driven by Playwright.

The connect flow as a person goes through it: the link the bot posted (its message rendered as the playground
renders it), the Zoom emulator's consent page, the bot's callback and the page it ends on; then the database
holds the connection. And the demo's playground making a meeting. Screenshots of the success page, an error
page and the playground are kept in tests/artifacts/ (or $TEST_ARTIFACTS_DIR).

Without Chromium these tests are skipped with the reason, except under CI=true, where a missing browser fails.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from markupsafe import Markup

from handlers.demo.blocks_html import blocks_html
from handlers.demo.emulators import SlackEmulator, ZoomEmulator
from handlers.demo.sandbox import DEMO_USERS
from handlers.demo.session import demo_running
from storage import SlackUserKey
from tests.harness import ALICE_EMAIL, RunningBot, add_alice, connect_links, running_bot, wait_for

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS_DIR") or Path(__file__).resolve().parents[1] / "artifacts")
ALICE = "U0ALICE"

pytestmark = pytest.mark.timeout(90)


def _unavailable() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[test]')"
    if not Path(CHROMIUM).is_file():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    reason = _unavailable()
    if reason:
        if IN_CI:
            pytest.fail(f"{reason}; CI=true needs the browser tests to run", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser) -> Iterator[Any]:
    # A phone-sized window: the pages are meant to read there too.
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=True)
    yield context.new_page()
    context.close()


def _screenshot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    return path


class _DocumentStatuses:
    """The HTTP status of each page the tab loaded, in order (redirects and self-refreshes included)."""

    def __init__(self, page: Any) -> None:
        self.seen: list[tuple[str, int]] = []
        page.on("response", self._record)

    def _record(self, response: Any) -> None:
        if response.request.resource_type == "document":
            self.seen.append((response.url, response.status))

    @property
    def last(self) -> int:
        return self.seen[-1][1]


def _assert_accessible_basics(page: Any) -> None:
    assert page.get_attribute("html", "lang") == "en"
    assert page.title()
    assert page.locator("h1").count() == 1
    assert page.locator('meta[name="viewport"]').count() == 1
    # Nothing fetched from elsewhere: no external scripts, styles or images.
    assert page.locator("script[src], link[rel=stylesheet], img[src^='http']").count() == 0
    # Readable on a phone: nothing wider than the window.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.fixture
def zoom() -> Iterator[ZoomEmulator]:
    with ZoomEmulator() as emulator:
        emulator.consent_page = True
        yield emulator


@pytest.fixture
def slack() -> Iterator[SlackEmulator]:
    with SlackEmulator() as emulator:
        yield emulator


@pytest.fixture
def bot(zoom, slack, database_url) -> Iterator[RunningBot]:
    add_alice(zoom, slack)
    with running_bot(zoom, slack, database_url) as running:
        yield running


def _open_the_bots_message_with_the_link(bot: RunningBot, page: Any) -> None:
    """/zoom meet before connecting: the bot answers with a Connect link; show that message as a page."""
    assert bot.slash("meet Design review tomorrow 3pm").status_code == 200
    wait_for(lambda: connect_links(bot.slack), what="the connect link")
    [message] = [m for m in bot.slack.shown_to(ALICE) if "zoom_connect" in str(m.blocks)]
    html = blocks_html(message.blocks, message.text, "America/New_York", lambda *_: Markup(""))
    page.set_content(f'<!doctype html><html lang="en"><title>Slack</title><body>{html}</body></html>')


def test_connect_flow_in_a_browser(bot, page, database_url):
    statuses = _DocumentStatuses(page)
    _open_the_bots_message_with_the_link(bot, page)
    with page.context.expect_page() as opened:  # the link opens a new tab, as Slack's links do
        page.get_by_role("link", name="Connect Zoom").click()
    tab = opened.value
    statuses = _DocumentStatuses(tab)
    tab.wait_for_load_state()
    assert tab.get_by_role("heading", level=1).inner_text() == "Allow this app to use your Zoom account?"
    _assert_accessible_basics(tab)
    tab.get_by_label("Sign in to Zoom as").select_option(label=f"Alice ({ALICE_EMAIL})")
    tab.get_by_role("button", name="Allow").click()
    # The callback's page refreshes itself until the connection is stored, then says so.
    tab.get_by_role("heading", name="Zoom is connected").wait_for(timeout=20_000)
    assert statuses.last == 200, statuses.seen
    assert any(status == 303 for _, status in statuses.seen) or len(statuses.seen) >= 2
    body = tab.locator("main").inner_text()
    assert f"Connected as {ALICE_EMAIL}." in body
    assert "Your meeting is being created now" in body
    _assert_accessible_basics(tab)
    assert "code=" not in tab.content()
    assert "state=" not in tab.content()
    name = database_url.split(":", 1)[0]
    _screenshot(tab, f"connect-success-{name}")

    connection = bot.services.connections.get(SlackUserKey(bot.slack.team_id, ALICE))
    assert connection is not None
    assert connection.zoom_email == ALICE_EMAIL
    bot.settle()
    assert [m.topic for m in bot.zoom.meetings] == ["Design review"]  # the command resumed after connecting


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_declining_at_zoom_shows_an_error_page(bot, page):
    _open_the_bots_message_with_the_link(bot, page)
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="Connect Zoom").click()
    tab = opened.value
    statuses = _DocumentStatuses(tab)
    tab.wait_for_load_state()
    tab.get_by_role("button", name="Decline").click()
    tab.get_by_role("heading", name="Zoom was not connected").wait_for()
    assert statuses.last == 400, statuses.seen
    assert "Access was not granted on Zoom's page." in tab.locator("main").inner_text()
    _assert_accessible_basics(tab)
    _screenshot(tab, "connect-declined")
    assert bot.services.connections.get(SlackUserKey(bot.slack.team_id, ALICE)) is None
    assert bot.zoom.meetings == []


def test_the_demo_playground_makes_a_meeting(page):
    bruno = DEMO_USERS[1]  # in Berlin
    with demo_running() as demo:
        page.goto(demo.url)
        assert page.get_by_role("heading", level=1).inner_text() == "Zoom for Slack: playground"
        _assert_accessible_basics(page)
        page.get_by_label("Demo user").select_option(bruno.slack_id)
        page.get_by_role("button", name="Switch").click()
        page.get_by_role("heading", name=f"You are {bruno.real_name}").wait_for()
        # A date three days on: "tomorrow" just after midnight is asked about (see the playground's screenshot).
        day = datetime.now(ZoneInfo(bruno.tz)).date() + timedelta(days=3)
        page.get_by_label("Type a command").fill(f"/zoom meet Design review {day:%B} {day.day} 3pm")
        page.get_by_role("button", name="Send").click()

        private = page.locator("section[aria-labelledby=private]")
        with page.context.expect_page() as opened:
            private.get_by_role("link", name="Connect Zoom").click()
        tab = opened.value
        tab.wait_for_load_state()
        # The playground signed this browser in to Zoom as the demo user it shows.
        assert tab.get_by_label("Sign in to Zoom as").input_value() == demo.sandbox.zoom.user(bruno.email).id
        tab.get_by_role("button", name="Allow").click()
        tab.get_by_role("heading", name="Zoom is connected").wait_for(timeout=20_000)
        tab.close()

        # Back on the playground, which reloads itself when the bot has posted.
        channel = page.locator("section[aria-labelledby=channel]")
        channel.get_by_text("Design review").first.wait_for(timeout=20_000)
        text = channel.inner_text()
        # Block Kit rendered readably: the time in the reader's own zone (Bruno's), no raw mrkdwn tokens.
        assert f"{day:%b} {day.day}, {day.year} at 3:00 PM" in text, text
        assert "<!date" not in text
        assert "*" not in text
        assert f"@{bruno.real_name}" in text  # "Scheduled by" shows the person, as Slack's client does
        assert bruno.slack_id not in text
        zoom_section = page.locator("section[aria-labelledby=zoom]").inner_text()
        assert re.search(r"POST /v2/users/\S+/meetings", zoom_section), zoom_section
        assert '"timezone": "Europe/Berlin"' in zoom_section
        [meeting] = demo.sandbox.zoom.meetings
        assert meeting.topic == "Design review"
        assert meeting.host_email == bruno.email
        _screenshot(page, "playground")
        folder = demo.sandbox.folder
        assert (folder / "zoombot.db").is_file()
    assert not folder.exists()  # the demo removes its temporary folder
