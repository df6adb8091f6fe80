"""Configuration: what a new admin sees when something is missing or malformed."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from handlers.app.config import ConfigError, load_settings
from storage import TokenCipher
from tests.harness import free_port

ROOT = Path(__file__).resolve().parents[3]
MINIMAL = {
    "SLACK_SIGNING_SECRET": "signing-secret",
    "SLACK_BOT_TOKEN": "xoxb-1",
    "ZOOM_CLIENT_ID": "zid",
    "ZOOM_CLIENT_SECRET": "zsecret",
}


def _load(tmp_path, **env):
    values = {"DATABASE_URL": f"sqlite:///{tmp_path}/zoombot.db", **MINIMAL, **env}
    return load_settings({k: v for k, v in values.items() if v is not None}, dotenv_path=None)


def test_defaults(tmp_path):
    settings = _load(tmp_path)
    assert settings.port == 3000
    assert settings.public_url == "http://localhost:3000"
    assert settings.zoom_redirect_uri == "http://localhost:3000/zoom/oauth/callback"
    assert settings.zoom_oauth_url == "https://zoom.us"
    assert settings.zoom_api_url == "https://api.zoom.us/v2"
    assert settings.slack_api_url == "https://slack.com/api/"
    assert settings.default_duration_minutes == 60


def test_embedded_key_is_generated_once_with_mode_0600(tmp_path):
    first = _load(tmp_path).token_encryption_keys
    key_file = tmp_path / "zoombot.db.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert _load(tmp_path).token_encryption_keys == first
    TokenCipher.from_setting(first)


def test_postgres_requires_an_explicit_key(tmp_path):
    with pytest.raises(ConfigError) as error:
        _load(tmp_path, DATABASE_URL="postgresql+psycopg://u@h/db")
    assert any("TOKEN_ENCRYPTION_KEY" in line for line in error.value.problems)


def test_every_problem_is_reported_at_once(tmp_path):
    with pytest.raises(ConfigError) as error:
        load_settings({"PORT": "eighty", "ZOOM_API_URL": "ftp://x", "TOKEN_ENCRYPTION_KEY": "short",
                       "DATABASE_URL": "mysql://x/y", "ZOOM_AUTO_RECORDING": "tape",
                       "ZOOM_DEFAULT_DURATION": "2000", "ZOOM_WAITING_ROOM": "maybe"}, dotenv_path=None)
    text = "\n".join(error.value.problems)
    for expected in ("PORT", "ZOOM_API_URL", "TOKEN_ENCRYPTION_KEY", "DATABASE_URL", "ZOOM_AUTO_RECORDING",
                     "ZOOM_DEFAULT_DURATION", "ZOOM_WAITING_ROOM", "SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN",
                     "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET"):
        assert expected in text, expected


def test_bot_exits_with_one_line_per_problem_and_no_traceback(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ZOOM_", "DATABASE_URL", "PUBLIC_"))}
    result = subprocess.run([sys.executable, str(ROOT / "bot.py")], cwd=tmp_path, env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("  - ")]
    assert len(lines) >= 3
    assert any("ZOOM_CLIENT_ID" in line for line in lines)
    assert list(tmp_path.iterdir()) == []  # a start that fails leaves nothing behind, not even a key file


def test_meeting_defaults_from_the_environment(tmp_path):
    settings = _load(tmp_path, ZOOM_DEFAULT_DURATION="30", ZOOM_WAITING_ROOM="false", ZOOM_AUTO_RECORDING="cloud",
                     ZOOM_JOIN_BEFORE_HOST="yes", ZOOM_REQUIRE_PASSCODE="false")
    assert settings.default_duration_minutes == 30
    assert settings.meeting_settings.waiting_room is False
    assert settings.meeting_settings.join_before_host is True
    assert settings.meeting_settings.auto_recording == "cloud"
    assert settings.meeting_settings.require_passcode is False


def _run_bot(tmp_path, **env) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ZOOM_", "DATABASE_URL", "PUBLIC_"))}
    values = {**base, **MINIMAL, "DATABASE_URL": f"sqlite:///{tmp_path}/zoombot.db", "PORT": str(free_port()), **env}
    return subprocess.run([sys.executable, str(ROOT / "bot.py")], cwd=tmp_path, env=values, capture_output=True,
                          text=True, timeout=60)


def test_a_refused_bot_token_stops_the_bot_with_one_line(tmp_path):
    from handlers.demo.emulators import SlackEmulator

    with SlackEmulator() as slack:
        result = _run_bot(tmp_path, SLACK_API_URL=slack.api_url, SLACK_BOT_TOKEN="xoxb-not-a-real-token")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "Slack refused SLACK_BOT_TOKEN (invalid_auth)" in result.stderr
    assert "xoxb-not-a-real-token" not in result.stderr


def test_an_unreachable_database_stops_the_bot_with_one_line(tmp_path):
    result = _run_bot(tmp_path, DATABASE_URL="postgresql+psycopg://nobody@127.0.0.1:1/none",
                      TOKEN_ENCRYPTION_KEY=TokenCipher.generate_key())
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "database could not be opened" in result.stderr
