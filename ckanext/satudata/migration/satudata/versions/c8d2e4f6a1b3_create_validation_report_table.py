"""Create the validation report table: the problems found in each uploaded table

Revision ID: c8d2e4f6a1b3
Revises: 7b2d4f6a8c31
Create Date: 2026-12-07 13:40:00

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "c8d2e4f6a1b3"
down_revision = "7b2d4f6a8c31"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "satudata_validation_report",
        sa.Column("resource_id", sa.UnicodeText, nullable=False),
        sa.Column("package_id", sa.UnicodeText, nullable=False),
        sa.Column("fingerprint", sa.UnicodeText, nullable=False),
        sa.Column("report", postgresql.JSONB, nullable=False, server_default="{}"),
        sa.Column("errors", sa.Integer, nullable=False, server_default="0"),
        sa.Column("warnings", sa.Integer, nullable=False, server_default="0"),
        sa.Column("questions", sa.Integer, nullable=False, server_default="0"),
        sa.Column("checked", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("resource_id", name="satudata_validation_report_pkey"),
        sa.ForeignKeyConstraint(["resource_id"], ["resource.id"], ondelete="CASCADE",
                                name="satudata_validation_report_resource_id_fkey"),
    )
    op.create_index("idx_satudata_validation_report_package", "satudata_validation_report",
                    ["package_id"])


def downgrade():
    op.drop_index("idx_satudata_validation_report_package",
                  table_name="satudata_validation_report")
    op.drop_table("satudata_validation_report")
