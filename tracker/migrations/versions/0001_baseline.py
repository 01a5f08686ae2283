"""Baseline: the schema of store_meta schema_version "1" (the release of commit c5a33c4, the first with a store).

Written out here rather than taken from tracker.store.metadata, so that this revision keeps building the same
tables when the metadata grows. Stores made before Alembic hold exactly these tables and are stamped with it.

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

PILLAR_COLUMNS = ["id", "order", "name_zh", "name_en", "quote"]
INDICATOR_COLUMNS = [
    "id",
    "name_zh",
    "name_en",
    "pillar",
    "unit",
    "unit_en",
    "measure",
    "direction",
    "pace_method",
    "formula",
    "description_zh",
    "description_en",
    "source",
]
MILESTONE_COLUMNS = [
    "indicator_id",
    "target_period",
    "target_value",
    "target_multiple",
    "baseline_period",
    "bound",
    "quote",
    "source",
]


def upgrade() -> None:
    op.create_table(
        "store_meta",
        sa.Column("key", sa.String, primary_key=True),
        sa.Column("value", sa.String, nullable=False),
    )
    op.create_table(
        "revisions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", sa.String, nullable=False),
        sa.Column("comment", sa.String, nullable=False),
        sa.Column("added", sa.Integer, nullable=False),
        sa.Column("changed", sa.Integer, nullable=False),
        sa.Column("removed", sa.Integer, nullable=False),
        sa.Column("restored_from", sa.Integer, sa.ForeignKey("revisions.id"), nullable=True),
        sa.Column("base_revision", sa.Integer, sa.ForeignKey("revisions.id"), nullable=True),
    )
    op.create_table(
        "figure_versions",
        sa.Column("revision_id", sa.Integer, sa.ForeignKey("revisions.id"), nullable=False),
        sa.Column("indicator_id", sa.String, nullable=False),
        sa.Column("period", sa.String, nullable=False),
        sa.Column("value", sa.Float(precision=53), nullable=True),
        sa.Column("note", sa.String, nullable=False),
        sa.Column("source", sa.String, nullable=False),
        sa.Column("confidence", sa.String, nullable=False),
        sa.Column("deleted", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("indicator_id", "period", "revision_id", name="figure_versions_pkey"),
    )
    op.create_index("figure_versions_revision", "figure_versions", ["revision_id"])
    for name, columns in (
        ("pillars", PILLAR_COLUMNS),
        ("indicators", INDICATOR_COLUMNS),
        ("milestones", MILESTONE_COLUMNS),
    ):
        op.create_table(
            name,
            sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
            *(sa.Column(c, sa.String, nullable=False) for c in columns),
        )
    op.bulk_insert(
        sa.table("store_meta", sa.column("key", sa.String), sa.column("value", sa.String)),
        [{"key": "schema_version", "value": "1"}],
    )


def downgrade() -> None:
    for name in ("milestones", "indicators", "pillars", "figure_versions", "revisions", "store_meta"):
        op.drop_table(name)
