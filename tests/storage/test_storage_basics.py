"""Storage on both databases: encryption at rest, OAuth states, connection lifecycle."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from storage import ConnectionStore, OAuthStateStore, SlackUserKey, TokenCipher
from storage.crypto import KeyConfigError
from tests.harness import dump_tables
from zoom import TokenSet

ALICE = SlackUserKey(team_id="T1", user_id="U1")


def _tokens(suffix: str = "1", *, minutes: int = 60) -> TokenSet:
    return TokenSet(access_token=f"access-secret-{suffix}", refresh_token=f"refresh-secret-{suffix}",
                    expires_at=datetime.now(UTC) + timedelta(minutes=minutes))


@pytest.fixture
def cipher() -> TokenCipher:
    return TokenCipher([TokenCipher.generate_key()])


def test_tokens_are_encrypted_at_rest(db, cipher):
    store = ConnectionStore(db, cipher)
    store.save(ALICE, zoom_user_id="z1", zoom_email="alice@example.com", zoom_account_id="a", tokens=_tokens())
    dump = dump_tables(db.read_engine)
    assert "alice@example.com" in dump  # the dump does see the rows
    assert "access-secret-1" not in dump
    assert "refresh-secret-1" not in dump
    assert store.access_token(ALICE, refresh=lambda _: pytest.fail("no refresh needed")) == "access-secret-1"


def test_same_user_id_in_two_workspaces_is_two_people(db, cipher):
    store = ConnectionStore(db, cipher)
    other = SlackUserKey(team_id="T2", user_id="U1")
    store.save(ALICE, zoom_user_id="z1", zoom_email="a@x", zoom_account_id="", tokens=_tokens("a"))
    store.save(other, zoom_user_id="z2", zoom_email="b@x", zoom_account_id="", tokens=_tokens("b"))
    assert store.get(ALICE).zoom_email == "a@x"
    assert store.get(other).zoom_email == "b@x"
    store.delete_workspace(team_id="T2")
    assert store.get(other) is None
    assert store.get(ALICE) is not None


def test_delete_by_zoom_user_removes_every_linked_slack_user(db, cipher):
    store = ConnectionStore(db, cipher)
    store.save(ALICE, zoom_user_id="z1", zoom_email="a@x", zoom_account_id="", tokens=_tokens("a"))
    store.save(SlackUserKey("T2", "U9"), zoom_user_id="z1", zoom_email="a@x", zoom_account_id="",
               tokens=_tokens("b"))
    store.save(SlackUserKey("T1", "U2"), zoom_user_id="z2", zoom_email="b@x", zoom_account_id="",
               tokens=_tokens("c"))
    removed = store.delete_by_zoom_user("z1")
    assert sorted(grant.refresh_token for grant in removed) == ["refresh-secret-a", "refresh-secret-b"]
    # quoted: a bare "z1" can turn up by chance inside the base64 of an encrypted token
    assert "'z1'" not in dump_tables(db.read_engine)
    assert store.get(SlackUserKey("T1", "U2")) is not None


def test_oauth_state_is_single_use_and_bound_to_its_user(db, cipher):
    states = OAuthStateStore(db, cipher)
    state = states.create(ALICE, code_verifier="verifier-xyz", resume={"kind": "meet", "text": "x tomorrow 3pm"})
    assert "verifier-xyz" not in dump_tables(db.read_engine)
    assert state not in dump_tables(db.read_engine)  # only its hash is stored
    pending = states.consume(state)
    assert pending.key == ALICE
    assert pending.code_verifier == "verifier-xyz"
    assert pending.resume == {"kind": "meet", "text": "x tomorrow 3pm"}
    assert states.consume(state) is None
    assert states.consume("forged-" + state) is None
    assert states.consume("") is None


def test_oauth_state_expires_after_ten_minutes(db, cipher):
    now = [datetime.now(UTC)]
    states = OAuthStateStore(db, cipher, clock=lambda: now[0])
    fresh = states.create(ALICE, code_verifier="v1")
    stale = states.create(ALICE, code_verifier="v2")
    now[0] += timedelta(minutes=9, seconds=59)
    assert states.consume(fresh) is not None
    now[0] += timedelta(seconds=2)
    assert states.consume(stale) is None


def test_key_rotation_decrypts_old_rows(db):
    old_key, new_key = TokenCipher.generate_key(), TokenCipher.generate_key()
    ConnectionStore(db, TokenCipher([old_key])).save(
        ALICE, zoom_user_id="z1", zoom_email="a@x", zoom_account_id="", tokens=_tokens())
    rotated = ConnectionStore(db, TokenCipher([new_key, old_key]))
    assert rotated.access_token(ALICE, refresh=lambda _: pytest.fail("fresh")) == "access-secret-1"
    with pytest.raises(KeyConfigError):
        ConnectionStore(db, TokenCipher([new_key])).access_token(ALICE, refresh=lambda _: _tokens())


def test_migrations_are_idempotent(db):
    db.migrate()
    db.migrate()
    assert db.ping()


def test_meeting_ids_are_64_bit(db):
    from storage import MeetingLog, MeetingRecord

    log = MeetingLog(db, TokenCipher.from_setting(TokenCipher.generate_key()))
    big = 2**62 + 12345
    log.record(MeetingRecord(zoom_meeting_id=big, owner=ALICE, topic="t", start_time=None, duration_minutes=30,
                             timezone="UTC"))
    assert [m.zoom_meeting_id for m in log.for_user(ALICE)] == [big]


def test_concurrent_connects_of_one_user_leave_one_connection(db, cipher):
    import threading

    store = ConnectionStore(db, cipher)
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []

    def connect(i: int) -> None:
        barrier.wait()
        try:
            store.save(ALICE, zoom_user_id="z1", zoom_email=f"alice{i}@x", zoom_account_id="", tokens=_tokens(str(i)))
        except BaseException as error:  # the test reports any failure below
            errors.append(error)

    threads = [threading.Thread(target=connect, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with db.read_engine.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM zoom_connections")).scalar() == 1
