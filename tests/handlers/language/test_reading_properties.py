"""Property tests of the command language: whatever the text, the answer is a sane draft, a question whose
choices are sane drafts, or a refusal with a message; never an exception. A draft never leaves a time word
in its topic unless it was quoted, and never starts anywhere but where its own reading says."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from handlers.language import MeetingDraft, MeetingQuestion, Reading, Refusal, read_meeting_text
from handlers.language import vocabulary_en as vocab
from handlers.language.days import moment_text

ZONES = [
    "America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Adelaide", "Asia/Kathmandu",
    "Pacific/Chatham", "America/St_Johns", "UTC",
]
BAD_ZONES = ["", "Mars/Olympus", "../../etc/passwd", "\x00", "UTC+25"]
LOCALES = [None, "en-US", "en-GB", "de-DE", "ja-JP", "fr-FR", "es-LA", "", "xx", "en_IN"]

SETTINGS = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])

INVISIBLE = set(
    "\u200b\u200c\u200d\u2060\ufeff"  # zero width, word joiner, BOM
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"  # bidi embeddings, overrides, isolates
    "\u200e\u200f\u061c"  # bidi marks
)

# Words that belong to the time vocabulary; a "plain topic word" is none of these.
TIME_WORDS = {
    "now", "today", "tonight", "tomorrow", "tmrw", "tmr", "yesterday", "next", "this", "last", "coming",
    "at", "on", "in", "for", "from", "right", "noon", "midday", "midnight", "am", "pm", "the", "of", "and",
    "day", "after", "week", "month", "morning", "afternoon", "evening", "later", "eod", "end",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "tues", "wed", "weds", "thu", "thur", "thurs", "fri", "sat", "sun",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "a", "an", "half", "quarter", "one", "hour", "hours", "minute", "minutes", "h", "m", "min",
} | vocab.TIME_GLUE | set(vocab.NUMBER_WORDS) | set(vocab.ORDINAL_WORDS) | set(vocab.PARTS_OF_DAY) \
    | set(vocab.SPELLINGS) | set(vocab.WEEKDAY_ABBREVIATIONS) | set(vocab.WEEKDAY_PLURALS) | set(vocab.MONTHS) \
    | set(vocab.ZONE_ABBREVIATIONS) | vocab.REPEAT_ADJECTIVES | vocab.MEALS \
    | {word for holiday in vocab.HOLIDAYS for word in holiday} | vocab.VAGUE_WORDS \
    | {"asap", "immediately", "away", "ago", "every", "each", "other", "weekday", "weekdays", "later", "hence",
       "within", "time", "local", "my", "sharp", "ish", "daily"}


@st.composite
def nows(draw: st.DrawFn) -> tuple[datetime, str]:
    tz = draw(st.sampled_from(ZONES))
    naive = draw(st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2028, 12, 31)))
    return naive.replace(tzinfo=ZoneInfo(tz)), tz


def check_draft(draft: MeetingDraft, now: datetime, *, quoted: bool = False) -> None:
    assert isinstance(draft, MeetingDraft)
    assert 1 <= draft.duration_minutes <= 1440
    assert isinstance(draft.topic, str)
    assert len(draft.topic) <= 200
    assert draft.topic == draft.topic.strip()
    for ch in draft.topic:
        assert ch not in INVISIBLE, repr(draft.topic)
        assert unicodedata.category(ch) not in ("Cc", "Cf", "Cs"), repr(draft.topic)
    if draft.start is not None:
        assert draft.start.utcoffset() is not None
        assert draft.start > now
        assert draft.start - now <= timedelta(days=732)
        assert draft.start.second == 0
        assert draft.start.microsecond == 0
    assert all(isinstance(n, str) and n for n in draft.notices)
    if draft.start is not None:
        # The draft starts exactly where its own reading (shown on the buttons) says it does.
        assert draft.label.startswith(("Repeating, first " + moment_text(draft.start), moment_text(draft.start)))
        assert draft.start.replace(tzinfo=None) == draft.start.astimezone(ZoneInfo(draft.timezone)).replace(
            tzinfo=None) or draft.timezone == "UTC"
        # No time word is left in the topic of a draft that has a time (quotes aside).
        for word in ([] if quoted else draft.topic.lower().split()):
            assert not is_strong_time_word(word), (draft.topic, draft.label)


def is_strong_time_word(word: str) -> bool:
    import re

    word = word.strip(".,;:!?()")
    return bool(re.fullmatch(r"\d{1,2}(?::\d{2})?(?:am|pm)|\d{1,2}:\d{2}", word)) or word in {
        "today", "tomorrow", "tonight", "noon", "midnight"} or word in vocab.WEEKDAYS


def attempt(text: str, now: datetime, tz: str, locale: str | None = None) -> Reading:
    reading = read_meeting_text(text, now=now, tz=tz, locale=locale)  # an exception fails the test
    assert isinstance(reading, MeetingDraft | MeetingQuestion | Refusal)
    return reading


def parse_or_error(text: str, now: datetime, tz: str, locale: str | None) -> MeetingDraft | None:
    result = attempt(text, now, tz, locale)
    if isinstance(result, Refusal):
        assert isinstance(result.message, str)
        assert result.message.strip()
        return None
    if isinstance(result, MeetingQuestion):
        assert result.message.strip()
        assert len(result.choices) <= 4
        for choice in result.choices:
            check_draft(choice, now, quoted=True)  # a question may ask about words left in the topic
        return None
    check_draft(result, now, quoted='"' in text or "“" in text or "'" in text or "‘" in text)
    return result


@SETTINGS
@given(text=st.text(max_size=80), when=nows(), locale=st.sampled_from(LOCALES))
def test_any_text_gives_a_draft_a_question_or_a_refusal(
    text: str, when: tuple[datetime, str], locale: str | None
) -> None:
    now, tz = when
    parse_or_error(text, now, tz, locale)


TOPIC_WORDS = st.sampled_from([
    "Sync", "Design", "review", "Top", "10", "Q3", "2027", "Room", "101", "May", "march", "Marching", "sun",
    "sat", "second", "now", "at", "on", "for", "in", "Friday", "Dec", "3", "12/03", "3pm",
    "‘quoted", "words’",
    '"a', 'b"', "“x”", "Bob's", "\u200b", "\u202e", "\x00", "日本", "🎉", "-", ",", ":", "noon", "tomorrow",
]) | st.text(min_size=1, max_size=8)

TIME_PHRASES = st.sampled_from([
    "tomorrow 3pm", "tomorrow at 9:30am", "tomorrow 15:00", "2027-01-12 14:30", "Dec 3 10:00", "12/03 4pm",
    "in 2 hours", "in 45 minutes", "noon", "midnight", "next Monday 10am", "Friday 4pm", "9am", "today 5pm",
    "tonight 8pm", "at 3pm", "3:30 pm", "on Dec 3 at 10am", "December 3rd 10am", "2027-01-12T14:30",
    "2027-01-12", "yesterday 3pm", "Feb 30 10am", "25:00", "13:75", "2027-02-30 10:00", "2027-03-14 02:30",
    "2027-11-07 01:30", "Feb 29 10am", "in 3 days", "last Friday 3pm", "3pm EST", "at 3", "now", "",
    "2027-01-12T14:30+05:30", "2099-01-01 10:00", "in 99999 weeks", "day after tomorrow 8am",
]) | st.builds(
    lambda day, h, ampm: f"{day} {h}{ampm}",
    st.sampled_from(["tomorrow", "today", "Friday", "next Sunday", "Dec 31", "Jan 1", "2/29", "on Monday"]),
    st.integers(0, 25),
    st.sampled_from(["am", "pm", ":00", ":30", " pm", ""]),
)

DURATION_PHRASES = st.sampled_from([
    "", "for 45m", "for 45 minutes", "for 1h30", "for 1h 30m", "for 2h", "for 2 hours", "for 90 min",
    "for 1.5 hours", "for 0m", "for 25 hours", "for 1441 minutes", "for 45", "for an hour", "for 99999 weeks",
]) | st.builds(
    lambda n, unit: f"for {n}{unit}", st.integers(0, 3000), st.sampled_from(["m", " min", "h", " hours"])
)

SEPARATORS = st.sampled_from([" ", "  ", "\t", "\n", " \u200b", "\u00a0", ", "])


@SETTINGS
@given(
    topic=st.lists(TOPIC_WORDS, max_size=6),
    time_phrase=TIME_PHRASES,
    duration=DURATION_PHRASES,
    seps=st.lists(SEPARATORS, min_size=2, max_size=2),
    when=nows(),
    locale=st.sampled_from(LOCALES),
    time_first=st.booleans(),
)
def test_composed_commands_give_a_draft_a_question_or_a_refusal(
    topic: list[str], time_phrase: str, duration: str, seps: list[str], when: tuple[datetime, str],
    locale: str | None, time_first: bool,
) -> None:
    now, tz = when
    parts = [time_phrase, " ".join(topic)] if time_first else [" ".join(topic), time_phrase]
    text = seps[0].join(parts) + seps[1] + duration
    parse_or_error(text, now, tz, locale)


@SETTINGS
@given(text=st.text(max_size=40), tz=st.sampled_from(BAD_ZONES), locale=st.sampled_from(LOCALES))
def test_bad_time_zones_fall_back_to_utc(text: str, tz: str, locale: str | None) -> None:
    now = datetime(2026, 11, 22, 10, 0, tzinfo=ZoneInfo("UTC"))
    draft = parse_or_error(text + " tomorrow 3pm", now, tz, locale)
    if draft is not None and draft.start is not None:
        assert draft.start.utcoffset() == timedelta(0)


@pytest.mark.parametrize("tz", BAD_ZONES)
def test_each_bad_zone_reads_the_time_as_utc_and_says_so(tz: str) -> None:
    now = datetime(2026, 11, 22, 10, 0, tzinfo=ZoneInfo("UTC"))
    draft = read_meeting_text("Sync tomorrow 3pm", now=now, tz=tz)
    assert isinstance(draft, MeetingDraft)
    assert draft.start == datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
    assert any("UTC" in notice for notice in draft.notices)


LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
PLAIN_WORDS = st.text(alphabet=LETTERS, min_size=1, max_size=10).filter(
    lambda w: w.lower() not in TIME_WORDS
)


@SETTINGS
@given(
    words=st.lists(PLAIN_WORDS, min_size=0, max_size=6),
    hour=st.integers(1, 12),
    ampm=st.sampled_from(["am", "pm"]),
    when=nows(),
)
def test_topic_comes_back_exactly(words: list[str], hour: int, ampm: str, when: tuple[datetime, str]) -> None:
    now, tz = when
    zone = ZoneInfo(tz)
    # Just after midnight, "tomorrow" may be the day that has begun: that asks (rule 2b), tested in the table.
    assume(not (0 < now.astimezone(zone).hour * 60 + now.astimezone(zone).minute < 240))
    tomorrow = now.astimezone(zone).date() + timedelta(days=1)
    hour24 = hour % 12 + (12 if ampm == "pm" else 0)
    wall = datetime(tomorrow.year, tomorrow.month, tomorrow.day, hour24, tzinfo=zone)
    # Skip the rare wall-clock time that a DST change removes; the table covers that error.
    assume(wall.astimezone(ZoneInfo("UTC")).astimezone(zone).hour == hour24)
    draft = read_meeting_text(f"{' '.join(words)} tomorrow {hour}{ampm}", now=now, tz=tz)
    assert isinstance(draft, MeetingDraft), draft
    assert draft.topic == " ".join(words)
    assert draft.start is not None
    assert draft.start.astimezone(zone).replace(tzinfo=None) == wall.replace(tzinfo=None)
    assert draft.duration_minutes == 60


QUOTE_CHARS = "\"'“”‘’„‚«»「」"
QUOTED_TEXT = st.text(
    alphabet=st.characters(categories=("L", "N", "Pd", "Po", "Zs"), exclude_characters=QUOTE_CHARS),
    min_size=1,
    max_size=40,
)


@SETTINGS
@given(
    inner=QUOTED_TEXT,
    quotes=st.sampled_from([('"', '"'), ("“", "”"), ("‘", "’"), ("'", "'")]),
    when=nows(),
)
def test_quoted_topic_is_kept_whole(inner: str, quotes: tuple[str, str], when: tuple[datetime, str]) -> None:
    now, tz = when
    zone = ZoneInfo(tz)
    tomorrow = now.astimezone(zone).date() + timedelta(days=1)
    assume(inner.strip())
    assume(not (0 < now.astimezone(zone).hour * 60 + now.astimezone(zone).minute < 240))  # rule 2b asks then
    text = f"{quotes[0]}{inner.strip()}{quotes[1]} tomorrow 11am"
    draft = read_meeting_text(text, now=now, tz=tz)
    assert isinstance(draft, MeetingDraft), draft
    assert draft.topic == " ".join(inner.split())[:200].rstrip()
    assert draft.start is not None
    assert draft.start.astimezone(zone).date() == tomorrow


@SETTINGS
@given(minutes=st.integers(1, 2_000_000), unit=st.sampled_from(["minutes", "min", "m"]), when=nows())
def test_in_n_minutes_is_elapsed_time(minutes: int, unit: str, when: tuple[datetime, str]) -> None:
    now, tz = when
    draft = read_meeting_text(f"Sync in {minutes} {unit}", now=now, tz=tz)
    if minutes > 731 * 1440:
        assert isinstance(draft, Refusal)
        return
    assert isinstance(draft, MeetingDraft), draft
    # Python adds timedeltas to aware datetimes on the wall clock; elapsed time needs UTC.
    expected = (now.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(ZoneInfo(tz))
    assert draft.start is not None
    assert draft.start == expected.replace(second=0, microsecond=0)
    assert draft.start.replace(tzinfo=None) == expected.replace(second=0, microsecond=0, tzinfo=None)
    assert draft.start.utcoffset() == draft.start.astimezone(ZoneInfo(tz)).utcoffset()


@SETTINGS
@given(hour=st.integers(0, 23), minute=st.integers(0, 59), when=nows())
def test_bare_24h_time_is_the_next_occurrence(hour: int, minute: int, when: tuple[datetime, str]) -> None:
    now, tz = when
    zone = ZoneInfo(tz)
    draft = attempt(f"Sync {hour:02d}:{minute:02d}", now, tz)
    if isinstance(draft, Refusal):
        # Only a wall time that a DST change removes is refused: check that it really is missing on the
        # day it would have been (today or tomorrow), by a round trip through UTC.
        assert "does not exist" in draft.message
        today = now.astimezone(zone).date()
        days = (today, today + timedelta(days=1))
        walls = [datetime(d.year, d.month, d.day, hour, minute, tzinfo=zone) for d in days]
        assert any(w.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != w.replace(tzinfo=None) for w in walls)
        return
    if isinstance(draft, MeetingQuestion):
        # Rule 10: 10:00 written without a leading zero, once 10:00 has passed today, could be tonight's 22:00.
        assert 9 <= hour <= 12
        starts = [c.start.astimezone(zone) for c in draft.choices if c.start is not None]
        assert any((s.hour, s.minute) == (hour, minute) for s in starts)
        assert all(now < s <= now + timedelta(hours=25) for s in starts)
        return
    assert draft.start is not None
    start = draft.start.astimezone(zone)
    assert (start.hour, start.minute) == (hour, minute)
    assert now < draft.start <= now + timedelta(hours=25)
    today = now.astimezone(zone).date()
    assert start.date() in (today, today + timedelta(days=1))


@SETTINGS
@given(
    minutes=st.integers(0, 3000),
    form=st.sampled_from(["for {}m", "for {} minutes", "for {} min"]),
)
def test_durations_inside_zoom_limits_are_accepted_and_others_refused(minutes: int, form: str) -> None:
    now = datetime(2026, 11, 22, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    text = "Sync tomorrow 3pm " + form.format(minutes)
    reading = read_meeting_text(text, now=now, tz="Europe/Berlin")
    if 1 <= minutes <= 1440:
        assert isinstance(reading, MeetingDraft), reading
        assert reading.duration_minutes == minutes
    else:
        assert isinstance(reading, Refusal), reading
        assert "24 hours" in reading.message


# Pieces of time phrases, in any order and any company: the combinations nobody writes on purpose are
# where a grammar breaks (`this evening 7pm` once crashed where `tomorrow 7pm` did not).
PHRASE_PIECES = st.sampled_from([
    "tomorrow", "tonight", "today", "yesterday", "this evening", "this morning", "later today", "next week",
    "this month", "eod", "end of day", "Friday", "next Friday", "last Friday", "this Sunday", "sat", "Dec 3",
    "3 Dec", "the 3rd of December", "December 31st 2027", "Feb 29", "12/03", "31/12", "50/50", "2027-01-12",
    "03.12.2027", "day after tomorrow", "Thursday, December 3rd",
    "3pm", "at 7", "at 15", "15:00", "24:00", "noon", "midnight", "12 noon", "3 pm", "9.30am", "13pm", "3-4pm",
    "2027-01-12T14:30Z", "EST", "utc",
    "at", "on", "in", "for", "from now", "now", "right now", ",", ":", "-", "@", "(", ")", '"x"', "and",
    "2 hours", "45m", "1h30", "a week", "an hour", "0 minutes", "3 days", "45", "2027", "10",
])


@SETTINGS
@given(pieces=st.lists(PHRASE_PIECES, min_size=1, max_size=5), when=nows(), locale=st.sampled_from(LOCALES),
       topic_first=st.booleans())
def test_any_mix_of_time_phrases_gives_a_draft_a_question_or_a_refusal(
    pieces: list[str], when: tuple[datetime, str], locale: str | None, topic_first: bool
) -> None:
    now, tz = when
    text = ("Sync " if topic_first else "") + " ".join(pieces)
    parse_or_error(text, now, tz, locale)
