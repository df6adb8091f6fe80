"""What Slack knows about a user that the bot needs: time zone, locale, name, email."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from handlers.language.days import known_zone

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SlackProfile:
    user_id: str
    tz: str
    locale: str | None
    display_name: str
    email: str
    tz_known: bool = True
    # users.info failed for a passing reason (rate limit, outage): the zone is unknown for now, which is
    # not the same as a user Slack cannot describe at all (then UTC is the best there will ever be).
    lookup_failed: bool = False


# Errors after which asking again later will work.
PASSING_ERRORS = {"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}


def fetch_profile(client: WebClient, user_id: str, fallback_name: str = "") -> SlackProfile:
    try:
        user = client.users_info(user=user_id, include_locale=True)["user"]
    except (SlackApiError, OSError) as error:
        log.warning("users.info failed for %s: %s", user_id, _code(error))
        return SlackProfile(user_id=user_id, tz="UTC", locale=None, display_name=fallback_name or "Your",
                            email="", tz_known=False, lookup_failed=passing_failure(error))
    profile = user.get("profile") or {}
    tz = user.get("tz") or ""
    tz_known = known_zone(tz) is not None
    return SlackProfile(
        user_id=user_id,
        tz=tz if tz_known else "UTC",
        locale=user.get("locale") or None,
        display_name=(profile.get("display_name") or profile.get("real_name") or user.get("real_name")
                      or user.get("name") or fallback_name or "Your"),
        email=profile.get("email") or "",
        tz_known=tz_known,
    )


def passing_failure(error: SlackApiError | OSError) -> bool:
    """Whether the same Slack call is likely to work a little later (an outage, a rate limit, no network)."""
    response = getattr(error, "response", None)
    return response is None or _code(error) in PASSING_ERRORS or response.status_code >= 500


def _code(error: SlackApiError | OSError) -> str:
    response = getattr(error, "response", None)
    return str(response.get("error")) if response is not None else type(error).__name__


# What a mentioned person is to the bot: someone to invite, or why not.
PERSON = "person"          # an active human with a Slack profile
BOT = "bot"                # an app or a bot user: never invited, never sent a direct message
DEACTIVATED = "deactivated"
UNKNOWN = "unknown"        # Slack does not know them here (another workspace, a typo'd id)


@dataclass(frozen=True)
class SlackPerson:
    """Someone a command mentions: their name as Slack shows it, and the email Slack shares (or "")."""

    user_id: str
    name: str
    email: str = field(default="", repr=False)
    kind: str = PERSON

    @property
    def reachable(self) -> bool:
        """Whether a direct message can reach them (they are an active human)."""
        return self.kind == PERSON


@dataclass(frozen=True)
class People:
    """The people a command mentions, in order; `failed`: Slack could not be asked just now (a rate limit, an
    outage), and asking again a little later will work."""

    found: tuple[SlackPerson, ...]
    failed: bool = False

    def names(self) -> dict[str, str]:
        return {person.user_id: person.name for person in self.found}


def fetch_people(client: WebClient, user_ids: Sequence[str]) -> People:
    """users.info for each of `user_ids` (users:read, and users:read.email for the email). Once Slack is away
    (a rate limit, an outage), nobody else is asked: they, and whoever Slack does not know, are UNKNOWN."""
    found: list[SlackPerson] = []
    for position, user_id in enumerate(user_ids):
        try:
            user = client.users_info(user=user_id)["user"]
        except (SlackApiError, OSError) as error:
            if passing_failure(error):
                log.warning("users.info failed for %s: %s", user_id, _code(error))
                rest = tuple(SlackPerson(other, name="someone", kind=UNKNOWN) for other in user_ids[position:])
                return People((*found, *rest), failed=True)
            found.append(SlackPerson(user_id, name="someone", kind=UNKNOWN))
            continue
        profile = user.get("profile") or {}
        name = str(profile.get("display_name") or profile.get("real_name") or user.get("real_name")
                   or user.get("name") or "someone")
        kind = BOT if user.get("is_bot") or user_id == "USLACKBOT" else \
            DEACTIVATED if user.get("deleted") else PERSON
        found.append(SlackPerson(user_id, name=name, email=str(profile.get("email") or "") if kind == PERSON else "",
                                 kind=kind))
    return People(tuple(found))
