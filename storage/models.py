"""Tables of the bot. Secrets are stored only as Fernet ciphertext (columns ending in `_enc`)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Delete,
    Dialect,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    delete,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend (SQLite would otherwise hand back naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


def delete_in_workspace(
    model: type[PostedMeeting] | type[Command], *, team_id: str = "", enterprise_id: str = ""
) -> Delete:
    """DELETE of a table's rows made in one workspace: by team, or across an Enterprise Grid org."""
    if not (team_id or enterprise_id):
        raise ValueError("a workspace needs a team id or an enterprise id")
    query = delete(model)
    if team_id:
        query = query.where(model.team_id == team_id)
    if enterprise_id:
        query = query.where(model.workspace_key == enterprise_id)
    return query


class ZoomConnection(Base):
    """One Slack user's link to one Zoom user, with the rotating token pair."""

    __tablename__ = "zoom_connections"
    __table_args__ = (
        UniqueConstraint("workspace_key", "slack_user_id", name="uq_zoom_connections_slack_user"),
        Index("ix_zoom_connections_zoom_user", "zoom_user_id"),
        Index("ix_zoom_connections_team", "team_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    # Enterprise id on Enterprise Grid (user ids are global there), else the team id.
    workspace_key: Mapped[str] = mapped_column(String(32))
    enterprise_id: Mapped[str] = mapped_column(String(32), default="")
    team_id: Mapped[str] = mapped_column(String(32), default="")
    slack_user_id: Mapped[str] = mapped_column(String(32))
    zoom_user_id: Mapped[str] = mapped_column(String(64))
    zoom_email: Mapped[str] = mapped_column(String(320), default="")
    zoom_account_id: Mapped[str] = mapped_column(String(64), default="")
    access_token_enc: Mapped[str] = mapped_column(Text)
    refresh_token_enc: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    connected_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    refreshed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # Set while one worker exchanges the refresh token at Zoom: the others wait for its result instead of
    # spending the same token, and nobody holds a database lock (on SQLite, the whole database) meanwhile.
    refreshing_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class OAuthState(Base):
    """A pending Zoom connect: single-use, bound to one Slack user, short-lived."""

    __tablename__ = "zoom_oauth_states"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    # Only a hash of the state is kept: the state itself is a bearer secret while it lives.
    state_hash: Mapped[str] = mapped_column(String(64), unique=True)
    enterprise_id: Mapped[str] = mapped_column(String(32), default="")
    team_id: Mapped[str] = mapped_column(String(32), default="")
    slack_user_id: Mapped[str] = mapped_column(String(32))
    code_verifier_enc: Mapped[str] = mapped_column(Text)
    # What to do once connected (e.g. the /zoom meet that prompted the connect), encrypted JSON.
    resume_enc: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class AccountToken(Base):
    """The Server-to-Server account token, shared by every worker until shortly before it expires."""

    __tablename__ = "zoom_account_tokens"

    account_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    access_token_enc: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # With expires_at this gives the token's lifetime (rows written before revision 0003 have none).
    obtained_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class PostedMeeting(Base):
    """A meeting the bot created and where it announced it, for listing, cancelling and live status."""

    __tablename__ = "meetings"
    __table_args__ = (Index("ix_meetings_owner", "workspace_key", "slack_user_id"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    zoom_meeting_id: Mapped[int] = mapped_column(BigInteger, index=True)
    workspace_key: Mapped[str] = mapped_column(String(32))
    team_id: Mapped[str] = mapped_column(String(32), default="")
    slack_user_id: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(32), default="")
    message_ts: Mapped[str] = mapped_column(String(32), default="")
    topic: Mapped[str] = mapped_column(String(200))
    start_time: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    duration_minutes: Mapped[int] = mapped_column(Integer)
    timezone: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    zoom_uuid: Mapped[str] = mapped_column(String(64), default="")
    host_zoom_user_id: Mapped[str] = mapped_column(String(64), default="")
    # Encrypted: a join link carries the meeting's passcode. Kept to redraw the message (Join button).
    join_url_enc: Mapped[str] = mapped_column(Text, default="")
    recurrence: Mapped[str | None] = mapped_column(Text, nullable=True)  # Zoom's recurrence fields, JSON
    invitees: Mapped[str] = mapped_column(Text, default="")  # Slack user ids, comma-separated
    # scheduled, live, ended or cancelled; each change stamped with the time of the event that made it, so a
    # retried or late event from Zoom never overwrites a newer one.
    status: Mapped[str] = mapped_column(String(16), default="scheduled")
    status_event_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    schedule_event_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    live_uuid: Mapped[str] = mapped_column(String(64), default="")  # the running instance's uuid
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    changed_by: Mapped[str] = mapped_column(String(32), default="")  # the Slack user who cancelled or moved it


class MeetingParticipant(Base):
    """Who is in a running meeting instance: one row per participant, last event wins (joins and leaves
    arrive retried and out of order)."""

    __tablename__ = "meeting_participants"

    zoom_meeting_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    instance_uuid: Mapped[str] = mapped_column(String(64), primary_key=True)
    participant_key: Mapped[str] = mapped_column(String(64), primary_key=True)  # a digest of Zoom's id
    present: Mapped[bool] = mapped_column(Boolean)
    event_ms: Mapped[int] = mapped_column(BigInteger)


class Command(Base):
    """An acknowledged piece of work (a slash command, a click, a finished connect, a revocation): the row is
    the job. It is written before Slack gets its ack, claimed by one worker at a time under a lease, and
    records each step's outcome, so that a crash, a retry or a second worker never loses or repeats it."""

    __tablename__ = "commands"
    __table_args__ = (
        Index("ix_commands_claimable", "state", "not_before"),
        Index("ix_commands_repeat", "repeat_key", "received_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    # Slack's retry of one delivery, or a second click on one question, carries the same key.
    dedupe_key: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    # The same text from the same person in the same place: Enter pressed twice.
    repeat_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    workspace_key: Mapped[str] = mapped_column(String(32), default="")
    enterprise_id: Mapped[str] = mapped_column(String(32), default="")
    team_id: Mapped[str] = mapped_column(String(32), default="")
    user_id: Mapped[str] = mapped_column(String(32), default="")
    channel_id: Mapped[str] = mapped_column(String(32), default="")
    # Encrypted JSON: the text and the response_url (a bearer capability) among others.
    payload_enc: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), default="pending")
    step: Mapped[str] = mapped_column(String(16), default="received")
    # When the step was recorded: a create recorded as under way may still be in flight at Zoom until the
    # longest call the client makes has run out, whoever holds the row now.
    step_at: Mapped[datetime] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    owner: Mapped[str] = mapped_column(String(80), default="")
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    not_before: Mapped[datetime] = mapped_column(UTCDateTime())
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # A random word that goes into what the work creates at Zoom, to find it again after a crash.
    marker: Mapped[str] = mapped_column(String(32))
    zoom_meeting_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    # Encrypted JSON of what the steps produced (the meeting with its host link, the posted message).
    result_enc: Mapped[str | None] = mapped_column(Text, nullable=True)
    outcome: Mapped[str] = mapped_column(String(200), default="")


class RatePace(Base):
    """Shared pacing of calls to one outside account (a Zoom account's rate limit), across workers."""

    __tablename__ = "rate_pacing"

    pace_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    next_at: Mapped[datetime] = mapped_column(UTCDateTime())
    paused_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class UserPreference(Base):
    """One Slack user's own meeting defaults (each NULL when not set: the workspace's applies) and whether
    they have opened the app's Home tab (only then is it republished when something changes)."""

    __tablename__ = "user_preferences"

    workspace_key: Mapped[str] = mapped_column(String(32), primary_key=True)
    slack_user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    enterprise_id: Mapped[str] = mapped_column(String(32), default="")
    team_id: Mapped[str] = mapped_column(String(32), default="", index=True)
    duration_minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    waiting_room: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    mute_upon_entry: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    require_passcode: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    auto_recording: Mapped[str | None] = mapped_column(String(16), nullable=True)
    join_before_host: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    home_opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
