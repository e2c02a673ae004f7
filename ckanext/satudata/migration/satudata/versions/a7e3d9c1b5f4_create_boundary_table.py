"""Create the boundary table: the kelurahan polygons in use

Revision ID: a7e3d9c1b5f4
Revises: f1a3c5e7b9d2
Create Date: 2026-12-07 14:00:00

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "a7e3d9c1b5f4"
down_revision = "f1a3c5e7b9d2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "satudata_boundary",
        sa.Column("kode_wilayah", sa.UnicodeText, nullable=False),
        sa.Column("nama_wilayah", sa.UnicodeText, nullable=False),
        sa.Column("geometry", postgresql.JSONB, nullable=False),
        sa.Column("version", sa.UnicodeText, nullable=False),
        sa.Column("resmi", sa.Boolean, nullable=False, server_default="false"),
        sa.Column("package_id", sa.UnicodeText, nullable=True),
        sa.Column("loaded", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("kode_wilayah", name="satudata_boundary_pkey"),
    )


def downgrade():
    op.drop_table("satudata_boundary")
