"""manifest.yml is what admins paste into Slack: it must be valid and declare what the bot uses."""

from pathlib import Path

import jsonschema
import yaml

from handlers.app.slack_install import BOT_SCOPES
from handlers.demo.specs import manifest_schema

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


def test_manifest_declares_the_shortcuts_the_bot_listens_for():
    from handlers.flows.about_message import ABOUT_MESSAGE_SHORTCUT
    from handlers.listeners.shortcuts.schedule import SCHEDULE_SHORTCUT

    shortcuts = {s["callback_id"]: s for s in MANIFEST["features"]["shortcuts"]}
    assert shortcuts[ABOUT_MESSAGE_SHORTCUT]["type"] == "message"
    assert shortcuts[SCHEDULE_SHORTCUT]["type"] == "global"
    assert set(shortcuts) == {ABOUT_MESSAGE_SHORTCUT, SCHEDULE_SHORTCUT}
    # Shortcuts arrive at the interactivity URL: it must be on.
    assert MANIFEST["settings"]["interactivity"]["is_enabled"] is True


def test_zoom_command_escapes_mentions_and_hints_its_subcommands():
    zoom = next(c for c in MANIFEST["features"]["slash_commands"] if c["command"] == "/zoom")
    assert zoom["should_escape"] is True  # mentions arrive as <@U123|name>: the people to invite
    # Every word the /zoom listener takes (handlers/listeners/commands/zoom.py): meet, help and the registry's.
    from handlers.flows.registry import SUBCOMMANDS

    hinted = {alternative.strip(" []").split()[0] for alternative in zoom["usage_hint"].split("|")}
    assert {"meet", "help", *SUBCOMMANDS} <= hinted, {"meet", "help", *SUBCOMMANDS} - hinted


def test_manifest_turns_on_the_home_tab_and_the_event_that_publishes_it():
    assert MANIFEST["features"]["app_home"]["home_tab_enabled"] is True
    assert "app_home_opened" in MANIFEST["settings"]["event_subscriptions"]["bot_events"]
    # Its buttons and its modals arrive at the interactivity URL.
    assert MANIFEST["settings"]["interactivity"]["is_enabled"] is True
