"""Small fakes for unit tests of handlers/flows: a Slack Web API client that records its calls, a Zoom API,
the stores, and a Services-like object with real Settings. No sockets, no database.

Every fake writes what it was asked into one shared `Journal` (a list of `(name, kwargs)`), so that a test
can check which store methods ran, and in what order, across stores.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from handlers.app.config import Settings, load_settings
from handlers.app.durable import Job
from handlers.slack.origin import CommandOrigin
from storage import (
    ConnectionInfo,
    LeaseLost,
    MeetingDefaults,
    NewCommand,
    NotConnected,
    RemovedGrant,
    SlackUserKey,
    StoredCommand,
)
from storage.commands import PENDING
from storage.crypto import TokenCipher
from storage.meetings import MeetingRecord
from zoom import Meeting, MeetingRequest, TokenSet, ZoomUser

TEAM = "T0FLOWS"
USER = "U0HOST"
CHANNEL = "C0PROJECT"
EMAIL = "ada@example.com"
PUBLIC_URL = "https://bot.example"
KEY = SlackUserKey(team_id=TEAM, user_id=USER)

# What a created meeting carries: the start link and the passcode are for the host alone.
JOIN_URL = "https://zoom.example/j/81234567890?pwd=joinonly"
START_URL = "https://zoom.example/s/81234567890?zak=HOST-ONLY-SECRET"
PASSCODE = "PASS4242"
MEETING_ID = 81234567890

# A generated Fernet key: with an in-memory DATABASE_URL, load_settings then writes no key file.
_KEYS = TokenCipher.generate_key()


def settings(*, account_mode: bool = False, **extra: str) -> Settings:
    """Real, checked Settings: user mode (each Slack user connects Zoom), or account mode."""
    environ = {
        "SLACK_BOT_TOKEN": "xoxb-flows-test",
        "SLACK_SIGNING_SECRET": "signing-secret",
        "ZOOM_CLIENT_ID": "zoom-client-id",
        "ZOOM_CLIENT_SECRET": "zoom-client-secret",
        "PUBLIC_URL": PUBLIC_URL,
        "DATABASE_URL": "sqlite:///:memory:",
        "TOKEN_ENCRYPTION_KEY": _KEYS,
        **({"ZOOM_ACCOUNT_ID": "zoom-account-1"} if account_mode else {}),
        **extra,
    }
    return load_settings(environ=environ, dotenv_path=None)


def origin(**overrides: str) -> CommandOrigin:
    """Where a command came from. No response_url: Replies goes straight to the Web API (the fake client)."""
    fields = {"team_id": TEAM, "user_id": USER, "channel_id": CHANNEL, "response_url": "", "user_name": "ada",
              **overrides}
    return CommandOrigin(**fields)


class Journal(list):
    """(name, kwargs) of every call into a fake store or Zoom client, in order."""

    def names(self) -> list[str]:
        return [name for name, _ in self]

    def of(self, name: str) -> list[dict[str, Any]]:
        return [kwargs for called, kwargs in self if called == name]


# -- Slack --------------------------------------------------------------------------------------------------


def slack_error(code: str, *, status: int = 200, method: str = "chat.postMessage") -> SlackApiError:
    """A SlackApiError as slack_sdk raises it: the response carries Slack's error code and the HTTP status."""
    response = SlackResponse(client=None, http_verb="POST", api_url=f"https://slack.com/api/{method}",
                             req_args={}, data={"ok": False, "error": code}, headers={}, status_code=status)
    return SlackApiError(f"The request to the Slack API failed. (url: {method})", response)


@dataclass(frozen=True)
class SlackCall:
    method: str
    kwargs: dict[str, Any]

    @property
    def channel(self) -> str:
        return str(self.kwargs.get("channel", ""))

    @property
    def rendered(self) -> str:
        """Everything the message carries (text and blocks), to look for a fragment anywhere in it."""
        return json.dumps({k: v for k, v in self.kwargs.items() if k in ("text", "blocks", "view")},
                          ensure_ascii=False)

    @property
    def text(self) -> str:
        return str(self.kwargs.get("text", ""))

    def buttons(self) -> list[dict[str, Any]]:
        return [element for block in self.kwargs.get("blocks") or [] if block.get("type") == "actions"
                for element in block["elements"] if element.get("type") == "button"]


def default_profile(**overrides: Any) -> dict[str, Any]:
    """users.info's `user`, as Slack returns it with include_locale."""
    user: dict[str, Any] = {"id": USER, "name": "ada", "real_name": "Ada Lovelace", "tz": "Europe/Paris",
                            "locale": "en-US", "profile": {"display_name": "Ada", "email": EMAIL}}
    user.update(overrides)
    return user


def person(user_id: str, name: str, *, email: str | None = None, is_bot: bool = False, deleted: bool = False
           ) -> dict[str, Any]:
    """users.info's `user` for someone a command mentions (no email: Slack does not share it)."""
    profile: dict[str, Any] = {"display_name": name, "real_name": f"{name} Example"}
    if email is not None:
        profile["email"] = email
    return {"id": user_id, "name": name.lower(), "real_name": f"{name} Example", "tz": "Europe/London",
            "is_bot": is_bot, "deleted": deleted, "profile": profile}


class FakeSlackClient:
    """Stands in for slack_sdk.WebClient: records every Web API call and answers as Slack does.

    `users_info_error`: users.info raises SlackApiError with that code (e.g. "ratelimited", "user_not_found").
    `failures`: method name -> error code, or (method, channel) -> error code, for the calls to refuse.
    `people`: user id -> users.info's `user` for that user (see person()), or the error code Slack answers
    with; anyone else is described by `profile`.
    """

    def __init__(self, *, profile: dict[str, Any] | None = None, users_info_error: str | None = None,
                 failures: dict[Any, str] | None = None, people: dict[str, dict[str, Any] | str] | None = None):
        self.profile = default_profile() if profile is None else profile
        self.people = dict(people or {})
        self.users_info_error = users_info_error
        self.failures = dict(failures or {})
        self.calls: list[SlackCall] = []
        self._ts = 0

    # -- the Web API methods the flows use ----------------------------------------------------------------

    def chat_postMessage(self, **kwargs: Any) -> dict[str, Any]:
        self._record("chat_postMessage", kwargs)
        return {"ok": True, "channel": kwargs["channel"], "ts": self._next_ts()}

    def chat_postEphemeral(self, **kwargs: Any) -> dict[str, Any]:
        self._record("chat_postEphemeral", kwargs)
        return {"ok": True, "message_ts": self._next_ts()}

    def users_info(self, **kwargs: Any) -> dict[str, Any]:
        self.calls.append(SlackCall("users_info", kwargs))
        known = self.people.get(str(kwargs.get("user")))
        error = known if isinstance(known, str) else self.users_info_error
        if error:
            raise slack_error(error, status=429 if error == "ratelimited" else 200, method="users.info")
        return {"ok": True, "user": known if isinstance(known, dict) else self.profile}

    def views_open(self, **kwargs: Any) -> dict[str, Any]:
        self._record("views_open", kwargs)
        return {"ok": True, "view": {"id": "V0EDIT", **kwargs.get("view", {})}}

    # -- what was said ------------------------------------------------------------------------------------

    def calls_to(self, method: str) -> list[SlackCall]:
        return [call for call in self.calls if call.method == method]

    def channel_posts(self, channel: str = CHANNEL) -> list[SlackCall]:
        """Messages everybody in the channel sees."""
        return [call for call in self.calls_to("chat_postMessage") if call.channel == channel]

    def private_to(self, user: str = USER, channel: str = CHANNEL) -> list[SlackCall]:
        """Messages only the user sees: ephemeral in the channel, or a direct message."""
        return [call for call in self.calls
                if (call.method == "chat_postEphemeral" and call.kwargs.get("user") == user
                    and call.channel == channel)
                or (call.method == "chat_postMessage" and call.channel == user)]

    def only_private_text(self, user: str = USER) -> str:
        """The one private answer's text (a test that expects exactly one answer, and nothing public)."""
        private = self.private_to(user)
        assert len(private) == 1, f"expected one private answer, got {[c.text for c in private]}"
        assert not self.channel_posts(), "nothing should have been posted in the channel"
        return private[0].text

    def _record(self, method: str, kwargs: dict[str, Any]) -> None:
        code = self.failures.get((method, kwargs.get("channel"))) or self.failures.get(method)
        self.calls.append(SlackCall(method, kwargs))
        if code:
            raise slack_error(code, status=429 if code == "ratelimited" else 200, method=method)

    def _next_ts(self) -> str:
        self._ts += 1
        return f"1700000000.{self._ts:06d}"


# -- Zoom ---------------------------------------------------------------------------------------------------


def meeting(**overrides: Any) -> Meeting:
    fields: dict[str, Any] = {"id": MEETING_ID, "topic": "Design review", "join_url": JOIN_URL,
                              "start_url": START_URL, "start_time": None, "duration_minutes": 60,
                              "timezone": "Europe/Paris", "passcode": PASSCODE}
    fields.update(overrides)
    return Meeting(**fields)


class FakeZoom:
    """Stands in for zoom.ZoomApi: each call returns its configured value or raises its configured error
    (an instance of a zoom.errors class)."""

    def __init__(self, journal: Journal | None = None, *, created: Meeting | None = None,
                 create_error: Exception | None = None, found: Meeting | None = None,
                 find_error: Exception | None = None, user: ZoomUser | None = None,
                 user_error: Exception | None = None, me: ZoomUser | None = None,
                 me_error: Exception | None = None):
        self.journal = Journal() if journal is None else journal
        self.created = created
        self.create_error = create_error
        self.found = found
        self.find_error = find_error
        self.user = user or ZoomUser(id="zu-ada", email=EMAIL, account_id="acct-1")
        self.user_error = user_error
        self.me_user = me or ZoomUser(id="zu-ada", email="ada@zoom.example", account_id="acct-1")
        self.me_error = me_error
        self.create_requests: list[tuple[MeetingRequest, str]] = []

    def create_meeting(self, request: MeetingRequest, *, user_id: str = "me") -> Meeting:
        self.journal.append(("zoom.create_meeting", {"request": request, "user_id": user_id}))
        self.create_requests.append((request, user_id))
        if self.create_error is not None:
            raise self.create_error
        made = self.created or meeting()
        return Meeting(id=made.id, topic=request.topic, join_url=made.join_url, start_url=made.start_url,
                       start_time=request.start, duration_minutes=request.duration_minutes,
                       timezone=request.timezone, passcode=made.passcode)

    def find_meeting_by_marker(self, marker: str, *, user_id: str = "me") -> Meeting | None:
        self.journal.append(("zoom.find_meeting_by_marker", {"marker": marker, "user_id": user_id}))
        if self.find_error is not None:
            raise self.find_error
        return self.found

    def get_user(self, user_id: str) -> ZoomUser:
        self.journal.append(("zoom.get_user", {"user_id": user_id}))
        if self.user_error is not None:
            raise self.user_error
        return self.user

    def me(self) -> ZoomUser:
        self.journal.append(("zoom.me", {}))
        if self.me_error is not None:
            raise self.me_error
        return self.me_user


def tokens(name: str = "ada") -> TokenSet:
    return TokenSet(access_token=f"access-{name}", refresh_token=f"refresh-{name}",
                    expires_at=datetime(2031, 1, 1, tzinfo=UTC))


class FakeZoomOAuth:
    """Stands in for zoom.ZoomOAuthClient."""

    def __init__(self, journal: Journal, *, revoke_error: Exception | None = None,
                 exchange_error: Exception | None = None, issued: TokenSet | None = None):
        self.journal = journal
        self.revoke_error = revoke_error
        self.exchange_error = exchange_error
        self.issued = issued or tokens()

    def authorize_url(self, *, redirect_uri: str, state: str, code_challenge: str) -> str:
        self.journal.append(("zoom_oauth.authorize_url", {"redirect_uri": redirect_uri, "state": state,
                                                          "code_challenge": code_challenge}))
        return f"https://zoom.example/oauth/authorize?state={state}"

    def revoke_grant(self, grant: Any) -> None:
        self.journal.append(("zoom_oauth.revoke_grant", {"grant": grant}))
        if self.revoke_error is not None:
            raise self.revoke_error

    def exchange_code(self, *, code: str, redirect_uri: str, code_verifier: str) -> TokenSet:
        self.journal.append(("zoom_oauth.exchange_code", {"code": code, "redirect_uri": redirect_uri,
                                                          "code_verifier": code_verifier}))
        if self.exchange_error is not None:
            raise self.exchange_error
        return self.issued


# -- stores -------------------------------------------------------------------------------------------------


def connection(key: SlackUserKey = KEY, *, email: str = "ada@zoom.example", zoom_user_id: str = "zu-ada"
               ) -> ConnectionInfo:
    return ConnectionInfo(key=key, zoom_user_id=zoom_user_id, zoom_email=email, zoom_account_id="acct-1",
                          connected_at=datetime(2026, 1, 5, 9, 30, tzinfo=UTC),
                          expires_at=datetime(2031, 1, 1, tzinfo=UTC))


def removed_grant(key: SlackUserKey = KEY, zoom_user_id: str = "zu-ada") -> RemovedGrant:
    return RemovedGrant(key=key, zoom_user_id=zoom_user_id, refresh_token=f"refresh-{key.user_id}",
                        access_token=f"access-{key.user_id}", expires_at=datetime(2031, 1, 1, tzinfo=UTC))


class FakeConnections:
    """storage.ConnectionStore: the connected users, by key."""

    def __init__(self, journal: Journal, connected: dict[SlackUserKey, ConnectionInfo]):
        self.journal = journal
        self.connected = dict(connected)
        self.workspace_grants: list[RemovedGrant] = []  # what delete_workspace hands back

    def get(self, key: SlackUserKey) -> ConnectionInfo | None:
        self.journal.append(("connections.get", {"key": key}))
        return self.connected.get(key)

    def delete(self, key: SlackUserKey) -> RemovedGrant | None:
        self.journal.append(("connections.delete", {"key": key}))
        info = self.connected.pop(key, None)
        return removed_grant(key, info.zoom_user_id) if info else None

    def save(self, key: SlackUserKey, *, zoom_user_id: str, zoom_email: str, zoom_account_id: str,
             tokens: Any) -> ConnectionInfo:
        self.journal.append(("connections.save", {"key": key, "zoom_user_id": zoom_user_id,
                                                  "zoom_email": zoom_email, "zoom_account_id": zoom_account_id,
                                                  "tokens": tokens}))
        info = connection(key, email=zoom_email, zoom_user_id=zoom_user_id)
        self.connected[key] = info
        return info

    def delete_workspace(self, *, team_id: str = "", enterprise_id: str = "") -> list[RemovedGrant]:
        self.journal.append(("connections.delete_workspace", {"team_id": team_id, "enterprise_id": enterprise_id}))
        return list(self.workspace_grants)

    def keys_of_zoom_user(self, zoom_user_id: str) -> list[SlackUserKey]:
        self.journal.append(("connections.keys_of_zoom_user", {"zoom_user_id": zoom_user_id}))
        return [key for key, info in self.connected.items() if info.zoom_user_id == zoom_user_id]

    def delete_by_zoom_user(self, zoom_user_id: str) -> list[RemovedGrant]:
        self.journal.append(("connections.delete_by_zoom_user", {"zoom_user_id": zoom_user_id}))
        keys = [key for key, info in self.connected.items() if info.zoom_user_id == zoom_user_id]
        return [removed_grant(self.connected.pop(key).key, zoom_user_id) for key in keys]


class FakeMeetings:
    """storage.MeetingLog."""

    def __init__(self, journal: Journal, upcoming: list[MeetingRecord] | None = None):
        self.journal = journal
        self.upcoming = list(upcoming or [])

    def for_user(self, owner: SlackUserKey, *, ending_after: datetime | None = None) -> list[MeetingRecord]:
        self.journal.append(("meetings.for_user", {"owner": owner, "ending_after": ending_after}))
        return list(self.upcoming)

    def delete_workspace(self, *, team_id: str = "", enterprise_id: str = "") -> int:
        self.journal.append(("meetings.delete_workspace", {"team_id": team_id, "enterprise_id": enterprise_id}))
        return 0

    def delete_for(self, owners: Any) -> int:
        owners = list(owners)
        self.journal.append(("meetings.delete_for", {"owners": owners}))
        return len(owners)


class FakeCommands:
    """storage.CommandStore, as the flows use it: `earlier_repeat` answers with the configured first command."""

    def __init__(self, journal: Journal, *, first: StoredCommand | None = None):
        self.journal = journal
        self.first = first

    def earlier_repeat(self, command: StoredCommand, repeat_key: str, window: timedelta) -> StoredCommand | None:
        self.journal.append(("commands.earlier_repeat", {"command_id": command.id, "repeat_key": repeat_key,
                                                         "window": window}))
        return self.first

    def forget_workspace(self, *, team_id: str = "", enterprise_id: str = "", keep_kinds: tuple[str, ...] = ()
                         ) -> int:
        self.journal.append(("commands.forget_workspace", {"team_id": team_id, "enterprise_id": enterprise_id,
                                                           "keep_kinds": keep_kinds}))
        return 0


class FakeStates:
    """storage.OAuthStateStore: a fresh state per connect link."""

    def __init__(self, journal: Journal):
        self.journal = journal

    def create(self, key: SlackUserKey, *, code_verifier: str, resume: dict[str, Any] | None = None) -> str:
        state = f"state-{len(self.journal.of('states.create')) + 1}"
        self.journal.append(("states.create", {"key": key, "code_verifier": code_verifier, "resume": resume,
                                               "state": state}))
        return state


class FakeRunner:
    """Services.runner (a CommandSink): records what is submitted."""

    def __init__(self, journal: Journal):
        self.journal = journal
        self.submitted: list[NewCommand] = []

    def submit(self, command: NewCommand) -> int | None:
        self.journal.append(("runner.submit", {"command": command}))
        self.submitted.append(command)
        return len(self.submitted)


class FakePreferences:
    """storage.PreferenceStore: each user's meeting defaults, and who has opened the Home tab (`opened`)."""

    def __init__(self, journal: Journal, *, defaults: dict[SlackUserKey, MeetingDefaults] | None = None,
                 opened: set[SlackUserKey] | None = None):
        self.journal = journal
        self.defaults = dict(defaults or {})
        self.opened = set(opened or ())

    def meeting_defaults(self, key: SlackUserKey) -> MeetingDefaults:
        return self.defaults.get(key, MeetingDefaults())

    def save_meeting_defaults(self, key: SlackUserKey, defaults: MeetingDefaults) -> None:
        self.journal.append(("preferences.save_meeting_defaults", {"key": key, "defaults": defaults}))
        self.defaults[key] = defaults

    def note_home_opened(self, key: SlackUserKey) -> None:
        self.journal.append(("preferences.note_home_opened", {"key": key}))
        self.opened.add(key)

    def home_opened(self, key: SlackUserKey) -> bool:
        return key in self.opened

    def delete_workspace(self, *, team_id: str = "", enterprise_id: str = "") -> int:
        self.journal.append(("preferences.delete_workspace", {"team_id": team_id, "enterprise_id": enterprise_id}))
        return 0


class FakeInstallationStore:
    def __init__(self, journal: Journal):
        self.journal = journal

    def delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self.journal.append(("installation_store.delete_all", {"enterprise_id": enterprise_id, "team_id": team_id}))


# -- the services -------------------------------------------------------------------------------------------


@dataclass
class FakeServices:
    """What the flows use of handlers.app.services.Services, duck typed. `zoom_uses` records which Zoom API
    each call asked for: ("user", key), ("account",) or ("token", access_token)."""

    settings: Settings
    journal: Journal
    connections: FakeConnections
    meetings: FakeMeetings
    commands: FakeCommands
    states: FakeStates
    zoom_oauth: FakeZoomOAuth
    runner: FakeRunner
    zoom: FakeZoom
    installation_store: FakeInstallationStore | None = None
    zoom_uses: list[tuple[Any, ...]] = field(default_factory=list)
    preferences: FakePreferences = field(default_factory=lambda: FakePreferences(Journal()))

    def zoom_as_user(self, key: SlackUserKey) -> FakeZoom:
        """As Services.zoom_as_user: NotConnected without a connection."""
        self.zoom_uses.append(("user", key))
        if self.connections.get(key) is None:
            raise NotConnected
        return self.zoom

    def zoom_as_account(self) -> FakeZoom:
        self.zoom_uses.append(("account",))
        return self.zoom

    def zoom_with_token(self, access_token: str) -> FakeZoom:
        self.zoom_uses.append(("token", access_token))
        return self.zoom


def make_services(*, account_mode: bool = False, connected: bool = True, zoom: FakeZoom | None = None,
                  first: StoredCommand | None = None, upcoming: list[MeetingRecord] | None = None,
                  revoke_error: Exception | None = None, exchange_error: Exception | None = None,
                  installation_store: bool = False) -> FakeServices:
    """`connected`: the origin's user has a Zoom connection (user mode)."""
    journal = Journal()
    if zoom is None:
        zoom = FakeZoom(journal)
    else:
        zoom.journal = journal
    return FakeServices(
        settings=settings(account_mode=account_mode),
        journal=journal,
        connections=FakeConnections(journal, {KEY: connection()} if connected else {}),
        meetings=FakeMeetings(journal, upcoming),
        commands=FakeCommands(journal, first=first),
        states=FakeStates(journal),
        zoom_oauth=FakeZoomOAuth(journal, revoke_error=revoke_error, exchange_error=exchange_error),
        runner=FakeRunner(journal),
        zoom=zoom,
        installation_store=FakeInstallationStore(journal) if installation_store else None,
        preferences=FakePreferences(journal),
    )


# -- jobs ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SavedStep:
    step: str
    result: dict[str, Any] | None
    zoom_meeting_id: int | None
    posted: MeetingRecord | None


class FakeCommandRunner:
    """What a Job sees of handlers.app.durable.CommandRunner: its owner name, the store it records steps in
    (this object), and the Slack client for a command's workspace. `lease_lost_at`: saving these steps
    raises LeaseLost, as when another worker took the command over."""

    owner = "fake-runner:1"

    def __init__(self, client: FakeSlackClient, *, lease_lost_at: tuple[str, ...] = ()):
        self.client = client
        self.store = self
        self.lease_lost_at = lease_lost_at
        self.saved: list[SavedStep] = []

    def slack_client_for(self, origin: CommandOrigin) -> FakeSlackClient:
        return self.client

    def save_step(self, command_id: int, owner: str, step: str, *, result: dict[str, Any] | None = None,
                  zoom_meeting_id: int | None = None, posted: MeetingRecord | None = None) -> None:
        if step in self.lease_lost_at:
            raise LeaseLost(f"command {command_id} is no longer ours")
        self.saved.append(SavedStep(step, result, zoom_meeting_id, posted))

    @property
    def steps(self) -> list[str]:
        return [saved.step for saved in self.saved]

    @property
    def posted(self) -> list[MeetingRecord]:
        return [saved.posted for saved in self.saved if saved.posted is not None]


def stored_command(*, kind: str = "meet", payload: dict[str, Any] | None = None, command_origin: CommandOrigin |
                   None = None, step: str = "received", attempts: int = 1, result: dict[str, Any] | None = None,
                   received_at: datetime | None = None, repeat_key: str | None = None,
                   step_at: datetime | None = None, command_id: int = 7, state: str = PENDING,
                   marker: str = "a1b2c3d4e5f60708") -> StoredCommand:
    """A claimed command as storage.CommandStore.claim hands it over (attempts counts this claim)."""
    command_origin = command_origin or origin()
    received_at = received_at or datetime.now(UTC)
    return StoredCommand(
        id=command_id, kind=kind, owner=command_origin.key, channel_id=command_origin.channel_id,
        payload={"origin": command_origin.to_dict(), **(payload or {})}, state=state, step=step,
        attempts=attempts, received_at=received_at, marker=marker, zoom_meeting_id=None, result=result,
        repeat_key=repeat_key, step_at=step_at or received_at)


def make_job(runner: FakeCommandRunner, **fields: Any) -> Job:
    """A Job the way the runner builds one: around a StoredCommand (see stored_command for the fields). Typed
    words are read at reading_moment() unless the payload says when."""
    payload = fields.get("payload")
    if isinstance(payload, dict) and "text" in payload and "read_at" not in payload:
        fields["payload"] = {**payload, "read_at": reading_moment().isoformat()}
    return Job(runner, stored_command(**fields))  # type: ignore[arg-type]


def reading_moment(zone: str = "Europe/Paris") -> datetime:
    """When the tests' words are read: 10:00 in `zone` today, or yesterday before 10:00. Never the clock
    itself: just after midnight the reader rightly asks whether `tomorrow` means today, and the tests would
    depend on the hour they run at."""
    local = datetime.now(UTC).astimezone(ZoneInfo(zone))
    moment = local.replace(hour=10, minute=0, second=0, microsecond=0)
    if moment > local:
        moment -= timedelta(days=1)
    return moment.astimezone(UTC)
