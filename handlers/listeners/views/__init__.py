"""Bolt listeners for Slack's views."""
