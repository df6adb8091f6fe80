"""Every kind of work the bot does after an ack, and the `/zoom` subcommands among them.

Adding a subcommand is one flow module and one line in SUBCOMMANDS: the `/zoom` listener accepts it, the
runner runs it, `/zoom help` lists it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from handlers.app.durable import Job, Work
from handlers.app.services import Services
from handlers.flows import (
    about_message,
    announcements,
    app_home,
    booking_link,
    cancel,
    connect,
    disconnect,
    home_refresh,
    list_meetings,
    live_status,
    meet,
    meeting_defaults,
    move,
    schedule_form,
    status,
)
from handlers.flows.flow_types import MEET, MEET_ABOUT_MESSAGE, MEET_CHOICE, MEET_EDIT, JobFlow, SlackFlow
from handlers.flows.given_up import tell_user_given_up


@dataclass(frozen=True)
class Subcommand:
    flow: SlackFlow | JobFlow
    usage: str  # its line in `/zoom help`
    # The flow takes the job itself, `(services, job)`: it reads the words after the subcommand
    # (`job.payload["text"]`) or records steps. Otherwise it is a `(services, client, origin)` flow.
    reads_job: bool = False

    def work(self) -> JobFlow:
        return cast(JobFlow, self.flow) if self.reads_job else _answering(cast(SlackFlow, self.flow))


SUBCOMMANDS: dict[str, Subcommand] = {
    "connect": Subcommand(connect.connect, "link your Zoom account"),
    "disconnect": Subcommand(disconnect.disconnect, "unlink it (revoked at Zoom, deleted here)"),
    "status": Subcommand(status.status, "which Zoom account your meetings are created with"),
    "list": Subcommand(list_meetings.list_meetings, "your upcoming Zoom meetings, with Cancel and Edit for "
                       "those you host"),
    "cancel": Subcommand(cancel.cancel, "cancel a meeting you host, e.g. `/zoom cancel 812 3456 7890`",
                         reads_job=True),
    "move": Subcommand(move.move, "move a meeting you host to a new time, e.g. "
                       "`/zoom move 812 3456 7890 tomorrow 3pm`", reads_job=True),
    "link": Subcommand(booking_link.booking_link_command, "a single-use Zoom Scheduler booking link for one of "
                       "your schedules, to share with whoever should book a time with you", reads_job=True),
}


def all_kinds() -> dict[str, Work[Services]]:
    kinds = {name: Work(sub.work(), tell_user_given_up) for name, sub in SUBCOMMANDS.items()}
    kinds.update({
        list_meetings.LIST_MORE: Work(list_meetings.show_more, tell_user_given_up),
        move.MOVE_CHOICE: Work(move.move_choice, tell_user_given_up, release_key_on_give_up=True),
        move.MOVE_EDIT: Work(move.open_editor, tell_user_given_up, max_attempts=1),
        MEET: Work(meet.schedule_meeting, tell_user_given_up),
        MEET_CHOICE: Work(meet.schedule_choice, tell_user_given_up, release_key_on_give_up=True),
        MEET_ABOUT_MESSAGE: Work(about_message.meet_about_message, tell_user_given_up),
        # A form opens with a trigger_id good for three seconds: one attempt, then a private word instead.
        schedule_form.OPEN_SCHEDULE_FORM: Work(schedule_form.open_schedule_form, tell_user_given_up, max_attempts=1),
        MEET_EDIT: Work(schedule_form.open_schedule_form, tell_user_given_up, max_attempts=1),
        schedule_form.MEET_FORM: Work(schedule_form.schedule_from_form, tell_user_given_up),
        connect.FINISH_CONNECT: Work(connect.finish_connect, connect.connect_given_up, max_attempts=1,
                                     expires=False),
        disconnect.REVOKE_GRANT: Work(disconnect.revoke_grant, expires=False),
        # The App Home (handlers.flows.app_home): published unseen, so nobody is told when it cannot be.
        app_home.HOME_OPENED: Work(app_home.home_opened, max_attempts=3),
        home_refresh.PUBLISH_HOME: Work(app_home.publish, max_attempts=3),
        app_home.HOME_CONNECT: Work(app_home.connect_from_home, tell_user_given_up, max_attempts=1),
        meeting_defaults.EDIT_DEFAULTS: Work(meeting_defaults.edit_defaults, tell_user_given_up, max_attempts=1),
        meeting_defaults.SAVE_DEFAULTS: Work(meeting_defaults.save_defaults, tell_user_given_up),
        announcements.REDRAW_ANNOUNCEMENT: Work(announcements.redraw_announcement, max_attempts=4, expires=False),
        live_status.POST_RECORDING: Work(live_status.post_recording, max_attempts=4, expires=False),
        booking_link.BOOKING_LINK_CHOICE: Work(booking_link.booking_link_choice, tell_user_given_up,
                                                release_key_on_give_up=True),
        booking_link.BOOKING_LINK_SHARE: Work(booking_link.share_booking_link, tell_user_given_up),
    })
    return kinds


def _answering(flow: SlackFlow) -> JobFlow:
    def run(services: Services, job: Job) -> None:
        flow(services, job.client, job.origin)
    return run
