"""The end-to-end suites type words like "tomorrow 3pm" and expect the meeting a person at their desk would.

Between midnight and 04:00 on the user's clock the reader rightly asks whether "tomorrow" means the day that has
just begun (handlers/language, "just after midnight"); a run at that hour would then get questions where the
tests expect meetings. So the bots these suites run in this process read words as at 10:00 on the user's date,
when the user's clock is in that window, and at the real moment otherwise. What the reader does at night is
tested with fixed moments in tests/handlers/language.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from handlers.flows import meet, move, schedule_form
from handlers.language import read_meeting_text
from handlers.language.days import known_zone

JUST_AFTER_MIDNIGHT_UNTIL = 4  # the reader's window ends at 03:59


def at_a_desk(now: datetime, tz: str) -> datetime:
    """`now`, or 10:00 of the same date on the user's clock when theirs reads between 00:00 and 03:59."""
    zone = known_zone(tz)
    if zone is None:
        return now
    local = now.astimezone(zone)
    if local.hour >= JUST_AFTER_MIDNIGHT_UNTIL:
        return now
    return local.replace(hour=10, minute=0, second=0, microsecond=0).astimezone(UTC)


def _read_at_a_desk(text: str, *, now: datetime, tz: str, **options: Any) -> Any:
    return read_meeting_text(text, now=at_a_desk(now, tz), tz=tz, **options)


@pytest.fixture(autouse=True)
def words_read_at_a_desk(monkeypatch: pytest.MonkeyPatch) -> None:
    for flow in (meet, move, schedule_form):
        monkeypatch.setattr(flow, "read_meeting_text", _read_at_a_desk)
