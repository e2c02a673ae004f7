"""Create the reminder table: which PIC got a digest on which day

Revision ID: 5c1e7a9b3d20
Revises: 88ae084cdcad
Create Date: 2026-11-24 12:00:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "5c1e7a9b3d20"
down_revision = "88ae084cdcad"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "satudata_reminder",
        sa.Column("id", sa.UnicodeText, nullable=False),
        sa.Column("user_id", sa.UnicodeText, nullable=False),
        sa.Column("sent_on", sa.Date, nullable=False),
        sa.Column("sent_at", sa.DateTime, nullable=False),
        sa.Column("items", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="satudata_reminder_pkey"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE",
                                name="satudata_reminder_user_id_fkey"),
        sa.UniqueConstraint("user_id", "sent_on", name="satudata_reminder_user_day"),
    )


def downgrade():
    op.drop_table("satudata_reminder")
