"""handlers.flows.meeting_defaults: which value each setting of a user's meeting takes (the workspace's fixed
one, else theirs, else built-in), the create body of `/zoom meet` with them, and the modal's flows."""

from __future__ import annotations

import pytest

from handlers.app.config import WORKSPACE_MEETING_VARIABLES
from handlers.flows import meet
from handlers.flows.home_refresh import PUBLISH_HOME
from handlers.flows.meeting_defaults import edit_defaults, meeting_options, save_defaults
from handlers.ui.meeting_defaults import DEFAULTS_VIEW
from storage import MeetingDefaults
from tests.handlers.flows.fakes import (
    KEY,
    FakeCommandRunner,
    FakeSlackClient,
    make_job,
    make_services,
    origin,
    settings,
)
from zoom.models import MeetingSettings

MINE = MeetingDefaults(duration_minutes=25, waiting_room=False, mute_upon_entry=False, require_passcode=True,
                       auto_recording="cloud", join_before_host=True)


def services_with(own: MeetingDefaults | None = None, **environ: str):
    services = make_services()
    services.settings = settings(**environ)
    if own is not None:
        services.preferences.defaults[KEY] = own
    return services


def test_nothing_chosen_and_nothing_set_is_the_built_in_defaults():
    options = meeting_options(services_with(), KEY)
    assert options.settings == MeetingSettings()
    assert options.duration_minutes == 60
    assert options.fixed == frozenset()


def test_the_users_own_choices_apply_where_the_workspace_set_nothing():
    options = meeting_options(services_with(MINE), KEY)
    assert options.duration_minutes == 25
    assert options.settings == MeetingSettings(waiting_room=False, mute_upon_entry=False, require_passcode=True,
                                               auto_recording="cloud", join_before_host=True)


def test_what_the_workspace_set_explicitly_wins_over_the_users_choice():
    options = meeting_options(services_with(MINE, ZOOM_WAITING_ROOM="true", ZOOM_DEFAULT_DURATION="45",
                                            ZOOM_AUTO_RECORDING="none"), KEY)
    assert options.fixed == {"waiting_room", "duration_minutes", "auto_recording"}
    assert options.duration_minutes == 45
    assert options.settings.waiting_room is True
    assert options.settings.auto_recording == "none"
    # The rest are still the user's.
    assert (options.settings.mute_upon_entry, options.settings.join_before_host) == (False, True)
    shown = options.shown()
    assert shown.source("waiting_room") == "set by your workspace"
    assert shown.source("mute_upon_entry") == "yours"
    assert shown.applied("waiting_room") is True


def test_a_workspace_value_equal_to_the_built_in_one_still_fixes_it():
    # Set explicitly (even to what the default would be), it is the workspace's decision, not a starting point.
    options = meeting_options(services_with(MeetingDefaults(mute_upon_entry=False), ZOOM_MUTE_UPON_ENTRY="true"),
                              KEY)
    assert options.settings.mute_upon_entry is True


def test_unset_choices_fall_back_to_the_workspace_defaults_not_the_built_in_ones():
    options = meeting_options(services_with(MeetingDefaults(waiting_room=True), ZOOM_JOIN_BEFORE_HOST="true"), KEY)
    assert options.settings.join_before_host is True
    shown = options.shown()
    assert shown.source("duration_minutes") == "workspace default"


def test_meet_creates_with_the_users_defaults_and_length():
    services = services_with(MINE, ZOOM_MUTE_UPON_ENTRY="true")
    job = make_job(FakeCommandRunner(FakeSlackClient()), payload={"text": "Design review tomorrow 3pm"})
    meet.schedule_meeting(services, job)

    [created] = services.journal.of("zoom.create_meeting")
    request = created["request"]
    assert request.duration_minutes == 25  # no length typed: the user's
    body = request.to_zoom()
    assert body["settings"]["waiting_room"] is False
    assert body["settings"]["mute_upon_entry"] is True  # the workspace's, whatever the user chose
    assert body["settings"]["auto_recording"] == "cloud"
    assert body["settings"]["join_before_host"] is True
    assert body["default_password"] is True


def test_a_typed_length_still_wins_over_the_default_one():
    services = services_with(MINE)
    job = make_job(FakeCommandRunner(FakeSlackClient()), payload={"text": "Sync tomorrow 3pm for 90 minutes"})
    meet.schedule_meeting(services, job)
    [created] = services.journal.of("zoom.create_meeting")
    assert created["request"].duration_minutes == 90


def test_save_keeps_a_fixed_settings_earlier_choice_and_republishes_the_opened_home():
    services = services_with(MeetingDefaults(waiting_room=False), ZOOM_WAITING_ROOM="true")
    services.preferences.opened.add(KEY)
    job = make_job(FakeCommandRunner(FakeSlackClient()), kind="save_defaults",
                   payload={"defaults": {"duration_minutes": 30, "auto_recording": "local"}},
                   command_origin=origin(channel_id=""))
    save_defaults(services, job)

    [saved] = services.journal.of("preferences.save_meeting_defaults")
    # waiting_room is the workspace's: not in the modal, the earlier choice is kept (it applies again if the
    # workspace ever stops fixing it).
    assert saved["defaults"] == MeetingDefaults(duration_minutes=30, auto_recording="local", waiting_room=False)
    assert [command.kind for command in services.runner.submitted] == [PUBLISH_HOME]


@pytest.mark.parametrize("forged", [None, "30", {"duration_minutes": 0}, {"host_video": False},
                                    {"waiting_room": "off"}, {"auto_recording": "tape"}])
def test_save_refuses_what_the_modal_never_sends_and_changes_nothing(forged):
    services, client = services_with(), FakeSlackClient()
    job = make_job(FakeCommandRunner(client), kind="save_defaults", payload={"defaults": forged},
                   command_origin=origin(channel_id=""))
    save_defaults(services, job)
    assert services.journal.of("preferences.save_meeting_defaults") == []
    [answer] = client.calls_to("chat_postMessage")  # no channel: the DM
    assert answer.channel == job.origin.user_id
    assert "nothing was changed" in answer.text


def test_edit_opens_the_modal_and_an_expired_trigger_gets_a_word_by_dm():
    services, client = services_with(MINE), FakeSlackClient()
    edit_defaults(services, make_job(FakeCommandRunner(client), kind="edit_defaults",
                                     payload={"trigger_id": "t-1"}, command_origin=origin(channel_id="")))
    [opened] = client.calls_to("views_open")
    assert opened.kwargs["trigger_id"] == "t-1"
    assert opened.kwargs["view"]["callback_id"] == DEFAULTS_VIEW

    client = FakeSlackClient(failures={"views_open": "expired_trigger_id"})
    edit_defaults(services, make_job(FakeCommandRunner(client), kind="edit_defaults",
                                     payload={"trigger_id": "t-2"}, command_origin=origin(channel_id="")))
    [answer] = client.calls_to("chat_postMessage")
    assert answer.channel == origin().user_id
    assert "Click *Edit*" in answer.text
    assert client.calls_to("chat_postEphemeral") == []  # no channel to be ephemeral in


def test_only_a_variable_with_a_value_fixes_a_setting():
    assert settings(ZOOM_WAITING_ROOM="", ZOOM_AUTO_RECORDING="  ").workspace_fixed == frozenset()
    assert settings(ZOOM_REQUIRE_PASSCODE="false").workspace_fixed == {"require_passcode"}
    # Every setting a user may choose has a variable that can fix it.
    assert set(WORKSPACE_MEETING_VARIABLES) == set(MeetingDefaults.field_names())
