"""The durable command rows and the shared rate pacer, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from storage import CommandStore, LeaseLost, NewCommand, RatePacer, SlackUserKey, TokenCipher
from storage.commands import DONE, FAILED, PENDING

ALICE = SlackUserKey(team_id="T1", user_id="U1")
LEASE = timedelta(seconds=30)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2027, 1, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(db, clock) -> CommandStore:
    return CommandStore(db, TokenCipher([TokenCipher.generate_key()]), clock=clock)


def meet(text: str = "Sync tomorrow 3pm", **keys: str) -> NewCommand:
    return NewCommand(kind="meet", owner=ALICE, channel_id="C1",
                      payload={"text": text, "origin": {"response_url": "https://hooks.example/secret-url"}}, **keys)


def test_a_command_is_stored_encrypted_and_claimed_by_one_worker(store, db):
    command_id = store.add(meet())
    with db.read_engine.connect() as connection:
        stored = str(connection.execute(text("SELECT * FROM commands")).all())
    assert "secret-url" not in stored
    assert "Sync tomorrow" not in stored
    first = store.claim(10, "worker-a", LEASE)
    assert [c.id for c in first] == [command_id]
    assert first[0].payload["text"] == "Sync tomorrow 3pm"
    assert first[0].attempts == 1
    assert store.claim(10, "worker-b", LEASE) == []  # in worker-a's hands while its lease lasts
    assert "secret-url" not in repr(first[0])


def test_a_duplicate_delivery_is_not_stored_twice(store):
    assert store.add(meet(dedupe_key="k" * 64)) is not None
    assert store.add(meet(dedupe_key="k" * 64)) is None
    assert store.add(meet()) is not None  # no key: never a duplicate
    assert store.unfinished() == 2


def test_a_lapsed_lease_is_taken_over_and_the_old_claimer_can_no_longer_write(store, clock):
    command_id = store.add(meet())
    [mine] = store.claim(1, "worker-a", LEASE)
    store.save_step(command_id, "worker-a", "creating")
    clock.advance(seconds=31)  # worker-a died: no heartbeat renewed the lease
    [taken] = store.claim(1, "worker-b", LEASE)
    assert taken.id == mine.id
    assert taken.step == "creating"
    assert taken.attempts == 2
    with pytest.raises(LeaseLost):
        store.save_step(command_id, "worker-a", "created")
    with pytest.raises(LeaseLost):
        store.finish(command_id, "worker-a")
    store.finish(command_id, "worker-b", result={"join_url": "https://zoom.example/j/1"})
    assert store.get(command_id).state == DONE
    assert store.get(command_id).result == {"join_url": "https://zoom.example/j/1"}
    assert store.claim(1, "worker-c", LEASE) == []


def test_a_renewed_lease_keeps_the_command(store, clock):
    command_id = store.add(meet())
    store.claim(1, "worker-a", LEASE)
    for _ in range(3):
        clock.advance(seconds=20)
        store.renew([command_id], "worker-a", LEASE)
        assert store.claim(1, "worker-b", LEASE) == []


def test_a_postponed_command_waits_until_its_time(store, clock):
    command_id = store.add(meet())
    store.claim(1, "worker-a", LEASE)
    store.postpone(command_id, "worker-a", clock.now + timedelta(seconds=5), outcome="429")
    assert not store.has_claimable()
    clock.advance(seconds=6)
    assert store.has_claimable()
    [again] = store.claim(1, "worker-b", LEASE)
    assert again.outcome == "429"
    assert again.attempts == 2


def test_releasing_the_dedupe_key_lets_the_same_click_come_again(store):
    key = "q" * 64
    command_id = store.add(meet(dedupe_key=key))
    store.claim(1, "w", LEASE)
    store.finish(command_id, "w", failed=True, release_dedupe=True)
    assert store.get(command_id).state == FAILED
    assert store.add(meet(dedupe_key=key)) is not None


def test_the_earlier_of_two_identical_commands_is_found_within_the_window(store, clock):
    first = store.add(meet(repeat_key="r" * 64))
    clock.advance(seconds=40)
    second = store.add(meet(repeat_key="r" * 64))
    clock.advance(seconds=40)
    third = store.add(meet(repeat_key="r" * 64))  # 80 s after the first, 40 s after the second
    window = timedelta(minutes=1)
    assert store.earlier_repeat(store.get(first), "r" * 64, window) is None
    assert store.earlier_repeat(store.get(second), "r" * 64, window).id == first
    assert store.earlier_repeat(store.get(third), "r" * 64, window).id == second


def test_finished_commands_are_forgotten_after_a_while_and_pending_ones_never(store, clock):
    done_id = store.add(meet())
    pending_id = store.add(meet())
    store.claim(1, "w", LEASE)
    store.finish(done_id, "w")
    clock.advance(days=2)
    assert store.forget_finished(timedelta(days=1)) == 1
    assert store.get(done_id) is None
    assert store.get(pending_id).state == PENDING


def test_concurrent_claimers_never_share_a_command(db, clock):
    cipher = TokenCipher([TokenCipher.generate_key()])
    store = CommandStore(db, cipher)
    ids = {store.add(meet(f"Sync {i}")) for i in range(60)}
    claimed: dict[str, list[int]] = {}

    def claimer(name: str) -> None:
        own = CommandStore(db, cipher)
        got = claimed.setdefault(name, [])
        while True:
            batch = own.claim(7, name, LEASE)
            if not batch:
                return
            got.extend(c.id for c in batch)

    threads = [threading.Thread(target=claimer, args=(f"w{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    everything = [i for got in claimed.values() for i in got]
    assert sorted(everything) == sorted(ids)  # each claimed exactly once


def test_the_pacer_spaces_an_accounts_calls_and_a_pause_holds_only_that_account(db, clock):
    pacer = RatePacer(db, clock=clock)
    interval = timedelta(milliseconds=50)
    waits = [pacer.reserve("acct-1", interval) for _ in range(5)]
    assert waits == pytest.approx([0.0, 0.05, 0.10, 0.15, 0.20])
    assert pacer.reserve("acct-2", interval) == 0.0  # another account has its own slots
    pacer.pause("acct-1", 3)
    assert pacer.reserve("acct-1", interval) == pytest.approx(3.0)
    assert pacer.reserve("acct-2", interval) == pytest.approx(0.05)
    clock.advance(seconds=10)
    assert pacer.reserve("acct-1", interval) == 0.0


def test_pacer_slots_are_unique_across_threads(db, clock):
    pacer = RatePacer(db, clock=clock)  # time stands still: every slot is a whole number of intervals ahead
    interval = timedelta(milliseconds=10)
    waits: list[float] = []
    lock = threading.Lock()

    def take() -> None:
        own = RatePacer(db, clock=clock)
        for _ in range(10):
            wait = own.reserve("acct", interval)
            with lock:
                waits.append(round(wait / 0.010))

    threads = [threading.Thread(target=take) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(waits) == list(range(40))  # no two calls got the same slot, whatever thread reserved it
    assert pacer.reserve("acct", interval) == pytest.approx(0.40)


def test_a_row_written_under_a_removed_key_is_set_aside_and_the_rest_still_run(db, clock):
    old = CommandStore(db, TokenCipher([TokenCipher.generate_key()]), clock=clock)
    unreadable = old.add(meet("written under the old key"))
    store = CommandStore(db, TokenCipher([TokenCipher.generate_key()]), clock=clock)
    readable = store.add(meet("written under the new key"))
    assert [c.id for c in store.claim(10, "w", LEASE)] == [readable]
    with db.read_engine.connect() as connection:
        state, outcome = connection.execute(text("SELECT state, outcome FROM commands WHERE id = :id"),
                                            {"id": unreadable}).one()
    assert state == FAILED
    assert "decrypted" in outcome
    assert store.claim(10, "w2", LEASE) == []
