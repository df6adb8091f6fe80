"""Installing into many workspaces: Bolt's OAuth flow on slack_sdk's SQLAlchemy stores."""

from __future__ import annotations

import logging

from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

from handlers.services import Services
from storage.slack_installations import EncryptedInstallationStore

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
    installation_store = EncryptedInstallationStore(settings.slack_client_id, services.db.write_engine,
                                                    services.cipher)
    services.installation_store = installation_store
    return OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=BOT_SCOPES,
        installation_store=installation_store,
        state_store=SQLAlchemyOAuthStateStore(expiration_seconds=STATE_EXPIRATION_SECONDS,
                                              engine=services.db.write_engine),
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
