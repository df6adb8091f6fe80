"""Persistence: SQLAlchemy models, schema migrations and the few queries the bot needs. No HTTP here."""

from storage.commands import CommandStore, LeaseLost, NewCommand, StoredCommand
from storage.connections import ConnectionInfo, ConnectionStore, GrantLost, NotConnected, RefreshBusy, RemovedGrant
from storage.crypto import KeyConfigError, TokenCipher
from storage.db import Database
from storage.keys import SlackUserKey
from storage.meetings import MeetingLog, MeetingRecord
from storage.oauth_states import OAuthStateStore, PendingConnect
from storage.pacing import RatePacer

__all__ = [
    "CommandStore",
    "ConnectionInfo",
    "ConnectionStore",
    "Database",
    "GrantLost",
    "KeyConfigError",
    "LeaseLost",
    "MeetingLog",
    "MeetingRecord",
    "NewCommand",
    "NotConnected",
    "OAuthStateStore",
    "PendingConnect",
    "RatePacer",
    "RefreshBusy",
    "RemovedGrant",
    "SlackUserKey",
    "StoredCommand",
    "TokenCipher",
]
