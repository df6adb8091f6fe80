"""Database.schema_is_current: what /readyz asks (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from storage import Database


def test_current_after_migrate_and_not_before(database_url):
    database = Database(database_url)
    try:
        assert database.schema_is_current() is False  # nothing there yet
        database.migrate()
        assert database.schema_is_current() is True
        with database.write_engine.begin() as connection:  # an older deploy's schema
            head = connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
            connection.execute(text("UPDATE alembic_version SET version_num = '0001'"))
        assert database.schema_is_current() is False
        with database.write_engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = :head"), {"head": head})
        assert database.schema_is_current() is True
    finally:
        database.dispose()


def test_an_unreadable_database_raises(tmp_path):
    (tmp_path / "zoombot.db").write_bytes(b"not an SQLite database" * 100)
    database = Database(f"sqlite:///{tmp_path}/zoombot.db")
    try:
        with pytest.raises(SQLAlchemyError):
            database.schema_is_current()
    finally:
        database.dispose()
