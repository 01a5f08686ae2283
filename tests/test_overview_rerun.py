"""A rerun of the overview draws again what it built once (issue 15: a rerun ≤ 50 ms): the headline, the cards, the
attribute choices and the gap chart are built once per database, revision, plan, language, day, link and the page's
own filter and grouping, and shared by every session; anything else (a new revision, another plan, language, status
filter, grouping or day) builds them again, so a card is never stale."""

from __future__ import annotations

import html
import re

import pandas as pd
import pyarrow as pa
import pytest

from tests.two_plans import EXAMPLE_PLAN, add_example_plan
from tracker import present


@pytest.fixture
def lines(monkeypatch):
    """The languages of every card line built (tracker.present.status_line calls)."""
    calls = []
    real = present.status_line

    def counting(row, indicator, lang, *args, **kwargs):
        calls.append(lang)
        return real(row, indicator, lang, *args, **kwargs)

    monkeypatch.setattr(present, "status_line", counting)
    return calls


def cards(at) -> str:
    return "\n".join(html.unescape(re.sub(r"<[^>]+>", " ", str(e.value))) for e in at.get("html"))


def raise_gdp(store, value: float) -> int:
    """A new revision with the 2025 GDP at ``value``."""
    rows = pd.DataFrame({"indicator_id": ["gdp"], "period": ["2025"], "value": [value]})
    return store.commit(rows, "test", "gdp 2025 revised", store.latest_revision())


def test_a_rerun_builds_no_card_again(app, lines):
    at = app("overview", "en").run()
    assert not at.exception, at.exception
    first = len(lines)
    assert first > 0
    shown = cards(at)
    at.run()
    assert not at.exception, at.exception
    assert len(lines) == first  # nothing built again
    assert cards(at) == shown  # and the same page


@pytest.mark.parametrize(
    ("change", "rebuilt"),
    [
        ("nothing", False),
        ("a second session", False),
        ("a new revision", True),
        ("the language", True),
        ("a status filter", True),
        ("the grouping", True),
        ("the next day", True),
    ],
)
def test_what_builds_the_cards_again(app, fresh_store, lines, monkeypatch, change, rebuilt):
    monkeypatch.setenv("TRACKER_TODAY", "2026-12-01")
    at = app("overview", "en").run()
    assert not at.exception, at.exception
    first = len(lines)
    if change == "a second session":
        at = app("overview", "en")
    elif change == "a new revision":
        raise_gdp(fresh_store, 2222.2)
    elif change == "the language":
        at = app("overview", "zh")
    elif change == "a status filter":
        at = app("overview", "en", status="achieved")
    elif change == "the grouping":
        at.selectbox(key="overview_group").set_value("kind")
    elif change == "the next day":
        monkeypatch.setenv("TRACKER_TODAY", "2026-12-02")
    at.run()
    assert not at.exception, at.exception
    assert (len(lines) > first) is rebuilt


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_new_revision_shows_its_figure_at_once(app, fresh_store, lang):
    """A figure committed between two reruns of one session is on the card of the second (the key holds the
    revision), and pinning the first revision shows the old figure again."""
    at = app("overview", lang).run()
    assert "2,222.2" not in cards(at)
    revision = raise_gdp(fresh_store, 2222.2)
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["_view"].snapshot.revision == revision
    assert "2,222.2" in cards(at)
    pinned = app("overview", lang, rev=str(revision - 1)).run()
    assert "2,222.2" not in cards(pinned)


def gap_rows(at) -> list[str]:
    """The targets the overview's gap chart names (the label texts of its SVG, as the browser gets it)."""
    import base64

    assert not at.exception, at.exception
    images = at.get("image")
    if not images:  # a plan with no assessable target has no gap chart
        return []
    url = images[0].proto.imgs[0].url
    assert url.startswith("data:image/svg+xml;base64,")
    svg = base64.b64decode(url.split(",", 1)[1]).decode("utf-8")
    texts = [html.unescape(text) for text in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    return sorted({text for text in texts if " · " in text})  # a target's label: its name · by its year


def test_the_gap_chart_is_of_the_plan_shown(app, two_plans_store):
    """Two plans at one revision have two gap charts (the chart's cache is keyed on the plan too): the second plan
    opened in the same server must not get the first plan's chart."""
    first = gap_rows(app("overview", "en").run())
    example = gap_rows(app("overview", "en", plan=EXAMPLE_PLAN).run())
    assert first and first != example
    assert gap_rows(app("overview", "en").run()) == first


@pytest.fixture
def two_plans_store(fresh_store):
    add_example_plan(fresh_store)
    return fresh_store


def test_the_gap_chart_sends_the_rows_streamlit_would(app):
    """The chart's rows are pre-converted to Arrow once (components.chart_specs.drawn): the browser gets the same
    rows as from the spec's own datasets."""
    from components.chart_specs import drawn
    from tracker.charts import gap_spec
    from tracker.snapshot import shipped_snapshot

    spec = gap_spec(shipped_snapshot(), "en")
    converted = drawn(spec)
    assert set(converted["datasets"]) == set(spec["datasets"])
    for name, rows in spec["datasets"].items():
        table = pa.ipc.open_stream(converted["datasets"][name]).read_all()
        assert table.to_pylist() == [dict(r) for r in rows]
    assert isinstance(next(iter(spec["datasets"].values())), list)  # the downloads' spec is left as it was


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_plan_gets_its_own_cards(app, two_plans_store, lang):
    """The cards are keyed on the plan: the example plan opened after the first one in the same server shows its
    own targets, and the first plan's again after it."""
    first = cards(app("overview", lang).run())
    example = cards(app("overview", lang, plan=EXAMPLE_PLAN).run())
    contract = "技术合同成交额" if lang == "zh" else "Technology contract turnover"
    assert contract in first and contract not in example
    assert cards(app("overview", lang).run()) == first
