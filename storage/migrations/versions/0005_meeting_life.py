"""What the bot announced, kept for a meeting's life: Zoom's uuid and host, the recurrence, invitees, the live
status with the time of the event that set it, and who joined (for live counts).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _new_meeting_columns() -> tuple[sa.Column[Any], ...]:
    return (
        sa.Column("zoom_uuid", sa.String(64), nullable=False, server_default=""),
        sa.Column("host_zoom_user_id", sa.String(64), nullable=False, server_default=""),
        sa.Column("join_url_enc", sa.Text, nullable=False, server_default=""),
        sa.Column("recurrence", sa.Text, nullable=True),
        sa.Column("invitees", sa.Text, nullable=False, server_default=""),
        sa.Column("status", sa.String(16), nullable=False, server_default="scheduled"),
        sa.Column("status_event_ms", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("schedule_event_ms", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("live_uuid", sa.String(64), nullable=False, server_default=""),
        sa.Column("started_at", UTCDateTime(), nullable=True),
        sa.Column("ended_at", UTCDateTime(), nullable=True),
        sa.Column("changed_by", sa.String(32), nullable=False, server_default=""),
    )


def upgrade() -> None:
    with op.batch_alter_table("meetings") as table:
        for column in _new_meeting_columns():
            table.add_column(column)
    op.create_table(
        "meeting_participants",
        sa.Column("zoom_meeting_id", sa.BigInteger, primary_key=True),
        sa.Column("instance_uuid", sa.String(64), primary_key=True),
        sa.Column("participant_key", sa.String(64), primary_key=True),
        sa.Column("present", sa.Boolean, nullable=False),
        sa.Column("event_ms", sa.BigInteger, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("meeting_participants")
    with op.batch_alter_table("meetings") as table:
        for column in reversed(_new_meeting_columns()):
            table.drop_column(column.name)
