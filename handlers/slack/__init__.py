"""Talking to Slack's Web API on a user's behalf: where a command came from, answering it, reading a profile."""
