"""The HTML report: one self-contained file (no script, no external URL), every indicator, stamped, escaped."""

from __future__ import annotations

import datetime as dt
import html
import re
import subprocess
import sys

import pandas as pd
import pytest

from tests.conftest import ROOT
from tracker.report import render_report
from tracker.snapshot import build_snapshot, shipped_snapshot, store_snapshot

SNAPSHOT = shipped_snapshot()


@pytest.fixture(scope="module")
def reports() -> dict[str, str]:
    return {
        lang: render_report(SNAPSHOT, lang, share_url="http://tracker.example/overview?lang=en")
        for lang in "zh en".split()
    }


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_names_every_indicator_and_pillar(reports, lang):
    report = reports[lang]
    name = "name_zh" if lang == "zh" else "name_en"
    for ind_id, indicator in SNAPSHOT.plan.indicators.iterrows():
        assert html.escape(str(indicator[name])) in report, ind_id  # "R&D" is written "R&amp;D"
    for pillar in SNAPSHOT.plan.pillars.itertuples():
        assert html.escape(pillar.name_zh if lang == "zh" else pillar.name_en) in report


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_is_one_file_that_needs_no_network(reports, lang):
    report = reports[lang]
    assert report.startswith("<!DOCTYPE html>")
    assert "<script" not in report.lower()  # nothing to run
    assert "<link" not in report.lower()  # no stylesheet or font to fetch
    assert not re.search(r"""src\s*=\s*["']?(https?:)?//""", report)  # nothing loaded from the network
    # Links are only followed when clicked: the share link and sources that are web addresses (opened apart).
    links = re.findall(r"<a [^>]*>", report.replace('<a href="http://tracker.example', ""))
    assert links and all(re.fullmatch(r'<a href="https://[^"]+" target="_blank" rel="noopener noreferrer">', a)
                         for a in links)  # fmt: skip
    assert not re.search(r"@import|url\(\s*['\"]?https?:", report)
    assert report.count("<svg") == 2  # the doubling path and the industries, inline
    assert "@page" in report and "A4" in report
    assert "page-break-inside: avoid" in report and "max-width: 100%" in report


def test_report_states_latest_figures_with_unit_and_status_in_words(reports):
    assert "1,767.3 亿元" in reports["zh"]
    assert "1,767.3 (100 million yuan)" in reports["en"]
    # Status as an icon and a word, never colour alone.
    assert "↗ Acceleration needed" in reports["en"]
    assert "↗ 需要加速" in reports["zh"]


def test_report_is_stamped_with_revision_date_and_link(fresh_store):
    snap = store_snapshot(fresh_store)
    info = fresh_store.revision(snap.revision)
    report = render_report(snap, "en", "http://tracker.example/doubling?rev=1", info, today=dt.date(2026, 3, 1))
    assert f"revision {snap.revision} ({info.created_at.date().isoformat()})" in report
    assert "report made on 2026-03-01" in report
    assert '<a href="http://tracker.example/doubling?rev=1">' in report


def test_text_from_uploads_is_escaped_never_html():
    figures = SNAPSHOT.figures.copy()
    latest_gdp = (figures["indicator_id"] == "gdp") & (figures["period"] == "2023")
    figures.loc[latest_gdp, "source_en"] = '<script>alert("x")</script><img src="http://evil.example/x.png">'
    figures.loc[latest_gdp, "note_en"] = "=HYPERLINK(<b>bold</b>)"
    snap = build_snapshot(
        SNAPSHOT.plan, figures[figures["indicator_id"] != "gdp_increment_share"].reset_index(drop=True)
    )
    report = render_report(snap, "en", share_url='javascript:alert(1)"><script>')
    assert "<script" not in report
    assert "<img" not in report and "<b>bold" not in report
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in report
    assert 'href="javascript' not in report  # a link that is not a web address stays text


@pytest.mark.parametrize(
    ("texts", "lang", "shown", "hidden"),
    [
        # each language its own note and source
        (
            ("初步核算", "preliminary", "齐鲁晚报", "Qilu Evening News"),
            "zh",
            ["初步核算", "齐鲁晚报"],
            ["Qilu", "prelim"],
        ),
        (
            ("初步核算", "preliminary", "齐鲁晚报", "Qilu Evening News"),
            "en",
            ["preliminary", "Qilu Evening News"],
            ["齐鲁晚报"],
        ),
        # one language only: shown as written in both views
        (("", "preliminary", "", "bureau"), "zh", ["preliminary", "bureau"], []),
        # a web address is a link whose visible text is the address; nothing else is a link
        (
            ("", "", "te-ch.tech/news/1.html", ""),
            "en",
            [
                '<a href="https://te-ch.tech/news/1.html" target="_blank" rel="noopener noreferrer">'
                "te-ch.tech/news/1.html</a>"
            ],
            [],
        ),
        (
            ("", "", "齐鲁晚报 te-ch.tech/news/1.html", ""),
            "zh",
            ["齐鲁晚报 te-ch.tech/news/1.html"],
            ['href="https://te-ch'],
        ),
    ],
)
def test_the_report_shows_each_figures_note_and_source_in_its_language(texts, lang, shown, hidden):
    figures = SNAPSHOT.figures.copy()
    latest_gdp = (figures["indicator_id"] == "gdp") & (figures["period"] == "2023")
    figures.loc[latest_gdp, ["note_zh", "note_en", "source_zh", "source_en"]] = texts
    snap = build_snapshot(
        SNAPSHOT.plan, figures[figures["indicator_id"] != "gdp_increment_share"].reset_index(drop=True)
    )
    report = render_report(snap, lang)
    for text in shown:
        assert text in report
    for text in hidden:
        assert text not in report


def test_cli_writes_the_report(fresh_store, db_url, tmp_path):
    fresh_store.commit(
        pd.DataFrame([{"indicator_id": "gdp", "period": "2024", "value": 1900.0, "note": "", "source": "test"}]),
        author="test",
        comment="2024",
        base_revision=1,
    )
    out = tmp_path / "report.html"
    done = subprocess.run(
        [sys.executable, "-m", "tracker", "--db", db_url, "report", "--revision", "1", "--lang", "en", "-o", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    report = out.read_text(encoding="utf-8")
    assert "Figures as of revision 1 (" in report
    assert "1,767.3 (100 million yuan)" in report  # revision 1's latest GDP, not the newer 1,900
    assert "<script" not in report


@pytest.mark.parametrize(
    ("lang", "heading", "period"), [("zh", "说明", "2025年1-9月"), ("en", "Notes", "Jan–Sep 2025")]
)
def test_the_report_shows_the_editors_notes_escaped(lang, heading, period):
    """Issue 13: the notes appear in the report too, newest first, with period, author and day; never as HTML."""
    notes = pd.DataFrame(
        {
            "indicator_id": ["gdp", "gdp"],
            "period": ["2025-06", "2025-09"],
            "text": ["first <b>note</b>", "<script>alert(1)</script> 三季度回升"],
            "author": ["wang", "li"],
            "created_at": [pd.Timestamp("2025-07-01T02:00:00Z"), pd.Timestamp("2025-10-20T17:00:00Z")],
        }
    )
    report = render_report(SNAPSHOT, lang, notes=notes)
    assert f"<h2>{heading}</h2>" in report
    assert "<script>alert" not in report and "&lt;script&gt;alert(1)&lt;/script&gt; 三季度回升" in report
    assert "&lt;b&gt;note&lt;/b&gt;" in report
    assert report.index("三季度回升") < report.index("first &lt;b&gt;")  # newest first
    assert period in report and "(li, 2025-10-21)" in report  # the day in Beijing time
    assert "<h2>" + heading not in render_report(SNAPSHOT, lang)  # no notes, no section


def test_cli_report_carries_the_notes_of_its_revision(fresh_store, db_url, tmp_path):
    from tracker.notes import add_note

    first = add_note(fresh_store, "gdp", "2025-09", "三季度重点项目投产", author="wang")
    add_note(fresh_store, "gdp", "2025-06", "later note", author="li")
    out = tmp_path / "report.html"
    revision = first.revision
    done = subprocess.run(
        [sys.executable, "-m", "tracker", "--db", db_url, "report", "--revision", str(revision), "-o", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    report = out.read_text(encoding="utf-8")
    assert "<h2>说明</h2>" in report and "三季度重点项目投产" in report
    assert "later note" not in report  # written after the revision the report is of
