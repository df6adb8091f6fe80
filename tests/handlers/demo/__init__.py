"""Tests of the Slack and Zoom emulators (handlers/demo/emulators) themselves."""
