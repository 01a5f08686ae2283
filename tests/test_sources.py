"""Sources, notes, confidence, periods and times as a reader of each language sees them on the indicator, history and
method pages (issue 10 §3): a source that is a web address is a link whose text is the address, nothing else an upload
holds becomes a link; no code, path, formula or Python None on a zh page, no Han on an en page but the plan's quotes."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pandas as pd
import pytest

from tests.test_escaping import HOSTILE, live_markup
from tests.test_pages import page_text

HAN = re.compile(r"[\u3400-\u9fff]")
# A markdown link as source_markdown writes it: [escaped text](<address>), its [ not escaped.
LINK = re.compile(r"(?<!\\)\[((?:\\.|[^\]\\])*)\]\(<([^<>\s]*)>\)")


def links(markdown: str) -> list[tuple[str, str]]:
    """(visible text, address) of every link in ``markdown``."""
    return [(re.sub(r"\\(.)", r"\1", text), href) for text, href in LINK.findall(markdown)]


SOURCES = [
    (
        "te-ch.tech/news/show-180995.html",
        [("te-ch.tech/news/show-180995.html", "https://te-ch.tech/news/show-180995.html")],
    ),
    (
        "https://unstats.un.org/sdgs/a_b.pdf",
        [("https://unstats.un.org/sdgs/a_b.pdf", "https://unstats.un.org/sdgs/a_b.pdf")],
    ),
    ("hot.dzwww.com/w_uovz?ipage=2", [("hot.dzwww.com/w_uovz?ipage=2", "https://hot.dzwww.com/w_uovz?ipage=2")]),
    ("  www.jinan.gov.cn  ", [("www.jinan.gov.cn", "https://www.jinan.gov.cn")]),
    ("济南市统计局", []),
    ("齐鲁晚报 2024-12-27（w.dzwww.com/sjb/index.php?a=show&c=ad）", []),  # a name with an address: text
    ("Jinan statistics bureau, reprinted at w4vfr.cn/jujiao/2023/0211/127307.html", []),
    ("figures.csv", []),
    ("javascript:alert(1)", []),
    ("[x](https://evil.example/login)", []),
    ("<a href='https://evil.example'>x</a>", []),
    *[(hostile, []) for hostile in HOSTILE],
]


def _popover_script(source: str, note: str) -> None:
    import pandas as pd

    from components.widgets import source_popover

    indicator = pd.Series({"measure": "flow", "source": "x"})
    figure = pd.Series({"period": "2024-09", "source": source, "note": note, "confidence": "quoted"})
    source_popover(indicator, figure, None, "zh")


@pytest.mark.parametrize(("source", "expected"), SOURCES, ids=range(len(SOURCES)))
def test_the_source_widget_links_web_addresses_only(source, expected):
    """Through the widget: exactly the expected links (the note, even an address, is never one), and nothing else
    of the source or note is live markup."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_popover_script, kwargs={"source": source, "note": source}).run()
    assert not at.exception, at.exception
    (body,) = [m.value for m in at.markdown]
    assert links(body) == expected
    assert live_markup(LINK.sub("", body)) == []
    assert "2024年1-9月" in re.sub(r"\\(.)", r"\1", body)  # the figure's period as written


@pytest.mark.parametrize(
    ("moment", "lang", "labelled", "expected"),
    [
        (datetime(2026, 12, 1, 10, 30, tzinfo=UTC), "zh", True, "2026-12-01 18:30（北京时间）"),
        (datetime(2026, 12, 1, 10, 30, tzinfo=UTC), "en", True, "2026-12-01 18:30 (Beijing time, UTC+8)"),
        (datetime(2026, 12, 1, 18, 30), "zh", False, "2026-12-02 02:30"),  # naive: UTC, the next day in Beijing
        ("2026-12-01T23:59:00+00:00", "en", False, "2026-12-02 07:59"),
        (pd.Timestamp("2026-06-30 16:00", tz="UTC"), "zh", False, "2026-07-01 00:00"),  # no daylight saving
        (pd.NaT, "zh", True, "—"),
        (None, "en", True, "—"),
    ],
)
def test_times_are_beijing_time(moment, lang, labelled, expected):
    from tracker.formatting import fmt_time

    assert fmt_time(moment, lang, labelled) == expected


@pytest.mark.parametrize(
    ("period", "measure", "zh", "en"),
    [
        ("2024-09", "flow", "2024年1-9月", "Jan–Sep 2024"),
        ("2024-Q2", "flow", "2024年1-6月", "Jan–Jun 2024"),
        ("2024-01", "flow", "2024年1月（年内累计）", "Jan 2024 (year to date)"),
        ("2024-09", "stock", "2024年9月", "Sep 2024"),
        ("2023", "flow", "2023年", "2023"),
        (None, "flow", "", ""),
    ],
)
def test_periods_as_written(period, measure, zh, en):
    from tracker.formatting import period_as_written

    assert (period_as_written(period, measure, "zh"), period_as_written(period, measure, "en")) == (zh, en)


# The pages. ---------------------------------------------------------------------------------------------------------

LEAKS = re.compile(r"\bNone\b|\bnan\b|shared/|quoted-reprint|\bquoted\b|\bcagr\b|\blinear\b|[a-z]+_[a-z_]+\[t|gdp\[")


def zh_leaks(text: str) -> list[str]:
    """Internals and English on a zh page: None, a path, a confidence code, a formula, a pace method's code, a run
    of three English words."""
    found = LEAKS.findall(text)
    return found + re.findall(r"\b[A-Za-z]{2,}(?: [A-Za-z]{2,}){2,}\b", text)


def figures_text(at) -> str:
    return "\n".join(m.value for m in at.markdown if m.value.startswith("- **"))


@pytest.mark.parametrize(
    ("lang", "period", "value", "confidence"),
    [("zh", "2024年1-9月", "1,425.9 亿元", "原文引用"), ("en", "Jan–Sep 2024", "1,425.9 (100 million yuan)", "quoted")],
)
def test_indicator_figures_in_the_readers_language(app, lang, period, value, confidence):
    at = app("indicator", lang, indicator="gdp").run()
    assert not at.exception, at.exception
    figures = figures_text(at)
    entry = next(line for line in figures.split("\n- ") if period in line.replace("\\", ""))
    plain = entry.replace("\\", "")
    assert value in plain and confidence in plain
    assert "quoted-reprint" not in figures and "2024-09" not in plain.split("·")[0]
    assert [href for _, href in links(figures)]  # the addresses are links
    if lang == "zh":
        assert zh_leaks(page_text(at)) == []


def milestone_controls(at, lang: str) -> list:
    from tracker.i18n import t

    return [b for b in at.get("button_group") if b.proto.label == t("choose_milestone", lang)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_indicator_picker_names_and_milestone_control_says_all(app, lang):
    from tracker.plan import load_plan

    plan = load_plan()
    at = app("indicator", lang, indicator="gdp").run()
    picker = at.selectbox[0]
    assert list(picker.options) == list(plan.indicators[f"name_{lang}"])  # names, no ids
    (control,) = milestone_controls(at, lang)
    options = [o.content for o in control.proto.options]
    # the doubling targets, then the annual growth targets of 2024 and 2025 (年度预期目标)
    assert options == (
        ["全部", "2028年目标", "2029年目标", "2024年增速目标", "2025年增速目标"]
        if lang == "zh"
        else ["All", "2028 target", "2029 target", "2024 growth target", "2025 growth target"]
    )
    assert control.value == "all"  # selected: All
    at = app("indicator", lang, indicator="gdp", milestone="2029").run()
    assert milestone_controls(at, lang)[0].value == "2029"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_derived_indicator_shows_no_formula(app, lang):
    at = app("indicator", lang, indicator="gdp_increment_share").run()
    assert not at.exception
    text = page_text(at)
    assert "gdp[t]" not in text and "city_gdp" not in text


@pytest.fixture
def restored_store(fresh_store):
    """Revision 2 changes GDP 2023, revision 3 restores revision 1 (as the history page does)."""
    rows = pd.DataFrame([{"indicator_id": "gdp", "period": "2023", "value": 1800.0, "note": "", "source": "x"}])
    fresh_store.commit(rows, author="张三", comment="更正2023年数据", base_revision=1)
    fresh_store.restore(1, author="李四", comment="restore revision 1")
    return fresh_store


@pytest.mark.parametrize(
    ("lang", "seed", "author", "restore", "time_header"),
    [
        ("zh", "随应用提供的初始数据", "系统", "恢复第 1 版", "时间（北京时间）"),
        ("en", "The figures shipped with the app", "system", "Restore revision 1", "Time (Beijing time, UTC+8)"),
    ],
)
def test_history_in_the_readers_language(app, restored_store, lang, seed, author, restore, time_header):
    from tracker.formatting import fmt_time
    from tracker.i18n import t

    at = app("history", lang).run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    by_rev = table.set_index(t("revision", lang))
    assert by_rev.at[1, t("comment", lang)] == seed and by_rev.at[1, t("author", lang)] == author
    assert by_rev.at[3, t("comment", lang)] == restore and by_rev.at[2, t("comment", lang)] == "更正2023年数据"
    assert by_rev[t("restored_from", lang)].tolist() == ["1", "—", "—"]  # newest first; "—", never None
    created = restored_store.revisions().set_index("revision")["created_at"]
    assert by_rev[time_header].tolist() == [fmt_time(created[n], lang, labelled=False) for n in (3, 2, 1)]
    # The comparison: the previous revision against the latest.
    assert (at.selectbox(key="diff_a").value, at.selectbox(key="diff_b").value) == (2, 3)
    picker = at.selectbox(key="history_rev")
    assert (
        picker.label == t("revision_picker", lang) and ("北京时间" if lang == "zh" else "Beijing time") in picker.label
    )
    options = picker.options
    assert options[0] == t("revision_option", lang, rev=3, time=fmt_time(created[3], lang, False), comment=restore)
    if lang == "zh":
        assert zh_leaks(page_text(at) + "\n".join(options)) == []
    else:
        assert HAN.findall(page_text(at).replace("更正2023年数据", "")) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_method_page_in_the_readers_language(app, lang):
    at = app("method", lang).run()
    assert not at.exception
    text = page_text(at)
    assert [s.value for s in at.subheader] == {
        "zh": ["评估报告的结论分类", "参考"],
        "en": ["The evaluation report's classes", "References"],
    }[lang]
    if lang == "zh":
        assert zh_leaks(re.sub(r"\(https://[^)]*\)|Open SDG", "", text)) == []
        assert "“左右”类目标以所写的数值为准" in text
        assert "“6%左右”在 5.5%–6.5% 之间（±0.5 个百分点）或更高时视为实现" in text
    else:
        assert HAN.findall(text) == []
        assert 'An "about" target is judged against its stated value' in text
        assert '"about 6%" is met within ±0.5 point' in text
