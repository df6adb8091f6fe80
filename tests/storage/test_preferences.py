"""A user's own meeting defaults and the Home tab's "opened" mark, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import count

import pytest
from sqlalchemy import inspect

from storage import MeetingDefaults, PreferenceStore, SlackUserKey
from storage import preferences as stored
from zoom import models as zoom_models

ALICE = SlackUserKey(team_id="T1", user_id="U1")
BOB = SlackUserKey(team_id="T1", user_id="U2")
GRID_ALICE = SlackUserKey(team_id="T2", user_id="U1", enterprise_id="E1")


def test_nothing_chosen_is_all_unset(db):
    store = PreferenceStore(db)
    assert store.meeting_defaults(ALICE) == MeetingDefaults()
    assert store.home_opened(ALICE) is False


def test_defaults_round_trip_and_replace_whole(db):
    store = PreferenceStore(db)
    chosen = MeetingDefaults(duration_minutes=45, waiting_room=False, mute_upon_entry=True, require_passcode=False,
                             auto_recording="cloud", join_before_host=True)
    store.save_meeting_defaults(ALICE, chosen)
    assert store.meeting_defaults(ALICE) == chosen
    assert store.meeting_defaults(BOB) == MeetingDefaults()  # another user's row is not shared
    # Saving again replaces every field: an unset one goes back to the workspace's.
    store.save_meeting_defaults(ALICE, MeetingDefaults(duration_minutes=30))
    assert store.meeting_defaults(ALICE) == MeetingDefaults(duration_minutes=30)


def test_home_opened_is_kept_apart_from_the_defaults(db):
    days = count(1)
    store = PreferenceStore(db, clock=lambda: datetime(2026, 1, next(days), tzinfo=UTC))
    store.save_meeting_defaults(ALICE, MeetingDefaults(waiting_room=False))
    assert store.home_opened(ALICE) is False  # choosing defaults is not opening the Home
    store.note_home_opened(ALICE)
    store.note_home_opened(ALICE)  # again: one row, no conflict
    assert store.home_opened(ALICE) is True
    assert store.meeting_defaults(ALICE) == MeetingDefaults(waiting_room=False)  # untouched by the mark
    store.save_meeting_defaults(ALICE, MeetingDefaults())
    assert store.home_opened(ALICE) is True  # and the mark untouched by new defaults


def test_enterprise_users_are_keyed_by_the_enterprise(db):
    store = PreferenceStore(db)
    store.save_meeting_defaults(GRID_ALICE, MeetingDefaults(duration_minutes=15))
    # On Enterprise Grid a user id is global: the same person seen from another workspace of the org.
    assert store.meeting_defaults(SlackUserKey(team_id="T3", user_id="U1", enterprise_id="E1")).duration_minutes == 15
    assert store.meeting_defaults(SlackUserKey(team_id="T2", user_id="U1")) == MeetingDefaults()


def test_a_workspace_that_leaves_takes_its_preferences(db):
    store = PreferenceStore(db)
    for key in (ALICE, BOB, GRID_ALICE):
        store.save_meeting_defaults(key, MeetingDefaults(duration_minutes=20))
        store.note_home_opened(key)
    other = SlackUserKey(team_id="T9", user_id="U9")
    store.save_meeting_defaults(other, MeetingDefaults(duration_minutes=25))
    assert store.delete_workspace(team_id="T1") == 2
    assert store.delete_workspace(enterprise_id="E1") == 1
    assert store.home_opened(ALICE) is False
    assert store.home_opened(GRID_ALICE) is False
    assert store.meeting_defaults(other).duration_minutes == 25
    assert store.delete_for([other]) == 1
    assert store.delete_for([]) == 0
    with pytest.raises(ValueError, match="workspace"):
        store.delete_workspace()


@pytest.mark.parametrize("bad", [
    {"duration_minutes": 0}, {"duration_minutes": 1441}, {"duration_minutes": True}, {"duration_minutes": "30"},
    {"auto_recording": "tape"}, {"waiting_room": "yes"}, {"join_before_host": 1},
])
def test_values_outside_zooms_bounds_are_refused(bad):
    with pytest.raises(ValueError):  # noqa: PT011 - the message names the field; the type is the point
        MeetingDefaults(**bad)


def test_from_dict_reads_only_what_to_dict_writes():
    chosen = MeetingDefaults(duration_minutes=90, auto_recording="local")
    assert MeetingDefaults.from_dict(chosen.to_dict()) == chosen
    for forged in (None, [], {"duration_minutes": 30, "host_video": False}, {"waiting_room": "off"}):
        with pytest.raises(ValueError):  # noqa: PT011
            MeetingDefaults.from_dict(forged)


def test_storage_bounds_match_zooms():
    # storage/ may not import zoom/: the same bounds are written twice, and must stay the same.
    assert (stored.MIN_DURATION_MINUTES, stored.MAX_DURATION_MINUTES) == (
        zoom_models.MIN_DURATION_MINUTES, zoom_models.MAX_DURATION_MINUTES)
    assert stored.AUTO_RECORDING_CHOICES == zoom_models.AUTO_RECORDING_CHOICES
    # Every default is a setting the create body has (or, for the passcode, turns into default_password).
    settings = zoom_models.MeetingSettings()
    for name in MeetingDefaults.field_names():
        assert name == "duration_minutes" or hasattr(settings, name)


def test_migration_makes_the_table_the_model_describes(db):
    columns = {column["name"]: column for column in inspect(db.read_engine).get_columns("user_preferences")}
    assert set(columns) == {column.name for column in stored.UserPreference.__table__.columns}
    for name in MeetingDefaults.field_names():
        assert columns[name]["nullable"] is True  # unset is a value of its own
