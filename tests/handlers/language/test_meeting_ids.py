"""handlers.language.meeting_ids: a Zoom meeting ID at the start of a command, as people paste it."""

from __future__ import annotations

import pytest

from handlers.language.meeting_ids import read_meeting_id


@pytest.mark.parametrize(("text", "expected"), [
    ("812 3456 7890", (81234567890, "")),
    ("81234567890 tomorrow 3pm", (81234567890, "tomorrow 3pm")),
    ("812-3456-7890  at 7", (81234567890, "at 7")),
    ("123 456 7890 for 45m", (1234567890, "for 45m")),
    ("123 456 789 15 March 3pm", (123456789, "15 March 3pm")),  # the 15 is the date, not more of the ID
    ("812\u00a03456\u00a07890 3pm", (81234567890, "3pm")),  # no-break spaces, as a web page copies them
    ("  812 3456 7890\t", (81234567890, "")),
])
def test_ids_as_zoom_prints_them(text, expected):
    assert read_meeting_id(text) == expected


@pytest.mark.parametrize("text", [
    "", "   ", "abc", "12345678", "123456789012", "0812345678", "812 3456", "812 3456 78901", "8123 456 7890",
    "812_3456_7890", "81234567890pm", "٨١٢٣٤٥٦٧٨٩٠", "８１２３４５６７８９０", "tomorrow 812 3456 7890",
])
def test_anything_else_is_not_an_id(text):
    assert read_meeting_id(text) is None
