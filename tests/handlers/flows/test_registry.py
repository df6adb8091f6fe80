"""handlers.flows.registry: every subcommand has a flow and a help line, every kind of work a Work."""

from __future__ import annotations

import pytest

from handlers.app.durable import Work
from handlers.flows import cancel, connect, disconnect, list_meetings, meet, move, schedule_form
from handlers.flows.flow_types import MEET_EDIT
from handlers.flows.given_up import tell_user_given_up
from handlers.flows.registry import SUBCOMMANDS, Subcommand, all_kinds
from handlers.listeners.commands.zoom import help_message
from tests.handlers.flows.fakes import FakeCommandRunner, FakeSlackClient, make_job, make_services

# The first words each subcommand's own answer starts with, for a user mode user who is not connected.
ANSWERS = {
    "connect": "Connect your Zoom account so `/zoom` can create meetings as you.",
    "disconnect": "You have no Zoom account connected, so there was nothing to disconnect.",
    "status": "*Mode:* each user connects their own Zoom account.\nYou are *not connected*.",
    "list": "Connect your Zoom account to see your meetings from Slack.",
    "cancel": "Usage: `/zoom cancel <meeting ID>`",  # (the job has no text)
    "move": "Usage: `/zoom move <meeting ID> <new time>`",
    "link": "Connect your Zoom account to make Zoom Scheduler booking links from Slack.",
}


def test_every_subcommand_has_a_flow_and_a_usage_line():
    assert set(SUBCOMMANDS) == set(ANSWERS)
    for name, sub in SUBCOMMANDS.items():
        assert isinstance(sub, Subcommand)
        assert callable(sub.flow), name
        assert sub.reads_job == (name in ("cancel", "move", "link")), name  # those that read the job itself
        assert sub.usage.strip(), name
        assert "\n" not in sub.usage


def test_every_kind_has_a_work():
    kinds = all_kinds()
    assert set(kinds) == {*SUBCOMMANDS, "meet", "meet_choice", "meet_edit", "finish_connect", "revoke_grant",
                          "redraw_announcement", "post_recording", "list_more", "move_choice", "move_edit",
                          "home_opened", "publish_home", "home_connect", "edit_defaults", "save_defaults",
                          "meet_about_message", "schedule_form", "meet_form", "booking_link_choice",
                          "booking_link_share"}
    for name, work in kinds.items():
        assert isinstance(work, Work), name
        assert callable(work.run), name


def test_how_each_kind_is_run_and_given_up():
    kinds = all_kinds()
    assert kinds[meet.MEET].run is meet.schedule_meeting
    assert kinds[meet.MEET_CHOICE].run is meet.schedule_choice
    assert kinds[meet.MEET_CHOICE].release_key_on_give_up is True
    assert kinds["meet_edit"].run is schedule_form.open_schedule_form  # Edit on a question opens the form
    assert kinds["meet_edit"].max_attempts == 1
    assert (kinds["cancel"].run, kinds["move"].run) == (cancel.cancel, move.move)  # they take the job itself
    assert kinds[move.MOVE_CHOICE].run is move.move_choice
    assert kinds[move.MOVE_CHOICE].release_key_on_give_up is True
    assert (kinds[move.MOVE_EDIT].run, kinds[move.MOVE_EDIT].max_attempts) == (move.open_editor, 1)
    assert kinds[list_meetings.LIST_MORE].run is list_meetings.show_more
    for name in (*SUBCOMMANDS, "meet", "meet_choice", "meet_edit", "move_choice", "move_edit", "list_more"):
        assert kinds[name].give_up is tell_user_given_up, name
        assert kinds[name].expires is True, name
    finish = kinds[connect.FINISH_CONNECT]
    assert (finish.run, finish.give_up, finish.max_attempts, finish.expires) == (
        connect.finish_connect, connect.connect_given_up, 1, False)
    revoke = kinds[disconnect.REVOKE_GRANT]
    assert (revoke.run, revoke.give_up, revoke.expires) == (disconnect.revoke_grant, None, False)


@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_each_subcommand_kind_runs_its_own_flow_for_the_jobs_user(name):
    services, client = make_services(connected=False), FakeSlackClient()
    job = make_job(FakeCommandRunner(client), kind=name, payload={})

    all_kinds()[name].run(services, job)

    [answer] = client.private_to()
    assert answer.kwargs["user"] == job.origin.user_id
    assert answer.channel == job.origin.channel_id
    assert answer.text.startswith(ANSWERS[name])


def test_the_shortcuts_kinds():
    from handlers.flows import about_message, schedule_form

    kinds = all_kinds()
    about = kinds[about_message.MEET_ABOUT_MESSAGE]
    assert (about.run, about.give_up, about.expires) == (about_message.meet_about_message, tell_user_given_up, True)
    for opens_form in (schedule_form.OPEN_SCHEDULE_FORM, MEET_EDIT):
        shown = kinds[opens_form]
        assert (shown.run, shown.give_up, shown.max_attempts) == (
            schedule_form.open_schedule_form, tell_user_given_up, 1)  # a trigger_id is good once


def test_help_lists_every_subcommand_with_its_usage():
    text = help_message().text
    for name, sub in SUBCOMMANDS.items():
        assert f"• `/zoom {name}`: {sub.usage}\n" in text
    assert "• `/zoom` starts an instant meeting" in text
