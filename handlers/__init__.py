"""Slack listeners and the bot's own HTTP routes: thin glue between Slack, zoom/ and storage/."""
