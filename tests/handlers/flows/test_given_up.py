"""handlers.flows.given_up: what a user hears when a command is given up for good."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from handlers.flows.given_up import tell_user_given_up
from tests.handlers.flows.fakes import JOIN_URL, USER, FakeCommandRunner, FakeSlackClient, make_job, make_services

RECEIVED = datetime(2030, 5, 6, 14, 7, tzinfo=UTC)


def give_up(kind: str = "meet", payload: dict | None = None, result: dict | None = None) -> str:
    client = FakeSlackClient()
    job = make_job(FakeCommandRunner(client), kind=kind, payload=payload or {}, result=result,
                   received_at=RECEIVED)
    tell_user_given_up(make_services(), job, "Zoom kept timing out")
    [message] = client.calls
    assert message.method == "chat_postMessage"
    assert message.channel == USER  # a direct message: the response_url may have expired
    return message.text


def test_with_a_join_url_the_user_is_told_to_share_it_and_not_run_again():
    text = give_up(payload={"text": "Design review tomorrow 3pm"}, result={"join_url": JOIN_URL, "topic": "x"})

    assert text == (f"Your `/zoom meet Design review tomorrow 3pm` from 14:07 UTC made its meeting, <{JOIN_URL}|join "
                    "link>, but I could not finish announcing it (Zoom kept timing out). Share the link yourself; "
                    "do not run it again.")


@pytest.mark.parametrize("result", [None, {}, {"answered": "question"}])
def test_without_a_join_url_the_user_is_asked_to_try_again(result):
    text = give_up(payload={"text": "Design review tomorrow 3pm"}, result=result)

    assert text == ("Sorry, I could not finish your `/zoom meet Design review tomorrow 3pm` from 14:07 UTC: Zoom "
                    "kept timing out. Please try again; if it keeps happening, tell your Slack admin.")


@pytest.mark.parametrize(("kind", "payload", "described"), [
    ("meet", {}, "`/zoom`"),
    ("meet", {"text": "<!channel> now"}, "`/zoom meet &lt;!channel&gt; now`"),
    ("meet", {"text": "x" * 150}, f"`/zoom meet {'x' * 100}`"),
    ("meet_choice", {"value": "{}"}, "click"),
    ("meet_edit", {}, "click"),
    ("status", {}, "`/zoom status`"),
])
def test_the_command_is_described_safely(kind, payload, described):
    text = give_up(kind, payload)
    assert text.startswith(f"Sorry, I could not finish your {described} from 14:07 UTC:")
    assert "<!channel>" not in text
