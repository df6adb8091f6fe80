"""Small self-contained HTML pages for people's browsers. Every interpolated value is escaped."""

from __future__ import annotations

from flask import Response
from markupsafe import escape

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
{refresh}<title>{title} · Zoom for Slack</title>
<style>
  body {{ font-family: system-ui, -apple-system, "Segoe UI", sans-serif; background: #f4f5f7; color: #1d1c1d;
         display: flex; min-height: 100vh; margin: 0; align-items: center; justify-content: center; }}
  main {{ background: #fff; border-radius: 12px; box-shadow: 0 2px 12px rgba(0,0,0,.08); padding: 2.5rem 3rem;
          max-width: 32rem; text-align: center; }}
  h1 {{ font-size: 1.5rem; margin: .5rem 0 1rem; }}
  .icon {{ line-height: 0; }}
  p {{ line-height: 1.5; }}
  a.button {{ display: inline-block; margin-top: 1rem; padding: .7rem 1.4rem; border-radius: 8px;
              background: #0b5cff; color: #fff; text-decoration: none; font-weight: 600; }}
</style>
</head>
<body>
<main>
<div class="icon" aria-hidden="true">{icon}</div>
<h1>{title}</h1>
{body}
</main>
</body>
</html>
"""


# Inline SVG, not emoji: a browser without an emoji font would show an empty box.
_OK_ICON = ('<svg width="48" height="48" viewBox="0 0 48 48"><circle cx="24" cy="24" r="22" fill="#1a7f37"/>'
            '<path d="M14 25l7 7 13-15" fill="none" stroke="#fff" stroke-width="4" stroke-linecap="round" '
            'stroke-linejoin="round"/></svg>')
_ERROR_ICON = ('<svg width="48" height="48" viewBox="0 0 48 48"><path d="M24 4L46 43H2z" fill="#d4a72c"/>'
               '<path d="M24 18v12" stroke="#1d1c1d" stroke-width="4" stroke-linecap="round"/>'
               '<circle cx="24" cy="36" r="2.5" fill="#1d1c1d"/></svg>')


def page(title: str, paragraphs: list[str], *, status: int, ok: bool, link: tuple[str, str] | None = None,
         refresh_seconds: int | None = None) -> Response:
    body = "\n".join(f"<p>{escape(text)}</p>" for text in paragraphs)
    if link:
        body += f'\n<a class="button" href="{escape(link[0])}">{escape(link[1])}</a>'
    refresh = f'<meta http-equiv="refresh" content="{int(refresh_seconds)}">\n' if refresh_seconds else ""
    html = _PAGE.format(title=escape(title), icon=_OK_ICON if ok else _ERROR_ICON, body=body, refresh=refresh)
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def error_page(title: str, *paragraphs: str, status: int = 400) -> Response:
    return page(title, list(paragraphs), status=status, ok=False)
