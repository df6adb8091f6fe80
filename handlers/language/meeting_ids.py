"""A Zoom meeting ID at the start of a command's text, written as people copy it from Zoom.

Zoom prints meeting IDs in groups (`812 3456 7890`, `123 456 7890`, `123 456 789`), and people paste them
with spaces, dashes or none (`81234567890`, `812-3456-7890`). An ID has 9 to 11 digits. Only the groups
Zoom itself prints are read as one ID, so that a time after it (`812 3456 7890 15 March 3pm`) is never
taken for part of the number.
"""

from __future__ import annotations

import re

MIN_DIGITS, MAX_DIGITS = 9, 11

# ASCII digits only (int() would read other scripts' digits too); any space Zoom's pages may give a copy
# (a no-break space), or a dash, between the groups.
_ID = re.compile(r"\s*(?:([0-9]{9,11})|([0-9]{3})[\s\-]([0-9]{3,4})[\s\-]([0-9]{3,4}))(?=\s|$)")


def read_meeting_id(text: str) -> tuple[int, str] | None:
    """(the meeting ID, the rest of the text, stripped), or None when the text does not start with one."""
    found = _ID.match(text)
    if found is None:
        return None
    digits = found.group(1) or "".join(found.group(i) for i in (2, 3, 4))
    if not MIN_DIGITS <= len(digits) <= MAX_DIGITS or digits.startswith("0"):
        return None
    return int(digits), text[found.end():].strip()
