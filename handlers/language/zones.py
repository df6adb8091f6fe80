"""Explicit time zones in the text: `3pm ET`, `15:00 Europe/Berlin`, `2pm London time`, `10:00 UTC+2`."""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass, replace
from datetime import UTC, timedelta, timezone, tzinfo
from functools import cache
from zoneinfo import ZoneInfo

from handlers.language import vocabulary_en as vocab
from handlers.language.text import Word

_OFFSET = re.compile(r"(?:utc|gmt)([+-]\d{1,2}(?::?\d{2})?)")
_SIGNED = re.compile(r"([+-])(\d{1,2})(?::?(\d{2}))?")
# A word a zone may follow: a clock time, or the end of one.
_CLOCKISH = re.compile(r".*\d.*|noon|midnight|[ap]\.?m\.?|o'?clock")
_TWO_LETTER_NEEDS_CAPITALS = frozenset({"et", "ct", "mt", "pt", "z"})
_LOCAL = (("my", "time"), ("local", "time"), ("my", "local", "time"), ("local",))


@dataclass(frozen=True)
class NamedZone:
    zone: tzinfo
    name: str  # IANA name ("America/New_York"), or "UTC+02:00" for a fixed offset
    text: str  # as typed ("ET")
    indices: tuple[int, ...]  # the words it used


@cache
def _zone_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for name in zoneinfo.available_timezones():
        names[name.lower()] = name
    return names


@cache
def _cities() -> dict[str, str]:
    cities: dict[str, str] = {}
    for name in sorted(zoneinfo.available_timezones()):
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/")):
            city = name.rsplit("/", 1)[1].replace("_", " ").lower()
            cities.setdefault(city, name)
    cities.update(vocab.ZONE_CITIES_EXTRA)
    return cities


def find_zone(words: list[Word], user_zone: str) -> NamedZone | None:
    """The first zone written right after a clock time; None if the text names none."""
    keys = [w.key for w in words]
    for i in range(1, len(words)):
        if keys[i] is None or not _CLOCKISH.fullmatch(keys[i - 1] or ""):
            continue
        found = _zone_at(words, i, user_zone)
        if found is not None:
            # "15:00 GMT - 18:00 GMT": the same zone again later is the same zone
            again = tuple(k for k in range(found.indices[-1] + 1, len(words)) if keys[k] == keys[i])
            return NamedZone(found.zone, found.name, found.text, found.indices + again) if again else found
    return None


def local_time_words(words: list[Word]) -> tuple[int, ...]:
    """`3pm my time`, `9am local time`: the user's own zone, said out loud; the words to drop."""
    keys = [w.key for w in words]
    for i in range(1, len(words)):
        if not _CLOCKISH.fullmatch(keys[i - 1] or ""):
            continue
        for phrase in sorted(_LOCAL, key=len, reverse=True):
            if tuple(keys[i : i + len(phrase)]) == phrase:
                return tuple(range(i, i + len(phrase)))
    return ()


def fixed_offset(text: str, indices: tuple[int, ...] = ()) -> NamedZone | None:
    """A UTC offset as written (`z`, `+05:30`, `-8`, `-0800`) as a zone; None if it is no offset there is."""
    if text.lower() == "z":
        return NamedZone(UTC, "UTC", "UTC", indices)
    m = _SIGNED.fullmatch(text)
    if m is None:
        return None
    sign, hours, minutes = m[1], int(m[2]), int(m[3] or 0)
    if hours > 14 or minutes > 59:
        return None
    label = f"UTC{sign}{hours:02d}:{minutes:02d}"
    return NamedZone(timezone(timedelta(hours=hours, minutes=minutes) * (-1 if sign == "-" else 1)), label, label,
                     indices)


def _zone_at(words: list[Word], i: int, user_zone: str) -> NamedZone | None:
    key = words[i].key or ""
    raw = words[i].shown
    if key in ("utc", "gmt") and (found := fixed_offset(_key(words, i + 1), (i, i + 1))) is not None:
        return found  # "GMT -08:45"
    if key in vocab.ZONE_ABBREVIATIONS and (key not in _TWO_LETTER_NEEDS_CAPITALS or raw.isupper()):
        name = vocab.ZONE_ABBREVIATIONS[key]
        if key == "ist":
            name = vocab.IST_BY_USER_ZONE.get(user_zone, name)
        used: tuple[int, ...] = (i, i + 1) if _key(words, i + 1) == "time" else (i,)
        return NamedZone(ZoneInfo(name), name, _typed(words, used), used)
    if (m := _OFFSET.fullmatch(key)) and (found := fixed_offset(m[1], (i,))) is not None:
        return replace(found, text=words[i].shown)
    if key in _zone_names() and "/" in key:
        name = _zone_names()[key]
        return NamedZone(ZoneInfo(name), name, words[i].shown, (i,))
    # "London time", "New York time", "Los Angeles time"
    for length in (3, 2, 1):
        if _key(words, i + length) != "time":
            continue
        city = " ".join(_key(words, k) for k in range(i, i + length))
        if city in _cities():
            used = tuple(range(i, i + length + 1))
            name = _cities()[city]
            return NamedZone(ZoneInfo(name), name, _typed(words, used), used)
    return None


def _key(words: list[Word], i: int) -> str:
    return (words[i].key or "") if i < len(words) else ""


def _typed(words: list[Word], indices: tuple[int, ...]) -> str:
    return " ".join(words[k].shown for k in indices)
