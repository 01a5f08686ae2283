"""Every page runs under AppTest in both languages with the shipped data and shows what a reader needs."""

from __future__ import annotations

import html
import json
import re

import pyarrow as pa
import pytest

from tracker.plan import load_plan

PAGES = ["overview", "doubling", "industries", "indicator", "upload", "history", "method"]
PLAN = load_plan()


def page_text(at) -> str:
    """All text a reader sees on the page (markdown, captions, metrics, badges, progress texts, the cards' HTML)."""
    parts = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "text", "info", "warning", "error"):
        parts += [str(e.value) for e in at.get(kind)]
    for element in at.get("html"):  # the overview's cards (st.html): their text without the markup
        parts.append(html.unescape(re.sub(r"<[^>]+>", "", str(element.value))))
    for metric in at.get("metric"):
        parts += [metric.label, str(metric.value)]
    for element in at.get("progress"):
        parts.append(str(element.proto.text))
    for element in at.get("badge") if hasattr(at, "badge") else []:
        parts.append(str(element.proto))
    return "\n".join(parts)


def chart_rows(element) -> list[dict]:
    """The rows a chart plots: inline datasets in its spec and the Arrow datasets Streamlit ships beside it."""
    spec = json.loads(element.proto.spec)
    rows = [r for rows in spec.get("datasets", {}).values() for r in rows]
    for dataset in element.proto.datasets:
        rows += pa.ipc.open_stream(dataset.data.data).read_all().to_pylist()
    return rows


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_page_renders_without_exception(app, page, lang):
    at = app(page, lang).run()
    assert not at.exception, at.exception
    assert at.get("title") or at.get("header")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_overview_names_every_indicator_with_its_latest_figure(app, lang):
    at = app("overview", lang).run()
    text = page_text(at)
    name = "name_zh" if lang == "zh" else "name_en"
    for ind_id, indicator in PLAN.indicators.iterrows():
        assert indicator[name] in text, f"{ind_id} missing from the {lang} overview"
    # Numbers carry their unit and period: zone GDP 2023.
    assert ("1,767.3 亿元" if lang == "zh" else "1,767.3 (100 million yuan)") in text
    assert ("2,400 家" if lang == "zh" else "2,400 enterprises") in text
    assert ("2023年" if lang == "zh" else "(2023)") in text


@pytest.mark.parametrize(
    ("lang", "tiles"),
    [
        ("en", ["Achieved 3", "On track 0", "Acceleration needed 2", "Limited progress 1", "Not assessed 9"]),
        ("zh", ["已实现 3", "进度正常 0", "需要加速 2", "进展有限 1", "无法评估 9"]),
    ],
)
def test_overview_headline_counts_statuses(app, lang, tiles):
    """One count per status, under the badges' word (once "Off pace"/"进度滞后" lumped three statuses)."""
    at = app("overview", lang).run()
    tiles_html = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", str(e.value))) for e in at.get("html"))
    text = " ".join(tiles_html.split())
    # Shipped figures: 3 achieved (increment share, tech contracts, intelligent manufacturing from a proxy figure),
    # 2 GDP milestones need acceleration, high-tech enterprises off pace, the rest of the 15 targets (the two annual
    # GDP growth targets among them: only Jan–Sep growth is published) cannot be assessed yet.
    for tile in tiles:
        assert tile in text
    assert ("翻番进度 9%" if lang == "zh" else "Doubling progress 9%") in text
    assert "进度滞后" not in text and "Off pace" not in text and "Accelerate " not in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_indicator_page_shows_any_indicator(app, lang):
    for ind_id in ["gdp", "hightech_enterprises", "gdp_increment_share", "pe_funds", "new_enterprises"]:
        at = app("indicator", lang, indicator=ind_id).run()
        assert not at.exception, (ind_id, at.exception)
        name = PLAN.indicators.at[ind_id, "name_zh" if lang == "zh" else "name_en"]
        assert name in page_text(at) or name in str(at.get("metric")[0].label)


def test_doubling_page_sentence_and_chart(app):
    at = app("doubling", "en").run()
    text = page_text(at)
    headline = "At 9.1% a year, output doubles in 2030; to double by 2028 it needs 12.9% a year from now, by 2029 10.6%"
    assert headline in text
    rows = chart_rows(at.get("vega_lite_chart")[0])
    assert any(r.get("series") == "actual" and r["value"] == 1767.3 for r in rows)
    assert any(r.get("series") == "ytd" for r in rows)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_doubling_page_says_which_basis_and_shows_the_real_terms_view(app, lang):
    from components.widgets import md_escape
    from tracker.formatting import doubling_basis_sentence
    from tracker.i18n import t
    from tracker.snapshot import shipped_snapshot

    snap = shipped_snapshot()
    indicator = snap.plan.indicators.loc[snap.doubling.indicator_id]
    text = page_text(app("doubling", lang).run())
    assert t("real_view_title", lang) in text
    sentence = doubling_basis_sentence(snap.doubling, lang, indicator["unit"], indicator["unit_en"])
    assert sentence and md_escape(sentence) in text  # markdown: text from data is escaped


def test_doubling_growth_parameter_sets_the_scenario(app):
    at = app("doubling", "en", growth="12.5").run()
    assert not at.exception
    assert "At the scenario rate of 12.5% a year, output doubles in 2029." in page_text(at)


def test_industries_page_marks_proxies_and_figures_as_published(app):
    """Every industry has a figure now (figures-2026-12): three of them proxies (new-generation IT for big data and
    IT, intelligent equipment for intelligent manufacturing, aerospace information for future industries), one a
    lower bound (超百亿元) and one approximate (近千亿元)."""
    at = app("industries", "en").run()
    assert not at.exception
    text = page_text(at)
    assert text.count("PROXY") >= 3
    assert "≥100" in text and "≈1,000" in text


def test_overview_cards_escape_text_from_data():
    """The cards are HTML (st.html): text from data is escaped, can end neither a tag nor the line, and the markup
    stays on one line."""
    from app_pages.overview import card_html
    from tracker.snapshot import shipped_snapshot

    snap = shipped_snapshot()
    ind_id = "hightech_enterprises"
    hostile = '<img src="http://tracker.invalid/x.png">\n\n![x](http://tracker.invalid/y.png) </style>'
    indicator = {**snap.indicator_records[ind_id], "name_en": hostile, "source": hostile}
    markup = card_html(snap, indicator, snap.status_by_indicator[ind_id], "en")
    assert "\n" not in markup and "\r" not in markup
    assert "<img" not in markup and "</style>" not in markup
    assert "&lt;img src=&quot;http://tracker.invalid/x.png&quot;&gt;<br><br>![x]" in markup


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_overview_path_shows_the_overview(app, lang):
    """/overview (the home page's old address) is a page of its own, so the browser gets the overview there and no
    "Page not found": a page is found by its url_pathname, as Streamlit resolves a typed address."""
    at = app(None, lang).run()
    home = at.title[0].value
    by_path = {info.get("url_pathname"): page_hash for page_hash, info in at._registered_pages.items()}
    assert "overview" in by_path and "" in by_path
    at._page_hash = by_path["overview"]
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == home and at.get("html")  # the overview's title and cards
    assert at.sidebar.code[0].value.startswith("/overview")  # its share link opens it again


@pytest.mark.parametrize(("length", "cut"), [(150, False), (190, False), (195, True), (32767, True)])
def test_overview_card_cuts_a_long_note_with_the_full_text_one_click_away(monkeypatch, length, cut):
    """A note of up to 32,767 characters (an XLSX cell): the card shows the first 200 characters of each source
    line ("Note: ..." is 6 more), and the whole text in a <details> inside the source box."""
    import app_pages.overview as overview
    from tracker.snapshot import shipped_snapshot

    snap = shipped_snapshot()
    ind_id = "gdp"
    note = ("长" * (length - 4)) + "¶END"
    figure = {"period": "2023", "source": "test", "note": note}
    monkeypatch.setattr(overview, "figure_caption", lambda *args: figure)
    markup = overview.row_html(snap, snap.indicator_records[ind_id], snap.status_by_indicator[ind_id][0], "en")
    sources = markup.split("<summary>", 1)[1]  # the row's source box
    shown = sources.split("<details>", 1)[0]  # what the box shows before any "full text"
    assert ("¶END" in shown) is not cut
    lines = html.unescape(re.sub(r"<[^>]+>", "\n", shown)).splitlines()
    assert max(len(line) for line in lines) <= overview.LINE_SHOWN + 1
    assert ("<details>" in sources) is cut
    if cut:
        full = html.unescape(re.sub(r"<[^>]+>", "", sources.split("<details>", 1)[1]))
        assert "Note: " + note in full and "Full text (" in full


@pytest.mark.parametrize("page", ["overview", "history", "indicator"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_read_only_notice_names_no_path_and_logs_it(app, tmp_path, monkeypatch, caplog, page, lang):
    """A database that cannot be opened: the viewer is told in plain words; the path is in the server's log."""
    broken = tmp_path / "secret-place" / "tracker.db"
    broken.parent.mkdir()
    broken.write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("TRACKER_DATABASE_URL", f"sqlite:///{broken}")
    with caplog.at_level("WARNING", logger="components.view"):
        at = app(page, lang).run()
    assert not at.exception, at.exception
    errors = " ".join(e.value for e in at.error)
    assert errors and "secret-place" not in errors and "sqlite" not in errors
    assert ("只读" if lang == "zh" else "read-only") in errors
    assert "secret-place" not in page_text(at)
    assert any("secret-place" in record.getMessage() for record in caplog.records)


def python_files(*folders: str) -> dict[str, str]:
    from tests.conftest import ROOT

    files = {"dashboard.py": (ROOT / "dashboard.py").read_text(encoding="utf-8")}
    for folder in folders:
        for path in sorted((ROOT / folder).glob("*.py")):
            files[f"{folder}/{path.name}"] = path.read_text(encoding="utf-8")
    return files


def test_one_module_reads_the_url():
    """The view is parsed once: only components/view.py touches st.query_params (a page re-parsing the URL once
    made the download differ from the page)."""
    readers = [name for name, text in python_files("components", "app_pages").items() if "query_params" in text]
    assert readers == ["components/view.py"]


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [
        ("components", r"^\s*(from|import) app_pages\b"),  # shared pieces never import a page
        ("tracker", r"^\s*(from|import) (streamlit|components|app_pages)\b"),  # the core has no face
    ],
)
def test_layers_import_downwards_only(folder, forbidden):
    from tests.conftest import ROOT

    offenders = [
        path.name
        for path in sorted((ROOT / folder).rglob("*.py"))
        if re.search(forbidden, path.read_text(encoding="utf-8"), re.MULTILINE)
    ]
    assert offenders == []


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", ["overview", "indicator"])
def test_the_next_expected_figure_and_its_date_are_on_the_overview_and_the_indicator_page(app, page, lang):
    from app_pages.overview import freshness_by_indicator
    from components.widgets import md_escape
    from tracker import present
    from tracker.snapshot import shipped_snapshot

    snap = shipped_snapshot()
    fresh = freshness_by_indicator(snap)["gdp"]
    measure = snap.plan.indicators.at["gdp", "measure"]
    expected = present.fresh_text(fresh, measure, lang, short=page == "overview")  # a card says it short
    at = app(page, lang, indicator="gdp") if page == "indicator" else app(page, lang)
    text = page_text(at.run())
    assert fresh["next_expected_date"].isoformat() in expected
    assert expected in text or md_escape(expected) in text  # the cards' HTML, or the page's markdown
