"""Calendar arithmetic in a user's zone: wall clock to instant (DST gaps and folds), dates in words."""

from __future__ import annotations

import calendar
import logging
import re
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

_log = logging.getLogger(__name__)


class NoSuchTime(ValueError):
    """A wall-clock time the clocks skip on that day."""


@dataclass(frozen=True)
class Placed:
    start: datetime  # aware
    notice: str | None = None


def place(local: datetime, zone: tzinfo, zone_name: str, now: datetime) -> Placed:
    """The instant of a naive wall-clock time in `zone`. A skipped time raises NoSuchTime; a repeated one is
    the first, unless only the second is still ahead."""
    start = local.replace(tzinfo=zone)
    if start.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != local:
        later = local + timedelta(hours=1)
        raise NoSuchTime(
            f"{local:%H:%M} does not exist in {zone_name} on {day_text(local.date(), year=True)}: the clocks "
            f"skip ahead that night. Pick another time, e.g. `{later:%H:%M}`."
        )
    second = start.replace(fold=1)
    if second.utcoffset() != start.utcoffset():
        which = "first"
        if start <= now < second:
            start, which = second, "second"
        return Placed(start, f"{local:%H:%M} happens twice on {day_text(local.date())} in {zone_name} "
                             f"(the clocks go back); this is the {which} one, {start.tzname()}.")
    return Placed(start)


def known_zone(name: object) -> ZoneInfo | None:
    """The IANA zone of that name (a Slack profile's, a button value's); None for anything else: empty,
    unknown, not a string, or a path that is not a zone. The one place the bot looks a zone name up."""
    if not isinstance(name, str) or not name:
        return None
    try:
        return ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return None


def user_zone(tz: str) -> tuple[ZoneInfo, bool]:
    zone = known_zone(tz)
    if zone is not None:
        return zone, True
    if tz:
        _log.info("unknown time zone %r, using UTC", tz)
    return ZoneInfo("UTC"), False


def date_order(locale: str | None) -> str | None:
    """MDY, DMY or YMD from a Slack locale ("en-US", "de-DE"); None when there is no locale to go by."""
    if not locale or not locale.strip():
        return None
    parts = re.split(r"[-_]", locale.strip())
    language = parts[0].lower()
    region = parts[1].upper() if len(parts) > 1 else ""
    if language in ("ja", "zh", "ko", "hu", "lt", "mn"):
        return "YMD"
    if region in {"US", "PH", "PR", "GU", "AS", "MP", "VI", "UM", "FM", "MH", "PW", "BZ"}:
        return "MDY"
    if language == "en" and not region:
        return "MDY"
    return "DMY"


def day_text(d: date, *, year: bool = False) -> str:
    text = f"{d:%a} {d.day} {d:%b}"
    return f"{text} {d.year}" if year else text


def moment_text(moment: datetime) -> str:
    """"Tue 24 Nov 2026, 15:00" in the moment's own zone."""
    return f"{day_text(moment.date(), year=True)}, {moment:%H:%M}"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def date_problem(month: int, day: int, year: int | None) -> str | None:
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    name = calendar.month_name[month]
    if day < 1:
        return f"{name} has no day {day}"
    if month == 2 and day == 29 and year is not None and not calendar.isleap(year):
        return f"{year} is not a leap year, so February has no 29th day"
    if day > calendar.monthrange(2024 if year is None else year, month)[1]:
        return f"{name} has no {ordinal(day)} day"
    return None
