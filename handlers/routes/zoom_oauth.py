"""`GET /zoom/oauth/callback`: where Zoom sends the user's browser after they approve (or not); and
`GET /zoom/oauth/finish`, the page that follows the connect to its end.

The callback answers at once: it takes the single-use state, stores the code exchange as a durable command
and sends the browser (303, so the code leaves the address bar and its history) to a page that refreshes
itself until the exchange is done. A slow Zoom token endpoint then holds no web server thread, and the
acks of everybody's commands never queue behind people connecting.
"""

from __future__ import annotations

import logging
import secrets

from flask import Blueprint, Response, redirect, request
from werkzeug.wrappers import Response as WerkzeugResponse

from handlers.app.services import Services
from handlers.flows.connect import CONNECTED, RETRY_HINT, finish_connect_command, ticket_key
from handlers.ui.pages import error_page, page
from storage.commands import PENDING

log = logging.getLogger(__name__)

FINISH_PATH = "/zoom/oauth/finish"
MAX_TICKET_CHARS = 100


def zoom_oauth_blueprint(services: Services) -> Blueprint:
    blueprint = Blueprint("zoom_oauth", __name__)

    @blueprint.get("/zoom/oauth/callback")
    def callback() -> WerkzeugResponse:  # redirect() is typed as giving werkzeug's, flask's base class
        state = request.args.get("state", "")
        code = request.args.get("code", "")
        if not state:
            return error_page("This link is incomplete", "Zoom did not send back the state of the request.",
                              RETRY_HINT)
        pending = services.states.consume(state)  # single use, whatever happens next
        if pending is None:
            return error_page("This link has expired or was already used",
                              "Connect links work once, for 10 minutes.", RETRY_HINT)
        if request.args.get("error"):
            return error_page("Zoom was not connected", "Access was not granted on Zoom's page.", RETRY_HINT)
        if not code or len(code) > 2000:
            return error_page("This link is incomplete", "Zoom did not send an authorization code.", RETRY_HINT)
        ticket = secrets.token_urlsafe(24)
        services.runner.submit(finish_connect_command(pending.key, code=code, code_verifier=pending.code_verifier,
                                                      resume=pending.resume, ticket=ticket))
        response = redirect(f"{FINISH_PATH}?ticket={ticket}", code=303)
        response.headers["Cache-Control"] = "no-store"
        return response

    @blueprint.get(FINISH_PATH)
    def finish() -> Response:
        ticket = request.args.get("ticket", "")
        command = None
        if 0 < len(ticket) <= MAX_TICKET_CHARS:
            command = services.commands.by_dedupe_key(ticket_key(ticket))
        if command is None:
            return error_page("This page has expired", "It follows one connect, for a day.", RETRY_HINT, status=404)
        if command.state == PENDING:
            return page("Connecting Zoom", ["Zoom has answered; the connection is being finished.",
                                            "This page updates itself in a moment."],
                        status=202, ok=True, refresh_seconds=1)
        result = command.result or {}
        if result.get("page") == CONNECTED:
            paragraphs = [f"Connected as {result.get('email', '')}."]
            if result.get("resumed"):
                paragraphs.append("Your meeting is being created now; you will see it in Slack in a moment.")
            paragraphs.append("You can close this tab and return to Slack.")
            return page("Zoom is connected", paragraphs, status=200, ok=True,
                        link=(f"slack://open?team={result.get('team_id', '')}", "Return to Slack"))
        return error_page(str(result.get("title") or "Something went wrong"),
                          str(result.get("text") or "The bot could not finish connecting Zoom."), RETRY_HINT,
                          status=int(result.get("status") or 500))

    return blueprint
