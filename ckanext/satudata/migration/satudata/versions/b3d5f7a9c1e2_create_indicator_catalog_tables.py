"""Create the indicator catalogue tables: the indicators kept by the
walidata, their versions, and the version each published dataset was
published with

Revision ID: b3d5f7a9c1e2
Revises: a7e3d9c1b5f4
Create Date: 2026-12-07 16:40:00

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "b3d5f7a9c1e2"
down_revision = "a7e3d9c1b5f4"
branch_labels = None
depends_on = None

DATASET_FIELDS = ("bidang_urusan", "konsep", "definisi", "satuan", "ukuran", "rumus",
                  "interpretasi", "frekuensi", "tingkat_penyajian")


def upgrade():
    op.create_table(
        "satudata_indicator_catalog",
        sa.Column("kode", sa.UnicodeText, nullable=False),
        sa.Column("nama", sa.UnicodeText, nullable=False),
        *[sa.Column(name, sa.UnicodeText, nullable=False, server_default=sa.text("''"))
          for name in DATASET_FIELDS],
        sa.Column("kolom", postgresql.JSONB, nullable=False,
                  server_default=sa.text("'[]'::jsonb")),
        sa.Column("wajib", sa.Boolean, nullable=False, server_default=sa.text("false")),
        sa.Column("aktif", sa.Boolean, nullable=False, server_default=sa.text("true")),
        sa.Column("versi", sa.Integer, nullable=False, server_default=sa.text("1")),
        sa.Column("dibuat", sa.DateTime, nullable=False),
        sa.Column("diubah", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("kode", name="satudata_indicator_catalog_pkey"),
    )
    op.create_table(
        "satudata_indicator_catalog_version",
        sa.Column("kode", sa.UnicodeText, nullable=False),
        sa.Column("versi", sa.Integer, nullable=False),
        sa.Column("definisi", postgresql.JSONB, nullable=False),
        sa.Column("user_id", sa.UnicodeText, nullable=True),
        sa.Column("dibuat", sa.DateTime, nullable=False),
        sa.Column("catatan", sa.UnicodeText, nullable=False, server_default=sa.text("''")),
        sa.PrimaryKeyConstraint("kode", "versi", name="satudata_indicator_catalog_version_pkey"),
        sa.ForeignKeyConstraint(["kode"], ["satudata_indicator_catalog.kode"],
                                ondelete="CASCADE",
                                name="satudata_indicator_catalog_version_kode_fkey"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="SET NULL",
                                name="satudata_indicator_catalog_version_user_id_fkey"),
    )
    op.create_table(
        "satudata_indicator_catalog_dataset",
        sa.Column("package_id", sa.UnicodeText, nullable=False),
        sa.Column("kode", sa.UnicodeText, nullable=False),
        sa.Column("versi", sa.Integer, nullable=False),
        sa.Column("dicatat", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("package_id", name="satudata_indicator_catalog_dataset_pkey"),
        sa.ForeignKeyConstraint(["package_id"], ["package.id"], ondelete="CASCADE",
                                name="satudata_indicator_catalog_dataset_package_id_fkey"),
    )


def downgrade():
    op.drop_table("satudata_indicator_catalog_dataset")
    op.drop_table("satudata_indicator_catalog_version")
    op.drop_table("satudata_indicator_catalog")
