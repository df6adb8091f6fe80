"""What storage knows of OAuth tokens: the shape it stores, and when one is due for replacement.

Storage keeps tokens whoever issued them; `IssuedTokens` is the shape it needs, which the Zoom client's
TokenSet (or anything else with these fields) has. Storage never imports the Zoom client.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Protocol

REFRESH_MARGIN = timedelta(minutes=5)


class IssuedTokens(Protocol):
    @property
    def access_token(self) -> str: ...

    @property
    def refresh_token(self) -> str | None: ...

    @property
    def expires_at(self) -> datetime: ...


class GrantLost(Exception):
    """Raised by a refresh function when the issuer says the grant is gone; the connection is then deleted."""


# Exchanges a refresh token for new tokens (raising GrantLost when the grant is gone).
RefreshFunction = Callable[[str], IssuedTokens]
# Obtains a new token with no refresh token (the account app's client credentials).
FetchFunction = Callable[[], IssuedTokens]


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
