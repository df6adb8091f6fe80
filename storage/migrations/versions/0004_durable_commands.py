"""Durable commands, shared rate pacing, and a refresh lease on connections.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_id = sa.BigInteger().with_variant(sa.Integer, "sqlite")


def upgrade() -> None:
    op.create_table(
        "commands",
        sa.Column("id", _id, primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("dedupe_key", sa.String(64), nullable=True, unique=True),
        sa.Column("repeat_key", sa.String(64), nullable=True),
        sa.Column("workspace_key", sa.String(32), nullable=False),
        sa.Column("enterprise_id", sa.String(32), nullable=False),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("user_id", sa.String(32), nullable=False),
        sa.Column("channel_id", sa.String(32), nullable=False),
        sa.Column("payload_enc", sa.Text, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("step", sa.String(16), nullable=False),
        sa.Column("step_at", UTCDateTime(), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("owner", sa.String(80), nullable=False),
        sa.Column("lease_until", UTCDateTime(), nullable=True),
        sa.Column("not_before", UTCDateTime(), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("marker", sa.String(32), nullable=False),
        sa.Column("zoom_meeting_id", sa.BigInteger, nullable=True),
        sa.Column("result_enc", sa.Text, nullable=True),
        sa.Column("outcome", sa.String(200), nullable=False),
    )
    op.create_index("ix_commands_claimable", "commands", ["state", "not_before"])
    op.create_index("ix_commands_repeat", "commands", ["repeat_key", "received_at"])

    op.create_table(
        "rate_pacing",
        sa.Column("pace_key", sa.String(64), primary_key=True),
        sa.Column("next_at", UTCDateTime(), nullable=False),
        sa.Column("paused_until", UTCDateTime(), nullable=True),
    )

    with op.batch_alter_table("zoom_connections") as table:
        table.add_column(sa.Column("refreshing_until", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("zoom_connections") as table:
        table.drop_column("refreshing_until")
    op.drop_table("rate_pacing")
    op.drop_table("commands")
