"""handlers.flows.live_status: each of Zoom's meeting events applied to the announced meetings (or not), the
redraws and recording posts it queues, the recording's post itself, and the redraw that finds its drawing
stale. Fakes only: a meeting log that answers as configured and records what it was asked."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from slack_sdk.errors import SlackApiError

from handlers.app.durable import RetryLater
from handlers.flows import live_status
from handlers.flows.announcements import REDRAW_ANNOUNCEMENT, redraw_announcement
from handlers.flows.live_status import APPLIED, IGNORED, POST_RECORDING, UNCHANGED, apply_meeting_event, shareable
from storage import SlackUserKey
from storage.meetings import CANCELLED, ENDED, LIVE, SCHEDULED, Announcement, MeetingRecord
from tests.handlers.flows.fakes import (
    CHANNEL,
    JOIN_URL,
    KEY,
    MEETING_ID,
    USER,
    FakeCommandRunner,
    FakeSlackClient,
    Journal,
    make_job,
    make_services,
    settings,
)
from zoom import events
from zoom.events import MeetingEvent, RecordingReady

START = datetime(2030, 3, 4, 15, 0, tzinfo=UTC)
EVENT_MS = 1_900_000_000_000
INSTANCE = "inst4AAAiAAAAAiAiAiiAii=="
SHARE_URL = "https://zoom.example/rec/share/AbCdEf"
PASSCODE = "Rec!0931"


def announcement(announcement_id: int = 1, *, owner: SlackUserKey = KEY, message_ts: str = "1700000000.000001",
                 start: datetime | None = START, recurrence: dict[str, Any] | None = None, status: str = SCHEDULED,
                 participants: int = 0, channel_id: str = CHANNEL) -> Announcement:
    return Announcement(id=announcement_id, status=status, participants=participants, meeting=MeetingRecord(
        zoom_meeting_id=MEETING_ID, owner=owner, topic="Design review", start_time=start, duration_minutes=60,
        timezone="Europe/Paris", channel_id=channel_id, message_ts=message_ts, recurrence=recurrence,
        join_url=JOIN_URL))


class LiveMeetings:
    """storage.MeetingLog's meeting-life methods: `changed` is what each set_* answers (the announcement ids
    a newer event changed; [] when an older or repeated one changed nothing)."""

    def __init__(self, journal: Journal, announced: list[Announcement], *, changed: list[int] | None = None):
        self.journal = journal
        self.announced = {a.id: a for a in announced}
        self.changed = [a.id for a in announced] if changed is None else changed

    def is_announced(self, zoom_meeting_id: int, *, host_zoom_user_id: str = "") -> bool:
        self.journal.append(("meetings.is_announced", {"zoom_meeting_id": zoom_meeting_id}))
        return any(a.meeting.zoom_meeting_id == zoom_meeting_id
                   and (not host_zoom_user_id or a.meeting.host_zoom_user_id in ("", host_zoom_user_id))
                   for a in self.announced.values())

    def announcements(self, zoom_meeting_id: int) -> list[Announcement]:
        self.journal.append(("meetings.announcements", {"zoom_meeting_id": zoom_meeting_id}))
        return [a for a in self.announced.values() if a.meeting.zoom_meeting_id == zoom_meeting_id]

    def announcement(self, announcement_id: int) -> Announcement | None:
        self.journal.append(("meetings.announcement", {"announcement_id": announcement_id}))
        return self.announced.get(announcement_id)

    def set_status(self, zoom_meeting_id: int, status: str, **kwargs: Any) -> list[int]:
        self.journal.append(("meetings.set_status", {"zoom_meeting_id": zoom_meeting_id, "status": status, **kwargs}))
        return list(self.changed)

    def set_schedule(self, zoom_meeting_id: int, **kwargs: Any) -> list[int]:
        self.journal.append(("meetings.set_schedule", {"zoom_meeting_id": zoom_meeting_id, **kwargs}))
        return list(self.changed)

    def set_participant(self, zoom_meeting_id: int, **kwargs: Any) -> list[int]:
        self.journal.append(("meetings.set_participant", {"zoom_meeting_id": zoom_meeting_id, **kwargs}))
        return list(self.changed)


def services_with(announced: list[Announcement], *, changed: list[int] | None = None, recordings: bool = False):
    services = make_services()
    services.meetings = LiveMeetings(services.journal, announced, changed=changed)  # type: ignore[assignment]
    if recordings:
        services.settings = settings(ZOOM_POST_RECORDINGS="true")
    return services


def event(name: str, **fields: Any) -> MeetingEvent:
    return MeetingEvent(**{"name": name, "event_ms": EVENT_MS, "meeting_id": MEETING_ID, "uuid": INSTANCE,
                           **fields})


def writes(services) -> list[str]:
    return [name for name in services.journal.names() if name.startswith("meetings.set_")]


# -- meetings the bot did not announce ---------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(events.MEETING_EVENTS))
def test_an_event_of_a_meeting_nobody_announced_changes_nothing(name):
    services = services_with([])
    recording = RecordingReady(SHARE_URL, 30, PASSCODE) if name == events.RECORDING_COMPLETED else None
    services.settings = settings(ZOOM_POST_RECORDINGS="true")

    assert apply_meeting_event(services, event(name, start_time=START, participant_key="p1",
                                               recording=recording)) == IGNORED

    assert services.journal.names() == ["meetings.is_announced"]
    assert services.runner.submitted == []


# -- status ------------------------------------------------------------------------------------------------


def test_started_sets_live_at_its_start_and_redraws_at_once():
    services = services_with([announcement()])

    assert apply_meeting_event(services, event(events.STARTED, start_time=START)) == APPLIED

    assert services.journal.of("meetings.set_status") == [{
        "zoom_meeting_id": MEETING_ID, "status": LIVE, "event_ms": EVENT_MS, "instance_uuid": INSTANCE,
        "at": START, "started_at": None}]
    [redraw] = services.runner.submitted
    assert redraw.kind == REDRAW_ANNOUNCEMENT
    assert redraw.payload["announcement"] == 1
    assert (redraw.dedupe_key, redraw.not_before) == (None, None)  # a status is drawn at once
    assert redraw.channel_id == CHANNEL


def test_a_started_older_than_what_is_stored_changes_nothing_and_redraws_nothing():
    services = services_with([announcement()], changed=[])

    assert apply_meeting_event(services, event(events.STARTED, start_time=START)) == UNCHANGED

    assert writes(services) == ["meetings.set_status"]
    assert services.runner.submitted == []


def test_a_start_time_no_calendar_holds_is_replaced_by_the_event_s_own_time():
    services = services_with([announcement()])

    apply_meeting_event(services, event(events.STARTED, start_time=datetime(1, 1, 1, tzinfo=UTC)))

    assert services.journal.of("meetings.set_status")[0]["at"] == datetime.fromtimestamp(EVENT_MS / 1000, UTC)


def test_ended_keeps_when_it_began_so_its_length_is_known():
    services = services_with([announcement()])
    end = START + timedelta(minutes=32)

    assert apply_meeting_event(services, event(events.ENDED, start_time=START, end_time=end)) == APPLIED

    [call] = services.journal.of("meetings.set_status")
    assert (call["status"], call["at"], call["started_at"]) == (ENDED, end, START)
    assert len(services.runner.submitted) == 1


def test_deleted_cancels_without_a_name():
    services = services_with([announcement()])

    assert apply_meeting_event(services, event(events.DELETED, scope="single")) == APPLIED

    [call] = services.journal.of("meetings.set_status")
    assert call["status"] == CANCELLED
    assert "changed_by" not in call
    assert len(services.runner.submitted) == 1


def test_deleting_some_occurrences_leaves_the_series():
    services = services_with([announcement(recurrence={"type": 1, "repeat_interval": 1})])

    assert apply_meeting_event(services, event(events.DELETED, occurrence_ids=("1712345678000",))) == IGNORED

    assert writes(services) == []
    assert services.runner.submitted == []


# -- moves -------------------------------------------------------------------------------------------------


def test_a_new_start_time_moves_the_announcement_with_no_name():
    services = services_with([announcement()])
    later = START + timedelta(days=1)

    assert apply_meeting_event(services, event(events.UPDATED, start_time=later, timezone="Asia/Tokyo",
                                               duration_minutes=45)) == APPLIED

    assert services.journal.of("meetings.set_schedule") == [{
        "zoom_meeting_id": MEETING_ID, "start": later, "timezone": "Asia/Tokyo", "duration_minutes": 45,
        "event_ms": EVENT_MS}]
    assert [c.not_before for c in services.runner.submitted] == [None]


@pytest.mark.parametrize("duration", [0, 1441, -5])
def test_a_length_zoom_would_not_allow_is_left_as_it_was(duration):
    services = services_with([announcement()])

    apply_meeting_event(services, event(events.UPDATED, start_time=START + timedelta(hours=1),
                                        duration_minutes=duration))

    assert services.journal.of("meetings.set_schedule")[0]["duration_minutes"] is None


@pytest.mark.parametrize(("case", "fields", "expected"), [
    ("no new time: a topic or a setting changed", {}, IGNORED),
    ("the same time and length: an echo or a repeat", {"start_time": START, "duration_minutes": 60}, UNCHANGED),
    ("the same time, no length", {"start_time": START}, UNCHANGED),
])
def test_updates_that_move_nothing(case, fields, expected):
    services = services_with([announcement()])

    assert apply_meeting_event(services, event(events.UPDATED, **fields)) == expected, case

    assert writes(services) == []
    assert services.runner.submitted == []


def test_one_occurrence_moved_leaves_the_series():
    services = services_with([announcement(recurrence={"type": 2, "weekly_days": "2"})])

    assert apply_meeting_event(services, event(events.UPDATED, start_time=START + timedelta(days=7, hours=1),
                                               scope="single")) == IGNORED

    assert writes(services) == []


def test_a_non_recurring_meeting_moved_with_scope_single_still_moves():
    services = services_with([announcement()])

    assert apply_meeting_event(services, event(events.UPDATED, start_time=START + timedelta(hours=2),
                                               scope="single")) == APPLIED


def test_an_instant_meeting_has_no_time_to_move():
    services = services_with([announcement(start=None)])

    assert apply_meeting_event(services, event(events.UPDATED, start_time=START)) == IGNORED

    assert writes(services) == []


# -- participants ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "present"), [(events.PARTICIPANT_JOINED, True), (events.PARTICIPANT_LEFT, False)])
def test_a_participant_is_counted_and_the_redraw_throttled(name, present):
    services = services_with([announcement()])

    assert apply_meeting_event(services, event(name, participant_key="ABCD-1234")) == APPLIED

    assert services.journal.of("meetings.set_participant") == [{
        "zoom_meeting_id": MEETING_ID, "instance_uuid": INSTANCE, "participant": "ABCD-1234", "present": present,
        "event_ms": EVENT_MS}]
    [redraw] = services.runner.submitted
    assert redraw.dedupe_key is not None  # one redraw per message and interval
    assert redraw.not_before is not None
    assert redraw.not_before > datetime.now(UTC)


def test_many_participants_in_one_interval_share_one_redraw():
    services = services_with([announcement()])
    for number in range(5):
        apply_meeting_event(services, event(events.PARTICIPANT_JOINED, participant_key=f"p{number}",
                                            event_ms=EVENT_MS + number))
    keys = {command.dedupe_key for command in services.runner.submitted}
    assert len(services.runner.submitted) == 5
    assert len(keys) <= 2  # the same key (the real store keeps one row), unless the interval turned meanwhile


@pytest.mark.parametrize("fields", [{"participant_key": ""}, {"participant_key": "p1", "uuid": ""}])
def test_a_participant_event_without_who_or_which_instance_is_ignored(fields):
    services = services_with([announcement()])

    assert apply_meeting_event(services, event(events.PARTICIPANT_JOINED, **fields)) == IGNORED

    assert writes(services) == []


def test_a_repeated_participant_event_redraws_nothing():
    services = services_with([announcement()], changed=[])

    assert apply_meeting_event(services, event(events.PARTICIPANT_LEFT, participant_key="p1")) == UNCHANGED

    assert services.runner.submitted == []


# -- recordings --------------------------------------------------------------------------------------------


def recording_event(share_url: str = SHARE_URL, passcode: str = PASSCODE, **fields: Any) -> MeetingEvent:
    return event(events.RECORDING_COMPLETED, recording=RecordingReady(share_url, 41, passcode), **fields)


def test_a_recording_is_not_posted_when_the_workspace_did_not_turn_it_on():
    services = services_with([announcement()])
    assert services.settings.zoom_post_recordings is False

    assert apply_meeting_event(services, recording_event()) == IGNORED

    assert services.runner.submitted == []


def test_a_recording_queues_one_durable_post_keyed_by_its_instance():
    services = services_with([announcement(), announcement(2, channel_id="C0OTHER")], recordings=True)

    assert apply_meeting_event(services, recording_event()) == APPLIED

    [command] = services.runner.submitted
    assert command.kind == POST_RECORDING
    assert command.payload["announcements"] == [1, 2]
    assert command.payload["share_url"] == SHARE_URL
    assert (command.payload["passcode"], command.payload["duration_minutes"]) == (PASSCODE, 41)
    assert command.owner == KEY
    assert PASSCODE not in repr(command)  # the payload is kept out of reprs (and encrypted at rest)
    other = services_with([announcement()], recordings=True)
    apply_meeting_event(other, recording_event())
    apply_meeting_event(other, recording_event(uuid="anotherInstance=="))
    first, retried, next_instance = command, other.runner.submitted[0], other.runner.submitted[1]
    assert first.dedupe_key == retried.dedupe_key != next_instance.dedupe_key


def test_a_recording_goes_once_to_each_workspace_that_announced_the_meeting():
    elsewhere = SlackUserKey(team_id="T0OTHER", user_id="U0CARL")
    services = services_with([announcement(), announcement(2, owner=elsewhere, channel_id="C0THEIRS")],
                             recordings=True)

    apply_meeting_event(services, recording_event())

    assert [(c.owner, c.channel_id, c.payload["announcements"]) for c in services.runner.submitted] == [
        (KEY, CHANNEL, [1]), (elsewhere, "C0THEIRS", [2])]
    assert len({c.dedupe_key for c in services.runner.submitted}) == 2


def test_a_recording_of_a_meeting_posted_without_a_message_ts_has_no_thread():
    services = services_with([announcement(message_ts="")], recordings=True)

    assert apply_meeting_event(services, recording_event()) == IGNORED

    assert services.runner.submitted == []


def test_a_repeated_recording_is_unchanged():
    services = services_with([announcement()], recordings=True)
    services.runner.submit = lambda command: None  # type: ignore[method-assign]  # the dedupe key is taken

    assert apply_meeting_event(services, recording_event()) == UNCHANGED


def test_a_share_link_that_would_break_the_message_is_not_posted():
    services = services_with([announcement()], recordings=True)

    assert apply_meeting_event(services, recording_event("https://zoom.example/rec/share/a|b>c")) == IGNORED

    assert services.runner.submitted == []


@pytest.mark.parametrize(("url", "expected"), [
    (SHARE_URL, SHARE_URL),
    (f"{SHARE_URL}?pwd=SecretPlay", SHARE_URL),
    (f"{SHARE_URL}?startTime=1&PWD=x&passcode=y", f"{SHARE_URL}?startTime=1"),
    (f"{SHARE_URL}#frag", SHARE_URL),
    ("http://zoom.example/rec/share/x", None),
    ("https://user:pw@zoom.example/rec", None),
    ("https:///rec", None),
    ("https://zoom.example/rec share", None),
    ("https://zoom.example/<!channel>", None),
])
def test_shareable(url, expected):
    assert shareable(url) == expected


# -- the recording's post ----------------------------------------------------------------------------------


def recording_job(runner: FakeCommandRunner, *, passcode: str = PASSCODE, announcements: list[int] | None = None,
                  **fields: Any):
    payload = {"meeting_id": MEETING_ID, "announcements": [1] if announcements is None else announcements,
               "share_url": SHARE_URL, "duration_minutes": 41, "passcode": passcode}
    return make_job(runner, kind=POST_RECORDING, payload=payload, **fields)


def test_the_recording_is_posted_in_the_thread_and_its_passcode_sent_to_the_host_alone():
    services = services_with([announcement()])
    client = FakeSlackClient()
    runner = FakeCommandRunner(client)

    live_status.post_recording(services, recording_job(runner))

    [reply] = client.channel_posts()
    assert reply.kwargs["thread_ts"] == "1700000000.000001"
    assert SHARE_URL in reply.rendered
    assert "41 min" in reply.rendered
    assert PASSCODE not in reply.rendered
    [direct] = [call for call in client.calls_to("chat_postMessage") if call.channel == USER]
    assert f"Passcode `{PASSCODE}`" in direct.rendered
    assert "thread_ts" not in direct.kwargs
    assert runner.steps == ["posted", "told_host"]
    assert runner.saved[-1].result == {"posted": [1], "told": [USER]}


def test_a_resumed_post_posts_nothing_twice():
    services = services_with([announcement()])
    client = FakeSlackClient()
    runner = FakeCommandRunner(client)

    live_status.post_recording(services, recording_job(runner, step="posted", result={"posted": [1], "told": []}))

    assert client.channel_posts() == []
    assert [call.channel for call in client.calls_to("chat_postMessage")] == [USER]


def test_no_passcode_no_direct_message():
    services = services_with([announcement()])
    client = FakeSlackClient()

    live_status.post_recording(services, recording_job(FakeCommandRunner(client), passcode=""))

    assert len(client.channel_posts()) == 1
    assert "passcode" not in client.channel_posts()[0].rendered
    assert [call.channel for call in client.calls_to("chat_postMessage")] == [CHANNEL]


def test_a_thread_that_is_gone_is_skipped_and_its_host_not_told():
    services = services_with([announcement()])
    client = FakeSlackClient(failures={("chat_postMessage", CHANNEL): "is_archived"})
    runner = FakeCommandRunner(client)

    live_status.post_recording(services, recording_job(runner))

    assert [call.channel for call in client.calls_to("chat_postMessage")] == [CHANNEL]
    assert runner.steps == []


def test_a_forgotten_announcement_is_skipped():
    services = services_with([announcement()])
    client = FakeSlackClient()

    live_status.post_recording(services, recording_job(FakeCommandRunner(client), announcements=[1, 99]))

    assert len(client.channel_posts()) == 1


def test_slack_s_rate_limit_postpones_the_post():
    services = services_with([announcement()])
    client = FakeSlackClient(failures={"chat_postMessage": "ratelimited"})

    with pytest.raises(RetryLater):
        live_status.post_recording(services, recording_job(FakeCommandRunner(client)))


def test_another_slack_error_is_left_to_the_runner_s_retries():
    services = services_with([announcement()])
    client = FakeSlackClient(failures={"chat_postMessage": "internal_error"})

    with pytest.raises(SlackApiError) as raised:
        live_status.post_recording(services, recording_job(FakeCommandRunner(client)))
    assert raised.value.response["error"] == "internal_error"


def test_an_unreachable_host_is_not_asked_again():
    services = services_with([announcement()])
    client = FakeSlackClient(failures={("chat_postMessage", USER): "user_not_found"})
    runner = FakeCommandRunner(client)

    live_status.post_recording(services, recording_job(runner))

    assert runner.steps == ["posted", "told_host"]


# -- a redraw whose drawing went stale ---------------------------------------------------------------------


class UpdatingClient(FakeSlackClient):
    """chat.update, and a hook that runs while Slack is 'answering' it (another event arriving meanwhile)."""

    def __init__(self, during_update=None, **kwargs: Any):
        super().__init__(**kwargs)
        self.during_update = during_update

    def chat_update(self, **kwargs: Any) -> dict[str, Any]:
        self._record("chat_update", kwargs)
        if self.during_update is not None:
            self.during_update()
        return {"ok": True, "channel": kwargs["channel"], "ts": kwargs["ts"]}


def redraw_job(runner: FakeCommandRunner):
    return make_job(runner, kind=REDRAW_ANNOUNCEMENT, payload={"announcement": 1})


def test_a_redraw_draws_the_latest_state_and_queues_nothing_more():
    services = services_with([announcement(status=LIVE, participants=3)])
    client = UpdatingClient()

    redraw_announcement(services, redraw_job(FakeCommandRunner(client)))

    [update] = client.calls_to("chat_update")
    assert (update.channel, update.kwargs["ts"]) == (CHANNEL, "1700000000.000001")
    assert "Live now, 3 in the meeting" in update.rendered
    assert services.runner.submitted == []


def test_a_redraw_that_went_stale_while_slack_answered_queues_another():
    services = services_with([announcement(status=LIVE, participants=3)])
    meetings = services.meetings

    def someone_joins() -> None:
        meetings.announced[1] = replace(meetings.announced[1], participants=4)

    redraw_announcement(services, redraw_job(FakeCommandRunner(UpdatingClient(someone_joins))))

    [again] = services.runner.submitted
    assert again.kind == REDRAW_ANNOUNCEMENT
    assert again.payload["announcement"] == 1
    assert again.dedupe_key is not None  # throttled, like the counts


def test_a_message_that_is_gone_is_not_redrawn_again():
    services = services_with([announcement(status=LIVE)])
    client = UpdatingClient(failures={"chat_update": "message_not_found"})

    redraw_announcement(services, redraw_job(FakeCommandRunner(client)))

    assert services.runner.submitted == []


def test_the_settings_default_and_reading():
    assert settings().zoom_post_recordings is False
    assert settings(ZOOM_POST_RECORDINGS="true").zoom_post_recordings is True
    with pytest.raises(Exception, match="ZOOM_POST_RECORDINGS must be true or false"):
        settings(ZOOM_POST_RECORDINGS="sometimes")
