"""The bot's own HTTP routes, as Flask blueprints."""
