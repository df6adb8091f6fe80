"""Zoom webhook verification: `x-zm-signature` HMACs, timestamp window, and the URL validation answer."""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass

MAX_CLOCK_SKEW_SECONDS = 300


@dataclass(frozen=True)
class WebhookVerifier:
    secret_token: str
    max_skew_seconds: int = MAX_CLOCK_SKEW_SECONDS

    def __repr__(self) -> str:
        return "WebhookVerifier(...)"

    def signature(self, timestamp: str, body: bytes) -> str:
        message = b"v0:" + timestamp.encode("ascii") + b":" + body
        return "v0=" + hmac.new(self.secret_token.encode("utf-8"), message, hashlib.sha256).hexdigest()

    def is_valid(self, *, signature: str, timestamp: str, body: bytes, now: float | None = None) -> bool:
        """Constant-time check of the signature, and a timestamp at most five minutes off (replays)."""
        if not signature or not timestamp or not self.secret_token:
            return False
        try:
            # Zoom sends seconds; accept milliseconds too, as some Zoom products do.
            sent = int(timestamp)
        except ValueError:
            return False
        if sent > 10**11:
            sent //= 1000
        current = time.time() if now is None else now
        if abs(current - sent) > self.max_skew_seconds:
            return False
        try:
            expected = self.signature(timestamp, body)
        except UnicodeEncodeError:
            return False
        return hmac.compare_digest(expected.encode("ascii"), signature.encode("utf-8", "replace"))

    def url_validation_answer(self, plain_token: str) -> dict[str, str]:
        encrypted = hmac.new(self.secret_token.encode("utf-8"), plain_token.encode("utf-8"),
                             hashlib.sha256).hexdigest()
        return {"plainToken": plain_token, "encryptedToken": encrypted}
