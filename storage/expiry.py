"""When a stored access token is due for replacement."""

from __future__ import annotations

from datetime import datetime, timedelta

REFRESH_MARGIN = timedelta(minutes=5)


def replacement_due(expires_at: datetime, issued_at: datetime | None, now: datetime,
                    margin: timedelta = REFRESH_MARGIN) -> bool:
    """True once the token is within `margin` of expiring.

    Zoom's tokens live an hour, so the margin is five minutes. A token that lives less than twice the
    margin (a test server, a future Zoom policy) gets half its lifetime instead: with a fixed margin a
    brand-new token would already count as expiring, and every call, in every worker, would replace it.
    """
    if issued_at is not None:
        margin = min(margin, max(expires_at - issued_at, timedelta(0)) / 2)
    return expires_at - margin <= now
