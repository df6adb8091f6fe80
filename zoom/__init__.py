"""Zoom OAuth and REST client. Knows nothing of Slack or of the database."""

from zoom._http import ZoomCall, observe_calls
from zoom.api import ZoomApi
from zoom.errors import (
    ZoomApiError,
    ZoomBadResponse,
    ZoomGrantRevoked,
    ZoomInvalidToken,
    ZoomMeetingNotFound,
    ZoomMissingScopes,
    ZoomRateLimited,
    ZoomSchedulerNotEnabled,
    ZoomUnavailable,
    ZoomUserNotFound,
)
from zoom.models import (
    ListedMeeting,
    Meeting,
    MeetingChange,
    MeetingRequest,
    MeetingSettings,
    Recurrence,
    Schedule,
    TokenSet,
    ZoomUser,
    zoom_weekday,
)
from zoom.oauth import PkcePair, ZoomOAuthClient

__all__ = [
    "ListedMeeting",
    "Meeting",
    "MeetingChange",
    "MeetingRequest",
    "MeetingSettings",
    "PkcePair",
    "Recurrence",
    "Schedule",
    "TokenSet",
    "ZoomApi",
    "ZoomApiError",
    "ZoomBadResponse",
    "ZoomCall",
    "ZoomGrantRevoked",
    "ZoomInvalidToken",
    "ZoomMeetingNotFound",
    "ZoomMissingScopes",
    "ZoomOAuthClient",
    "ZoomRateLimited",
    "ZoomSchedulerNotEnabled",
    "ZoomUnavailable",
    "ZoomUser",
    "ZoomUserNotFound",
    "observe_calls",
    "zoom_weekday",
]
