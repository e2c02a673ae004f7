"""Create the map tables: published point layers and their points

Revision ID: 88ae084cdcad
Revises: d4708c982e73
Create Date: 2026-11-24 09:00:00

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "88ae084cdcad"
down_revision = "d4708c982e73"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "satudata_map_layer",
        sa.Column("id", sa.BigInteger, autoincrement=True, nullable=False),
        sa.Column("package_id", sa.UnicodeText, nullable=False),
        sa.Column("name", sa.UnicodeText, nullable=False),
        sa.Column("title", sa.UnicodeText, nullable=False),
        sa.Column("kind", sa.UnicodeText, nullable=False),
        sa.Column("organization_id", sa.UnicodeText, nullable=True),
        sa.Column("kelurahan", sa.UnicodeText, nullable=True),
        sa.Column("kecamatan", sa.UnicodeText, nullable=True),
        sa.Column("point_count", sa.Integer, nullable=False),
        sa.Column("skipped_resources", sa.Integer, nullable=False),
        sa.Column("extracted", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="satudata_map_layer_pkey"),
        sa.UniqueConstraint("package_id", name="satudata_map_layer_package_id_key"),
        sa.ForeignKeyConstraint(["package_id"], ["package.id"], ondelete="CASCADE",
                                name="satudata_map_layer_package_id_fkey"),
    )
    op.create_table(
        "satudata_map_point",
        sa.Column("id", sa.BigInteger, autoincrement=True, nullable=False),
        sa.Column("layer_id", sa.BigInteger, nullable=False),
        sa.Column("resource_id", sa.UnicodeText, nullable=False),
        sa.Column("row", sa.Integer, nullable=False),
        sa.Column("kind", sa.UnicodeText, nullable=False),
        sa.Column("kelurahan", sa.UnicodeText, nullable=True),
        sa.Column("kecamatan", sa.UnicodeText, nullable=True),
        sa.Column("lon", sa.Float(precision=53), nullable=False),
        sa.Column("lat", sa.Float(precision=53), nullable=False),
        sa.Column("name", sa.UnicodeText, nullable=True),
        sa.Column("properties", postgresql.JSONB, nullable=False),
        sa.Column("geojson", sa.UnicodeText, nullable=False),
        sa.Column("geojson_brief", sa.UnicodeText, nullable=False),
        sa.PrimaryKeyConstraint("id", name="satudata_map_point_pkey"),
        sa.ForeignKeyConstraint(["layer_id"], ["satudata_map_layer.id"], ondelete="CASCADE",
                                name="satudata_map_point_layer_id_fkey"),
    )
    op.create_index("idx_satudata_map_point_layer", "satudata_map_point", ["layer_id"])
    op.create_index("idx_satudata_map_point_kind", "satudata_map_point", ["kind"])
    op.create_index("idx_satudata_map_point_kelurahan", "satudata_map_point", ["kelurahan"])
    op.create_index("idx_satudata_map_point_kecamatan", "satudata_map_point", ["kecamatan"])
    op.create_index("idx_satudata_map_point_lon_lat", "satudata_map_point", ["lon", "lat"])


def downgrade():
    op.drop_table("satudata_map_point")
    op.drop_table("satudata_map_layer")
