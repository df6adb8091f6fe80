"""`python bot.py` as a command-line tool, run as a real process in an empty working folder against the emulators:
`--help`, unknown arguments, `check` (what it prints, its exit code, that it writes nothing), and a failed start
that leaves nothing behind."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from handlers.demo.emulators import SlackEmulator, ZoomEmulator
from tests.harness import ROOT, bot_environment, free_port

pytestmark = pytest.mark.slow


def run_bot(args: list[str], env: dict[str, str], workdir: Path, *, timeout: float = 60
            ) -> subprocess.CompletedProcess[str]:
    """`python bot.py ARGS` with only `env` for configuration (nothing of this process's SLACK_/ZOOM_...)."""
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("SLACK_", "ZOOM_", "DATABASE_", "PUBLIC_", "TOKEN_", "LOG_", "PORT"))}
    clean["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, str(ROOT / "bot.py"), *args], cwd=workdir, env={**clean, **env},
                          capture_output=True, text=True, timeout=timeout, check=False)


def embedded_env(zoom: ZoomEmulator, slack: SlackEmulator, **overrides: str) -> dict[str, str]:
    """The emulators' configuration with the embedded default: a relative sqlite:///zoombot.db and no key, so
    that any file a run makes lands in its working folder."""
    env = bot_environment(zoom, slack, "sqlite:///zoombot.db", free_port(), **overrides)
    del env["TOKEN_ENCRYPTION_KEY"]
    return env


def files_in(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_help_lists_the_commands_and_serves_nothing(tmp_path):
    # With a configuration that would serve: --help must not start the server.
    with ZoomEmulator() as zoom, SlackEmulator() as slack:
        env = embedded_env(zoom, slack)
        result = run_bot(["--help"], env, tmp_path, timeout=30)
        check_help = run_bot(["check", "--help"], env, tmp_path, timeout=30)
    assert result.returncode == 0, result.stderr
    for command in ("serve", "check", "demo"):
        assert f"  {command} " in result.stdout
    assert check_help.returncode == 0
    assert "--migrate" in check_help.stdout
    assert files_in(tmp_path) == []


@pytest.mark.parametrize("args", [["--bogus"], ["nope"], ["check", "--bogus"], ["check", "extra"], ["serve", "-x"]])
def test_unknown_arguments_are_an_error(tmp_path, args):
    with ZoomEmulator() as zoom, SlackEmulator() as slack:
        result = run_bot(args, embedded_env(zoom, slack), tmp_path, timeout=30)
    assert result.returncode == 2
    assert "Error: " in result.stderr
    assert "Traceback" not in result.stderr
    assert files_in(tmp_path) == []


def test_check_passes_against_the_emulators_and_writes_nothing(tmp_path):
    with ZoomEmulator() as zoom, SlackEmulator(team_name="Acme") as slack:
        env = embedded_env(zoom, slack, ZOOM_WEBHOOK_SECRET_TOKEN="webhook-secret-token")
        result = run_bot(["check"], env, tmp_path)
        probes = zoom.token_requests
        oauth_url = zoom.oauth_url
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    checks = [line for line in lines if line.startswith(("ok  ", "FAIL"))]
    assert checks
    assert all(line.startswith("ok  ") for line in checks), result.stdout
    public = env["PUBLIC_URL"]
    assert any("Slack bot token" in line and "workspace Acme (T" in line and "bot @zoombot" in line
               for line in checks)
    assert any(line.startswith(f"ok    Zoom OAuth server {oauth_url}:") for line in checks)
    assert any("database sqlite:///zoombot.db" in line and "not created yet" in line for line in checks)
    assert any("TOKEN_ENCRYPTION_KEY" in line and "first start generates" in line for line in checks)
    # The URLs to register, in full.
    assert f"  Zoom app > OAuth Redirect URL, and the OAuth Allow List: {public}/zoom/oauth/callback" in lines
    assert any(line.endswith(f": {public}/zoom/webhooks") for line in lines)
    for where in ("Slash Commands > /zoom", "Interactivity & Shortcuts", "Event Subscriptions"):
        assert f"  Slack app > {where} > Request URL: {public}/slack/events" in lines
    assert lines[-1] == f"All {len(checks)} checks passed."
    # Zoom's OAuth server was really asked (a made-up refresh token, refused), and nothing was written here.
    assert [(p.grant_type, p.status, p.error) for p in probes] == [("refresh_token", 400, "invalid_grant")]
    assert files_in(tmp_path) == []
    for secret in ("webhook-secret-token", zoom.client_secret, slack.bot_token):
        assert secret not in result.stdout + result.stderr


def test_check_fails_with_the_fix_for_each_problem_and_writes_nothing(tmp_path):
    with ZoomEmulator() as zoom, SlackEmulator() as slack:
        env = embedded_env(zoom, slack, SLACK_BOT_TOKEN="xoxb-not-the-real-one", ZOOM_CLIENT_SECRET="wrong",
                           PUBLIC_URL="https://zoombot.example")
        result = run_bot(["check"], env, tmp_path)
    assert result.returncode == 1
    failed = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
    assert len(failed) == 3, result.stdout
    assert "auth.test refused SLACK_BOT_TOKEN (invalid_auth) -> fix: copy it again" in failed[1]
    assert "placeholder" in failed[0]
    assert "refused ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET (invalid_client) -> fix:" in failed[2]
    assert "3 of " in result.stdout.splitlines()[-1]
    assert files_in(tmp_path) == []


def test_check_reports_what_cannot_be_reached(tmp_path):
    closed = f"http://127.0.0.1:{free_port()}"
    with ZoomEmulator() as zoom, SlackEmulator() as slack:
        env = embedded_env(zoom, slack, SLACK_API_URL=f"{closed}/api/", ZOOM_OAUTH_URL=closed,
                           DATABASE_URL=f"sqlite:///{tmp_path}/no/such/folder/zoombot.db")
        result = run_bot(["check"], env, tmp_path)
    assert result.returncode == 1
    failed = "\n".join(line for line in result.stdout.splitlines() if line.startswith("FAIL"))
    assert f"the Slack Web API at {closed}/api/ could not be reached" in failed
    assert f"Zoom OAuth server {closed}: could not be reached -> fix: check ZOOM_OAUTH_URL" in failed
    assert "does not exist -> fix: create it" in failed
    assert files_in(tmp_path) == []


def test_a_configuration_that_does_not_load_fails_each_problem_on_its_line(tmp_path):
    with ZoomEmulator() as zoom, SlackEmulator() as slack:
        env = embedded_env(zoom, slack, LOG_LEVEL="LOUD", ZOOM_CLIENT_ID="")
        result = run_bot(["check"], env, tmp_path)
    assert result.returncode == 1
    assert "FAIL  configuration: LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, not 'LOUD'" \
        in result.stdout
    assert "FAIL  configuration: set ZOOM_CLIENT_ID" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert files_in(tmp_path) == []


def test_check_in_account_mode_obtains_an_account_token(tmp_path):
    with ZoomEmulator(s2s_client_id="s2s-id", s2s_client_secret="s2s-secret") as zoom, SlackEmulator() as slack:
        env = embedded_env(zoom, slack, ZOOM_CLIENT_ID="s2s-id", ZOOM_CLIENT_SECRET="s2s-secret",
                           ZOOM_ACCOUNT_ID=zoom.account_id)
        good = run_bot(["check"], env, tmp_path)
        bad = run_bot(["check"], {**env, "ZOOM_ACCOUNT_ID": "not-the-account"}, tmp_path)
        grants = zoom.account_grant_count
        account_id = zoom.account_id
    assert good.returncode == 0, good.stdout
    assert f"ok    Zoom account token: obtained for ZOOM_ACCOUNT_ID {account_id}" in good.stdout
    assert "OAuth Redirect URL" not in good.stdout  # a Server-to-Server app has none
    assert bad.returncode == 1
    assert "FAIL  Zoom account token: Zoom refused an account token for ZOOM_ACCOUNT_ID" in bad.stdout
    assert grants == 1
    assert files_in(tmp_path) == []


def test_check_migrate_creates_the_schema_only_when_asked(tmp_path, database_url):
    with ZoomEmulator() as zoom, SlackEmulator() as slack:
        env = bot_environment(zoom, slack, database_url, free_port())
        before = run_bot(["check"], env, tmp_path)
        assert _tables(database_url) == set()
        migrated = run_bot(["check", "--migrate"], env, tmp_path)
        after = run_bot(["check"], env, tmp_path)
    assert before.returncode == 0, before.stdout
    assert "no schema yet" in before.stdout or "not created yet" in before.stdout
    assert migrated.returncode == 0, migrated.stdout
    assert "migrated: at revision" in migrated.stdout
    assert {"alembic_version", "commands", "zoom_connections"} <= _tables(database_url)
    assert after.returncode == 0
    assert "the newest" in after.stdout


def test_a_failed_first_start_leaves_no_database_key_or_lock_behind(tmp_path):
    with ZoomEmulator() as zoom, SlackEmulator() as slack:
        refused = run_bot([], embedded_env(zoom, slack, SLACK_BOT_TOKEN="xoxb-revoked"), tmp_path)
        assert refused.returncode == 2
        assert "Slack refused SLACK_BOT_TOKEN (invalid_auth)" in refused.stderr
        assert files_in(tmp_path) == []

        with socket.socket() as taken:
            taken.bind(("0.0.0.0", 0))  # where the bot listens
            taken.listen()
            env = embedded_env(zoom, slack, PORT=str(taken.getsockname()[1]))
            busy = run_bot([], env, tmp_path)
    assert busy.returncode == 2, busy.stderr
    assert f"port {env['PORT']} cannot be opened" in busy.stderr
    assert "Traceback" not in refused.stderr + busy.stderr
    assert files_in(tmp_path) == []


def test_log_level_that_is_no_level_is_a_configuration_error(tmp_path):
    with ZoomEmulator() as zoom, SlackEmulator() as slack:
        result = run_bot([], embedded_env(zoom, slack, LOG_LEVEL="LOUD"), tmp_path)
    assert result.returncode == 2
    assert "LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, not 'LOUD'" in result.stderr
    assert "Traceback" not in result.stderr
    assert files_in(tmp_path) == []


def _tables(database_url: str) -> set[str]:
    if database_url.startswith("sqlite:///") and not Path(database_url.removeprefix("sqlite:///")).exists():
        return set()  # (opening it would create it)
    engine = create_engine(database_url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_check_migrate_on_the_embedded_database_makes_its_key_so_the_next_check_passes(tmp_path):
    with ZoomEmulator() as zoom, SlackEmulator() as slack:
        env = embedded_env(zoom, slack)
        migrated = run_bot(["check", "--migrate"], env, tmp_path)
        again = run_bot(["check"], env, tmp_path)
    assert migrated.returncode == 0, migrated.stdout
    assert again.returncode == 0, again.stdout  # not "exists without its key file"
    assert {"zoombot.db", "zoombot.db.key"} <= set(files_in(tmp_path))


def test_demo_without_its_extra_says_how_to_install_it(tmp_path):
    # As if websockets were not installed (pip install . without [demo]): None in sys.modules stops its import.
    program = ("import sys; sys.modules['websockets'] = None; sys.argv = ['bot.py', 'demo']; "
               "import bot; bot.main()")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ZOOM_", "DATABASE_"))}
    result = subprocess.run([sys.executable, "-c", program], cwd=ROOT, env={**clean, "PYTHONPATH": str(ROOT)},
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1
    assert 'pip install -e ".[demo]"' in result.stderr
    assert "Traceback" not in result.stderr


def test_json_logs_start_with_json_even_before_logging_is_set_up(tmp_path):
    # The first start makes the embedded key and says so while the settings load: that line is JSON too.
    with ZoomEmulator() as zoom, SlackEmulator() as slack:
        env = embedded_env(zoom, slack, LOG_FORMAT="json", SLACK_BOT_TOKEN="xoxb-revoked")
        result = run_bot([], env, tmp_path)
    lines = [line for line in result.stderr.splitlines() if line.strip().startswith("{")]
    assert any("generated one into" in json.loads(line).get("message", "") for line in lines), result.stderr
    assert not any("generated one into" in line and not line.startswith("{") for line in result.stderr.splitlines())
