"""Zoom connections, OAuth states, the account token cache and posted meetings.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_id = sa.BigInteger().with_variant(sa.Integer, "sqlite")


def upgrade() -> None:
    op.create_table(
        "zoom_connections",
        sa.Column("id", _id, primary_key=True),
        sa.Column("workspace_key", sa.String(32), nullable=False),
        sa.Column("enterprise_id", sa.String(32), nullable=False),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("slack_user_id", sa.String(32), nullable=False),
        sa.Column("zoom_user_id", sa.String(64), nullable=False),
        sa.Column("zoom_email", sa.String(320), nullable=False),
        sa.Column("zoom_account_id", sa.String(64), nullable=False),
        sa.Column("access_token_enc", sa.Text, nullable=False),
        sa.Column("refresh_token_enc", sa.Text, nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("connected_at", UTCDateTime(), nullable=False),
        sa.Column("refreshed_at", UTCDateTime(), nullable=True),
        sa.UniqueConstraint("workspace_key", "slack_user_id", name="uq_zoom_connections_slack_user"),
    )
    op.create_index("ix_zoom_connections_zoom_user", "zoom_connections", ["zoom_user_id"])
    op.create_index("ix_zoom_connections_team", "zoom_connections", ["team_id"])

    op.create_table(
        "zoom_oauth_states",
        sa.Column("id", _id, primary_key=True),
        sa.Column("state_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("enterprise_id", sa.String(32), nullable=False),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("slack_user_id", sa.String(32), nullable=False),
        sa.Column("code_verifier_enc", sa.Text, nullable=False),
        sa.Column("resume_enc", sa.Text, nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_zoom_oauth_states_expires_at", "zoom_oauth_states", ["expires_at"])

    op.create_table(
        "zoom_account_tokens",
        sa.Column("account_key", sa.String(64), primary_key=True),
        sa.Column("access_token_enc", sa.Text, nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
    )

    op.create_table(
        "meetings",
        sa.Column("id", _id, primary_key=True),
        sa.Column("zoom_meeting_id", sa.BigInteger, nullable=False),
        sa.Column("workspace_key", sa.String(32), nullable=False),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("slack_user_id", sa.String(32), nullable=False),
        sa.Column("channel_id", sa.String(32), nullable=False),
        sa.Column("message_ts", sa.String(32), nullable=False),
        sa.Column("topic", sa.String(200), nullable=False),
        sa.Column("start_time", UTCDateTime(), nullable=True),
        sa.Column("duration_minutes", sa.Integer, nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_meetings_zoom_meeting_id", "meetings", ["zoom_meeting_id"])
    op.create_index("ix_meetings_owner", "meetings", ["workspace_key", "slack_user_id"])


def downgrade() -> None:
    op.drop_table("meetings")
    op.drop_table("zoom_account_tokens")
    op.drop_table("zoom_oauth_states")
    op.drop_table("zoom_connections")
