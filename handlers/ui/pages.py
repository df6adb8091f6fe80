"""Small self-contained HTML pages for people's browsers, from templates/page.html. Every value is escaped.

A standalone Jinja2 environment, not Flask's render_template: Bolt's OAuth callbacks (handlers/app/slack_install.py)
build these pages outside any Flask app context.
"""

from __future__ import annotations

from flask import Response
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

# Autoescaping for every template, whatever its name; a value the template does not receive is an error, not "".
# trim_blocks and keep_trailing_newline only shape whitespace: a block tag's own line leaves no blank line behind.
_TEMPLATES = Environment(
    loader=PackageLoader("handlers.ui", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    keep_trailing_newline=True,
)


def page(title: str, paragraphs: list[str], *, status: int, ok: bool, link: tuple[str, str] | None = None,
         refresh_seconds: int | None = None) -> Response:
    html = _TEMPLATES.get_template("page.html").render(
        title=title,
        paragraphs=list(paragraphs),
        ok=ok,
        link=link or None,
        refresh_seconds=int(refresh_seconds) if refresh_seconds else None,
    )
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def error_page(title: str, *paragraphs: str, status: int = 400) -> Response:
    return page(title, list(paragraphs), status=status, ok=False)
