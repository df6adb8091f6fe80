"""manifest.yml is what admins paste into Slack: it must be valid and declare what the bot uses."""

from pathlib import Path

import jsonschema
import yaml

from handlers.app.slack_install import BOT_SCOPES
from tests.specs import manifest_schema

MANIFEST = yaml.safe_load((Path(__file__).resolve().parents[2] / "manifest.yml").read_text())


def test_manifest_validates_against_slacks_schema():
    jsonschema.Draft7Validator(manifest_schema()).validate(MANIFEST)


def test_schema_rejects_a_broken_manifest():
    broken = dict(MANIFEST, settings={"not_a_setting": True})
    errors = list(jsonschema.Draft7Validator(manifest_schema()).iter_errors(broken))
    assert errors


def test_manifest_declares_the_command_scopes_and_urls():
    commands = {c["command"]: c for c in MANIFEST["features"]["slash_commands"]}
    assert commands["/zoom"]["url"].endswith("/slack/events")
    bot_scopes = set(MANIFEST["oauth_config"]["scopes"]["bot"])
    assert {"commands", "chat:write", "users:read", "users:read.email"} <= bot_scopes  # email: account mode
    assert bot_scopes == set(BOT_SCOPES)  # the install link asks for exactly what the manifest declares
    assert MANIFEST["settings"]["interactivity"]["request_url"].endswith("/slack/events")
    assert MANIFEST["settings"]["event_subscriptions"]["request_url"].endswith("/slack/events")
    assert {"app_uninstalled", "tokens_revoked"} <= set(MANIFEST["settings"]["event_subscriptions"]["bot_events"])
    assert any(url.endswith("/slack/oauth_redirect") for url in MANIFEST["oauth_config"]["redirect_urls"])
