"""The scheduling form: opened from `/zoom meet` with nothing after it, the Schedule button (help, App Home),
the global shortcut and the Edit button of a question; checked when submitted, before the ack, so that a bad
field is answered inside the form; then created exactly as a typed `/zoom meet` (handlers.flows.meet).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from slack_sdk.errors import SlackApiError

from handlers.app.durable import Job
from handlers.app.services import Services
from handlers.flows.connect import ResumeAfterConnect
from handlers.flows.flow_types import MEET_CHOICE
from handlers.flows.meet import answered_as_repeat, create_from_draft, question_message, resume_announcement
from handlers.flows.meeting_defaults import meeting_options
from handlers.language import MAX_AHEAD, MeetingDraft, MeetingQuestion, read_meeting_text
from handlers.language.days import known_zone
from handlers.language.recurrence import RepeatRule
from handlers.language.slack_markup import (
    MAX_INVITEES,
    SLACK_USER_ID,
    for_reader,
    labelled_names,
    mentioned_users,
    with_names,
)
from handlers.slack.profiles import fetch_profile
from handlers.slack.replies import Replies
from handlers.ui.choice_values import ChoiceError, choice_value, read_choice_value
from handlers.ui.messages import plain
from handlers.ui.schedule_form import (
    DAY_BLOCK,
    DURATION_BLOCK,
    INVITEES_BLOCK,
    NO_REPEAT,
    REPEAT_BLOCK,
    REPEATS,
    TIME_BLOCK,
    TOPIC_BLOCK,
    FormDefaults,
    FormFields,
    schedule_form,
)
from zoom.models import MAX_DURATION_MINUTES, MAX_TOPIC_LENGTH, MIN_DURATION_MINUTES

log = logging.getLogger(__name__)

OPEN_SCHEDULE_FORM = "schedule_form"  # the command that opens the form (it carries the click's trigger_id)
MEET_FORM = "meet_form"               # a submitted form: the meeting to create

UTC_NOTICE = "Slack did not tell me your time zone, so the form's times were in UTC."
FORM_TOO_LATE = ("Slack did not let me open the form in time (a click is good for a few seconds only). Try "
                 "again, or type `/zoom meet Design review tomorrow 3pm`.")
CANNOT_POST = ("I cannot post in that conversation. Pick a channel I am in (add me with `/invite @Zoom`), or "
               "one where you can use `/zoom`.")
NO_ZONE_FOR_FORM = ("Slack did not tell me your time zone just now, so I did not open the form (its times would "
                    "be read in the wrong zone). Please try again in a minute.")
NO_EMAIL_NOW = "Slack did not tell me your email just now, so nothing was scheduled. Please submit the form again."
_REPEAT_KEYS = {key for key, _ in REPEATS}
_REPEAT_RULES = {"daily": RepeatRule("daily"), "weekdays": RepeatRule("weekdays"), "weekly": RepeatRule("weekly"),
                 "biweekly": RepeatRule("weekly", interval=2), "monthly": RepeatRule("monthly")}


# -- opening --------------------------------------------------------------------------------------------


def open_schedule_form(services: Services, job: Job) -> None:
    """Open the form with the click's trigger_id (Slack honours it for three seconds). With `text` (the Edit
    button of a question), the form starts from what the text said; the date and time are left for the user
    to pick, since the text was unclear about them."""
    client, origin = job.client, job.origin
    profile = fetch_profile(client, origin.user_id, origin.user_name)
    if profile.lookup_failed:
        # The form's times are read in the zone it opens with: a guessed UTC would put the meeting at the
        # wrong hour, as `/zoom meet` would (handlers.flows.meet.NO_ZONE_NOW).
        Replies(client, origin).private(plain(NO_ZONE_FOR_FORM))
        return
    options = meeting_options(services, origin.key)
    defaults = FormDefaults(tz=profile.tz, tz_known=profile.tz_known, duration_minutes=options.duration_minutes,
                            channel_id=origin.channel_id)
    text = str(job.payload.get("text") or "")
    if text:
        defaults = prefilled(defaults, text, now=datetime.now(UTC), locale=profile.locale, user_id=origin.user_id)
    else:
        day, at = next_half_hour(datetime.now(UTC), profile.tz)
        defaults = replace(defaults, day=day, at=at)
    try:
        client.views_open(trigger_id=str(job.payload.get("trigger_id") or ""), view=schedule_form(defaults))
    except SlackApiError as error:
        code = str(error.response.get("error", "unknown")) if error.response is not None else "unknown"
        log.info("views.open failed for the scheduling form (%s)", code)
        Replies(client, origin).private(plain(FORM_TOO_LATE))


def next_half_hour(now: datetime, tz: str) -> tuple[date, time]:
    """The first :00 or :30 after now, on the user's clock."""
    local = (now + timedelta(minutes=30)).astimezone(ZoneInfo(tz))
    local = local.replace(minute=0 if local.minute < 30 else 30, second=0, microsecond=0)
    return local.date(), local.time().replace(tzinfo=None)


def prefilled(defaults: FormDefaults, text: str, *, now: datetime, locale: str | None, user_id: str
              ) -> FormDefaults:
    """The form as far as `text` (a `/zoom meet` text) says: topic, duration, repeat and invitees."""
    reading = read_meeting_text(for_reader(text), now=now, tz=defaults.tz, locale=locale,
                                default_duration=defaults.duration_minutes)
    invitees = tuple(user for user in mentioned_users(text) if user != user_id)[:MAX_INVITEES]
    drafts = (reading,) if isinstance(reading, MeetingDraft) else \
        reading.choices if isinstance(reading, MeetingQuestion) else ()
    if not drafts:
        return replace(defaults, invitees=invitees, note="I could not read a meeting in what you typed: fill in "
                       "each field.")
    first = drafts[0]
    repeat, note = NO_REPEAT, ""
    if first.recurrence is not None and first.start is not None:
        start_day = first.start.astimezone(ZoneInfo(first.timezone)).date()
        matching = [key for key, rule in _REPEAT_RULES.items() if rule.settled(start_day).to_zoom() == first.recurrence]
        repeat = matching[0] if matching else NO_REPEAT
        if not matching:
            note = ("What you typed repeats in a way this form does not offer; pick a repeat here, or close the "
                    "form and type `/zoom meet` again.")
    topic = with_names(first.topic, labelled_names(text))[:MAX_TOPIC_LENGTH].strip()
    return replace(defaults, topic=topic, duration_minutes=first.duration_minutes, repeat=repeat,
                   invitees=invitees, note=note)


# -- checking a submission (before the ack: local work only) ---------------------------------------------


@dataclass(frozen=True)
class FormCheck:
    """What a submission asks for: one draft, or two when its time happens twice (clocks going back), or the
    errors to show beside the fields (block id -> message)."""

    drafts: tuple[MeetingDraft, ...] = ()
    errors: dict[str, str] | None = None


def check_form(fields: FormFields, *, user_id: str, now: datetime) -> FormCheck:
    errors: dict[str, str] = {}
    zone = known_zone(fields.tz)
    if zone is None:
        return FormCheck(errors={TIME_BLOCK: "This form lost track of your time zone. Close it and open it again."})
    topic = fields.topic.strip()
    if len(topic) > MAX_TOPIC_LENGTH:
        errors[TOPIC_BLOCK] = f"A topic is at most {MAX_TOPIC_LENGTH} characters."
    duration = int(fields.duration) if fields.duration and fields.duration.isascii() and fields.duration.isdigit() \
        else 0
    if not MIN_DURATION_MINUTES <= duration <= MAX_DURATION_MINUTES:
        errors[DURATION_BLOCK] = "Pick how long the meeting lasts."
    repeat = fields.repeat or NO_REPEAT
    if repeat not in _REPEAT_KEYS:
        errors[REPEAT_BLOCK] = "Pick one of the repeats offered."
    invitees = tuple(dict.fromkeys(user for user in fields.invitees if user != user_id))
    if len(invitees) > MAX_INVITEES or not all(SLACK_USER_ID.fullmatch(user) for user in invitees):
        errors[INVITEES_BLOCK] = f"Invite at most {MAX_INVITEES} people."
    starts, when_errors = _starts(fields, zone, now)
    errors.update(when_errors)
    recurrence = None
    if starts and repeat in _REPEAT_RULES:
        first_day = starts[0].date()
        if repeat == "weekdays" and first_day.weekday() >= 5:
            errors[REPEAT_BLOCK] = (f"{first_day:%A} is not a weekday: pick a weekday as the date, or another "
                                    "repeat.")
        else:
            recurrence = _REPEAT_RULES[repeat].settled(first_day).to_zoom()
    if errors:
        return FormCheck(errors=errors)
    notices = () if fields.tz_known else (UTC_NOTICE,)
    drafts = tuple(MeetingDraft(topic=topic, start=start, duration_minutes=duration, timezone=fields.tz,
                                notices=notices, recurrence=recurrence, invitees=invitees)
                   for start in starts)
    for draft in drafts:  # what the runner will read back: refuse here what it would refuse there
        try:
            read_choice_value(choice_value(draft), now=now)
        except ChoiceError as error:
            return FormCheck(errors={TOPIC_BLOCK: error.message.split(" Nothing was created")[0]})
    return FormCheck(drafts=drafts)


def _starts(fields: FormFields, zone: ZoneInfo, now: datetime) -> tuple[tuple[datetime, ...], dict[str, str]]:
    """The instants the date and time name in the user's zone: one, two in the hour clocks go back, none in
    the hour they skip (with why)."""
    try:
        day = date.fromisoformat(fields.day or "")
    except ValueError:
        return (), {DAY_BLOCK: "Pick a date."}
    try:
        at = time.fromisoformat(fields.at or "")
    except ValueError:
        return (), {TIME_BLOCK: "Pick a start time."}
    today = now.astimezone(zone).date()
    # Before any arithmetic on it: a date at either end of the calendar would overflow the conversions.
    if day < today:
        return (), {DAY_BLOCK: "That date has passed. Pick today or a later day."}
    if day > today + MAX_AHEAD:
        return (), {DAY_BLOCK: "Pick a date within the next two years."}
    naive = datetime.combine(day, at)
    earlier, later = naive.replace(tzinfo=zone, fold=0), naive.replace(tzinfo=zone, fold=1)
    if earlier.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive:
        after = (earlier.astimezone(UTC)).astimezone(zone)
        return (), {TIME_BLOCK: f"{at:%H:%M} does not exist on {day:%A %-d %B} in your time zone: the clocks "
                                f"go forward that night. Pick {after:%H:%M} or later, or an earlier time."}
    # Aware datetimes of one zone compare by wall time, fold aside: tell the two readings apart by offset.
    readings = (earlier, later) if earlier.utcoffset() != later.utcoffset() else (earlier,)
    starts = tuple(start for start in readings if start.astimezone(UTC) > now)
    if not starts:
        return (), {TIME_BLOCK: f"{at:%H:%M} today has passed. Pick a later time."}
    if starts[0] - now > MAX_AHEAD:
        return (), {DAY_BLOCK: "Pick a date within the next two years."}
    return starts, {}


def repeat_key(fields: FormFields, drafts: tuple[MeetingDraft, ...], channel_id: str) -> str:
    """Two submissions alike in every field, in one conversation, are the same meeting asked for twice."""
    first = drafts[0]
    return "|".join(("form", first.topic, first.start.isoformat() if first.start else "", str(first.duration_minutes),
                     fields.repeat or NO_REPEAT, ",".join(sorted(first.invitees)), channel_id))


# -- creating -------------------------------------------------------------------------------------------


def schedule_from_form(services: Services, job: Job) -> None:
    """A submitted form, after the ack: created as `/zoom meet` creates, or asked about when its time happens
    twice. Each draft was checked before the ack; they are checked again here, as a click's would be."""
    if resume_announcement(services, job) or answered_as_repeat(services, job):
        return
    client, origin = job.client, job.origin
    replies = Replies(client, origin)
    values = [str(value) for value in job.payload.get("values") or []]
    try:
        drafts = tuple(read_choice_value(value, now=datetime.now(UTC)) for value in values)
    except ChoiceError as error:
        replies.private(plain(error.message))
        job.result = {"answered": "refusal"}
        return
    if len(drafts) > 1:
        # Its Edit opens a fresh form: the question is about the time, which the form picks anew.
        replies.private(question_message(_twice_question(drafts, "")))
        job.result = {"answered": "question"}
        return
    if not drafts:
        replies.private(plain("That form held no meeting, so nothing was scheduled."))
        job.result = {"answered": "refusal"}
        return
    profile = fetch_profile(client, origin.user_id, origin.user_name)
    if profile.lookup_failed and services.settings.account_mode:
        replies.private(plain(NO_EMAIL_NOW))
        return
    create_from_draft(services, job, drafts[0], profile=profile,
                      resume=ResumeAfterConnect(MEET_CHOICE, origin, value=values[0]))


def _twice_question(drafts: tuple[MeetingDraft, ...], text: str) -> MeetingQuestion:
    first = drafts[0]
    assert first.start is not None
    local = first.start.astimezone(ZoneInfo(first.timezone))
    return MeetingQuestion(
        message=f"{local:%H:%M} happens twice on {local:%A} {local.day} {local:%B}: the clocks go back that "
                "night. Which one do you mean?",
        choices=drafts, text=text)
