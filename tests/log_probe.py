"""Run in a fresh interpreter by tests/handlers/app/test_log_safety.py: the bot's logging set up exactly as
`bot.py` sets it up (no pytest handlers in the way), then every kind of secret, in the forms libraries write
them, logged by child loggers of every library at every level.

    python -m tests.log_probe as-set|late-handlers|dict-config|json

Output goes wherever the handlers of the mode put it (standard error as set up, standard output for the
handlers installed afterwards); every line names its case, so the test can tell that it was printed.
"""

from __future__ import annotations

import base64
import json
import logging
import logging.config
import sys
from urllib.parse import quote

LOGGERS = ("slack_sdk.web.base_client", "slack_sdk.webhook.client", "slack_bolt.oauth.something_new",
           "urllib3.connectionpool", "requests", "werkzeug", "waitress", "gunicorn.error", "foo.bar")
LEVELS = (logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR)


def _jwt_like(claims: dict[str, object], signature: bytes) -> str:
    """Shaped like Zoom's access and refresh tokens, opaque as far as the bot knows."""
    def part(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
    return ".".join((part(json.dumps({"alg": "HS512", "v": "2.0", "kid": "0f1e2d3c"}).encode()),
                     part(json.dumps(claims).encode()), part(signature)))


RESPONSE_URL = "https://hooks.slack.com/commands/T0001ABC/1234567890123/R3sp0nseUrlS3cretPart"
START_URL_ZAK = "eyJ0eXAiOiJKV1QiLCJzdiI6IjAwMDAwMSIsInptX3NrbSI6InptX28ybSJ9.zAkSecretPart.sig"
SECRETS = {
    "bot token": "xoxb-1111-2222-B0tT0kenS3cret",
    "user token": "xoxp-1111-2222-3333-Us3rT0kenS3cret",
    "app token": "xapp-1-A0APP-4444-AppT0kenS3cret",
    "rotating refresh token": "xoxe-1-R0tat1ngRefr3shS3cret",
    "rotating access token": "xoxe.xoxp-1-R0tat1ngAcc3ssS3cret",
    "zoom access token": _jwt_like({"uid": "u1", "tokenType": "access_token", "exp": 1}, b"A" * 64),
    "zoom refresh token": _jwt_like({"uid": "u1", "tokenType": "refresh_token", "iat": 1}, b"R" * 64),
    "opaque access token": "QWNjZXNzT3BhcXVlU2VjcmV0VmFsdWU",
    "opaque refresh token": "UmVmcmVzaE9wYXF1ZVNlY3JldFZhbHVl",
    "zoom client secret": "Zc1ientS3cretValue9",  # configured: redacted as a literal too
    "slack client secret": "5lackC1ientS3cretValue",
    "signing secret": "8f14e45fceea167a5a36dedd4bea2543",  # configured: only a literal can catch it
    "zoom oauth code": "ZmOAuthC0deS3cret_-x",
    "slack install code": "1234567890.987654321.abcdef0123456789",
    "oauth state": "St4teS3cretValue-xyz",
    "pkce verifier": "Ver1fierS3cretValue_abcdefghijklmnopqrstu",
    "passcode": "Pa55c0de",
    "zak": START_URL_ZAK,
    "start_url": f"https://us05web.zoom.us/s/81234567890?zak={START_URL_ZAK}",
    "response_url": RESPONSE_URL,
    "actions response_url": "https://hooks.slack.com/actions/T0001ABC/1234567890123/Act10nUrlS3cret",
    "emulator response_url": "http://127.0.0.1:5555/response/T0001/1234567890123/Emu1at0rUrlS3cret",
    "webhook under SLACK_API_URL": "http://127.0.0.1:5555/commands/T0001/1234567890123/ApiH0stUrlS3cret",
}
# What the tests look for: each value, and the secret last part of each URL (shown without its host).
SECRET_PARTS = {**SECRETS, **{f"{kind} (last part)": value.rsplit("/", 1)[-1]
                              for kind, value in SECRETS.items() if "://" in value}}
S = SECRETS
# (template, args): the forms libraries and the bot's own code write them in.
FORMS: list[tuple[str, object]] = [
    ("Failed to send a request - headers: {'Authorization': 'Bearer %s'}", S["bot token"]),
    ("headers: Authorization: Bearer %s", S["zoom access token"]),
    ("Authorization: Bearer %s", S["opaque access token"]),
    ("POST /oauth/token grant_type=refresh_token&refresh_token=%s", S["zoom refresh token"]),
    ("access_token=%s&token_type=bearer&refresh_token=%s", (S["opaque access token"], S["opaque refresh token"])),
    ('body: {"access_token": "%s", "token_type": "bearer", "refresh_token": "%s", "expires_in": 3599}',
     (S["opaque access token"], S["opaque refresh token"])),
    ("body_params: %s", {"client_id": "123.456", "client_secret": S["slack client secret"],
                         "code": S["slack install code"]}),
    ("Failed to fetch oauth.v2.access result with code: %s - error: invalid_code", S["slack install code"]),
    ('127.0.0.1 - - "GET /zoom/oauth/callback?code=%s&state=%s HTTP/1.1" 200 -', (S["zoom oauth code"],
                                                                                   S["oauth state"])),
    ("grant_type=authorization_code&code=%s&code_verifier=%s", (S["zoom oauth code"], S["pkce verifier"])),
    ("tokens %s, %s, %s, %s and %s", (S["bot token"], S["user token"], S["app token"],
                                       S["rotating refresh token"], S["rotating access token"])),
    ("bare Zoom tokens %s %s", (S["zoom access token"], S["zoom refresh token"])),
    ('{"id": 81234567890, "start_url": "%s", "password": "%s"}', (S["start_url"], S["passcode"])),
    ("host link %s", S["start_url"]),
    ("%s", {"start_url": S["start_url"], "password": S["passcode"]}),
    ("zak=%s", S["zak"]),
    ("Passcode `%s` (the join link already carries it)", S["passcode"]),
    ("passcode: %s", S["passcode"]),
    ("Sending a request - url: %s, body: {}", S["response_url"]),
    ("Retrying after connection broken: %s", S["actions response_url"]),
    ('http://127.0.0.1:5555 "POST %s HTTP/1.1" 200 2', S["emulator response_url"].split("5555", 1)[1]),
    ("form body: response_url=%s&trigger_id=1.2.3", quote(S["response_url"], safe="")),
    # A start link inside another URL, its zak opaque (no JWT shape to catch it by).
    ("redirect to /next?to=%s", quote(f"https://us05web.zoom.us/s/81234567890?zak={S['opaque access token']}",
                                      safe="")),
    ("posting to %s and %s", (S["emulator response_url"], S["webhook under SLACK_API_URL"])),
    ("signing with %s", S["signing secret"]),
    ("the Zoom app's secret: %s", S["zoom client secret"]),
    ("%(token)s at 100%% for %(who)s", {"token": S["bot token"], "who": "U0ALICE"}),
    (f"no arguments at all, 100% {S['user token']} code={S['zoom oauth code']}", ()),
    ("one argument short: %s %s", (S["bot token"],)),
]


def _environment() -> dict[str, str]:
    return {
        "SLACK_SIGNING_SECRET": S["signing secret"], "SLACK_BOT_TOKEN": S["bot token"],
        "ZOOM_CLIENT_ID": "zoom-client-id", "ZOOM_CLIENT_SECRET": S["zoom client secret"],
        "DATABASE_URL": "sqlite://", "TOKEN_ENCRYPTION_KEY": "ZmRiYTFhNTljY2Q1NDY2ZDkzYjM2ZGUzYjg5ZmQ0NTM=",
        "LOG_LEVEL": "DEBUG",
    }


def _log_everything(tag: str) -> None:
    for name in LOGGERS:
        logger = logging.getLogger(name)
        for level in LEVELS:
            for number, (template, args) in enumerate(FORMS):
                case = f"case {tag}/{name}/{logging.getLevelName(level)}/{number}: "
                logger.log(level, case + template, *(args if isinstance(args, tuple) else (args,)))
            try:
                raise RuntimeError(f"400 Client Error for url: https://zoom.us/oauth/token?code={S['zoom oauth code']}"
                                   f"&refresh_token={S['zoom refresh token']} via {S['response_url']}")
            except RuntimeError:
                logger.log(level, f"case {tag}/{name}/{logging.getLevelName(level)}/exception: %s failed",
                           "the exchange", exc_info=True)


def main(mode: str) -> None:
    from handlers.app.config import load_settings
    from handlers.app.log_safety import configure_logging

    environment = _environment()
    if mode == "json":  # as set, with LOG_FORMAT=json: one JSON object a line
        environment["LOG_FORMAT"] = "json"
    configure_logging(load_settings(environment, dotenv_path=None))  # as create_app() does
    if mode == "late-handlers":
        # As gunicorn does: its loggers get handlers of their own and stop propagating; and someone adds a
        # handler to the root logger after the bot set its logging up.
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        for name in ("gunicorn.error", "gunicorn.access"):
            logging.getLogger(name).propagate = False
            logging.getLogger(name).addHandler(handler)
        logging.getLogger().addHandler(logging.StreamHandler(sys.stdout))
    elif mode == "dict-config":  # a logging config that replaces every handler the bot had
        logging.config.dictConfig({
            "version": 1, "disable_existing_loggers": False,
            "formatters": {"plain": {"format": "%(levelname)s %(name)s %(message)s"}},
            "handlers": {"out": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout",
                                 "formatter": "plain"}},
            "root": {"level": "DEBUG", "handlers": ["out"]},
        })
    elif mode not in ("as-set", "json"):
        raise SystemExit(f"unknown mode {mode}")
    _log_everything("as-set")
    for name in LOGGERS:  # what a log config asking for everything from one library module would do
        logging.getLogger(name).setLevel(logging.DEBUG)
    _log_everything("forced")


if __name__ == "__main__":
    main(sys.argv[1])
