"""Create the indicator source table: per table of a published statistic,
the values read and the rows that could not be read

Revision ID: f1a3c5e7b9d2
Revises: c8d2e4f6a1b3
Create Date: 2026-12-07 13:20:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "f1a3c5e7b9d2"
down_revision = "c8d2e4f6a1b3"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "satudata_indicator_source",
        sa.Column("package_id", sa.UnicodeText, nullable=False),
        sa.Column("resource_id", sa.UnicodeText, nullable=False),
        sa.Column("value_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("skipped_rows", sa.Integer, nullable=False, server_default="0"),
        sa.Column("truncated", sa.Boolean, nullable=False, server_default="false"),
        sa.PrimaryKeyConstraint("package_id", "resource_id",
                                name="satudata_indicator_source_pkey"),
        sa.ForeignKeyConstraint(["package_id"], ["package.id"], ondelete="CASCADE",
                                name="satudata_indicator_source_package_id_fkey"),
    )


def downgrade():
    op.drop_table("satudata_indicator_source")
