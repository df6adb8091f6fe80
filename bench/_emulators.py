"""The Slack and Zoom emulators in a process of their own, for bench/durable_load.py.

Run by the benchmark, not by hand: it starts the emulators, seeds one Zoom connection per bench user into the
bot's database, prints one JSON line (their URLs and credentials), then answers `stats` on stdin with one
JSON line of what the emulators saw, and stops on `quit`. A process of its own, so that the emulators'
work does not share an interpreter lock with the load generator that measures the acks.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from handlers.demo.emulators import SlackEmulator, ZoomEmulator
from storage import ConnectionStore, Database, SlackUserKey, TokenCipher
from tests.harness import seed_connection


def users(count: int) -> list[str]:
    return [f"U0BENCH{i:03d}" for i in range(count)]


def stats(zoom: ZoomEmulator, slack: SlackEmulator) -> dict[str, Any]:
    posted: dict[str, list[float]] = {}
    for message in slack.messages:
        for block in message.blocks or []:
            for element in block.get("elements", []) if isinstance(block, dict) else []:
                if isinstance(element, dict) and element.get("action_id") == "zoom_join":
                    posted.setdefault(element["url"], []).append(float(message.ts))
    busy = sum("Zoom is busy" in json.dumps(r.payload) for r in slack.responses)
    return {
        "meetings": [{"topic": m.request_body.get("topic"), "created": m.created_epoch,
                      "posted": posted.get(m.join_url, [])} for m in zoom.meetings],
        "create_429s": zoom.create_limit_refusals,
        "busy_answers": busy,
        "emulator_errors": len(zoom.internal_errors) + len(slack.internal_errors),
    }


def main() -> None:
    config = json.loads(sys.argv[1])
    with ZoomEmulator() as zoom, SlackEmulator() as slack:
        zoom.api_latency = config["zoom_latency"]
        zoom.create_meetings_per_second = config["zoom_limit"]
        for number, user in enumerate(users(config["users"])):
            email = f"{user.lower()}@example.com"
            zoom.add_user(email)
            slack.add_user(user, name=user.lower(), email=email, tz="Europe/Berlin")
            slack.add_channel(f"C0BENCH{number:03d}", name=f"bench-{number}")
        db = Database(config["database_url"])
        db.migrate()
        store = ConnectionStore(db, TokenCipher.from_setting(config["key"]))
        for user in users(config["users"]):
            seed_connection(store, zoom, SlackUserKey(team_id=slack.team_id, user_id=user),
                            email=f"{user.lower()}@example.com")
        db.dispose()
        print(json.dumps({
            "slack_api_url": slack.api_url, "slack_bot_token": slack.bot_token, "team_id": slack.team_id,
            "slack_base": slack.base_url, "zoom_oauth_url": zoom.oauth_url, "zoom_api_url": zoom.api_url,
            "zoom_client_id": zoom.client_id, "zoom_client_secret": zoom.client_secret,
        }), flush=True)
        for line in sys.stdin:
            word, _, rest = line.strip().partition(" ")
            if word == "response_urls":  # one per [channel, user] pair, as each command brings its own
                pairs = json.loads(rest)
                print(json.dumps([slack.new_response_url(channel_id=c, user_id=u) for c, u in pairs]), flush=True)
            elif line.strip() == "stats":
                print(json.dumps(stats(zoom, slack)), flush=True)
            elif line.strip() == "quit":
                return


if __name__ == "__main__":
    main()
