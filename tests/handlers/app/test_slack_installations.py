"""Slack installations: tokens encrypted at rest on both databases, older plaintext rows still readable."""

from __future__ import annotations

from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

from handlers.app.installations import EncryptedInstallationStore
from storage import TokenCipher
from tests.harness import dump_tables

SLACK_TABLES = ("slack_installations", "slack_bots")

LONG_ROTATING_TOKEN = "xoxe.xoxb-1-" + "A" * 180  # longer than the library's 200-character columns once sealed


def _installation(team_id: str, bot_token: str) -> Installation:
    return Installation(app_id="A0APP", enterprise_id=None, team_id=team_id, user_id="U0INSTALLER",
                        bot_token=bot_token, bot_id="B1", bot_user_id="UB1", bot_scopes="commands",
                        bot_refresh_token="xoxe-1-refresh-secret", bot_token_expires_in=43200)


def test_tokens_are_sealed_and_come_back_whole(db):
    store = EncryptedInstallationStore("111.222", db.write_engine, TokenCipher([TokenCipher.generate_key()]))
    store.save(_installation("T1", LONG_ROTATING_TOKEN))
    raw = dump_tables(db.read_engine, SLACK_TABLES)
    assert "T1" in raw
    assert LONG_ROTATING_TOKEN not in raw
    assert "xoxe-1-refresh-secret" not in raw
    bot = store.find_bot(enterprise_id=None, team_id="T1")
    assert bot.bot_token == LONG_ROTATING_TOKEN
    assert bot.bot_refresh_token == "xoxe-1-refresh-secret"
    assert store.find_installation(enterprise_id=None, team_id="T1").bot_token == LONG_ROTATING_TOKEN


def test_rows_written_before_encryption_still_read(db):
    SQLAlchemyInstallationStore(client_id="111.222", engine=db.write_engine).save(_installation("T2", "xoxb-old"))
    store = EncryptedInstallationStore("111.222", db.write_engine, TokenCipher([TokenCipher.generate_key()]))
    assert store.find_bot(enterprise_id=None, team_id="T2").bot_token == "xoxb-old"
