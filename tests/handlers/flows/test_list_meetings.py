"""handlers.flows.list_meetings: `/zoom list`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from handlers.flows import list_meetings
from handlers.flows.list_meetings import MAX_LISTED
from storage.meetings import MeetingRecord
from tests.handlers.flows.fakes import KEY, FakeSlackClient, make_services, origin

NOTHING = "You have no upcoming meetings scheduled from Slack."


def record(topic: str = "Design review", *, start: datetime | None = None, minutes: int = 45,
           meeting_id: int = 81234567890) -> MeetingRecord:
    return MeetingRecord(zoom_meeting_id=meeting_id, owner=KEY, topic=topic, start_time=start,
                         duration_minutes=minutes, timezone="Europe/Paris", channel_id="C1", message_ts="1.2")


def test_nothing_upcoming_and_not_connected_offers_to_connect():
    services, client = make_services(connected=False), FakeSlackClient()
    list_meetings.list_meetings(services, client, origin())

    [prompt] = client.private_to()
    assert prompt.text.startswith(f"{NOTHING} Connect your Zoom account")
    assert prompt.buttons()[0]["action_id"] == "zoom_connect"
    assert services.journal.names()[:2] == ["meetings.for_user", "connections.get"]


def test_nothing_upcoming_while_connected():
    services, client = make_services(), FakeSlackClient()
    list_meetings.list_meetings(services, client, origin())

    assert client.only_private_text() == f"{NOTHING} Schedule one with `/zoom meet Design review tomorrow 3pm`."
    assert services.journal.of("states.create") == []


def test_nothing_upcoming_in_account_mode_never_looks_for_a_connection():
    services, client = make_services(account_mode=True, connected=False), FakeSlackClient()
    list_meetings.list_meetings(services, client, origin())

    assert client.only_private_text().startswith(NOTHING)
    assert services.journal.names() == ["meetings.for_user"]


def test_upcoming_meetings_are_listed_escaped_with_their_numbers():
    start = datetime(2030, 6, 3, 13, 0, tzinfo=UTC)
    services = make_services(upcoming=[record("<!here> & plans", start=start), record("Sync", minutes=90,
                                                                                        meeting_id=123)])
    client = FakeSlackClient()
    before = datetime.now(UTC)
    list_meetings.list_meetings(services, client, origin())

    [asked] = services.journal.of("meetings.for_user")
    assert asked["owner"] == KEY
    assert before <= asked["ending_after"] <= datetime.now(UTC)
    text = client.only_private_text()
    lines = text.split("\n")
    assert lines[0] == "*Your upcoming meetings* (scheduled from Slack, 2 in all)"
    assert lines[1].startswith(f"• *&lt;!here&gt; &amp; plans*, <!date^{int(start.timestamp())}^")
    assert "Mon 3 Jun 2030, 3:00 PM CEST>" in lines[1]  # the fallback, in the meeting's own zone
    assert lines[1].endswith(", 45 min (ID 812 3456 7890)")
    assert lines[2] == "• *Sync*, now, 1 h 30 min (ID 123)"
    assert "<!here>" not in text


def test_a_long_list_is_cut_with_a_count_of_the_rest():
    start = datetime.now(UTC) + timedelta(days=1)
    upcoming = [record(f"M{i}", start=start + timedelta(hours=i)) for i in range(MAX_LISTED + 3)]
    services = make_services(upcoming=upcoming)
    client = FakeSlackClient()
    list_meetings.list_meetings(services, client, origin())

    lines = client.only_private_text().split("\n")
    assert f"{MAX_LISTED + 3} in all" in lines[0]
    assert len([line for line in lines if line.startswith("• ")]) == MAX_LISTED
    assert lines[-1] == "…and 3 more."
