"""Zoom OAuth and REST client. Knows nothing of Slack or of the database."""

from zoom.api import ZoomApi
from zoom.errors import (
    ZoomApiError,
    ZoomBadResponse,
    ZoomGrantRevoked,
    ZoomInvalidToken,
    ZoomRateLimited,
    ZoomUnavailable,
    ZoomUserNotFound,
)
from zoom.models import Meeting, MeetingRequest, MeetingSettings, Recurrence, TokenSet, ZoomUser, zoom_weekday
from zoom.oauth import PkcePair, ZoomOAuthClient

__all__ = [
    "Meeting",
    "MeetingRequest",
    "MeetingSettings",
    "PkcePair",
    "Recurrence",
    "TokenSet",
    "ZoomApi",
    "ZoomApiError",
    "ZoomBadResponse",
    "ZoomGrantRevoked",
    "ZoomInvalidToken",
    "ZoomOAuthClient",
    "ZoomRateLimited",
    "ZoomUnavailable",
    "ZoomUser",
    "ZoomUserNotFound",
    "zoom_weekday",
]
