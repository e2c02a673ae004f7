"""Create the indicator value table: the figures of published statistics

Revision ID: 9a9647818418
Revises: 5c1e7a9b3d20
Create Date: 2026-11-24 14:00:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "9a9647818418"
down_revision = "5c1e7a9b3d20"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "satudata_indicator_value",
        sa.Column("id", sa.BigInteger, autoincrement=True, nullable=False),
        sa.Column("package_id", sa.UnicodeText, nullable=False),
        sa.Column("resource_id", sa.UnicodeText, nullable=False),
        sa.Column("row", sa.Integer, nullable=False),
        sa.Column("kode_wilayah", sa.UnicodeText, nullable=False),
        sa.Column("nama_wilayah", sa.UnicodeText, nullable=False),
        sa.Column("periode", sa.UnicodeText, nullable=False),
        sa.Column("indikator", sa.UnicodeText, nullable=False),
        sa.Column("nilai", sa.Float(precision=53), nullable=False),
        sa.PrimaryKeyConstraint("id", name="satudata_indicator_value_pkey"),
        sa.ForeignKeyConstraint(["package_id"], ["package.id"], ondelete="CASCADE",
                                name="satudata_indicator_value_package_id_fkey"),
    )
    op.create_index("idx_satudata_indicator_value_package",
                    "satudata_indicator_value", ["package_id"])


def downgrade():
    op.drop_index("idx_satudata_indicator_value_package",
                  table_name="satudata_indicator_value")
    op.drop_table("satudata_indicator_value")
