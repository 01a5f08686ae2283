"""Notes and sources in both languages (issue 10): figure_versions gains note_zh, note_en, source_zh, source_en;
indicators and milestones gain source_zh, source_en (all NOT NULL, server default "").

Data moved (nothing is lost: the old ``note``/``source`` columns stay as they were, read by nothing after this):
- a figure version's note goes to note_zh when it holds a Han character, else to note_en; the same for its source.
  The other language's column stays "": the pages then show the text as written in both views (as an upload's
  one-language note is). The old note and source can be read back exactly: the non-empty one of the two columns.
- a plan source the release of c5a33c4 shipped (data/indicators.csv, data/milestones.csv) gets the lead's Chinese and
  English texts (SHIPPED_SOURCES, without the internal shared/seed/... path); any other plan source is split by the
  same Han rule.

The Han test is written here (not imported from tracker/) so that this revision keeps doing the same when the code
changes.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 18:12:52.363583
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

HAN = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
SHIPPED_SOURCES = {
    "Plan article (Qilu Evening News 2022-12)": (
        "规划报道（齐鲁晚报 2022年12月）",
        "Plan article (Qilu Evening News 2022-12)",
    ),
    "See each figure's source": ("见各数据来源", "See each figure's source"),
    "No published figure found": ("未找到公开数据", "No published figure found"),
    "No published count found": ("未找到公开数据", "No published count found"),
    "Jinan statistics bureau; see each figure's source": (
        "济南市统计局；见各数据来源",
        "Jinan statistics bureau; see each figure's source",
    ),
    "Jinan statistical bulletins; see each figure's source": (
        "济南市统计公报；见各数据来源",
        "Jinan statistical bulletins; see each figure's source",
    ),
    "Computed from gdp and city_gdp": ("由高新区与全市地区生产总值计算", "Computed from the zone's and the city's GDP"),
    "Qilu Evening News, 2022-12: 力争用6-7年实现经济总量翻番 (shared/seed/plan-article-2022-12.txt)": (
        "齐鲁晚报 2022年12月：力争用6-7年实现经济总量翻番",
        "Qilu Evening News, 2022-12: 力争用6-7年实现经济总量翻番",
    ),
}


def _has_han(column: str) -> sa.TextClause:
    """SQL true when ``column`` holds a Han character: PostgreSQL's regular expression; on SQLite a function of
    this connection (SQLite has no regular expressions of its own)."""
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        return sa.text(f"{column} ~ '{HAN}'")
    pattern = re.compile(HAN)
    bind.connection.driver_connection.create_function(
        "tracker_has_han", 1, lambda text: int(bool(text and pattern.search(text))), deterministic=True
    )
    return sa.text(f"tracker_has_han({column}) = 1")


def _split(table: str, old: str) -> None:
    """``old`` into ``old``_zh (Han characters) or ``old``_en (none), where both are still empty."""
    han = _has_han(old).text
    op.execute(f"UPDATE {table} SET {old}_zh = {old} WHERE {old} <> '' AND {old}_zh = '' AND {old}_en = '' AND {han}")
    op.execute(
        f"UPDATE {table} SET {old}_en = {old} WHERE {old} <> '' AND {old}_zh = '' AND {old}_en = '' AND NOT ({han})"
    )


def upgrade() -> None:
    with op.batch_alter_table("figure_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("note_zh", sa.String(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("note_en", sa.String(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("source_zh", sa.String(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("source_en", sa.String(), server_default="", nullable=False))

    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_zh", sa.String(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("source_en", sa.String(), server_default="", nullable=False))

    with op.batch_alter_table("milestones", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_zh", sa.String(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("source_en", sa.String(), server_default="", nullable=False))

    _split("figure_versions", "note")
    _split("figure_versions", "source")
    for table in ("indicators", "milestones"):
        plan = sa.table(table, sa.column("source"), sa.column("source_zh"), sa.column("source_en"))
        for old, (zh, en) in SHIPPED_SOURCES.items():
            op.execute(plan.update().where(plan.c.source == old).values(source_zh=zh, source_en=en))
        _split(table, "source")


def downgrade() -> None:
    with op.batch_alter_table("milestones", schema=None) as batch_op:
        batch_op.drop_column("source_en")
        batch_op.drop_column("source_zh")

    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.drop_column("source_en")
        batch_op.drop_column("source_zh")

    with op.batch_alter_table("figure_versions", schema=None) as batch_op:
        batch_op.drop_column("source_en")
        batch_op.drop_column("source_zh")
        batch_op.drop_column("note_en")
        batch_op.drop_column("note_zh")
