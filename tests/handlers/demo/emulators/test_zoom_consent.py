"""The Zoom emulator's consent page (ZoomEmulator.consent_page): Allow for the account picked, Decline, and the same
checks on the answer as on the authorize request. Over real sockets; the browser tests click through it."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests

from handlers.demo.emulators import ZoomEmulator

REDIRECT = "http://127.0.0.1:1/zoom/oauth/callback"
PARAMS = {"response_type": "code", "client_id": "zoom-client-id", "redirect_uri": REDIRECT, "state": "s1",
          "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "code_challenge_method": "S256"}


@pytest.fixture
def zoom():
    with ZoomEmulator() as emulator:
        emulator.add_user("ann@example.com", first_name="Ann")
        emulator.add_user("bo@example.com", first_name="Bo")
        emulator.consent_page = True
        yield emulator


def _form(page: str) -> dict[str, str]:
    return {name: unescape(value) for name, value in re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', page)}


def test_the_page_asks_which_account_and_carries_the_request(zoom):
    shown = requests.get(f"{zoom.oauth_url}/oauth/authorize?{urlencode(PARAMS)}", timeout=5)
    assert shown.status_code == 200
    assert '<html lang="en">' in shown.text
    assert "<h1>" in shown.text
    assert "<title>" in shown.text
    assert _form(shown.text) == PARAMS
    assert "Ann (ann@example.com)" in shown.text
    assert "Bo (bo@example.com)" in shown.text
    assert "meeting:write" in shown.text


def test_allow_gives_a_code_for_the_account_picked(zoom):
    bo = zoom.user("bo@example.com").id
    answer = requests.post(f"{zoom.oauth_url}/oauth/authorize", data={**PARAMS, "zoom_user": bo, "decision": "allow"},
                           allow_redirects=False, timeout=5)
    assert answer.status_code == 302
    location = urlsplit(answer.headers["Location"])
    query = parse_qs(location.query)
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT
    assert query["state"] == ["s1"]
    assert zoom._auth_codes[query["code"][0]].user_id == bo
    # Signed in as Bo from now on, as a browser stays signed in: the next page preselects him.
    again = requests.get(f"{zoom.oauth_url}/oauth/authorize?{urlencode(PARAMS)}", timeout=5)
    assert f'<option value="{bo}" selected>' in again.text


def test_decline_redirects_with_access_denied(zoom):
    answer = requests.post(f"{zoom.oauth_url}/oauth/authorize", data={**PARAMS, "decision": "deny"},
                           allow_redirects=False, timeout=5)
    assert answer.status_code == 302
    assert parse_qs(urlsplit(answer.headers["Location"]).query) == {"error": ["access_denied"], "state": ["s1"]}


@pytest.mark.parametrize("change", [{"client_id": "someone-else"}, {"code_challenge_method": "plain"},
                                    {"zoom_user": "nobody"}, {"zoom_user": ""}])
def test_a_forged_or_incomplete_answer_is_refused(zoom, change):
    ann = zoom.user("ann@example.com").id
    answer = requests.post(f"{zoom.oauth_url}/oauth/authorize",
                           data={**PARAMS, "zoom_user": ann, "decision": "allow", **change},
                           allow_redirects=False, timeout=5)
    assert answer.status_code == 400
    assert zoom._auth_codes == {}


def test_without_the_knob_the_answer_is_not_taken(zoom):
    zoom.consent_page = False
    ann = zoom.user("ann@example.com").id
    answer = requests.post(f"{zoom.oauth_url}/oauth/authorize",
                           data={**PARAMS, "zoom_user": ann, "decision": "allow"}, allow_redirects=False, timeout=5)
    assert answer.status_code == 404
