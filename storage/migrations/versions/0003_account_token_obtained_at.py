"""When the cached account token was obtained, so its lifetime is known.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("zoom_account_tokens") as table:
        table.add_column(sa.Column("obtained_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("zoom_account_tokens") as table:
        table.drop_column("obtained_at")
