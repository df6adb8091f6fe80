"""The playground page: be one of the demo users, type a /zoom command, see what the bot did.

One small Flask app beside the bot (never inside it). A command or a button goes to the bot as Slack sends it
(Sandbox.slash / Sandbox.click: signed, to /slack/events); the page shows the channel as everyone sees it, what only
the chosen user sees (ephemeral replies and direct messages), and what Zoom received. A small inline script asks
/changes once a second and reloads the page when something new arrived (a reply after the ack, a meeting made
once the user connected in another tab).
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from flask import Flask, Response, abort, jsonify, redirect, request
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from werkzeug.wrappers import Response as WerkzeugResponse

from handlers.demo.blocks_html import blocks_html
from handlers.demo.sandbox import CHANNEL_ID, CHANNEL_NAME, DEMO_USERS, DemoUser, Sandbox

_MENTION = re.compile(r"<@([UW][A-Z0-9]+)>")

EXAMPLE_COMMAND = "/zoom meet Design review tomorrow 3pm"
SETTLE_SECONDS = 5.0  # how long a command's answer waits for the bot's work after the ack before the page shows

_TEMPLATES = Environment(
    loader=PackageLoader("handlers.demo", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class Shown:
    """One message on the page."""

    ts: str
    where: str  # "channel", "ephemeral" or "dm"
    html: Markup
    edited: bool


def playground_app(sandbox: Sandbox) -> Flask:
    app = Flask("zoombot-demo")

    @app.get("/")
    def index() -> Response:
        user = _user(sandbox, request.args.get("user"))
        nonce = secrets.token_urlsafe(16)
        html = _TEMPLATES.get_template("playground.html").render(
            users=DEMO_USERS, user=user, channel_name=CHANNEL_NAME, example=EXAMPLE_COMMAND,
            command=request.args.get("command", EXAMPLE_COMMAND), notice=request.args.get("notice", ""),
            channel=[m for m in _messages(sandbox, user) if m.where == "channel"],
            private=[m for m in _messages(sandbox, user) if m.where != "channel"],
            forms=_forms(sandbox, user), zoom_calls=_zoom_calls(sandbox), meetings=_meetings(sandbox),
            version=_version(sandbox), nonce=nonce)
        response = Response(html, mimetype="text/html")
        response.headers["Content-Security-Policy"] = (
            f"default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-{nonce}'; connect-src 'self'; "
            "form-action 'self'")
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.post("/command")
    def command() -> WerkzeugResponse:
        user = _user(sandbox, request.form.get("user"))
        typed = request.form.get("text", "").strip()
        text = typed.removeprefix("/zoom").strip()
        ack = sandbox.slash(user, text)
        notice = "" if ack.status_code == 200 else f"The bot answered HTTP {ack.status_code}."
        sandbox.settle(SETTLE_SECONDS)
        return _back(user, notice, typed)

    @app.post("/click")
    def click() -> WerkzeugResponse:
        user = _user(sandbox, request.form.get("user"))
        try:
            ack = sandbox.click(user, request.form.get("ts", ""), request.form.get("action_id", ""),
                                request.form.get("block_id") or None)
        except LookupError:
            return _back(user, "That button is no longer there.")
        sandbox.settle(SETTLE_SECONDS)
        return _back(user, "" if ack.status_code == 200 else f"The bot answered HTTP {ack.status_code}.")

    @app.get("/changes")
    def changes() -> Response:
        return jsonify(version=_version(sandbox))

    return app


def _user(sandbox: Sandbox, slack_id: str | None) -> DemoUser:
    """The demo user the page is for; this browser is then signed in to Zoom as them (the consent page's choice)."""
    for user in DEMO_USERS:
        if user.slack_id == (slack_id or DEMO_USERS[0].slack_id):
            sandbox.zoom.login_as(user.email)
            return user
    abort(400)
    raise AssertionError("abort raises")  # for the type checker
    return None


def _back(user: DemoUser, notice: str = "", command: str | None = None) -> WerkzeugResponse:
    query = {"user": user.slack_id, **({"notice": notice} if notice else {}),
             **({"command": command} if command else {})}
    return redirect(f"/?{urlencode(query)}", code=303)


def _messages(sandbox: Sandbox, user: DemoUser) -> list[Shown]:
    """What `user` sees, oldest first: the channel, their ephemerals and their direct messages with the bot."""
    dm_channels = {m.channel for m in sandbox.slack.messages if m.requested_channel == user.slack_id}

    def button_form(element: dict[str, Any], block_id: str | None, ts: str) -> Markup:
        return Markup(
            '<form method="post" action="/click" class="click"><input type="hidden" name="user" value="{}">'
            '<input type="hidden" name="ts" value="{}"><input type="hidden" name="action_id" value="{}">'
            '<input type="hidden" name="block_id" value="{}"><button type="submit" class="{}">{}</button></form>'
        ).format(user.slack_id, ts, element.get("action_id", ""), block_id or "", element.get("style", ""),
                 str((element.get("text") or {}).get("text", "")))

    names = {person.slack_id: person.real_name for person in DEMO_USERS}
    shown = []
    for message in sandbox.slack.shown_to(user.slack_id):
        if message.user == user.slack_id:
            where = "ephemeral"
        elif message.channel in dm_channels:
            where = "dm"
        elif message.channel == CHANNEL_ID:
            where = "channel"
        else:
            continue  # someone else's direct messages

        def form(element: dict[str, Any], block_id: str | None, ts: str = message.ts) -> Markup:
            return button_form(element, block_id, ts)

        blocks = _named(message.blocks, names)
        shown.append(Shown(message.ts, where, blocks_html(blocks, message.text, user.tz, form),
                           bool(message.versions)))
    return shown


def _named(node: Any, names: dict[str, str]) -> Any:
    """The blocks with each `<@U…>` labelled with its person's name, as Slack's client shows a mention."""
    if isinstance(node, str):
        return _MENTION.sub(lambda m: f"<@{m[1]}|{names[m[1]]}>" if m[1] in names else m[0], node)
    if isinstance(node, list):
        return [_named(item, names) for item in node]
    if isinstance(node, dict):
        return {key: _named(value, names) for key, value in node.items()}
    return node


def _forms(sandbox: Sandbox, user: DemoUser) -> list[str]:
    """Titles of the forms (modals) the bot opened for `user`: shown by name only."""
    titles = []
    for view in sandbox.slack.views:
        if view.user_id == user.slack_id and view.method in ("views.open", "views.push"):
            titles.append(str((view.view.get("title") or {}).get("text", "a form")))
    return titles


def _zoom_calls(sandbox: Sandbox) -> list[str]:
    return [f"{call.method} {call.path}" for call in sandbox.zoom.api_calls]


def _meetings(sandbox: Sandbox) -> list[dict[str, str]]:
    """Each meeting Zoom holds, with the request body that created it (no start_url: it grants host rights)."""
    return [{"topic": m.topic, "host": m.host_email, "start": m.start_time, "timezone": m.timezone,
             "deleted": "yes" if m.deleted else "", "body": json.dumps(m.request_body, indent=2, sort_keys=True)}
            for m in sandbox.zoom.meetings]


def _version(sandbox: Sandbox) -> str:
    """Changes whenever anything the page shows may have changed."""
    slack, zoom = sandbox.slack, sandbox.zoom
    counts = (len(slack.shown), sum(len(m.versions) + m.deleted for m in slack.shown), len(slack.views),
              len(zoom.api_calls), len(zoom.meetings))
    return ".".join(map(str, counts))
