"""README.md's route list names every route the app serves, in every mode, and nothing it does not serve."""

from __future__ import annotations

import re
from pathlib import Path

from handlers.app.config import load_settings
from handlers.app.services import build_services
from handlers.app.web import build_bolt_app, build_flask_app
from storage import TokenCipher

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def _served_routes() -> set[str]:
    routes: set[str] = set()
    # Installed into many workspaces, over HTTP: every route exists (Socket Mode only takes /slack/events away).
    settings = load_settings({"SLACK_SIGNING_SECRET": "s", "SLACK_CLIENT_ID": "c", "SLACK_CLIENT_SECRET": "c",
                              "ZOOM_CLIENT_ID": "z", "ZOOM_CLIENT_SECRET": "z", "DATABASE_URL": "sqlite:///:memory:",
                              "TOKEN_ENCRYPTION_KEY": TokenCipher.generate_key()}, dotenv_path=None)
    services = build_services(settings)
    try:
        app = build_flask_app(services, build_bolt_app(services))
        for rule in app.url_map.iter_rules():
            if rule.endpoint != "static":
                routes |= {f"{method} {rule.rule}" for method in rule.methods or () if method in ("GET", "POST")}
    finally:
        services.close()
    return routes


def test_readme_lists_every_route():
    paragraph = next(block for block in README.split("\n\n") if block.startswith("Routes:"))
    listed = set(re.findall(r"`((?:GET|POST) /[\w/]*)`", paragraph))
    served = _served_routes()
    assert served - listed == set(), "served, not in README.md's Routes"
    assert listed - served == set(), "in README.md's Routes, not served"
