"""handlers.language.slack_markup: mentions found, markup made readable, names written in, titles from messages."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlers.language import MeetingDraft, read_meeting_text
from handlers.language.slack_markup import (
    for_reader,
    mentioned_users,
    message_title,
    shown_name,
    unescape,
    with_names,
)

NAMES = {"U01BOB": "Bob", "U02CAROL": "Carol", "W03DAN": "Dan"}


def test_mentions_are_found_once_each_in_order():
    text = "<@U02CAROL|carol> and <@U01BOB> then <@U02CAROL> and <@W03DAN|dan>"
    assert mentioned_users(text) == ("U02CAROL", "U01BOB", "W03DAN")


@pytest.mark.parametrize("text", ["&lt;@U01BOB&gt;", "@bob", "<@u01bob>", "<@U01BOB", "<#C01GENERAL>", "U01BOB"])
def test_what_is_not_a_mention(text):
    assert mentioned_users(text) == ()


@pytest.mark.parametrize(("text", "read"), [
    ("Sync <@U01BOB|bob> <@U02CAROL>", "Sync <@U01BOB> <@U02CAROL>"),
    ("in <#C01GENERAL|general> or <#C02>", "in #general or #channel"),
    ("ping <!subteam^S01DEVS|@devs> <!subteam^S02> <!here> <!channel|channel>", "ping @devs @group @here @channel"),
    ("see <https://wiki.example/x|the runbook> <https://a.example> <mailto:a@b.example|a@b.example>",
     "see the runbook https://a.example a@b.example"),
    ("<!date^1700000000^{date}|Nov 14> R&amp;D &lt;b&gt;", "Nov 14 R&amp;D &lt;b&gt;"),  # escapes stay, for now
    ("<b> stays <as typed>", "<b> stays <as typed>"),  # not Slack's markup: the modal's raw text
])
def test_the_reader_sees_one_word_per_mention_and_the_rest_as_shown(text, read):
    assert for_reader(text) == read


@pytest.mark.parametrize(("text", "shown"), [
    ("Sync with <@U01BOB> <@U02CAROL>", "Sync with Bob and Carol"),
    ("Sync with <@U01BOB>  <@U02CAROL> <@W03DAN>", "Sync with Bob, Carol and Dan"),
    ("<@U01BOB>, <@U02CAROL> and <@W03DAN>: sync", "Bob, Carol and Dan: sync"),
    ("1:1 <@U01BOB>", "1:1 Bob"),
    ("Who is <@U09NOBODY>?", "Who is someone?"),
    ("R&amp;D &lt;@U01BOB&gt; &amp;lt;", "R&D <@U01BOB> &lt;"),  # typed markup stays text; &amp; last
])
def test_names_are_written_in_and_escapes_undone(text, shown):
    assert with_names(text, NAMES) == shown


def test_a_name_never_carries_what_a_topic_may_not():
    assert shown_name("Bob\u200b \u202eevil\n\n") == "Bob evil"
    assert shown_name("\u200b") == "someone"
    assert shown_name("x" * 200) == "x" * 80
    assert with_names("<@U01BOB>", {"U01BOB": "A &amp; B"}) == "A & B"


def test_the_command_language_keeps_mentions_out_of_the_time_and_hands_them_back():
    now = datetime(2026, 12, 7, 12, tzinfo=UTC)
    # A display name that is a day ("May", "Friday") never becomes one: the reader sees only the id.
    names = {"U01MAY": "May", "U02FRI": "Friday"}
    reading = read_meeting_text(for_reader("Sync with <@U01MAY|may> <@U02FRI> tomorrow 3pm"), now=now, tz="UTC")
    assert isinstance(reading, MeetingDraft)
    assert reading.start == datetime(2026, 12, 8, 15, tzinfo=UTC)
    assert with_names(reading.topic, names) == "Sync with May and Friday"


@pytest.mark.parametrize(("text", "title"), [
    ("*Deploy* _failed_ on ~prod~ `v2.1` :fire: &amp; <@U01BOB> knows\nsecond line",
     "Deploy failed on prod v2.1 & Bob knows"),
    ("&gt; quoted question\nanswer", "quoted question"),
    ("\n\n   \n:tada: :skin-tone-2:\nreal title", "real title"),
    ("snake_case_name and 2*3*4", "snake_case_name and 2*3*4"),
    ("**both** __ways__", "both ways"),
    ("", ""),
])
def test_a_message_title_is_its_first_line_without_markup(text, title):
    assert message_title(text, NAMES, limit=200) == title


def test_a_long_title_is_cut_to_the_limit():
    assert message_title("word " * 100, {}, limit=200) == ("word " * 40).strip()[:199].rstrip() + "…"
    assert len(message_title("x" * 500, {}, limit=200)) == 200


@given(st.text(max_size=200))
def test_unescape_inverts_slacks_escaping(text):
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert unescape(escaped) == text


@given(st.text(alphabet=st.sampled_from("<>@|;#!^UCWB0123 abc:/"), max_size=60))
def test_no_mention_survives_names_or_a_title(text):
    # Without Slack's escapes in the text, every mention it holds is written out as a name: none is left to
    # ping anyone, whatever else is around it.
    assert mentioned_users(with_names(for_reader(text), NAMES)) == ()
    assert mentioned_users(message_title(text, NAMES, limit=200)) == ()


def test_a_message_title_keeps_no_bidi_or_zero_width_characters():
    # U+202E would show the title reversed in Slack and in Zoom; the typed /zoom meet drops it too.
    assert message_title("\u202eevil\u202c report\u200b \u2066x\u2069", {}, limit=200) == "evil report x"
