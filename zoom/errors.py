"""Errors raised by the Zoom client. Messages never contain tokens or secrets."""

from __future__ import annotations


class ZoomApiError(Exception):
    """Zoom answered with an error. `code` is Zoom's own error code when it sent one."""

    def __init__(self, message: str, *, status: int = 0, code: int | None = None):
        super().__init__(message)
        self.status = status
        self.code = code


class ZoomUnavailable(ZoomApiError):
    """Zoom could not be reached, timed out, or answered 5xx."""


class ZoomBadResponse(ZoomUnavailable):
    """Zoom answered with success but a body the client cannot read (missing or malformed fields)."""


class ZoomRateLimited(ZoomApiError):
    """429 that outlasted our short retries; `retry_after` is Zoom's hint in seconds."""

    def __init__(self, message: str, *, retry_after: float):
        super().__init__(message, status=429, code=429)
        self.retry_after = retry_after


class ZoomInvalidToken(ZoomApiError):
    """401 with code 124: the access token is expired or revoked."""


class ZoomGrantRevoked(ZoomApiError):
    """The refresh token or grant is gone (`invalid_grant`): the user must connect again."""


class ZoomUserNotFound(ZoomApiError):
    """The Zoom user (an id or email) does not exist in this account."""


class ZoomMeetingNotFound(ZoomApiError):
    """The meeting does not exist (any more): 404 with code 3001."""


class ZoomMissingScopes(ZoomApiError):
    """The token lacks a scope the call needs (code 4711, "Invalid access token, does not contain
    scopes:[...]"): the user granted the app before it asked for that scope. `scopes` are those Zoom named."""

    def __init__(self, message: str, *, status: int = 0, code: int | None = None, scopes: tuple[str, ...] = ()):
        super().__init__(message, status=status, code=code)
        self.scopes = scopes


class ZoomSchedulerNotEnabled(ZoomApiError):
    """Zoom Scheduler is not available to this user (no Scheduler licence, or switched off for the account or
    group). Zoom publishes no code for it: see `zoom.api.scheduler_refusal` for how it is recognised."""
