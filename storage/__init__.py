"""Persistence: SQLAlchemy models, schema migrations and the few queries the bot needs. No HTTP, no Zoom client,
no Slack library here (enforced by the import contracts in pyproject.toml)."""

from storage.commands import CommandStore, LeaseLost, NewCommand, StoredCommand
from storage.connections import ConnectionInfo, ConnectionStore, NotConnected, RefreshBusy, RemovedGrant
from storage.crypto import KeyConfigError, TokenCipher
from storage.db import Database
from storage.keys import SlackUserKey
from storage.meetings import MeetingLog, MeetingRecord
from storage.oauth_states import OAuthStateStore, PendingConnect
from storage.pacing import RatePacer
from storage.preferences import MeetingDefaults, PreferenceStore
from storage.tokens import GrantLost, IssuedTokens

__all__ = [
    "CommandStore",
    "ConnectionInfo",
    "ConnectionStore",
    "Database",
    "GrantLost",
    "IssuedTokens",
    "KeyConfigError",
    "LeaseLost",
    "MeetingDefaults",
    "MeetingLog",
    "MeetingRecord",
    "NewCommand",
    "NotConnected",
    "OAuthStateStore",
    "PendingConnect",
    "PreferenceStore",
    "RatePacer",
    "RefreshBusy",
    "RemovedGrant",
    "SlackUserKey",
    "StoredCommand",
    "TokenCipher",
]
