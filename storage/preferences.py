"""What each Slack user chose for themselves: their meeting defaults (each unset until they choose, so the
workspace's setting applies), and whether they have opened the app's Home tab (only then is it worth
republishing when something changes)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from storage.db import Database, rowcount
from storage.keys import SlackUserKey
from storage.models import UserPreference, utcnow

# Zoom's own bounds for a meeting's length, and its recording choices (zoom/ is not imported here).
MIN_DURATION_MINUTES = 1
MAX_DURATION_MINUTES = 1440
AUTO_RECORDING_CHOICES = ("none", "local", "cloud")


@dataclass(frozen=True)
class MeetingDefaults:
    """A user's own defaults for the meetings they create; None: not set (the workspace's applies)."""

    duration_minutes: int | None = None
    waiting_room: bool | None = None
    mute_upon_entry: bool | None = None
    require_passcode: bool | None = None
    auto_recording: str | None = None
    join_before_host: bool | None = None

    def __post_init__(self) -> None:
        duration = self.duration_minutes
        if duration is not None and (type(duration) is not int
                                     or not MIN_DURATION_MINUTES <= duration <= MAX_DURATION_MINUTES):
            raise ValueError(f"duration_minutes must be {MIN_DURATION_MINUTES}..{MAX_DURATION_MINUTES}")
        if self.auto_recording is not None and self.auto_recording not in AUTO_RECORDING_CHOICES:
            raise ValueError(f"auto_recording must be one of {AUTO_RECORDING_CHOICES}")
        for name in ("waiting_room", "mute_upon_entry", "require_passcode", "join_before_host"):
            if not (getattr(self, name) is None or isinstance(getattr(self, name), bool)):
                raise ValueError(f"{name} must be true, false or unset")

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(field.name for field in fields(cls))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> MeetingDefaults:
        """What to_dict wrote (ValueError for anything else: a value from outside is checked, not trusted)."""
        if not isinstance(data, dict) or not set(data) <= set(cls.field_names()):
            raise ValueError("not meeting defaults")
        return cls(**data)


class PreferenceStore:
    def __init__(self, db: Database, *, clock: Callable[[], datetime] = utcnow):
        self._db = db
        self._clock = clock

    def meeting_defaults(self, key: SlackUserKey) -> MeetingDefaults:
        """The user's own defaults (all unset for someone who never chose any)."""
        with self._db.reading() as session:
            row = session.get(UserPreference, (key.workspace_key, key.user_id))
            if row is None:
                return MeetingDefaults()
            return MeetingDefaults(**{name: getattr(row, name) for name in MeetingDefaults.field_names()})

    def save_meeting_defaults(self, key: SlackUserKey, defaults: MeetingDefaults) -> None:
        """Replace the user's defaults with `defaults` (its unset fields become unset)."""
        self._upsert(key, defaults.to_dict(), self._clock())

    def note_home_opened(self, key: SlackUserKey) -> None:
        now = self._clock()
        self._upsert(key, {"home_opened_at": now}, now)

    def home_opened(self, key: SlackUserKey) -> bool:
        with self._db.reading() as session:
            opened = session.execute(select(UserPreference.home_opened_at).where(
                UserPreference.workspace_key == key.workspace_key,
                UserPreference.slack_user_id == key.user_id)).scalar_one_or_none()
        return opened is not None

    def delete_workspace(self, *, team_id: str = "", enterprise_id: str = "") -> int:
        if not (team_id or enterprise_id):
            raise ValueError("a workspace needs a team id or an enterprise id")
        query = delete(UserPreference)
        if team_id:
            query = query.where(UserPreference.team_id == team_id)
        if enterprise_id:
            query = query.where(UserPreference.workspace_key == enterprise_id)
        with self._db.writing() as session:
            return rowcount(session.execute(query))

    def delete_for(self, owners: Iterable[SlackUserKey]) -> int:
        conditions = [(UserPreference.workspace_key == owner.workspace_key)
                      & (UserPreference.slack_user_id == owner.user_id) for owner in owners]
        if not conditions:
            return 0
        with self._db.writing() as session:
            return rowcount(session.execute(delete(UserPreference).where(or_(*conditions))))

    def _upsert(self, key: SlackUserKey, values: dict[str, Any], now: datetime) -> None:
        # One statement whoever writes first: two workers noting the same user never collide on the key.
        dialect = sqlite if self._db.is_sqlite else postgresql
        insert = dialect.insert(UserPreference).values(
            workspace_key=key.workspace_key, slack_user_id=key.user_id, enterprise_id=key.enterprise_id,
            team_id=key.team_id, updated_at=now, **values)
        with self._db.writing() as session:
            session.execute(insert.on_conflict_do_update(index_elements=["workspace_key", "slack_user_id"],
                                                         set_={**values, "updated_at": now}))
