"""Bolt listeners for Slack's actions."""
