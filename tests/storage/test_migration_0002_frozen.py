"""Migration 0002 spells out slack_sdk's table layout instead of asking the library for it at migration time.

Frozen, it cannot follow a new slack_sdk by itself: these tests compare the tables it makes with the tables the
installed slack_sdk's builders describe (tokens as Text, as the migration has them), on SQLite and PostgreSQL.
When they fail after a slack_sdk upgrade, the library's stores now expect another layout: write a new migration
that takes the tables there. Do not edit 0002.
"""

from __future__ import annotations

import ast
import difflib
import pprint
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import pytest
import sqlalchemy as sa
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

from storage.db import MIGRATIONS_DIR

SLACK_TABLES = ("slack_installations", "slack_bots", "slack_oauth_states")
TOKEN_COLUMNS = {
    "slack_installations": {"bot_token", "bot_refresh_token", "user_token", "user_refresh_token"},
    "slack_bots": {"bot_token", "bot_refresh_token"},
    "slack_oauth_states": set(),
}


def _library_metadata() -> sa.MetaData:
    """What the installed slack_sdk would create, with the project's one change: tokens as Text."""
    metadata = sa.MetaData()
    SQLAlchemyInstallationStore.build_installations_table(
        metadata, SQLAlchemyInstallationStore.default_installations_table_name)
    SQLAlchemyInstallationStore.build_bots_table(metadata, SQLAlchemyInstallationStore.default_bots_table_name)
    SQLAlchemyOAuthStateStore.build_oauth_states_table(metadata, SQLAlchemyOAuthStateStore.default_table_name)
    for table in metadata.tables.values():
        for column in table.columns:
            if column.name.endswith("token"):
                column.type = sa.Text()
    return metadata


def _describe(engine: sa.Engine) -> dict:
    """The Slack tables as the database reports them: columns in order, keys, indexes, constraints."""
    inspector = sa.inspect(engine)
    described: dict = {"tables": sorted(set(SLACK_TABLES) & set(inspector.get_table_names()))}
    for name in SLACK_TABLES:
        if name not in described["tables"]:
            continue
        described[name] = {
            "columns": [
                {"name": column["name"], "type": column["type"].compile(dialect=engine.dialect),
                 "nullable": column["nullable"], "default": column.get("default"),
                 "autoincrement": column.get("autoincrement")}
                for column in inspector.get_columns(name)
            ],
            "primary_key": inspector.get_pk_constraint(name),
            "indexes": sorted(inspector.get_indexes(name), key=lambda index: index["name"] or ""),
            "unique_constraints": inspector.get_unique_constraints(name),
            "foreign_keys": inspector.get_foreign_keys(name),
            "check_constraints": inspector.get_check_constraints(name),
        }
    if engine.dialect.name == "sqlite":
        # SQLite keeps each statement's text: the strictest comparison there is.
        with engine.connect() as connection:
            described["sqlite_master"] = [tuple(row) for row in connection.execute(sa.text(
                "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE tbl_name IN (:a, :b, :c) "
                "ORDER BY type, name"), dict(zip("abc", SLACK_TABLES, strict=True)))]
    return described


@pytest.fixture
def library_engine(database_url, tmp_path, request) -> Iterator[sa.Engine]:
    """A second empty database of the same kind, where slack_sdk's builders create their tables."""
    url = f"sqlite:///{tmp_path}/slack_sdk.db" if database_url.startswith("sqlite") \
        else request.getfixturevalue("postgres_url")
    engine = sa.create_engine(url)
    _library_metadata().create_all(engine)
    yield engine
    engine.dispose()


def test_migrated_slack_tables_match_the_installed_slack_sdk(db, library_engine):
    migrated, library = _describe(db.read_engine), _describe(library_engine)
    if migrated != library:
        diff = "\n".join(difflib.unified_diff(
            pprint.pformat(migrated, width=120).splitlines(), pprint.pformat(library, width=120).splitlines(),
            "migration 0002", f"slack_sdk {version('slack_sdk')}", lineterm=""))
        pytest.fail(
            f"slack_sdk {version('slack_sdk')} describes its tables differently from what migration 0002 created "
            f"({db.read_engine.dialect.name}). Its installation and state stores expect the new layout: add a "
            f"migration that takes the tables there (leave 0002 as it is).\n{diff}", pytrace=False)


def test_token_columns_are_text(db):
    inspector = sa.inspect(db.read_engine)
    for table in SLACK_TABLES:
        columns = {column["name"]: column["type"] for column in inspector.get_columns(table)}
        assert {name for name in columns if name.endswith("token")} == TOKEN_COLUMNS[table]
        for name in TOKEN_COLUMNS[table]:
            assert isinstance(columns[name], sa.Text), f"{table}.{name} is {columns[name]!r}"


def test_migrations_do_not_import_slack_sdk():
    # import-linter does not see the migrations (storage/migrations is not a package), so the rule that
    # storage/ knows nothing of Slack is checked here for them.
    forbidden = ("slack_sdk", "slack_bolt")
    offenders = []
    for path in sorted(Path(MIGRATIONS_DIR).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            offenders += [f"{path.name}:{node.lineno} {name}" for name in names if name.split(".")[0] in forbidden]
    assert offenders == []
