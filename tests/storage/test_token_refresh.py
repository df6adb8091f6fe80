"""Rotating refresh tokens under concurrency, against the strict Zoom emulator, on SQLite and PostgreSQL."""

from __future__ import annotations

import multiprocessing
import threading
from datetime import UTC, datetime, timedelta

import pytest

from handlers.demo.emulators import ZoomEmulator
from storage import ConnectionStore, NotConnected, SlackUserKey, TokenCipher
from tests.harness import seed_connection
from tests.token_worker import call_zoom_concurrently, process_entry

ALICE = SlackUserKey(team_id="T1", user_id="U1")
EMAIL = "alice@example.com"


@pytest.fixture
def zoom():
    with ZoomEmulator() as emulator:
        emulator.add_user(EMAIL)
        emulator.token_latency = 0.2  # a slow token endpoint makes a lost race show up
        yield emulator


@pytest.fixture
def key_material() -> str:
    return TokenCipher.generate_key()


def _seed(db, key_material: str, zoom: ZoomEmulator, *, locally_expired: bool) -> ConnectionStore:
    store = ConnectionStore(db, TokenCipher.from_setting(key_material))
    seed_connection(store, zoom, ALICE, EMAIL,
                    expires_in=timedelta(minutes=-1) if locally_expired else timedelta(hours=1))
    zoom.expire_access_tokens()
    return store


def _threads(db, key_material, zoom, count=20) -> list[str]:
    return call_zoom_concurrently(str(db.url.render_as_string(hide_password=False)), key_material, ALICE,
                                  zoom.oauth_url, zoom.api_url, zoom.client_id, zoom.client_secret, count,
                                  threading.Barrier(count))


@pytest.mark.parametrize("token_lifetime", [3600, 60], ids=["zoom-hour", "one-minute"])
def test_twenty_threads_on_an_expired_token_refresh_once(db, key_material, zoom, token_lifetime):
    # A token that lives less than the 5-minute margin must not look expired the moment it arrives,
    # or every waiting thread would refresh it again.
    zoom.access_token_ttl = token_lifetime
    _seed(db, key_material, zoom, locally_expired=True)
    results = _threads(db, key_material, zoom)
    assert results == [EMAIL] * 20
    assert zoom.refresh_count == 1
    assert zoom.spent_refresh_token_uses == 0
    assert zoom.valid_refresh_tokens_for(EMAIL) == 1


def test_a_401_code_124_refreshes_once_for_all_threads(db, key_material, zoom):
    # Locally the token looks fresh; Zoom has expired it early (clock skew, revocation by Zoom).
    _seed(db, key_material, zoom, locally_expired=False)
    results = _threads(db, key_material, zoom)
    assert results == [EMAIL] * 20
    assert zoom.refresh_count == 1
    assert zoom.spent_refresh_token_uses == 0


def test_three_processes_refresh_once(db, key_material, zoom):
    _seed(db, key_material, zoom, locally_expired=True)
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(21)
    queue = context.Queue()
    url = db.url.render_as_string(hide_password=False)
    processes = [
        context.Process(target=process_entry, args=(queue, url, key_material, ALICE, zoom.oauth_url, zoom.api_url,
                                                    zoom.client_id, zoom.client_secret, 7, barrier))
        for _ in range(3)
    ]
    for process in processes:
        process.start()
    results = [email for _ in processes for email in queue.get(timeout=90)]
    for process in processes:
        process.join(timeout=30)
    assert results == [EMAIL] * 21
    assert zoom.refresh_count == 1
    assert zoom.spent_refresh_token_uses == 0


def test_revoked_grant_disconnects_the_user(db, key_material, zoom):
    store = _seed(db, key_material, zoom, locally_expired=True)
    zoom.revoke_all_grants_for(EMAIL)
    results = _threads(db, key_material, zoom, count=5)
    assert results == ["NotConnected"] * 5
    assert store.get(ALICE) is None
    with pytest.raises(NotConnected):
        store.access_token(ALICE, refresh=lambda _: pytest.fail("no connection, no refresh"))


def test_refreshed_pair_survives_a_restart(db, key_material, zoom):
    _seed(db, key_material, zoom, locally_expired=True)
    assert _threads(db, key_material, zoom, count=1) == [EMAIL]
    db.dispose()  # a new process would open new connections and decrypt with the same key
    zoom.expire_access_tokens()
    store = ConnectionStore(db, TokenCipher.from_setting(key_material))
    assert store.get(ALICE).expires_at > datetime.now(UTC)
    assert _threads(db, key_material, zoom, count=3) == [EMAIL] * 3
    assert zoom.refresh_count == 2
    assert zoom.spent_refresh_token_uses == 0
