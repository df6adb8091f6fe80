"""`GET /healthz`: 200 when the database answers, 503 when it does not."""

from flask import Blueprint, jsonify

from handlers.app.services import Services


def health_blueprint(services: Services) -> Blueprint:
    blueprint = Blueprint("health", __name__)

    @blueprint.get("/healthz")
    def healthz():
        if services.db.ping():
            return jsonify(status="ok", database="ok")
        return jsonify(status="unavailable", database="unreachable"), 503

    return blueprint
