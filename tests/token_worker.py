"""A separate process that uses one user's Zoom connection from several threads (see test_token_refresh)."""

from __future__ import annotations

import threading

from handlers.app.zoom_tokens import UserTokenSource
from storage import ConnectionStore, Database, SlackUserKey, TokenCipher
from zoom import ZoomApi, ZoomOAuthClient


def call_zoom_concurrently(database_url: str, key_material: str, key: SlackUserKey, oauth_url: str, api_url: str,
                           client_id: str, client_secret: str, threads: int, barrier) -> list[str]:
    """Run `threads` GET /users/me calls at once; returns each call's email, or its error's class name."""
    db = Database(database_url)
    store = ConnectionStore(db, TokenCipher.from_setting(key_material))
    oauth = ZoomOAuthClient(oauth_url, client_id, client_secret)

    results: list[str] = []
    lock = threading.Lock()

    def one_call() -> None:
        api = ZoomApi(api_url, UserTokenSource(store, key, oauth))
        barrier.wait()
        try:
            outcome = api.me().email
        except Exception as error:  # reported back to the test, which asserts on it
            outcome = type(error).__name__
        with lock:
            results.append(outcome)

    workers = [threading.Thread(target=one_call) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    db.dispose()
    return results


def process_entry(queue, *args) -> None:
    queue.put(call_zoom_concurrently(*args))
