"""Create the review workflow tables: dataset status and review history

Revision ID: d4708c982e73
Revises:
Create Date: 2026-11-23 14:30:00

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "d4708c982e73"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "satudata_dataset_status",
        sa.Column("package_id", sa.UnicodeText, nullable=False),
        sa.Column("state", sa.UnicodeText, nullable=False, server_default="draf"),
        sa.Column("version", sa.Integer, nullable=False, server_default="0"),
        sa.Column("updated", sa.DateTime, nullable=False,
                  server_default=sa.text("(now() AT TIME ZONE 'utc')")),
        sa.Column("has_pending_revision", sa.Boolean, nullable=False,
                  server_default=sa.text("false")),
        sa.Column("published_snapshot", postgresql.JSONB, nullable=True),
        sa.PrimaryKeyConstraint("package_id", name="satudata_dataset_status_pkey"),
        sa.ForeignKeyConstraint(["package_id"], ["package.id"], ondelete="CASCADE",
                                name="satudata_dataset_status_package_id_fkey"),
    )
    op.create_index("idx_satudata_dataset_status_state",
                    "satudata_dataset_status", ["state"])

    op.create_table(
        "satudata_review_event",
        sa.Column("id", sa.UnicodeText, nullable=False),
        sa.Column("package_id", sa.UnicodeText, nullable=False),
        sa.Column("actor_id", sa.UnicodeText, nullable=True),
        sa.Column("action", sa.UnicodeText, nullable=False),
        sa.Column("from_state", sa.UnicodeText, nullable=True),
        sa.Column("to_state", sa.UnicodeText, nullable=False),
        sa.Column("note", sa.UnicodeText, nullable=True),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("decision_key", sa.UnicodeText, nullable=True),
        sa.PrimaryKeyConstraint("id", name="satudata_review_event_pkey"),
        sa.ForeignKeyConstraint(["package_id"], ["package.id"], ondelete="CASCADE",
                                name="satudata_review_event_package_id_fkey"),
        sa.ForeignKeyConstraint(["actor_id"], ["user.id"], ondelete="SET NULL",
                                name="satudata_review_event_actor_id_fkey"),
        sa.UniqueConstraint("package_id", "decision_key",
                            name="satudata_review_event_package_decision_key"),
    )
    op.create_index("idx_satudata_review_event_package_created",
                    "satudata_review_event", ["package_id", "created"])


def downgrade():
    op.drop_index("idx_satudata_review_event_package_created",
                  table_name="satudata_review_event")
    op.drop_table("satudata_review_event")
    op.drop_index("idx_satudata_dataset_status_state",
                  table_name="satudata_dataset_status")
    op.drop_table("satudata_dataset_status")
