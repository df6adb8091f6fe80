"""`GET /metrics`: the bot's metrics in Prometheus's text format, summed across its processes
(handlers/app/metrics.py).

With METRICS_TOKEN set, a scrape must say `Authorization: Bearer <METRICS_TOKEN>` (Prometheus's
`authorization: {credentials: ...}`); anything else gets 401 and nothing. Unset, /metrics is open: the labels
hold no team, user, id or secret, but the counts do tell how busy the bot is, so set it when the bot's port
is reachable from the internet.
"""

from __future__ import annotations

import hmac

from flask import Blueprint, Response, request

from handlers.app import metrics
from handlers.app.services import Services


def metrics_blueprint(services: Services) -> Blueprint:
    blueprint = Blueprint("metrics", __name__)
    expected = services.settings.metrics_token.encode()

    @blueprint.get("/metrics")
    def scrape() -> Response:
        # The scheme's name is case-insensitive (RFC 9110); the token is compared in constant time.
        scheme, _, presented = request.headers.get("Authorization", "").strip().partition(" ")
        if services.settings.metrics_token and not (
                scheme.lower() == "bearer" and hmac.compare_digest(presented.strip().encode(), expected)):
            return Response("unauthorized\n", status=401, mimetype="text/plain",
                            headers={"WWW-Authenticate": 'Bearer realm="metrics"'})
        body, content_type = metrics.exposition(services.commands, request.headers.get("Accept"))
        return Response(body, headers={"Content-Type": content_type, "Cache-Control": "no-store"})

    return blueprint
