"""`python bot.py demo`: the bot against built-in Slack and Zoom emulators on 127.0.0.1, with a playground page."""
