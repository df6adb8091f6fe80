"""`POST /zoom/webhooks`: signed Zoom events. Unknown events are acknowledged and ignored."""

from __future__ import annotations

import json
import logging

from flask import Blueprint, Response, jsonify, request

from handlers.services import Services
from zoom.webhooks import WebhookVerifier

log = logging.getLogger(__name__)


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
        name = event.get("event")
        payload = event.get("payload") or {}
        if name == "endpoint.url_validation":
            plain_token = payload.get("plainToken")
            if not isinstance(plain_token, str) or not plain_token or not _is_text(plain_token):
                return jsonify(error="plainToken missing"), 400
            return jsonify(verifier.url_validation_answer(plain_token))
        if name == "app_deauthorized":
            return _deauthorized(services, payload)
        return jsonify(status="ignored")

    return blueprint


def _deauthorized(services: Services, payload: dict) -> Response:
    zoom_user_id = payload.get("user_id")
    if not isinstance(zoom_user_id, str) or not zoom_user_id:
        return jsonify(status="ignored")
    # Zoom has already revoked the grant: delete within the request, and do not call Zoom back.
    # The meeting log goes first: if anything fails after it, Zoom's retry still finds the connections.
    services.meetings.delete_for(services.connections.keys_of_zoom_user(zoom_user_id))
    removed = services.connections.delete_by_zoom_user(zoom_user_id)
    log.info("Zoom user %s deauthorized the app: %d connection(s) deleted", zoom_user_id, len(removed))
    return jsonify(status="ok", deleted=len(removed))


def _is_text(value: str) -> bool:
    """False for a string JSON can carry but UTF-8 cannot (a lone surrogate such as "\\ud800")."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
