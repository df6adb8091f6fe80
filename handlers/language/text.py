"""From raw command text to words: cleaning, quotes, and the spelling table."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from handlers.language import vocabulary_en as vocab
from handlers.language.days import ordinal

# Opening quote -> the characters that may close it. Slack clients turn " into “ ” and ' into ‘ ’,
# and people paste „German“ or «French» quotes too.
_QUOTES = {
    '"': '"”“', "“": "”“", "”": "”", "„": "“”", "«": "»", "»": "«",
    "'": "'’", "‘": "’‘", "’": "’", "‚": "‘’", "「": "」",
}
_TRAILING_PUNCT = ",.;:!?"


def clean(text: str) -> str:
    """Format (zero-width, bidi) and surrogate characters out; control characters and any whitespace are one
    space (a NUL between two words still parts them)."""
    kept = []
    for ch in text:
        category = unicodedata.category(ch)
        if ch.isspace() or category == "Cc":
            kept.append(" ")
        elif category not in ("Cf", "Cs"):
            kept.append(ch)
    return " ".join("".join(kept).split())


@dataclass(frozen=True)
class Word:
    raw: str  # as typed, punctuation included
    key: str | None  # lowercased, edge punctuation off; None for a quoted group, which is never a time
    shown: str = ""  # as typed minus edge punctuation, for messages
    inner: str | None = None  # the text inside the quotes of a quoted group


def words_of(cleaned: str) -> list[Word]:
    raws = cleaned.split(" ") if cleaned else []
    words: list[Word] = []
    # Once an opener finds no closer to its right, no later opener of that kind will either; remembering
    # that keeps a text full of stray quotes linear.
    hopeless: set[str] = set()
    i = 0
    while i < len(raws):
        raw = raws[i]
        closers = _QUOTES.get(raw[0])
        if closers and raw[0] not in hopeless:
            end = _find_closer(raws, i, closers)
            if end is None:
                hopeless.add(raw[0])
            else:
                joined = " ".join(raws[i : end + 1])
                inner = joined[1:].rstrip(_TRAILING_PUNCT)[:-1].strip()
                words.append(Word(raw=joined, key=None, shown=joined, inner=inner))
                i = end + 1
                continue
        shown = raw.strip("()[]{}").rstrip(",;!?")
        # NFKC: "²" and "３" are digits that int() reads only once they are plain ones.
        key = unicodedata.normalize("NFKC", shown).lower().rstrip(":")
        if not re.search(r"\d\.$|[ap]\.m\.$", key):  # "3.12." and "p.m." keep their dot
            key = key.rstrip(".")
        words.append(Word(raw=raw, key=key, shown=shown.rstrip(":")))
        i += 1
    return words


def _find_closer(raws: Sequence[str], start: int, closers: str) -> int | None:
    for j in range(start, len(raws)):
        body = raws[j].rstrip(_TRAILING_PUNCT)
        # The opener itself is not its own closer: `"` alone or `"word` do not close.
        if body and body[-1] in closers and (j > start or len(body) >= 2):
            return j
    return None


# One word rewritten for the time reader; the topic keeps the word as typed.
_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(\d{1,2}(?::\d{2})?)([ap])"), r"\1\2m"),  # 3p, 9:00a
    (re.compile(r"(\d{1,2})\.(\d{2})([ap])\.?m\.?"), r"\1:\2\3m"),  # 3.30pm
    (re.compile(r"(\d{1,2}(?::\d{2})?(?:[ap]m)?)-?ish"), r"\1"),  # 3ish, 3:30pm-ish
    (re.compile(r"(\d{1,2}:\d{2})h(?:rs)?"), r"\1"),  # 15:00h
    (re.compile(r"(\d{1,2})-(\d{1,2}:\d{2}(?:[ap]m)?)"), r"\1:00-\2"),  # 10-11:30 (Duckling: 11 October)
    (re.compile(r"(\d{1,2}:\d{2})-(\d{1,2})((?:[ap]m)?)"), r"\1-\2:00\3"),  # 10:30-11
    (re.compile(r"([01]?\d|2[0-3])\.([0-5]\d)\.?"), r"\1:\2"),  # 17.30 (a month 13-59 is no month)
    (re.compile(r"(\d{1,2})\."), r"\1"),  # "16. Nov.": a day with a dot
    (re.compile(r"([01]\d|2[0-3])([0-5]\d)h(?:rs)?"), r"\1:\2"),  # 1500h
    (re.compile(r"(\d{1,2}:\d{2}):\d{2}(?:\.\d+)?((?:[ap]m)?)"), r"\1\2"),  # 10:00:00, 8:00:31am
    (re.compile(r"(\d{1,2}(?::\d{2})?)(?:o'?clock)"), r"\1"),
)
_NUMBERS_IN_WORDS = "|".join(sorted(vocab.NUMBER_WORDS, key=len, reverse=True))
_HYPHEN_NUMBER = re.compile(rf"({_NUMBERS_IN_WORDS})-({_NUMBERS_IN_WORDS})")


_NOT_A_TIME = re.compile(r"\d{1,2}:\d|\d+x\d+|#\d+|v\d+(?:\.\d+)*")  # 1:1, 2x2, #42, v2.1


_MARKUP = re.compile(r"<.*|.*>|https?:.*|www\..*|#.*|.*@.+\..+|q[1-4]|h[12]|fy\d{2,4}|v\d.*")


def spelled(key: str) -> str:
    """The word as the time reader should see it: `tmrw` is tomorrow, `3p` is 3pm, `noonish` is noon."""
    if _NOT_A_TIME.fullmatch(key) or key in vocab.MEALS or _MARKUP.fullmatch(key):
        return "item"  # Slack links and mentions, URLs, emails, #channels, Q3: never part of a time
    key = key.strip("*_~`")  # *tomorrow*, _Friday_: Slack's emphasis
    if key.startswith("~") and key[1:2].isdigit():
        key = key[1:]
    if key in vocab.SPELLINGS:
        return vocab.SPELLINGS[key]
    for pattern, replacement in _REWRITES:
        if pattern.fullmatch(key):
            return pattern.sub(replacement, key)
    if key in vocab.ORDINAL_WORDS and "-" in key:  # twenty-fifth
        return ordinal(vocab.ORDINAL_WORDS[key])
    if m := _HYPHEN_NUMBER.fullmatch(key):  # twenty-five
        return f"{m[1]} {m[2]}"
    return key
