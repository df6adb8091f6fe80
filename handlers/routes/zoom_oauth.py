"""`GET /zoom/oauth/callback`: where Zoom sends the user's browser after they approve (or not)."""

from __future__ import annotations

import logging

from flask import Blueprint, Response, request

from handlers.meet import resume_after_connect
from handlers.routes.pages import error_page, page
from handlers.services import Services
from zoom import ZoomApiError, ZoomBadResponse, ZoomUnavailable

log = logging.getLogger(__name__)

RETRY_HINT = "Go back to Slack and run /zoom connect for a fresh link."


def zoom_oauth_blueprint(services: Services) -> Blueprint:
    blueprint = Blueprint("zoom_oauth", __name__)

    @blueprint.get("/zoom/oauth/callback")
    def callback() -> Response:
        state = request.args.get("state", "")
        code = request.args.get("code", "")
        if not state:
            return error_page("This link is incomplete", "Zoom did not send back the state of the request.",
                              RETRY_HINT)
        pending = services.states.consume(state)  # single use, whatever happens next
        if pending is None:
            return error_page("This link has expired or was already used",
                              "Connect links work once, for 10 minutes.", RETRY_HINT)
        if request.args.get("error"):
            return error_page("Zoom was not connected", "Access was not granted on Zoom's page.", RETRY_HINT)
        if not code:
            return error_page("This link is incomplete", "Zoom did not send an authorization code.", RETRY_HINT)
        try:
            tokens = services.zoom_oauth.exchange_code(
                code=code, redirect_uri=services.settings.zoom_redirect_uri, code_verifier=pending.code_verifier)
            zoom_user = services.zoom_with_token(tokens.access_token).me()
        except ZoomBadResponse:
            return error_page("Zoom's answer could not be read",
                              "Zoom answered in a way this app does not understand, so nothing was connected.",
                              RETRY_HINT, status=502)
        except ZoomUnavailable:
            return error_page("Zoom did not answer", "Zoom could not be reached to finish connecting.",
                              RETRY_HINT, status=502)
        except ZoomApiError as error:
            log.info("Zoom refused the code exchange (%s)", error.status)
            return error_page("Zoom did not accept this sign-in",
                              "The authorization code was refused (it may have been used already).", RETRY_HINT)
        services.connections.save(pending.key, zoom_user_id=zoom_user.id, zoom_email=zoom_user.email,
                                  zoom_account_id=zoom_user.account_id, tokens=tokens)
        log.info("Slack user %s connected Zoom user %s", pending.key.user_id, zoom_user.id)
        paragraphs = [f"Connected as {zoom_user.email}."]
        if pending.resume:
            services.jobs.submit("resume after connect", resume_after_connect, services, pending.resume)
            paragraphs.append("Your meeting is being created now; you will see it in Slack in a moment.")
        paragraphs.append("You can close this tab and return to Slack.")
        return page("Zoom is connected", paragraphs, status=200, ok=True,
                    link=(f"slack://open?team={pending.key.team_id}", "Return to Slack"))

    return blueprint
