"""Privacy scans remember when their status began and how often they were
queued again, so that a lost background scan can be found and queued again

Revision ID: 7b2d4f6a8c31
Revises: e3c5a7b9d1f2
Create Date: 2026-12-07 08:00:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "7b2d4f6a8c31"
down_revision = "e3c5a7b9d1f2"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("satudata_privacy_scan", sa.Column("status_since", sa.DateTime, nullable=True))
    op.add_column("satudata_privacy_scan", sa.Column("requeued", sa.Integer, nullable=False,
                                                     server_default="0"))


def downgrade():
    op.drop_column("satudata_privacy_scan", "requeued")
    op.drop_column("satudata_privacy_scan", "status_since")
