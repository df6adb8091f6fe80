"""Persistence: SQLAlchemy models, schema migrations and the few queries the bot needs. No HTTP here."""

from storage.connections import ConnectionInfo, ConnectionStore, GrantLost, NotConnected, RemovedGrant
from storage.crypto import KeyConfigError, TokenCipher
from storage.db import Database
from storage.keys import SlackUserKey
from storage.meetings import MeetingLog, MeetingRecord
from storage.oauth_states import OAuthStateStore, PendingConnect

__all__ = [
    "ConnectionInfo",
    "ConnectionStore",
    "Database",
    "GrantLost",
    "KeyConfigError",
    "MeetingLog",
    "MeetingRecord",
    "NotConnected",
    "OAuthStateStore",
    "PendingConnect",
    "RemovedGrant",
    "SlackUserKey",
    "TokenCipher",
]
