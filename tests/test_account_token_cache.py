"""The Server-to-Server token is shared across workers through the database, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from storage import TokenCipher
from storage.account_tokens import AccountTokenCache
from tests.harness import dump_tables
from zoom import TokenSet


def _fetcher(counter: list[int], *, minutes: int = 60):
    lock = threading.Lock()

    def fetch() -> TokenSet:
        with lock:
            counter.append(1)
            number = len(counter)
        return TokenSet(access_token=f"account-token-{number}", refresh_token=None,
                        expires_at=datetime.now(UTC) + timedelta(minutes=minutes))

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


def test_an_expiring_token_is_replaced_and_a_rejected_one_only_once(db):
    cipher = TokenCipher([TokenCipher.generate_key()])
    cache = AccountTokenCache(db, cipher)
    grants: list[int] = []
    first = cache.access_token("acct-1", _fetcher(grants, minutes=3))  # inside the 5-minute margin
    second = cache.access_token("acct-1", _fetcher(grants))
    assert (first, second) == ("account-token-1", "account-token-2")
    replaced = cache.replace_rejected("acct-1", second, _fetcher(grants))
    assert replaced == "account-token-3"
    # a second worker reporting the same rejected token gets the replacement, without a new grant
    assert AccountTokenCache(db, cipher).replace_rejected("acct-1", second, _fetcher(grants)) == replaced
    assert len(grants) == 3
