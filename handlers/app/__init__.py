"""Configuration and wiring: settings, the bot's parts, Zoom tokens, the durable runner, logging, and the two
composition roots (`web.py` for the web process, `runner_process.py` for the runner's)."""
