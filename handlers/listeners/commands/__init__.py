"""Bolt listeners for Slack's commands."""
