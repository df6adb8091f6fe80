"""storage.schema: where a database stands against the migrations, read without writing, on both databases."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect, text

from storage import Database
from storage.schema import migrations, schema_state


def test_a_missing_sqlite_file_is_an_empty_schema_and_is_not_created(tmp_path):
    state = schema_state(f"sqlite:///{tmp_path}/zoombot.db")
    assert state.current == ()
    assert state.pending[-1] == state.head == migrations().get_current_head()
    assert not state.up_to_date
    assert list(tmp_path.iterdir()) == []


def test_reading_writes_nothing(database_url, tmp_path):
    database = Database(database_url)
    database.migrate()
    database.dispose()
    before = sorted(p.name for p in tmp_path.iterdir())
    state = schema_state(database_url)
    assert state.up_to_date
    assert state.current == (state.head,)
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no -wal, -shm or lock file


def test_an_empty_database_gets_no_version_table(postgres_url):
    state = schema_state(postgres_url)
    assert state.current == ()
    engine = create_engine(postgres_url)
    assert "alembic_version" not in inspect(engine).get_table_names()
    engine.dispose()


def test_behind_and_ahead(database_url):
    database = Database(database_url)
    database.migrate()
    with database.writing_connection() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0003'"))
    behind = schema_state(database_url)
    assert behind.current == ("0003",)
    assert behind.pending[0] == "0004"
    assert behind.pending[-1] == behind.head
    with database.writing_connection() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'ffff'"))
    database.dispose()
    ahead = schema_state(database_url)
    assert ahead.unknown == ("ffff",)
    assert not ahead.up_to_date
