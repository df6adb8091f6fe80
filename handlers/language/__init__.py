"""The command language: `/zoom meet` text in; a draft, a question or a refusal out.

A pure function of (text, now, the user's zone, the user's locale): no I/O, importable without the bot.
The conventions it follows are in docs/command-language.md.
"""

from handlers.language.reader import MAX_AHEAD, USAGE, read_meeting_text
from handlers.language.readings import MeetingDraft, MeetingQuestion, Reading, Refusal

__all__ = ["MAX_AHEAD", "USAGE", "MeetingDraft", "MeetingQuestion", "Reading", "Refusal", "read_meeting_text"]
