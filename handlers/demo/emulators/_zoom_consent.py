"""The Zoom emulator's consent page: which Zoom account signs in, what the app asks for, Allow or Decline.

Shown when `ZoomEmulator.consent_page` is on (the demo, and the browser tests); the form posts back to
/oauth/authorize with the authorize request's own parameters, so the same checks run again on the answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from werkzeug.wrappers import Response

# The authorize request's parameters the form carries back (everything Zoom's authorize endpoint reads).
CONSENT_PARAMS = ("response_type", "client_id", "redirect_uri", "state", "code_challenge", "code_challenge_method")

_STYLE = """
  body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; background: #f4f5f7; color: #1d1c1d;
         margin: 0; padding: 1rem; }
  main { background: #fff; border-radius: 12px; box-shadow: 0 2px 12px rgba(0,0,0,.08); padding: 1.5rem;
         max-width: 30rem; margin: 2rem auto; }
  h1 { font-size: 1.4rem; margin-top: 0; }
  .note { color: #555; font-size: .9rem; }
  label { display: block; font-weight: 600; margin: 1rem 0 .3rem; }
  select, button { font: inherit; padding: .6rem; border-radius: 8px; }
  select { width: 100%; border: 1px solid #888; }
  button { border: 0; padding: .7rem 1.4rem; margin: 1rem .5rem 0 0; font-weight: 600; cursor: pointer; }
  .allow { background: #0b5cff; color: #fff; }
  .deny { background: #e8e8e8; color: #1d1c1d; }
"""


def consent_page(params: dict[str, str], users: Sequence[Any], signed_in: str | None, scopes: str) -> Response:
    """The page for a valid authorize request; `users` are the emulator's Zoom users, `signed_in` one's id."""
    hidden = "".join(f'<input type="hidden" name="{escape(key)}" value="{escape(params[key])}">'
                     for key in CONSENT_PARAMS if key in params)
    options = "".join(
        f'<option value="{escape(u.id)}"{" selected" if u.id == signed_in else ""}>'
        f"{escape(u.display_name)} ({escape(u.email)})</option>" for u in users)
    asked = "".join(f"<li><code>{escape(scope)}</code></li>" for scope in scopes.split())
    page = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Allow access to your Zoom account · Zoom emulator</title>
<style>{_STYLE}</style>
</head>
<body>
<main>
<p class="note">Zoom emulator (no real Zoom account is used)</p>
<h1>Allow this app to use your Zoom account?</h1>
<p>It asks to:</p>
<ul>{asked}</ul>
<form method="post" action="/oauth/authorize">
{hidden}
<label for="zoom_user">Sign in to Zoom as</label>
<select id="zoom_user" name="zoom_user" required>
{"" if signed_in else '<option value="">Choose an account</option>'}{options}
</select>
<button class="allow" type="submit" name="decision" value="allow">Allow</button>
<button class="deny" type="submit" name="decision" value="deny">Decline</button>
</form>
</main>
</body>
</html>
"""
    return Response(page, status=200, mimetype="text/html",
                    headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"})
