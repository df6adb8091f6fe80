"""Encryption of secrets at rest. Fernet keys: the first encrypts, every key decrypts (rotation)."""

from __future__ import annotations

import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class KeyConfigError(ValueError):
    pass


class TokenCipher:
    def __init__(self, keys: list[str]):
        if not keys:
            raise KeyConfigError("no encryption key given")
        fernets = []
        for position, key in enumerate(keys, start=1):
            try:
                fernets.append(Fernet(key.strip().encode("ascii")))
            except (ValueError, UnicodeEncodeError):
                raise KeyConfigError(
                    f"key #{position} is not a Fernet key (32 url-safe base64-encoded bytes)"
                ) from None
        self._fernet = MultiFernet(fernets)

    @classmethod
    def from_setting(cls, value: str) -> TokenCipher:
        return cls([k for k in value.split(",") if k.strip()])

    @staticmethod
    def generate_key() -> str:
        return Fernet.generate_key().decode("ascii")

    def encrypt(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode("utf-8")).decode("ascii")

    def decrypt(self, ciphertext: str) -> str:
        try:
            return self._fernet.decrypt(ciphertext.encode("ascii")).decode("utf-8")
        except InvalidToken:
            raise KeyConfigError(
                "a stored secret cannot be decrypted with TOKEN_ENCRYPTION_KEY (was a key removed?)"
            ) from None


def digest(secret: str) -> str:
    """SHA-256, hex: how a short-lived bearer value (an OAuth state) is stored and looked up."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()
