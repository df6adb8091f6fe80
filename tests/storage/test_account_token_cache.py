"""The Server-to-Server token is shared across workers through the database, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from storage import TokenCipher
from storage.account_tokens import AccountTokenCache
from tests.harness import dump_tables
from zoom import TokenSet


def _fetcher(counter: list[int], *, minutes: float = 60, clock=lambda: datetime.now(UTC)):
    lock = threading.Lock()

    def fetch() -> TokenSet:
        with lock:
            counter.append(1)
            number = len(counter)
        return TokenSet(access_token=f"account-token-{number}", refresh_token=None,
                        expires_at=clock() + timedelta(minutes=minutes))

    return fetch


def test_two_workers_share_one_grant_and_nothing_is_stored_in_plaintext(db):
    cipher = TokenCipher([TokenCipher.generate_key()])
    worker_a, worker_b = AccountTokenCache(db, cipher), AccountTokenCache(db, cipher)  # separate memories
    grants: list[int] = []
    fetch = _fetcher(grants)
    results: list[str] = []
    barrier = threading.Barrier(20)

    def call(cache: AccountTokenCache) -> None:
        barrier.wait()
        results.append(cache.access_token("acct-1", fetch))

    threads = [threading.Thread(target=call, args=(worker_a if i % 2 else worker_b,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(grants) == 1
    assert set(results) == {"account-token-1"}
    stored = dump_tables(db.read_engine, ["zoom_account_tokens"])
    assert stored
    assert "account-token-1" not in stored


class _Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


def test_an_expiring_token_is_replaced_and_a_rejected_one_only_once(db):
    cipher = TokenCipher([TokenCipher.generate_key()])
    clock = _Clock()
    cache = AccountTokenCache(db, cipher, clock=clock)
    grants: list[int] = []
    first = cache.access_token("acct-1", _fetcher(grants, minutes=60, clock=clock))
    clock.now += timedelta(minutes=56)  # 4 minutes left: inside the 5-minute margin
    second = cache.access_token("acct-1", _fetcher(grants, clock=clock))
    assert (first, second) == ("account-token-1", "account-token-2")
    replaced = cache.replace_rejected("acct-1", second, _fetcher(grants))
    assert replaced == "account-token-3"
    # a second worker reporting the same rejected token gets the replacement, without a new grant
    assert AccountTokenCache(db, cipher).replace_rejected("acct-1", second, _fetcher(grants)) == replaced
    assert len(grants) == 3


def test_a_short_lived_token_is_used_for_half_its_life_not_replaced_on_every_call(db):
    cipher = TokenCipher([TokenCipher.generate_key()])
    clock = _Clock()
    worker_a, worker_b = AccountTokenCache(db, cipher, clock=clock), AccountTokenCache(db, cipher, clock=clock)
    grants: list[int] = []
    fetch = _fetcher(grants, minutes=2, clock=clock)  # shorter than the 5-minute margin
    assert worker_a.access_token("acct-1", fetch) == "account-token-1"
    clock.now += timedelta(seconds=50)
    assert worker_b.access_token("acct-1", fetch) == "account-token-1"  # read back from the database
    assert worker_a.access_token("acct-1", fetch) == "account-token-1"
    clock.now += timedelta(seconds=20)  # past half of its two minutes
    assert worker_b.access_token("acct-1", fetch) == "account-token-2"
    assert len(grants) == 2
