"""Zoom webhook verification: `x-zm-signature` HMACs, timestamp window, and the URL validation answer."""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from dataclasses import dataclass

MAX_CLOCK_SKEW_SECONDS = 300
# Zoom's headers: Unix seconds (some products: milliseconds) and "v0=" + a hex HMAC-SHA256. Anything else is
# refused before any arithmetic: a 400-digit timestamp made `time.time() - int(timestamp)` raise OverflowError.
_TIMESTAMP = re.compile(r"[0-9]{1,13}", re.ASCII)
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}", re.ASCII)


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
        if not _SIGNATURE.fullmatch(signature) or not _TIMESTAMP.fullmatch(timestamp) or not self.secret_token:
            return False
        sent = int(timestamp)  # Zoom sends seconds; accept milliseconds too, as some Zoom products do.
        if sent > 10**11:
            sent //= 1000
        current = time.time() if now is None else now
        if abs(current - sent) > self.max_skew_seconds:
            return False
        return hmac.compare_digest(self.signature(timestamp, body).encode("ascii"), signature.encode("ascii"))

    def url_validation_answer(self, plain_token: str) -> dict[str, str]:
        encrypted = hmac.new(self.secret_token.encode("utf-8"), plain_token.encode("utf-8"),
                             hashlib.sha256).hexdigest()
        return {"plainToken": plain_token, "encryptedToken": encrypted}
