"""Create the access request tables: requests for restricted data, their data elements, and the log of their use

Revision ID: bfae08c961c0
Revises: 9a9647818418
Create Date: 2026-11-24 16:00:00

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY

# revision identifiers, used by Alembic.
revision = "bfae08c961c0"
down_revision = "9a9647818418"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "satudata_access_request",
        sa.Column("id", sa.UnicodeText, nullable=False),
        sa.Column("package_id", sa.UnicodeText, nullable=False),
        sa.Column("requester_id", sa.UnicodeText, nullable=False),
        sa.Column("institution", sa.UnicodeText, nullable=False),
        sa.Column("position", sa.UnicodeText, nullable=True),
        sa.Column("purpose", sa.UnicodeText, nullable=False),
        sa.Column("method", sa.UnicodeText, nullable=False),
        sa.Column("data_returned", sa.UnicodeText, nullable=True),
        sa.Column("requested_start", sa.Date, nullable=False),
        sa.Column("requested_end", sa.Date, nullable=False),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("end_date", sa.Date, nullable=False),
        sa.Column("state", sa.UnicodeText, nullable=False),
        sa.Column("decision_note", sa.UnicodeText, nullable=True),
        sa.Column("decided_by", sa.UnicodeText, nullable=True),
        sa.Column("decided_at", sa.DateTime, nullable=True),
        sa.Column("revoke_reason", sa.UnicodeText, nullable=True),
        sa.Column("revoked_by", sa.UnicodeText, nullable=True),
        sa.Column("revoked_at", sa.DateTime, nullable=True),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("updated", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="satudata_access_request_pkey"),
        sa.ForeignKeyConstraint(["package_id"], ["package.id"], ondelete="CASCADE",
                                name="satudata_access_request_package_id_fkey"),
        sa.ForeignKeyConstraint(["requester_id"], ["user.id"], ondelete="CASCADE",
                                name="satudata_access_request_requester_id_fkey"),
        sa.ForeignKeyConstraint(["decided_by"], ["user.id"], ondelete="SET NULL",
                                name="satudata_access_request_decided_by_fkey"),
        sa.ForeignKeyConstraint(["revoked_by"], ["user.id"], ondelete="SET NULL",
                                name="satudata_access_request_revoked_by_fkey"),
    )
    op.create_index("idx_satudata_access_request_requester",
                    "satudata_access_request", ["requester_id"])
    op.create_index("idx_satudata_access_request_package_state",
                    "satudata_access_request", ["package_id", "state"])
    op.create_index("idx_satudata_access_request_state_created",
                    "satudata_access_request", ["state", "created"])

    op.create_table(
        "satudata_access_request_resource",
        sa.Column("request_id", sa.UnicodeText, nullable=False),
        sa.Column("resource_id", sa.UnicodeText, nullable=False),
        sa.Column("columns", ARRAY(sa.UnicodeText), nullable=False),
        sa.PrimaryKeyConstraint("request_id", "resource_id",
                                name="satudata_access_request_resource_pkey"),
        sa.ForeignKeyConstraint(["request_id"], ["satudata_access_request.id"],
                                ondelete="CASCADE",
                                name="satudata_access_request_resource_request_id_fkey"),
        sa.ForeignKeyConstraint(["resource_id"], ["resource.id"], ondelete="CASCADE",
                                name="satudata_access_request_resource_resource_id_fkey"),
    )
    op.create_index("idx_satudata_access_request_resource_resource",
                    "satudata_access_request_resource", ["resource_id"])

    op.create_table(
        "satudata_access_usage",
        sa.Column("id", sa.BigInteger, autoincrement=True, nullable=False),
        sa.Column("request_id", sa.UnicodeText, nullable=False),
        sa.Column("user_id", sa.UnicodeText, nullable=True),
        sa.Column("resource_id", sa.UnicodeText, nullable=False),
        sa.Column("channel", sa.UnicodeText, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="satudata_access_usage_pkey"),
        sa.ForeignKeyConstraint(["request_id"], ["satudata_access_request.id"],
                                ondelete="CASCADE",
                                name="satudata_access_usage_request_id_fkey"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="SET NULL",
                                name="satudata_access_usage_user_id_fkey"),
    )
    op.create_index("idx_satudata_access_usage_request_created",
                    "satudata_access_usage", ["request_id", "created"])


def downgrade():
    op.drop_index("idx_satudata_access_usage_request_created",
                  table_name="satudata_access_usage")
    op.drop_table("satudata_access_usage")
    op.drop_index("idx_satudata_access_request_resource_resource",
                  table_name="satudata_access_request_resource")
    op.drop_table("satudata_access_request_resource")
    op.drop_index("idx_satudata_access_request_state_created",
                  table_name="satudata_access_request")
    op.drop_index("idx_satudata_access_request_package_state",
                  table_name="satudata_access_request")
    op.drop_index("idx_satudata_access_request_requester",
                  table_name="satudata_access_request")
    op.drop_table("satudata_access_request")
