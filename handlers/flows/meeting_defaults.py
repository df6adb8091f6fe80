"""Personal meeting defaults: what a user's meetings are created with, and the modal (from the Home tab) that
changes them.

Three layers, the first that has a value wins: what the workspace set explicitly (its variables, see
handlers.app.config.WORKSPACE_MEETING_VARIABLES), the user's own choice (storage.preferences), and the
built-in default (which is what Settings holds when the workspace set nothing). `meeting_options` is the one
place that applies them: `/zoom meet` (its default length and create_from_draft's settings, and so the form
and the shortcuts, which create through it) asks it.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, replace

from slack_sdk.errors import SlackApiError

from handlers.app.durable import Job
from handlers.app.services import Services
from handlers.flows.home_refresh import republish_home
from handlers.slack.replies import Replies
from handlers.ui.meeting_defaults import Choices, DefaultsShown, defaults_modal
from handlers.ui.messages import plain
from storage import MeetingDefaults, SlackUserKey
from zoom.models import MeetingSettings

log = logging.getLogger(__name__)

EDIT_DEFAULTS = "edit_defaults"  # the Home's Edit button: opens the modal
SAVE_DEFAULTS = "save_defaults"  # the modal, submitted and checked (handlers.listeners.views.meeting_defaults)


@dataclass(frozen=True)
class MeetingOptions:
    """What a user's next meeting is created with, and where each value came from."""

    settings: MeetingSettings
    duration_minutes: int
    fixed: frozenset[str]        # the settings the workspace fixes (its value is in `settings`)
    own: MeetingDefaults         # the user's own choices, as stored (a fixed one is stored but not applied)
    workspace: MeetingDefaults   # what applies where the user chose nothing

    def shown(self) -> DefaultsShown:
        return DefaultsShown(own=Choices(**self.own.to_dict()), workspace=Choices(**self.workspace.to_dict()),
                             fixed=self.fixed)


def meeting_options(services: Services, key: SlackUserKey) -> MeetingOptions:
    """The settings and default length of `key`'s meetings: the workspace's fixed ones, else theirs, else the
    built-in defaults."""
    settings = services.settings
    base = settings.meeting_settings
    workspace = MeetingDefaults(
        duration_minutes=settings.default_duration_minutes, waiting_room=base.waiting_room,
        mute_upon_entry=base.mute_upon_entry, require_passcode=base.require_passcode,
        auto_recording=base.auto_recording, join_before_host=base.join_before_host)
    own = services.preferences.meeting_defaults(key)
    applied = {name: value for name, value in asdict(own).items()
               if value is not None and name not in settings.workspace_fixed}
    duration = applied.pop("duration_minutes", settings.default_duration_minutes)
    return MeetingOptions(settings=replace(base, **applied), duration_minutes=duration,
                          fixed=settings.workspace_fixed, own=own, workspace=workspace)


def edit_defaults(services: Services, job: Job) -> None:
    """The Edit button of the Home's defaults: the modal, with the user's choices."""
    options = meeting_options(services, job.origin.key)
    try:
        job.client.views_open(trigger_id=str(job.payload.get("trigger_id") or ""),
                              view=defaults_modal(options.shown()))
    except SlackApiError as error:
        code = str(error.response.get("error", "unknown")) if error.response is not None else "unknown"
        log.info("views.open failed (%s)", code)
        Replies(job.client, job.origin).private(plain(
            "Slack did not let me open your meeting defaults in time (a click is good for a few seconds only). "
            "Click *Edit* on the app's Home tab again."))


def save_defaults(services: Services, job: Job) -> None:
    """The modal's choices (checked by its listener, and again here), stored; the Home shows them."""
    key = job.origin.key
    try:
        chosen = MeetingDefaults.from_dict(job.payload.get("defaults"))
    except (TypeError, ValueError):
        Replies(job.client, job.origin).private(plain(
            "I could not read those meeting defaults, so nothing was changed. Please open them again from the "
            "app's Home tab."))
        return
    # A setting the workspace fixes is not in the modal: the user's earlier choice of it is kept as it was.
    kept = services.preferences.meeting_defaults(key)
    fixed = services.settings.workspace_fixed
    services.preferences.save_meeting_defaults(key, replace(chosen, **{
        name: getattr(kept, name) for name in MeetingDefaults.field_names() if name in fixed}))
    log.info("user %s saved meeting defaults", key.user_id)
    republish_home(services, key)
