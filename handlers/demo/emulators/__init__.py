"""In-process HTTP emulators of Zoom and Slack for end-to-end tests (real sockets, strict like the real services)."""

from .slack import SlackEmulator
from .zoom import START_URL_MARKER, ZoomEmulator

__all__ = ["START_URL_MARKER", "SlackEmulator", "ZoomEmulator"]
