"""handlers.flows.move: `/zoom move <id> <time>`, its question's buttons, and the Edit form."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from handlers.app.durable import RetryLater
from handlers.flows import move
from handlers.language import MeetingDraft, MeetingQuestion, Refusal
from handlers.ui.my_meetings import editor_value, move_choice_value
from tests.handlers.flows.fakes import (
    JOIN_URL,
    MEETING_ID,
    START_URL,
    USER,
    FakeCommandRunner,
    FakeSlackClient,
    SlackCall,
    make_job,
    person,
)
from tests.handlers.flows.host_fakes import HostZoom, announced, host_services, hosted
from zoom import MeetingChange, Recurrence, ZoomApiError, ZoomMeetingNotFound

PARIS = ZoneInfo("Europe/Paris")
SPACED = "812 3456 7890"


def at(days: int, hour: int, minute: int = 0) -> datetime:
    day = datetime.now(PARIS).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


def draft(start: datetime | None, *, topic: str = "", minutes: int = 45, **fields) -> MeetingDraft:
    return MeetingDraft(topic=topic, start=start, duration_minutes=minutes, timezone="Europe/Paris",
                        label=f"{start:%a %d %b, %H:%M}" if start else "Now", **fields)


class Reader:
    """read_meeting_text, fixed: what it answers, and what it was asked."""

    def __init__(self, answer):
        self.answer = answer
        self.asked: list[dict] = []

    def __call__(self, text, *, now, tz, locale=None, default_duration=60):
        self.asked.append({"text": text, "tz": tz, "default_duration": default_duration})
        return self.answer


@pytest.fixture
def reads(monkeypatch):
    def install(answer) -> Reader:
        reader = Reader(answer)
        monkeypatch.setattr(move, "read_meeting_text", reader)
        return reader
    return install


def run(services, text: str, *, client: FakeSlackClient | None = None, kind: str = "move", **job_fields):
    client = client or FakeSlackClient()
    runner = FakeCommandRunner(client)
    payload = job_fields.pop("payload", {"text": text})
    job = make_job(runner, kind=kind, payload=payload, **job_fields)
    {"move": move.move, "move_choice": move.move_choice, "move_edit": move.open_editor}[kind](services, job)
    return client, runner, job


def dms(client: FakeSlackClient, user: str) -> list:
    return [c for c in client.calls_to("chat_postMessage") if c.channel == user]


# -- typed ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "abc tomorrow 3pm", "tomorrow 3pm", SPACED, "81234567890", "123 tomorrow"])
def test_without_an_id_and_a_time_the_usage_line(text, reads):
    reader = reads(draft(at(1, 15)))
    services = host_services(zoom=HostZoom(meetings=[hosted()]))
    client, _, _ = run(services, text)

    assert client.only_private_text().startswith("Usage: `/zoom move <meeting ID> <new time>`")
    assert services.zoom_uses == []
    assert reader.asked == []


def test_the_host_moves_it_the_announcements_show_it_and_the_invitees_are_told(reads):
    new = at(2, 16, 30)
    reader = reads(draft(new, minutes=30))
    zoom = HostZoom(meetings=[hosted()])
    services = host_services(zoom=zoom, announcements=[announced(invitees=("U0BEA", USER, "U0CAL"))])
    client, runner, _ = run(services, f"{SPACED} the day after tomorrow 4:30pm for 30m")

    assert reader.asked == [{"text": "the day after tomorrow 4:30pm for 30m", "tz": "Europe/Paris",
                             "default_duration": 45}]  # no length given: the meeting's own
    [update] = services.journal.of("zoom.update_meeting")
    assert update == {"meeting_id": MEETING_ID, "change": MeetingChange(new, "Europe/Paris", 30)}
    [schedule] = services.journal.of("meetings.set_schedule")
    assert (schedule["start"], schedule["timezone"], schedule["duration_minutes"], schedule["changed_by"]) == (
        new, "Europe/Paris", 30, USER)
    assert [c.payload["announcement"] for c in services.runner.submitted] == [1]
    for invitee in ("U0BEA", "U0CAL"):
        [dm] = dms(client, invitee)
        assert f"<@{USER}> moved *Design review* to <!date^{int(new.timestamp())}^" in dm.rendered
        assert JOIN_URL in dm.rendered
        assert START_URL not in dm.rendered
    assert dms(client, USER) == []  # the host is not told of their own move
    answer = client.private_to()[-1].text
    assert answer.startswith(f":arrows_counterclockwise: Moved *Design review* to <!date^{int(new.timestamp())}^")
    assert "I told the 2 people you invited." in answer
    assert "Its message in Slack shows the new time." in answer
    assert runner.steps == ["moved", "shown", "shown", "shown", "told"]
    # Each invitee told is recorded before the next is sent.
    assert [saved.result["told"] for saved in runner.saved[1:]] == [[], ["U0BEA"], ["U0BEA", "U0CAL"],
                                                                    ["U0BEA", "U0CAL"]]


def test_a_topic_word_a_repeat_or_no_time_after_the_id_moves_nothing(reads):
    for answer, said in ((draft(at(1, 15), topic="Retro"), "`Retro` is not part of a time"),
                         (draft(at(1, 15), recurrence=Recurrence(type=1, end_times=3)), "leave out `every …`"),
                         (draft(None), "Tell me when to move it to.")):
        reads(answer)
        services = host_services(zoom=HostZoom(meetings=[hosted()]))
        client, _, _ = run(services, f"{SPACED} whatever")
        text = client.only_private_text()
        assert said in text
        assert "Nothing was moved." in text
        assert services.journal.of("zoom.update_meeting") == []


def test_a_refusal_is_passed_on_escaped(reads):
    reads(Refusal("That is more than two years ahead: <!channel>"))
    services = host_services(zoom=HostZoom(meetings=[hosted()]))
    client, _, _ = run(services, f"{SPACED} in 3 years")

    assert client.only_private_text() == "That is more than two years ahead: &lt;!channel&gt; Nothing was moved."


def test_an_ambiguous_time_asks_with_one_button_per_reading_and_moves_nothing(reads):
    morning, evening = at(1, 7), at(1, 19)
    reads(MeetingQuestion("`at 7`: morning or evening?", (draft(morning), draft(evening)), "at 7"))
    services = host_services(zoom=HostZoom(meetings=[hosted()]))
    client, _, _ = run(services, f"{SPACED} at 7")

    [question] = client.private_to()
    buttons = question.buttons()
    assert [b["action_id"] for b in buttons] == ["zoom_move_choice_0", "zoom_move_choice_1", "zoom_move_edit"]
    ids, values = zip(*(b["value"].split(":", 1) for b in buttons[:2]), strict=True)
    assert ids == (str(MEETING_ID), str(MEETING_ID))
    assert [json.loads(v)["s"] for v in values] == [morning.isoformat(), evening.isoformat()]
    assert json.loads(buttons[2]["value"]) == {"m": MEETING_ID, "t": "Design review", "x": "at 7"}
    assert "Nothing is moved until you pick one." in question.rendered
    assert services.journal.of("zoom.update_meeting") == []


def test_a_question_whose_readings_have_a_topic_is_refused(reads):
    reads(MeetingQuestion("which?", (draft(at(1, 7), topic="Sync"), draft(at(1, 19), topic="Sync")), "Sync at 7"))
    services = host_services(zoom=HostZoom(meetings=[hosted()]))
    client, _, _ = run(services, f"{SPACED} Sync at 7")

    assert "`Sync` is not part of a time" in client.only_private_text()


@pytest.mark.parametrize(("meeting", "said"), [
    (hosted(host_id="zu-other"), f"Only the host of meeting {SPACED} can move it"),
    (hosted(type=1), "is an instant meeting, which has no time to move"),
    (hosted(type=3), "is a recurring meeting with no fixed time"),
])
def test_only_a_scheduled_meeting_the_user_hosts_is_moved(meeting, said, reads):
    reads(draft(at(1, 15)))
    services = host_services(zoom=HostZoom(meetings=[meeting]))
    client, _, _ = run(services, f"{SPACED} tomorrow 3pm")

    assert said in client.only_private_text()
    assert services.journal.of("zoom.update_meeting") == []


def test_a_meeting_zoom_does_not_show_is_not_the_users_to_move(reads):
    reads(draft(at(1, 15)))
    services = host_services(zoom=HostZoom())
    client, _, _ = run(services, f"{SPACED} tomorrow 3pm")

    assert client.only_private_text().startswith(f"Only the host of meeting {SPACED} can move it")


def test_a_series_moves_whole_to_a_day_it_repeats_on_and_not_to_another(reads):
    weekly = Recurrence(type=2, end_times=10, weekly_days=(2,))  # Mondays
    monday = at((7 - datetime.now(PARIS).weekday()) % 7 or 7, 10)
    reads(draft(monday + timedelta(days=1)))  # a Tuesday
    services = host_services(zoom=HostZoom(meetings=[hosted(type=8, recurrence=weekly)]))
    client, _, _ = run(services, f"{SPACED} next tuesday 10am")
    assert "is not one of its days" in client.only_private_text()
    assert services.journal.of("zoom.update_meeting") == []

    reads(draft(monday))
    services = host_services(zoom=HostZoom(meetings=[hosted(type=8, recurrence=weekly)]))
    client, _, _ = run(services, f"{SPACED} next monday 10am")
    assert "every occurrence moved with it" in client.private_to()[-1].text
    assert len(services.journal.of("zoom.update_meeting")) == 1


def test_zoom_refusing_or_the_meeting_gone_meanwhile_moves_nothing(reads):
    reads(draft(at(1, 15)))
    error = ZoomApiError("Users in example.com have been blocked", status=400, code=3000)
    services = host_services(zoom=HostZoom(meetings=[hosted()], errors={"update_meeting": error}))
    client, runner, _ = run(services, f"{SPACED} tomorrow 3pm")
    assert client.only_private_text().startswith("Zoom refused to move the meeting (400:")
    assert services.journal.of("meetings.set_schedule") == []
    assert runner.steps == []

    gone = ZoomMeetingNotFound(f"Meeting does not exist: {MEETING_ID}.", status=404, code=3001)
    zoom = HostZoom(meetings=[hosted()], errors={"update_meeting": gone})  # deleted between the read and the move
    client, _, _ = run(host_services(zoom=zoom), f"{SPACED} tomorrow 3pm")
    assert "is gone at Zoom" in client.only_private_text()


def test_an_invitee_slack_will_not_reach_is_named_to_the_host(reads):
    reads(draft(at(1, 15)))
    services = host_services(zoom=HostZoom(meetings=[hosted()]),
                             announcements=[announced(invitees=("U0GONE", "U0BEA"))])
    client = FakeSlackClient(failures={("chat_postMessage", "U0GONE"): "user_disabled"},
                             people={"U0GONE": person("U0GONE", "Gone", deleted=True)})
    _, runner, _ = run(services, f"{SPACED} tomorrow 3pm", client=client)

    assert len(dms(client, "U0GONE")) == 1  # tried once, not again
    assert len(dms(client, "U0BEA")) == 1
    answer = client.private_to()[-1].text
    assert "I told the 1 person you invited." in answer
    assert "I could not send Gone a direct message: share the join link with them yourself." in answer
    assert (runner.saved[-1].result["told"], runner.saved[-1].result["missed"]) == (["U0GONE", "U0BEA"], ["U0GONE"])


class ResetOnce(FakeSlackClient):
    """The connection drops (ConnectionResetError, an OSError) on the first direct message to `user`."""

    def __init__(self, user: str, **options):
        super().__init__(**options)
        self.reset_for = user

    def chat_postMessage(self, **kwargs):
        if kwargs.get("channel") == self.reset_for:
            self.reset_for = ""
            self.calls.append(SlackCall("chat_postMessage_reset", kwargs))
            raise ConnectionResetError("connection reset by peer")
        return super().chat_postMessage(**kwargs)


@pytest.mark.parametrize("failure", ["internal_error", "ratelimited", "reset"])
def test_slack_away_for_an_invitee_waits_with_the_progress_kept_and_nobody_is_told_twice(reads, failure):
    new = at(1, 15)
    reads(draft(new))
    services = host_services(zoom=HostZoom(meetings=[hosted()]),
                             announcements=[announced(invitees=("U0BEA", "U0CAL", "U0DAN"))])
    client = ResetOnce("U0CAL") if failure == "reset" else \
        FakeSlackClient(failures={("chat_postMessage", "U0CAL"): failure})
    runner = FakeCommandRunner(client)
    job = make_job(runner, kind="move", payload={"text": f"{SPACED} tomorrow 3pm"})
    with pytest.raises(RetryLater):
        move.move(services, job)

    assert len(dms(client, "U0BEA")) == 1
    assert dms(client, "U0DAN") == []
    assert client.private_to() == []  # the host hears once everyone has been told
    assert runner.steps == ["moved", "shown", "shown"]
    assert runner.saved[-1].result["told"] == ["U0BEA"]
    assert len(services.journal.of("meetings.set_schedule")) == 1

    # The runner claims it again: from where it was, with Slack back.
    zoom_calls = len(services.zoom_uses)
    client = FakeSlackClient()
    _, runner, _ = run(services, "", client=client, step=runner.saved[-1].step, result=runner.saved[-1].result,
                       attempts=2)
    assert len(services.zoom_uses) == zoom_calls  # Zoom is not asked again
    assert len(services.journal.of("meetings.set_schedule")) == 1  # the move is not stamped again
    assert dms(client, "U0BEA") == []
    assert [len(dms(client, user)) for user in ("U0CAL", "U0DAN")] == [1, 1]
    assert "I told the 3 people you invited." in client.private_to()[-1].text
    assert runner.steps == ["shown", "shown", "told"]


def test_slack_still_away_after_half_an_hour_names_the_invitee_to_the_host(reads):
    reads(draft(at(1, 15)))
    services = host_services(zoom=HostZoom(meetings=[hosted()]))
    client = FakeSlackClient(failures={("chat_postMessage", "U0CAL"): "internal_error"},
                             people={"U0CAL": person("U0CAL", "Cal")})
    moved = move.Moved(MEETING_ID, "Design review", at(1, 15), "Europe/Paris", 45, JOIN_URL,
                       invitees=("U0BEA", "U0CAL"), told=("U0BEA",))
    _, runner, _ = run(services, "", client=client, step="shown", result=moved.to_result(), attempts=9,
                       received_at=datetime.now(UTC) - timedelta(minutes=31))

    answer = client.private_to()[-1].text
    assert "I told the 1 person you invited." in answer
    assert "I could not send Cal a direct message" in answer
    assert runner.steps == ["shown", "told"]


def test_resumed_after_zoom_took_it_never_asks_zoom_again_and_tells_invitees_once(reads):
    reader = reads(draft(at(1, 15)))
    moved = move.Moved(MEETING_ID, "Design review", at(1, 15), "Europe/Paris", 45, JOIN_URL)
    services = host_services(zoom=HostZoom(meetings=[hosted()]), announcements=[announced(invitees=("U0BEA",))])
    client, runner, _ = run(services, f"{SPACED} tomorrow 3pm", step="moved", result=moved.to_result())
    assert services.zoom_uses == []
    assert reader.asked == []
    assert len(dms(client, "U0BEA")) == 1
    assert runner.steps == ["shown", "shown", "told"]

    client, _, _ = run(services, f"{SPACED} tomorrow 3pm", step="told", result=runner.saved[-1].result)
    assert dms(client, "U0BEA") == []  # told already
    assert "I told the 1 person you invited." in client.only_private_text()
    assert len(services.journal.of("meetings.set_schedule")) == 1


# -- a click on a reading -----------------------------------------------------------------------------------


def test_a_click_moves_to_that_reading_and_the_outcome_replaces_the_question():
    evening = at(1, 19)
    services = host_services(zoom=HostZoom(meetings=[hosted()]))
    client, runner, job = run(services, "", kind="move_choice",
                              payload={"value": move_choice_value(MEETING_ID, draft(evening))})

    [update] = services.journal.of("zoom.update_meeting")
    assert update["change"] == MeetingChange(evening, "Europe/Paris", 45)
    said = [c.text for c in client.private_to()]
    assert said[0].startswith(":hourglass_flowing_sand: Moving *Design review*")
    assert said[-1].startswith(":arrows_counterclockwise: Moved *Design review*")
    assert job.release_dedupe is False
    assert runner.steps == ["moved", "shown", "told"]


# Values built when the test runs (not when it is collected: xdist's workers must collect the same ids).
FORGED = {
    "unreadable": (lambda: "not a value", "I could not read that choice."),
    "bad-json": (lambda: f"{MEETING_ID}:{{'bad json", "I could not read that choice."),
    "short-id": (lambda: f"12:{move_choice_value(MEETING_ID, draft(at(1, 15))).split(':', 1)[1]}",
                 "I could not read that choice."),
    "passed": (lambda: move_choice_value(MEETING_ID, draft(datetime.now(PARIS).replace(microsecond=0)
                                                           - timedelta(hours=1))), "already passed"),
    "topic": (lambda: move_choice_value(MEETING_ID, draft(at(1, 15), topic="Sync")), "is not part of a time"),
}


@pytest.mark.parametrize("case", sorted(FORGED))
def test_a_forged_or_stale_click_moves_nothing_and_may_be_clicked_again(case):
    make_value, said = FORGED[case]
    value = make_value()
    services = host_services(zoom=HostZoom(meetings=[hosted()]))
    client, runner, job = run(services, "", kind="move_choice", payload={"value": value})

    text = client.only_private_text()
    assert said in text
    assert "Nothing was moved" in text
    assert services.zoom_uses == []
    assert job.release_dedupe is True
    assert runner.steps == []


def test_a_click_by_someone_who_is_not_the_host_moves_nothing():
    services = host_services(zoom=HostZoom(meetings=[hosted(host_id="zu-other")]))
    client, _, _ = run(services, "", kind="move_choice",
                       payload={"value": move_choice_value(MEETING_ID, draft(at(1, 19)))})

    assert "Only the host" in client.only_private_text()
    assert services.journal.of("zoom.update_meeting") == []


# -- the Edit form ------------------------------------------------------------------------------------------


def test_edit_opens_the_form_for_that_meeting_prefilled():
    client, _, _ = run(host_services(), "", kind="move_edit",
                       payload={"trigger_id": "1.2.abc", "value": editor_value(MEETING_ID, "Design review", "at 7")})

    [opened] = client.calls_to("views_open")
    view = opened.kwargs["view"]
    assert opened.kwargs["trigger_id"] == "1.2.abc"
    assert view["callback_id"] == "zoom_move_edit"
    assert json.loads(view["private_metadata"]) == {"channel": "C0PROJECT", "meeting": MEETING_ID}
    assert view["blocks"][1]["element"]["initial_value"] == "at 7"
    assert "Design review (ID 812 3456 7890)" in json.dumps(view)


@pytest.mark.parametrize("value", ["", "812", '{"m": 1, "t": "", "x": ""}', '{"m": "81234567890", "t": "", "x": ""}',
                                   '{"m": 81234567890, "t": "", "x": "", "extra": 1}'])
def test_an_edit_button_value_the_bot_did_not_write_opens_nothing(value):
    client, _, _ = run(host_services(), "", kind="move_edit", payload={"trigger_id": "1.2.abc", "value": value})

    assert client.calls_to("views_open") == []
    assert "I could not read that button" in client.only_private_text()


def test_a_form_slack_would_not_open_in_time_is_explained():
    client = FakeSlackClient(failures={"views_open": "expired_trigger_id"})
    run(host_services(), "", client=client, kind="move_edit",
        payload={"trigger_id": "1.2.abc", "value": editor_value(MEETING_ID)})

    assert f"run `/zoom move {SPACED} <new time>`" in client.private_to()[-1].text
