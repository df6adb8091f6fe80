"""`POST /zoom/webhooks`: signed Zoom events. Unknown events are acknowledged and ignored.

Meeting events (started, ended, deleted, updated, participants, recordings) are applied to the meetings the
bot announced (handlers.flows.live_status) with database writes and command inserts only: no Slack or Zoom
call waits inside the request, and Zoom has its answer in milliseconds.
"""

from __future__ import annotations

import json
import logging
import re

from flask import Blueprint, Response, jsonify, request

from handlers.app.services import Services
from handlers.flows.forget import forget_zoom_user
from handlers.flows.live_status import IGNORED, apply_meeting_event
from handlers.routes.body_checks import Malformed, check_tree
from zoom.events import MEETING_EVENTS, read_meeting_event
from zoom.webhooks import WebhookVerifier

log = logging.getLogger(__name__)

# Zoom user ids are short URL-safe words ("KDcuGIm1QgePTO8WbOqwIQ").
_ZOOM_USER_ID = re.compile(r"[A-Za-z0-9._-]{1,128}", re.ASCII)


def zoom_webhooks_blueprint(services: Services) -> Blueprint:
    blueprint = Blueprint("zoom_webhooks", __name__)
    verifier = WebhookVerifier(services.settings.zoom_webhook_secret_token)

    @blueprint.post("/zoom/webhooks")
    def zoom_webhook() -> Response | tuple[Response, int]:
        body = request.get_data(cache=False)
        if not verifier.is_valid(signature=request.headers.get("x-zm-signature", ""),
                                 timestamp=request.headers.get("x-zm-request-timestamp", ""), body=body):
            return jsonify(error="invalid signature"), 401
        try:
            event = json.loads(body)
        except (ValueError, RecursionError):  # not JSON, or nested deeper than the parser goes
            return jsonify(error="body is not JSON"), 400
        if not isinstance(event, dict) or not isinstance(event.get("payload", {}), dict):
            return jsonify(error="unexpected body"), 400
        try:
            # A NUL or a lone surrogate in a user id made PostgreSQL refuse the query, answered as "cannot
            # reach its database" (503, so Zoom retried); 900 levels of nesting are no Zoom event either.
            check_tree(event)
        except Malformed as error:
            return jsonify(error="unexpected body", reason=error.reason), 400
        name = event.get("event")
        payload = event.get("payload") or {}
        if name == "endpoint.url_validation":
            plain_token = payload.get("plainToken")
            if not isinstance(plain_token, str) or not plain_token:
                return jsonify(error="plainToken missing"), 400
            return jsonify(verifier.url_validation_answer(plain_token))
        if name == "app_deauthorized":
            return _deauthorized(services, payload)
        if isinstance(name, str) and name in MEETING_EVENTS:
            meeting_event = read_meeting_event(event)
            # Not shaped as Zoom documents it: acknowledged (a 4xx only makes Zoom send it again) and ignored.
            return jsonify(status=IGNORED if meeting_event is None else apply_meeting_event(services, meeting_event))
        return jsonify(status="ignored")

    return blueprint


def _deauthorized(services: Services, payload: dict) -> Response | tuple[Response, int]:
    zoom_user_id = payload.get("user_id")
    if not isinstance(zoom_user_id, str) or not _ZOOM_USER_ID.fullmatch(zoom_user_id):
        return jsonify(error="user_id is not a Zoom user id"), 400
    return jsonify(status="ok", deleted=forget_zoom_user(services, zoom_user_id))
