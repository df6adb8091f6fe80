"""`GET /healthz` (liveness: the database answers) and `GET /readyz` (readiness: the database answers and its
schema is the one this code needs): 200, or 503 saying which is not so."""

from flask import Blueprint, Response, jsonify
from sqlalchemy.exc import SQLAlchemyError

from handlers.app.services import Services


def health_blueprint(services: Services) -> Blueprint:
    blueprint = Blueprint("health", __name__)

    @blueprint.get("/healthz")
    def healthz():
        if services.db.ping():
            return jsonify(status="ok", database="ok")
        return jsonify(status="unavailable", database="unreachable"), 503

    @blueprint.get("/readyz")
    def readyz() -> Response | tuple[Response, int]:
        # A load balancer sends traffic only to a ready process: during a deploy whose migrations have not
        # run yet (or after a rollback past them), the old schema would fail requests one by one.
        try:
            current = services.db.schema_is_current()
        except SQLAlchemyError:
            return jsonify(status="unavailable", database="unreachable", migrations="unknown"), 503
        if not current:
            return jsonify(status="unavailable", database="ok", migrations="not current"), 503
        return jsonify(status="ok", database="ok", migrations="current")

    return blueprint
