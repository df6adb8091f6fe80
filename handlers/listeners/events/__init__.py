"""Bolt listeners for Slack's events."""
