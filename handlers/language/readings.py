"""What reading a `/zoom meet` text gives: a draft to create, a question to ask, or a refusal to explain."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from zoom.models import Recurrence


@dataclass(frozen=True)
class MeetingDraft:
    """A meeting the text asks for, ready to send to Zoom.

    `start` is aware, in `timezone` (the zone the time was written in: the user's own, or the one the text
    named, as in `3pm ET`); None means an instant meeting, starting now. `label` is the reading in words
    ("Tue 24 Nov 2026, 15:00"), shown on the buttons of a question. `invitees` are the Slack users the text
    mentioned (their ids): the reader never sets them, the `/zoom meet` flow does (handlers.language.slack_markup).
    """

    topic: str
    start: datetime | None
    duration_minutes: int
    timezone: str
    notices: tuple[str, ...] = ()
    recurrence: Recurrence | None = None
    label: str = ""
    invitees: tuple[str, ...] = ()


@dataclass(frozen=True)
class MeetingQuestion:
    """The text has more than one plausible reading, or words the reader did not understand.

    `message` says what was understood and what is unclear; `choices` are the plausible readings (at most
    four, soonest first), each created exactly as the command would have. No choices: only "Edit" helps.
    """

    message: str
    choices: tuple[MeetingDraft, ...]
    text: str  # the command text, for the Edit button


@dataclass(frozen=True)
class Refusal:
    """No plausible reading at all: a private explanation of what is wrong and how to write it."""

    message: str


Reading = MeetingDraft | MeetingQuestion | Refusal
