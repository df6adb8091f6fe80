"""Each Slack user's own meeting defaults, and whether they have opened the app's Home tab.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user_preferences",
        sa.Column("workspace_key", sa.String(32), primary_key=True),
        sa.Column("slack_user_id", sa.String(32), primary_key=True),
        sa.Column("enterprise_id", sa.String(32), nullable=False, server_default=""),
        sa.Column("team_id", sa.String(32), nullable=False, server_default=""),
        sa.Column("duration_minutes", sa.Integer, nullable=True),
        sa.Column("waiting_room", sa.Boolean, nullable=True),
        sa.Column("mute_upon_entry", sa.Boolean, nullable=True),
        sa.Column("require_passcode", sa.Boolean, nullable=True),
        sa.Column("auto_recording", sa.String(16), nullable=True),
        sa.Column("join_before_host", sa.Boolean, nullable=True),
        sa.Column("home_opened_at", UTCDateTime(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_user_preferences_team_id", "user_preferences", ["team_id"])


def downgrade() -> None:
    op.drop_index("ix_user_preferences_team_id", table_name="user_preferences")
    op.drop_table("user_preferences")
