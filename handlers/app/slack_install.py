"""Installing into many workspaces: Bolt's OAuth flow on slack_sdk's SQLAlchemy stores."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from flask import Response
from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk.oauth.state_utils import OAuthStateUtils

from handlers.app.installations import HashedOAuthStateStore
from handlers.app.services import Services
from handlers.ui.pages import error_page, page

log = logging.getLogger(__name__)

BOT_SCOPES = ["commands", "chat:write", "users:read", "users:read.email"]
STATE_EXPIRATION_SECONDS = 600
TOKEN_ROTATION_MARGIN_MINUTES = 10


def slack_authorize_url(api_url: str) -> str:
    """Slack's authorize page sits beside its Web API (slack.com, slack-gov.com, or an emulator)."""
    base = api_url.rstrip("/")
    base = base.removesuffix("/api")
    return f"{base}/oauth/v2/authorize"


def oauth_settings(services: Services) -> OAuthSettings:
    settings = services.settings
    if services.installation_store is None:
        raise ValueError("installing into many workspaces needs the installation store (build_services makes it)")
    return OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=BOT_SCOPES,
        installation_store=services.installation_store,
        state_store=HashedOAuthStateStore(expiration_seconds=STATE_EXPIRATION_SECONDS,
                                          engine=services.db.write_engine),
        callback_options=CallbackOptions(success=_installed, failure=_not_installed),
        install_path="/slack/install",
        redirect_uri_path="/slack/oauth_redirect",
        redirect_uri=f"{settings.public_url}/slack/oauth_redirect",
        authorization_url=slack_authorize_url(settings.slack_api_url),
        # Refresh Slack's rotating bot tokens this long before they expire, when rotation is on.
        token_rotation_expiration_minutes=TOKEN_ROTATION_MARGIN_MINUTES,
    )


def cached_installation_authorize(services: Services, settings: OAuthSettings) -> InstallationStoreAuthorize:
    """Bolt's installation lookup, with its auth.test result cached per bot token (Bolt's default calls
    auth.test on every request, which would put a Slack round trip in front of every ack)."""
    return InstallationStoreAuthorize(
        logger=logging.getLogger("slack_bolt"),
        installation_store=settings.installation_store,
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        token_rotation_expiration_minutes=TOKEN_ROTATION_MARGIN_MINUTES,
        cache_enabled=True,
        client=services.slack_client,
    )


# What a browser sees at the end of an install. Bolt's own failure page answers 200 even when nothing was
# installed (a cancelled consent, a spent state); these pages give the status that fits.
_STATE_COOKIE = OAuthStateUtils(expiration_seconds=STATE_EXPIRATION_SECONDS)
_FAILURES = {
    "invalid_browser": ("This install link was opened in another browser",
                        "Start the install again from the same browser."),
    "invalid_state": ("This install link has expired or was already used", "Install links work once, for 10 minutes."),
    "missing_code": ("This install link is incomplete", "Slack did not send an authorization code."),
    "invalid_code": ("Slack did not accept this install", "The authorization code was refused."),
    "storage_error": ("The install could not be saved", "The bot could not reach its database."),
}


def _installed(args: SuccessArgs) -> BoltResponse:
    team = args.installation.team_id or args.installation.enterprise_id or ""
    return _bolt_response(page(
        "Zoom is installed", ["Zoom is installed in your Slack workspace.",
                              "Everyone can now type /zoom in any conversation; /zoom help shows how."],
        status=200, ok=True, link=(f"slack://open?team={team}", "Open Slack")))


def _not_installed(args: FailureArgs) -> BoltResponse:
    title, detail = _FAILURES.get(args.reason, ("Zoom was not installed", "Access was not granted on Slack's page."))
    status = 503 if args.reason == "storage_error" else max(400, args.suggested_status_code)
    log.info("Slack install failed: %s", args.reason if args.reason in _FAILURES else "not granted")
    return _bolt_response(error_page(title, detail, "Go back to the install page to try again.", status=status))


def _bolt_response(response: Response) -> BoltResponse:
    headers: dict[str, str | Sequence[str]] = dict(response.headers)
    headers["Set-Cookie"] = _STATE_COOKIE.build_set_cookie_for_deletion()
    return BoltResponse(status=response.status_code, body=response.get_data(as_text=True), headers=headers)
