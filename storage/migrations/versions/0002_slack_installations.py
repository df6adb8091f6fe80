"""Slack installations, bots and OAuth states, in slack_sdk's own table layout.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _slack_metadata() -> sa.MetaData:
    # The library defines the layout its stores read and write; building it from the library keeps
    # the two from drifting apart.
    metadata = sa.MetaData()
    SQLAlchemyInstallationStore.build_installations_table(
        metadata, SQLAlchemyInstallationStore.default_installations_table_name)
    SQLAlchemyInstallationStore.build_bots_table(metadata, SQLAlchemyInstallationStore.default_bots_table_name)
    SQLAlchemyOAuthStateStore.build_oauth_states_table(metadata, SQLAlchemyOAuthStateStore.default_table_name)
    # Tokens are stored Fernet-encrypted (handlers.app.installations), longer than the library's 200.
    for table in metadata.tables.values():
        for column in table.columns:
            if column.name.endswith("token"):
                column.type = sa.Text()
    return metadata


def upgrade() -> None:
    _slack_metadata().create_all(op.get_bind())


def downgrade() -> None:
    _slack_metadata().drop_all(op.get_bind())
