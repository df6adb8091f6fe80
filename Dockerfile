# Zoom for Slack: gunicorn serving bot:create_app(), as in the README ("Several workers"). Build and run with
# docker-compose.yml (PostgreSQL beside it), or alone with DATABASE_URL pointing at your database.
FROM python:3.11.11-slim-bookworm

# Run alone, the embedded SQLite goes in /data, the one folder the bot may write (compose sets PostgreSQL).
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DATABASE_URL=sqlite:////data/zoombot.db

WORKDIR /app

# The code belongs to root and is read-only for the bot; /data is the one folder it may write (an embedded
# SQLite database and its key, when DATABASE_URL=sqlite:////data/zoombot.db).
RUN useradd --system --uid 10001 --user-group --home-dir /data --create-home zoombot

COPY pyproject.toml README.md bot.py ./
COPY handlers ./handlers
COPY zoom ./zoom
COPY storage ./storage
RUN pip install --no-cache-dir .

USER zoombot
EXPOSE 3000

# Liveness only: /healthz answers 200 while the database does. (/readyz also wants the schema current.)
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:3000/healthz', timeout=4)"]

CMD ["gunicorn", "-w", "4", "--threads", "8", "--preload", "-b", "0.0.0.0:3000", "bot:create_app()"]
