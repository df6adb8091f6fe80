"""The floor for ack latency: a Bolt app that verifies Slack's signature and acks `/zoom`, nothing else,
served like the bot (Flask under waitress, 16 threads, 1,000 connections). Started by bench/durable_load.py.

    SLACK_SIGNING_SECRET=... PORT=3999 python bench/bare_bolt.py
"""

from __future__ import annotations

import os

from flask import Flask, request
from slack_bolt import Ack, App
from slack_bolt.adapter.flask import SlackRequestHandler
from slack_bolt.authorization import AuthorizeResult
from waitress import serve


def main() -> None:
    def authorize(enterprise_id: str | None, team_id: str | None, user_id: str | None) -> AuthorizeResult:
        # No Web API call at all (the bot checks its token once at start, then answers from memory).
        return AuthorizeResult(enterprise_id=enterprise_id, team_id=team_id, user_id=user_id,
                               bot_token="xoxb-bare", bot_user_id="UBARE")  # noqa: S106 - never sent anywhere

    app = App(signing_secret=os.environ["SLACK_SIGNING_SECRET"], authorize=authorize, process_before_response=True)

    @app.command("/zoom")
    def ack_only(ack: Ack) -> None:
        ack()

    flask_app = Flask("bare")
    handler = SlackRequestHandler(app)
    flask_app.add_url_rule("/slack/events", "events", lambda: handler.handle(request), methods=["POST"])
    flask_app.add_url_rule("/healthz", "healthz", lambda: "ok")
    serve(flask_app, host="127.0.0.1", port=int(os.environ["PORT"]), threads=16, connection_limit=1000)


if __name__ == "__main__":
    main()
