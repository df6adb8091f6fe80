"""The Bolt app and the Flask app around it."""

from __future__ import annotations

import logging
import re
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import cast

from flask import Flask, Response, jsonify, request
from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.adapter.flask import SlackRequestHandler
from slack_bolt.adapter.flask.handler import to_bolt_request, to_flask_response
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.context import BoltContext
from slack_bolt.request.internals import build_context
from slack_sdk.signature import SignatureVerifier
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from handlers.app import metrics
from handlers.app.log_context import about, slack_fields
from handlers.app.services import Services
from handlers.app.slack_install import cached_installation_authorize, oauth_settings
from handlers.listeners import register_listeners
from handlers.routes.body_checks import Malformed, read_slack_body
from handlers.routes.health import health_blueprint
from handlers.routes.metrics import metrics_blueprint
from handlers.routes.zoom_oauth import zoom_oauth_blueprint
from handlers.routes.zoom_webhooks import zoom_webhooks_blueprint
from handlers.ui.pages import error_page

log = logging.getLogger(__name__)


def build_bolt_app(services: Services) -> App:
    settings = services.settings
    install = oauth_settings(services) if settings.slack_oauth_install else None
    # App() types `authorize` as always giving an AuthorizeResult, but wraps it in CallableAuthorize, which passes
    # a None (not installed there) through, as Bolt's own InstallationStoreAuthorize returns: hence the cast.
    authorize = cast("Callable[..., AuthorizeResult]", cached_installation_authorize(services, install)) \
        if install else None
    app = (_AckTimedApp if settings.socket_mode else App)(
        client=services.slack_client,
        oauth_settings=install,
        # Single workspace: Bolt checks the token with auth.test once, at start (a refused token stops the
        # bot there). Many workspaces: that check is cached per token, so acks do not wait on Slack.
        authorize=authorize,
        signing_secret=settings.slack_signing_secret or None,
        # The listener itself returns at once (work goes to background jobs), so answering after it
        # ran costs nothing and never leaves the ack waiting on a full listener pool.
        process_before_response=True,
        request_verification_enabled=not settings.socket_mode,
        logger=logging.getLogger("slack_bolt"),
    )
    register_listeners(app, services)
    app.error(_unreadable_or_unexpected)
    return app


class _AckTimedApp(App):
    """Over Socket Mode, Bolt's dispatch is all there is between Slack's envelope and the ack the handler sends
    back after it (process_before_response): timed here, as /slack/events times it in HTTP mode."""

    def dispatch(self, req: BoltRequest) -> BoltResponse:
        started = time.perf_counter()
        try:
            return super().dispatch(req)
        finally:
            metrics.acked(_ack_kind(req.body), time.perf_counter() - started)


# Errors a body of a shape Slack never sends makes Bolt's matchers or a listener raise (KeyError on a missing
# field, TypeError on a wrong type...). payload_shape stops the bodies known to do it; this is the net for the
# rest, in HTTP and Socket Mode alike.
_SHAPE_ERRORS = (KeyError, IndexError, TypeError, AttributeError, ValueError, RecursionError)


def _unreadable_or_unexpected(error: Exception, logger: logging.Logger) -> BoltResponse:
    """Bolt's global error handler. Its default logs a traceback and answers 500 to anything a matcher or
    listener raised; an unreadable body gets a 400 and one line saying where it broke."""
    if isinstance(error, _SHAPE_ERRORS):
        frames = traceback.extract_tb(error.__traceback__)
        place = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
        log.warning("unreadable Slack request: %s at %s", type(error).__name__, place)
        return BoltResponse(status=400, body='{"error": "unreadable request"}',
                            headers={"content-type": "application/json"})
    logger.exception("unexpected error while handling a Slack request")
    return BoltResponse(status=500, body="")


# Slack's headers: a Unix time in seconds, and "v0=" + a hex HMAC-SHA256. Checked before slack_sdk's verifier,
# which turns a 400-digit timestamp into an OverflowError (int minus float) and hands a non-ASCII signature to
# hmac.compare_digest, which raises TypeError: both were a 500 with a traceback, for anyone.
_TIMESTAMP = re.compile(r"[0-9]{1,12}", re.ASCII)
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}", re.ASCII)


def _signed_by_slack(verifier: SignatureVerifier) -> bool:
    timestamp = request.headers.get("X-Slack-Request-Timestamp", "")
    signature = request.headers.get("X-Slack-Signature", "")
    if not _TIMESTAMP.fullmatch(timestamp) or not _SIGNATURE.fullmatch(signature):
        return False
    try:
        return verifier.is_valid(body=request.get_data(), timestamp=timestamp, signature=signature)
    except ValueError:  # a body that is not UTF-8 was not signed by Slack
        return False


# The kinds of request an ack is timed by: Slack's own names, so that a label never holds free text.
_ACK_KINDS = frozenset({"block_actions", "view_submission", "view_closed", "shortcut", "message_action",
                        "event_callback", "url_verification", "block_suggestion"})


def _ack_kind(body: dict[str, object]) -> str:
    if "command" in body:
        return "slash_command"
    kind = body.get("type")
    return kind if isinstance(kind, str) and kind in _ACK_KINDS else "other"


def build_flask_app(services: Services, bolt_app: App) -> Flask:
    flask_app = Flask("zoombot")
    flask_app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    slack_handler = SlackRequestHandler(bolt_app)

    @flask_app.before_request
    def readable_query_string() -> Response | None:
        # Werkzeug's request.args and Bolt's adapter decode the raw query string as UTF-8 and raise on anything
        # else: a 500 under waitress and gunicorn, which pass its bytes on as sent. Browsers percent-encode.
        try:
            request.query_string.decode("utf-8")
        except UnicodeDecodeError:
            return error_page("This link is damaged", "Its address could not be read.", status=400)
        return None

    if not services.settings.socket_mode:
        # In Socket Mode Slack posts nothing here, and requests are not verified (there may be no signing
        # secret at all): served, this route would take forged commands from anyone, so it does not exist.
        verifier = SignatureVerifier(services.settings.slack_signing_secret)

        @flask_app.post("/slack/events")
        def slack_events() -> Response | tuple[Response, int]:
            started = time.perf_counter()
            # Bolt parses the body before it checks the signature, so junk from anyone could reach its
            # parser (and answer 500): nothing unsigned gets that far.
            if not _signed_by_slack(verifier):
                return jsonify(error="invalid signature"), 401
            try:
                body = read_slack_body(request.get_data(as_text=True), request.mimetype or None)
                bolt_request = to_bolt_request(request)
            except Malformed as error:
                log.warning("unreadable signed request on /slack/events: %s", error.reason)
                return jsonify(error="unreadable request", reason=error.reason), 400
            if bolt_request.body != body:  # Bolt's parser lost a form body that mentions "payload"
                bolt_request.body = body
                bolt_request.context = build_context(BoltContext(), body)
            kind = _ack_kind(body)
            with about(**slack_fields(body)):  # every line logged while Bolt handles it names team and user
                answer = bolt_app.dispatch(bolt_request)
                seconds = time.perf_counter() - started
                log.debug("Slack %s answered %s in %d ms", kind, answer.status, round(seconds * 1000),
                          extra={"duration_ms": round(seconds * 1000), "status": answer.status})
            metrics.acked(kind, seconds)
            return to_flask_response(answer)

    if services.settings.slack_oauth_install:
        def oauth_page() -> Response:
            # The install page's link carries a fresh OAuth state (and sets its cookie): no browser or proxy
            # may keep it, nor show it again from a cache.
            response = slack_handler.handle(request)
            response.headers["Cache-Control"] = "no-store"
            return response

        flask_app.get("/slack/install", endpoint="slack_install")(oauth_page)
        flask_app.get("/slack/oauth_redirect", endpoint="slack_oauth_redirect")(oauth_page)

    flask_app.register_blueprint(zoom_oauth_blueprint(services))
    flask_app.register_blueprint(zoom_webhooks_blueprint(services))
    flask_app.register_blueprint(health_blueprint(services))
    flask_app.register_blueprint(metrics_blueprint(services))
    @flask_app.errorhandler(SQLAlchemyError)
    def database_unavailable(error: SQLAlchemyError) -> Response:
        log.error("database error while serving %s: %s", request.path, type(error).__name__)
        return error_page("Temporarily unavailable", "The bot cannot reach its database right now.",
                          "Please try again in a minute.", status=503)

    @flask_app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        # 404, 405, 413 and the like: the same small page as everything else a browser sees here.
        return error_page(error.name, error.description or "", status=error.code or 400)

    @flask_app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> Response:
        log.exception("unexpected error while serving %s", request.path)
        return error_page("Something went wrong", "The bot could not finish this request.",
                          "Please go back to Slack and try again.", status=500)

    flask_app.extensions["zoombot.services"] = services
    flask_app.extensions["zoombot.bolt"] = bolt_app
    return flask_app
