"""English words of the command language, as data: another language is another module like this one.

Nothing here runs; the reader (`handlers.language.reader`) looks words up in these tables.
"""

from __future__ import annotations

import calendar

from zoom.models import MAX_DURATION_MINUTES, MIN_DURATION_MINUTES

# How long a Zoom meeting may be, in words: every refusal of a length says it the same way.
DURATION_RANGE = (f"{MIN_DURATION_MINUTES} minute to {MAX_DURATION_MINUTES // 60} hours "
                  f"({MIN_DURATION_MINUTES} to {MAX_DURATION_MINUTES} minutes)")

MONTHS: dict[str, int] = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): n for n, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9

WEEKDAYS: dict[str, int] = {name.lower(): n for n, name in enumerate(calendar.day_name)}
WEEKDAY_ABBREVIATIONS: dict[str, int] = {name.lower(): n for n, name in enumerate(calendar.day_abbr)}
WEEKDAY_ABBREVIATIONS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3, "tu": 1, "th": 3})
# "Mondays", "Fridays": said of a repeating meeting.
WEEKDAY_PLURALS: dict[str, int] = {f"{name}s": n for name, n in WEEKDAYS.items()}

NUMBER_WORDS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "ninety": 90,
}
# Too vague for a start time, whatever they come with.
VAGUE_WORDS = frozenset({"eod", "eow", "eom", "cob", "sometime", "someday", "soon", "soonish", "later"})
# Holidays are dates in some places and not others: the reader does not guess them, and asks.
HOLIDAYS: tuple[tuple[str, ...], ...] = (
    ("christmas", "eve"), ("christmas", "day"), ("christmas",), ("xmas",), ("new", "year's", "eve"),
    ("new", "years", "eve"), ("new", "year's", "day"), ("new", "years", "day"), ("new", "year's"),
    ("thanksgiving",), ("halloween",), ("easter",), ("valentine's", "day"), ("boxing", "day"),
    ("independence", "day"), ("labor", "day"), ("labour", "day"), ("memorial", "day"), ("diwali",),
    ("hanukkah",), ("ramadan",), ("eid",), ("good", "friday"), ("black", "friday"), ("cyber", "monday"),
)
# Words that are English first and a date only sometimes: "May the 4th party", "Go sat", "Sun salutation".
DATE_HOMONYMS = frozenset({"may", "march", "mar", "sat", "sun", "wed", "june", "jun", "august", "aug",
                           "second", "sept"})
# What may follow a time in the middle of a text and start the rest of the topic: "tomorrow 3pm with design".
TOPIC_CONTINUATIONS = frozenset({"with", "about", "re", "regarding", "for", "to", "on", "and", "-", "–", ":"})
# "a couple of hours", "an hour": counts that are words but not numbers.
COUNT_WORDS: dict[str, float] = {"a": 1, "an": 1, "a couple of": 2, "couple of": 2, "a couple": 2, "half a": 0.5}
VAGUE_COUNTS = frozenset({"few", "a few", "several", "some", "couple", "many"})

ORDINAL_WORDS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30,
}
_TENS = {"twenty": 20, "thirty": 30}
_UNITS_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                  "eighth": 8, "ninth": 9}
for _tens, _ten in _TENS.items():
    for _unit, _one in _UNITS_ORDINAL.items():
        if _ten + _one <= 31:
            ORDINAL_WORDS[f"{_tens}-{_unit}"] = _ten + _one  # twenty-fifth
# "first/last Tuesday of the month": Zoom's monthly_week.
WEEK_OF_MONTH: dict[str, int] = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
                                 "fourth": 4, "4th": 4, "last": -1, "final": -1}

# Misspellings and shorthand, rewritten before anything else reads the text (one word for one word).
SPELLINGS: dict[str, str] = {
    "tmrw": "tomorrow", "tmr": "tomorrow", "tmrow": "tomorrow", "tomorow": "tomorrow", "tommorow": "tomorrow",
    "tommorrow": "tomorrow", "tomorrrow": "tomorrow", "2moro": "tomorrow", "2morrow": "tomorrow",
    "tonite": "tonight", "2nite": "tonight", "@": "at", "mid-day": "noon", "midday": "noon",
    "noonish": "noon", "noontime": "noon", "lunchtime": "noon", "midnite": "midnight",
    "mins": "minutes", "min": "minutes", "hrs": "hours", "hr": "hours", "wks": "weeks", "wk": "weeks",
    "secs": "seconds", "sec": "seconds", "tues": "tuesday", "weds": "wednesday", "thur": "thursday",
    "thurs": "thursday", "fortnight": "two weeks", "approx": "about", "approximately": "about",
    "roughly": "about", "circa": "about", "ca": "about", "untill": "until", "til": "until", "till": "until",
}
# Two words for one: "12 noon" is noon (Duckling would leave the 12 behind in the topic).
PHRASE_SPELLINGS: dict[tuple[str, ...], str] = {
    ("12", "noon"): "noon", ("12", "midnight"): "midnight", ("12", "lunchtime"): "noon",
    ("lunch", "time"): "noon", ("12", "o'clock", "noon"): "noon", ("mid", "day"): "noon",
    ("high", "noon"): "noon", ("later", "today"): "today", ("later", "tonight"): "tonight",
    ("a", "m"): "am", ("p", "m"): "pm", ("day", "after", "next"): "day after tomorrow",
    ("the", "week", "after", "next"): "in two weeks", ("week", "after", "next"): "in two weeks",
    ("the", "month", "after", "next"): "in two months",
    ("the", "year", "after", "next"): "in two years", ("this", "day"): "today", ("right", "now"): "now",
    ("end", "of", "day"): "eod", ("end", "of", "the", "day"): "eod", ("close", "of", "business"): "eod",
}
# Meals are topics ("Team lunch Sunday 1pm"), not times: the time reader does not see them.
MEALS = frozenset({"lunch", "breakfast", "dinner", "brunch", "supper", "lunches", "dinners"})
# Adjectives that may say a meeting repeats, or may just name it ("Weekly 1:1 at 10:30").
REPEAT_ADJECTIVES = frozenset({"daily", "weekly", "monthly", "biweekly", "bi-weekly", "fortnightly", "quarterly"})

# Parts of the day: the clock time that a part alone suggests, offered as a reading to confirm.
PARTS_OF_DAY: dict[str, int] = {
    "morning": 9, "afternoon": 14, "evening": 18, "tonight": 19, "night": 19, "noon": 12, "lunch": 12,
}
# Words that give a bare hour its half of the day.
PM_WORDS = frozenset({"pm", "p.m.", "p.m", "afternoon", "evening", "tonight", "night"})
AM_WORDS = frozenset({"am", "a.m.", "a.m", "morning"})

# Words that say the meeting is now.
NOW_PHRASES = frozenset({("now",), ("right", "now"), ("asap",), ("immediately",), ("right", "away")})

DAY_WORDS = frozenset({"today", "tomorrow", "tonight", "yesterday"})

# Words that, next to a time, belong to it: if the reading leaves one of them in the topic beside the
# time it read, it did not understand the whole phrase, and asks.
TIME_GLUE = frozenset({
    "next", "this", "last", "after", "before", "past", "to", "of", "the", "every", "each", "on", "at", "by",
    "from", "until", "till", "til", "around", "about", "approx", "approximately", "roughly", "late", "early",
    "mid", "end", "start", "beginning", "coming", "following", "week", "weekend", "month", "year",
    "in", "within", "starting", "half", "quarter", "and",
    "between", "o'clock", "oclock", "ish", "sharp", "a", "an", "or", "through", "thru", "later", "than",
    "weekday", "weekdays", "workday", "workdays",
})

# Explicit time zones. IST is India unless the user's own zone says Ireland or Israel.
ZONE_ABBREVIATIONS: dict[str, str] = {
    "utc": "UTC", "gmt": "UTC", "z": "UTC", "zulu": "UTC",
    "et": "America/New_York", "est": "America/New_York", "edt": "America/New_York", "eastern": "America/New_York",
    "ct": "America/Chicago", "cst": "America/Chicago", "cdt": "America/Chicago", "central": "America/Chicago",
    "mt": "America/Denver", "mst": "America/Denver", "mdt": "America/Denver", "mountain": "America/Denver",
    "pt": "America/Los_Angeles", "pst": "America/Los_Angeles", "pdt": "America/Los_Angeles",
    "pacific": "America/Los_Angeles", "akst": "America/Anchorage", "akdt": "America/Anchorage",
    "hst": "Pacific/Honolulu", "cet": "Europe/Berlin", "cest": "Europe/Berlin", "bst": "Europe/London",
    "wet": "Europe/Lisbon", "west": "Europe/Lisbon", "eet": "Europe/Athens", "eest": "Europe/Athens",
    "msk": "Europe/Moscow", "ist": "Asia/Kolkata", "jst": "Asia/Tokyo", "kst": "Asia/Seoul",
    "sgt": "Asia/Singapore", "hkt": "Asia/Hong_Kong", "wib": "Asia/Jakarta", "aest": "Australia/Sydney",
    "aedt": "Australia/Sydney", "acst": "Australia/Adelaide", "acdt": "Australia/Adelaide",
    "awst": "Australia/Perth", "nzst": "Pacific/Auckland", "nzdt": "Pacific/Auckland",
}
IST_BY_USER_ZONE: dict[str, str] = {"Europe/Dublin": "Europe/Dublin", "Asia/Jerusalem": "Asia/Jerusalem",
                                    "Asia/Tel_Aviv": "Asia/Jerusalem"}
# Spoken forms: "2pm London time", "9am New York time".
ZONE_CITIES_EXTRA: dict[str, str] = {
    "new york": "America/New_York", "nyc": "America/New_York", "sf": "America/Los_Angeles",
    "san francisco": "America/Los_Angeles", "seattle": "America/Los_Angeles", "boston": "America/New_York",
    "washington": "America/New_York", "dc": "America/New_York", "bangalore": "Asia/Kolkata",
    "bengaluru": "Asia/Kolkata", "mumbai": "Asia/Kolkata", "delhi": "Asia/Kolkata", "munich": "Europe/Berlin",
    "frankfurt": "Europe/Berlin", "hamburg": "Europe/Berlin", "beijing": "Asia/Shanghai",
    "sydney": "Australia/Sydney", "melbourne": "Australia/Melbourne", "uk": "Europe/London",
    "india": "Asia/Kolkata", "japan": "Asia/Tokyo", "germany": "Europe/Berlin", "france": "Europe/Paris",
    "us eastern": "America/New_York", "us pacific": "America/Los_Angeles", "east coast": "America/New_York",
    "west coast": "America/Los_Angeles",
}

# Repeating meetings. Each phrase maps to (kind, interval); weekday words after "every" are read separately.
REPEAT_PHRASES: dict[tuple[str, ...], tuple[str, int]] = {
    ("daily",): ("daily", 1), ("every", "day"): ("daily", 1), ("each", "day"): ("daily", 1),
    ("every", "morning"): ("daily", 1), ("every", "evening"): ("daily", 1),
    ("every", "weekday"): ("weekdays", 1), ("every", "weekdays"): ("weekdays", 1),
    ("each", "weekday"): ("weekdays", 1), ("on", "weekdays"): ("weekdays", 1), ("weekdays",): ("weekdays", 1),
    ("every", "workday"): ("weekdays", 1), ("every", "working", "day"): ("weekdays", 1),
    ("every", "business", "day"): ("weekdays", 1), ("mon-fri",): ("weekdays", 1),
    ("monday", "to", "friday"): ("weekdays", 1), ("monday", "through", "friday"): ("weekdays", 1),
    ("weekly",): ("weekly", 1), ("every", "week"): ("weekly", 1), ("each", "week"): ("weekly", 1),
    ("biweekly",): ("weekly", 2), ("bi-weekly",): ("weekly", 2), ("fortnightly",): ("weekly", 2),
    ("every", "other", "week"): ("weekly", 2), ("every", "fortnight"): ("weekly", 2),
    ("every", "two", "weeks"): ("weekly", 2),
    ("every", "2", "weeks"): ("weekly", 2), ("every", "second", "week"): ("weekly", 2),
    ("monthly",): ("monthly", 1), ("every", "month"): ("monthly", 1), ("each", "month"): ("monthly", 1),
    ("every", "other", "month"): ("monthly", 2), ("every", "two", "months"): ("monthly", 2),
    ("every", "2", "months"): ("monthly", 2), ("quarterly",): ("monthly", 3),
    ("every", "3", "months"): ("monthly", 3), ("every", "three", "months"): ("monthly", 3),
}
# "every Monday", "every other Friday", "every second Tuesday"
REPEAT_WEEKDAY_LEADS: dict[tuple[str, ...], int] = {
    ("every",): 1, ("each",): 1, ("on",): 1, ("every", "other"): 2, ("every", "second"): 2,
    ("every", "2nd"): 2, ("every", "alternate"): 2, ("biweekly", "on"): 2, ("weekly", "on"): 1,
    ("fortnightly", "on"): 2,
}
# How many times a repeating meeting happens unless the text says otherwise (Zoom allows at most 60).
DEFAULT_OCCURRENCES: dict[str, int] = {"daily": 60, "weekdays": 60, "weekly": 26, "monthly": 12}
MAX_OCCURRENCES = 60

# Every word a time expression may be made of. Duckling also reads words it only half knows ("none" once
# came back as midnight); an expression with a word outside this list is read again without that word.
TIME_VOCABULARY = frozenset(
    set(MONTHS) | set(WEEKDAYS) | set(WEEKDAY_ABBREVIATIONS) | set(WEEKDAY_PLURALS) | set(NUMBER_WORDS)
    | set(ORDINAL_WORDS) | set(PARTS_OF_DAY) | set(SPELLINGS.values()) | TIME_GLUE | DAY_WORDS | PM_WORDS | AM_WORDS
    | {"am", "pm", "a.m.", "p.m.", "noon", "midnight", "now", "right", "hour", "hours", "minute", "minutes",
       "second", "seconds", "year", "years", "ago", "hence", "within", "couple", "few", "several", "dozen",
       "o'clock", "oclock", "quarter", "half", "past", "eod", "weekday", "weekdays", "weekend", "midday",
       "fortnight", "morning", "afternoon", "evening", "night", "dawn", "dusk", "sunrise", "sunset", "upcoming",
       "last", "previous", "earlier", "later", "lunchtime", "tonite", "tomorrow", "today", "yesterday",
       "hrs", "hr", "mins", "min", "h", "m", "am.", "pm.", "forty", "fifty", "thirty", "twenty", "a", "an",
       "days", "weeks", "months", "day", "for"}
)

# Abbreviations that name one side of a daylight-saving change, and the UTC offset they name. When the
# region's clock is on the other side that day ("9am BST" in February), both readings are offered.
ZONE_OFFSETS: dict[str, float] = {
    "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7, "akst": -9,
    "akdt": -8, "bst": 1, "cet": 1, "cest": 2, "wet": 0, "west": 1, "eet": 2, "eest": 3, "aest": 10,
    "aedt": 11, "acst": 9.5, "acdt": 10.5, "nzst": 12, "nzdt": 13,
}
