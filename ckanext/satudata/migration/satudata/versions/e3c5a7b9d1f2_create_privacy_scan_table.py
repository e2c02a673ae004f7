"""Create the privacy scan table: the personal-data findings of each resource

Revision ID: e3c5a7b9d1f2
Revises: bfae08c961c0
Create Date: 2026-11-23 17:00:00

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "e3c5a7b9d1f2"
down_revision = "bfae08c961c0"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "satudata_privacy_scan",
        sa.Column("resource_id", sa.UnicodeText, nullable=False),
        sa.Column("package_id", sa.UnicodeText, nullable=False),
        sa.Column("fingerprint", sa.UnicodeText, nullable=False),
        sa.Column("status", sa.UnicodeText, nullable=False),
        sa.Column("findings", postgresql.JSONB, nullable=False, server_default="[]"),
        sa.Column("warnings", postgresql.JSONB, nullable=False, server_default="[]"),
        sa.Column("rows_scanned", sa.Integer, nullable=False, server_default="0"),
        sa.Column("error", sa.UnicodeText, nullable=True),
        sa.Column("scanned", sa.DateTime, nullable=True),
        sa.Column("override_by", sa.UnicodeText, nullable=True),
        sa.Column("override_reason", sa.UnicodeText, nullable=True),
        sa.Column("override_at", sa.DateTime, nullable=True),
        sa.PrimaryKeyConstraint("resource_id", name="satudata_privacy_scan_pkey"),
        sa.ForeignKeyConstraint(["resource_id"], ["resource.id"], ondelete="CASCADE",
                                name="satudata_privacy_scan_resource_id_fkey"),
        sa.ForeignKeyConstraint(["override_by"], ["user.id"], ondelete="SET NULL",
                                name="satudata_privacy_scan_override_by_fkey"),
    )
    op.create_index("idx_satudata_privacy_scan_package", "satudata_privacy_scan",
                    ["package_id"])


def downgrade():
    op.drop_index("idx_satudata_privacy_scan_package", table_name="satudata_privacy_scan")
    op.drop_table("satudata_privacy_scan")
