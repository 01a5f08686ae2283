"""Plans in the revision sequence (issue 12): the plan tables become versioned like figure_versions.

New tables: plan_versions (a plan's id, titles, issuer, date, source), pillar_versions, indicator_versions and
milestone_versions (each row of a plan, keyed by plan_id and its id; milestones by a stable milestone_id), every
row a version written by a revision, a tombstone when a revision removed it; shipped_csvs (the data/*.csv last
synced into the store, for ``plan sync``).

Data moved (nothing is lost): the rows of the old pillars, indicators and milestones tables (seeded once from
data/ with revision 1, never changed since) become revision 1's versions of the plan ``jinan-2022``, in their
order, every column as stored (the legacy ``source`` of indicators and milestones too); a milestone gets the id
``<indicator_id>-<target_period>`` (``-<kind>`` added for a kind other than level). The snapshot of the shipped
CSVs is what revision 1 was seeded from: the old plan tables and revision 1's figures, written as CSV. The old
tables are then dropped.

The ids, titles and CSV writing are written here (not imported from tracker/) so that this revision keeps doing
the same when the code changes.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 20:05:00
"""

import csv
import io
import math

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

PLAN_ID = "jinan-2022"
PLAN_ROW = {
    "plan_id": PLAN_ID,
    "position": 0,
    "title_zh": "济南高新区：力争用6-7年实现经济总量翻番，加快“四高”建设",
    "title_en": "Jinan High-tech Zone: double the economy in 6–7 years, build the 'four highs'",
    "issuer": "济南高新区",
    "date": "2022-12",
    "source": "齐鲁晚报 2022年12月：力争用6-7年实现经济总量翻番",
}
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
    "source_zh",
    "source_en",
]
MILESTONE_COLUMNS = [
    "indicator_id",
    "target_period",
    "target_value",
    "target_multiple",
    "baseline_period",
    "bound",
    "quote",
    "source_zh",
    "source_en",
    "kind",
]
FIGURE_COLUMNS = [
    "indicator_id",
    "period",
    "value",
    "note_zh",
    "note_en",
    "source_zh",
    "source_en",
    "qualifier",
    "flags",
    "growth",
    "confidence",
]


def _text(name: str) -> sa.Column:
    return sa.Column(name, sa.String(), server_default="", nullable=False)


def _versioned(name: str, key: str, columns: list[str], legacy_source: bool) -> None:
    op.create_table(
        name,
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.String(), nullable=False),
        sa.Column(key, sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        *(_text(c) for c in columns if c != key),
        *([_text("source")] if legacy_source else []),
        sa.ForeignKeyConstraint(["revision_id"], ["revisions.id"]),
        sa.PrimaryKeyConstraint("plan_id", key, "revision_id", name=f"{name}_pkey"),
    )


def milestone_id(indicator_id: str, target_period: str, kind: str, taken: set[str]) -> str:
    base = f"{indicator_id}-{target_period.strip()}" + (f"-{kind}" if kind and kind != "level" else "")
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _csv(columns: list[str], rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])
    return out.getvalue()


def _number(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return repr(float(value))


def upgrade() -> None:
    op.create_table(
        "plan_versions",
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        *(_text(c) for c in ("title_zh", "title_en", "issuer", "date", "source")),
        sa.ForeignKeyConstraint(["revision_id"], ["revisions.id"]),
        sa.PrimaryKeyConstraint("plan_id", "revision_id", name="plan_versions_pkey"),
    )
    _versioned("pillar_versions", "id", PILLAR_COLUMNS, legacy_source=False)
    _versioned("indicator_versions", "id", INDICATOR_COLUMNS, legacy_source=True)
    _versioned("milestone_versions", "milestone_id", ["milestone_id", *MILESTONE_COLUMNS], legacy_source=True)
    op.create_table(
        "shipped_csvs",
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["revision_id"], ["revisions.id"]),
        sa.PrimaryKeyConstraint("name", name="shipped_csvs_pkey"),
    )

    bind = op.get_bind()
    revisions = sa.table("revisions", sa.column("id", sa.Integer))
    if bind.execute(sa.select(revisions.c.id).where(revisions.c.id == 1)).first() is not None:
        _move_the_plan(bind)  # a store always has revision 1 (its seed); an empty schema has nothing to move
    for name in ("milestones", "indicators", "pillars"):
        op.drop_table(name)


def _move_the_plan(bind) -> None:
    meta = sa.MetaData()
    old = {name: sa.Table(name, meta, autoload_with=bind) for name in ("pillars", "indicators", "milestones")}
    rows = {
        name: [dict(r._mapping) for r in bind.execute(sa.select(table).order_by(table.c.position))]
        for name, table in old.items()
    }
    common = {"revision_id": 1, "plan_id": PLAN_ID, "deleted": False}
    versions = {name: sa.Table(name, sa.MetaData(), autoload_with=bind) for name in _NEW}
    op.bulk_insert(versions["plan_versions"], [{**common, **PLAN_ROW}])
    pillars = [{**common, **{c: r[c] for c in PILLAR_COLUMNS}, "position": i} for i, r in enumerate(rows["pillars"])]
    indicators = [
        {**common, **{c: r[c] for c in INDICATOR_COLUMNS}, "source": r.get("source", ""), "position": i}
        for i, r in enumerate(rows["indicators"])
    ]
    taken: set[str] = set()
    milestones = [
        {
            **common,
            **{c: r[c] for c in MILESTONE_COLUMNS},
            "milestone_id": milestone_id(r["indicator_id"], r["target_period"], r["kind"], taken),
            "source": r.get("source", ""),
            "position": i,
        }
        for i, r in enumerate(rows["milestones"])
    ]
    for name, values in (
        ("pillar_versions", pillars),
        ("indicator_versions", indicators),
        ("milestone_versions", milestones),
    ):
        if values:
            op.bulk_insert(versions[name], values)

    # The CSVs revision 1 was seeded from, as the store holds them: what ``plan sync`` compares data/ with.
    fv = sa.Table("figure_versions", sa.MetaData(), autoload_with=bind)
    seeded = [
        dict(r._mapping)
        for r in bind.execute(
            sa.select(fv).where(fv.c.revision_id == 1, fv.c.deleted == sa.false()).order_by(fv.c.indicator_id)
        )
    ]
    for figure in seeded:
        figure["value"], figure["growth"] = _number(figure["value"]), _number(figure["growth"])
    op.bulk_insert(
        versions["shipped_csvs"],
        [
            {"name": "pillars.csv", "content": _csv(PILLAR_COLUMNS, rows["pillars"]), "revision_id": 1},
            {"name": "indicators.csv", "content": _csv(INDICATOR_COLUMNS, rows["indicators"]), "revision_id": 1},
            {
                "name": "milestones.csv",
                "content": _csv(["milestone_id", *MILESTONE_COLUMNS], milestones),
                "revision_id": 1,
            },
            {"name": "figures.csv", "content": _csv(FIGURE_COLUMNS, seeded), "revision_id": 1},
        ],
    )


_NEW = ("plan_versions", "pillar_versions", "indicator_versions", "milestone_versions", "shipped_csvs")


def downgrade() -> None:
    raise NotImplementedError("revision 0006 moves the plan into versions: restore the backup copy to go back")
