"""Links reproduce views: every query parameter restores its view, rev pins the numbers, invalid values fall back
without an exception; the share control shows the link, the downloads are on every page."""

from __future__ import annotations

import pandas as pd
import pytest

from components.share import page_address, share_link
from tests.test_escaping import visible_text as rendered_text
from tests.test_pages import page_text

NEW_GDP = pd.DataFrame([{"indicator_id": "gdp", "period": "2024", "value": 1900.0, "note": "", "source": "test"}])


def shown_link(at) -> str:
    return at.sidebar.code[0].value


def shows_both_gdp_targets(at) -> bool:
    """The indicator page lists both doubling targets of gdp (2028 and 2029), each captioned with its quote."""
    captions = " ".join(rendered_text(c.value) for c in at.caption)
    return all(f"“{quote}" in captions for quote in ("力争用6-7年实现经济总量翻番", "力争通过6-7年，实现经济总量翻番"))


@pytest.mark.parametrize(
    ("address", "params", "revision", "expected"),
    [
        ("http://h:8501/doubling", {}, None, "http://h:8501/doubling"),
        (
            "http://h:8501/doubling",
            {"growth": "12.5", "lang": "en"},
            None,
            "http://h:8501/doubling?lang=en&growth=12.5",
        ),
        ("http://h:8501/", {"lang": "en", "rev": "1"}, None, "http://h:8501/?lang=en"),  # "latest" drops rev
        ("http://h:8501/", {"lang": "en"}, 3, "http://h:8501/?lang=en&rev=3"),
        (
            "http://h/indicator",
            {"indicator": "gdp", "milestone": "2028", "junk": "x"},
            None,
            "http://h/indicator?indicator=gdp&milestone=2028",
        ),
        ("/x", {"indicator": "a b&c"}, None, "/x?indicator=a+b%26c"),  # encoded, never raw
    ],
)
def test_share_link(address, params, revision, expected):
    assert share_link(address, params, revision) == expected


@pytest.mark.parametrize(
    ("page_path", "public", "context", "expected"),
    [
        ("doubling", "", "http://10.0.0.5:8501/doubling", "http://10.0.0.5:8501/doubling"),
        ("", "", "http://10.0.0.5:8501", "http://10.0.0.5:8501/"),
        (
            "doubling",
            "https://intra.example/tracker/",
            "http://127.0.0.1:8501/doubling",
            "https://intra.example/tracker/doubling",
        ),
        ("", "https://intra.example/tracker", None, "https://intra.example/tracker/"),
        ("industries", "", None, "/industries"),
        ("", "", "http://10.0.0.5:8501/overview", "http://10.0.0.5:8501/"),  # the home page is at the root
        ("doubling", "", "http://10.0.0.5:8501/tracker/doubling", "http://10.0.0.5:8501/tracker/doubling"),
    ],
)
def test_page_address(page_path, public, context, expected):
    base = "tracker" if "/tracker/" in (context or "") else ""
    assert page_address(page_path, public, context, base) == expected


def test_lang_en_restores_english(app):
    at = app("overview", "en").run()
    assert not at.exception
    assert at.title[0].value == "Target Tracker"
    assert "lang=en" in shown_link(at)


def test_indicator_param_restores_the_indicator(app):
    at = app("indicator", "en", indicator="hightech_enterprises").run()
    assert not at.exception
    assert at.selectbox[0].value == "hightech_enterprises"
    assert "2,400 enterprises" in page_text(at)
    assert "indicator=hightech_enterprises" in shown_link(at)
    assert shown_link(at).startswith("/indicator?")


def test_growth_param_restores_the_scenario(app):
    at = app("doubling", "en", growth="12.5").run()
    assert not at.exception
    assert at.slider[0].value == 12.5
    assert "scenario rate of 12.5%" in page_text(at)
    assert "growth=12.5" in shown_link(at)


def test_rev_pins_the_old_numbers_and_says_newer_exist(app, fresh_store):
    fresh_store.commit(NEW_GDP, author="test", comment="2024 figure", base_revision=1)
    latest = app("overview", "en").run()
    assert not latest.exception
    assert "1,900 (100 million yuan)" in page_text(latest)
    assert not latest.warning  # the latest figures: no banner

    pinned = app("overview", "en", rev="1").run()
    assert not pinned.exception
    text = page_text(pinned)
    assert "1,767.3 (100 million yuan)" in text and "1,900 (100 million yuan)" not in text
    banner = " ".join(w.value for w in pinned.warning)
    assert "As of revision 1 (" in banner and "newer figures exist (revision 2)" in banner
    # The share control keeps the pin, and offers the latest instead.
    assert shown_link(pinned).endswith("rev=1")
    pinned.sidebar.radio[0].set_value("latest").run()
    assert "rev=" not in shown_link(pinned)
    # The banner's button drops rev: the same view at the latest figures.
    pinned.button(key="_show_latest").click().run()
    assert not pinned.exception
    assert "rev" not in pinned.query_params
    assert "1,900 (100 million yuan)" in page_text(pinned) and not pinned.warning


def test_milestone_param_restores_the_milestone(app):
    at = app("indicator", "en", milestone="2029").run()  # gdp, the default indicator, has 2028 and 2029
    assert not at.exception
    assert "by 2029" in page_text(at) and "by 2028" not in page_text(at)
    assert shown_link(at) == "/indicator?lang=en&milestone=2029"


def test_pinning_adds_the_revision_to_the_link(app):
    at = app("doubling", "en", growth="12.5").run()
    assert "rev=" not in shown_link(at)
    at.sidebar.radio[0].set_value("pinned").run()
    assert not at.exception
    assert shown_link(at) == "/doubling?lang=en&growth=12.5&rev=1"


def test_public_url_makes_the_link_absolute(app, monkeypatch):
    monkeypatch.setenv("TRACKER_PUBLIC_URL", "https://intra.example/tracker/")
    at = app("industries", "en").run()
    assert shown_link(at) == "https://intra.example/tracker/industries?lang=en"


@pytest.mark.parametrize(
    ("page", "params", "notice", "check"),
    [
        ("overview", {"lang": "xx"}, "lang=xx", lambda at: at.title[0].value == "目标进度看板"),
        ("indicator", {"indicator": "nope"}, "indicator=nope", lambda at: at.selectbox[0].value == "gdp"),
        ("doubling", {"growth": "abc"}, "growth=abc", lambda at: at.slider[0].value == 9.1),  # the actual rate
        ("doubling", {"growth": "99"}, "growth=99", lambda at: at.slider[0].value == 9.1),
        ("overview", {"rev": "999"}, "rev=999", lambda at: not at.warning),  # the latest: no banner
        ("overview", {"rev": "-1"}, "rev=-1", lambda at: not at.warning),
        # every milestone of the indicator, as without the parameter: both doubling years, each with its quote
        ("indicator", {"indicator": "gdp", "milestone": "1999"}, "milestone=1999", shows_both_gdp_targets),
    ],
)
def test_invalid_values_fall_back_with_a_notice(app, page, params, notice, check):
    at = app(page, **params).run()
    assert not at.exception, at.exception
    assert check(at)
    assert notice in " ".join(rendered_text(c.value) for c in at.caption)
    assert notice not in shown_link(at)  # the share link carries what the page shows, not the bad value


# Values a float() or an int() accepts, or chokes on, that no link the app makes carries: each page falls back to
# the default (the latest revision, the actual rate) with a notice. rev and growth go together on each run.
EDGE_VALUES = [
    ("²", "1e-17"),  # a superscript digit passes str.isdigit(), and int() raises on it; 1e-17 divided by zero
    ("9" * 5000, "nan"),  # int() of more than 4,300 digits raises
    ("-1", "inf"),
    ("0", "1e308"),
    ("١", "-0.5"),  # an Arabic-Indic digit
    ("1.0", "12.5%"),
    (" 1", "1" * 400),
]


@pytest.mark.parametrize(("rev", "growth"), EDGE_VALUES, ids=[f"case{i}" for i in range(len(EDGE_VALUES))])
@pytest.mark.parametrize("page", ["overview", "doubling", "industries", "indicator", "upload", "history", "method"])
def test_edge_values_fall_back_with_a_notice_on_every_page(app, page, rev, growth):
    at = app(page, "en", rev=rev, growth=growth).run()
    assert not at.exception, at.exception
    notices = " ".join(rendered_text(c.value) for c in at.caption)
    assert not any("As of revision" in w.value for w in at.warning)  # the latest figures: no banner
    if page != "method":  # the method page shows no figures
        assert "rev=" + rev.strip()[:20] in notices
    if page == "doubling":
        assert at.slider[0].value == 9.1  # the actual rate
        assert "growth=" + growth[:20] in notices
    link = shown_link(at)
    assert "rev=" not in link and "growth=" not in link
    assert all(len(c.value) < 400 for c in at.caption)  # a 5,000-digit value is not echoed whole


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", 1),
        ("2", 2),
        ("3", None),
        ("0", None),
        ("-1", None),
        ("²", None),
        ("١", None),
        ("01", 1),
        ("9" * 5000, None),
        ("", None),
        (None, None),
        ("1.0", None),
        (" 1", None),
    ],
)
def test_parse_revision(raw, expected):
    from components.view import parse_revision

    assert parse_revision(raw, 2) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12.5", 12.5),
        ("0", 0.0),
        ("20", 20.0),
        ("9.125", 9.125),
        ("20.1", None),
        ("1e-17", None),
        ("nan", None),
        ("inf", None),
        ("1e308", None),
        ("-0", None),
        ("12.5%", None),
        ("１２", None),
        ("1" * 400, None),
        (None, None),
    ],
)
def test_parse_rate(raw, expected):
    from components.view import parse_rate

    assert parse_rate(raw, 0.0, 20.0) == expected


@pytest.mark.parametrize(
    ("page", "charts"),
    [
        ("overview", 3),
        ("doubling", 1),
        ("industries", 1),
        ("indicator", 1),
        ("method", 0),
    ],  # overview: doubling, industries, gap
)
def test_downloads_on_every_page(app, page, charts):
    from components.sidebar import DOWNLOADS_KEY

    at = app(page, "en").run()
    assert not at.exception
    assert not at.sidebar.get("download_button")  # built only once the popover is opened (issue 15)
    at.session_state[DOWNLOADS_KEY] = True  # the visitor opens it
    at.run()
    assert not at.exception
    labels = [b.label for b in at.sidebar.get("download_button")]
    assert labels.count("CSV") == 2 and labels.count("XLSX") == 2
    assert "HTML report (offline, printable)" in labels
    assert labels.count("PNG") == charts and labels.count("SVG") == charts


def test_downloads_hold_the_viewed_revision(fresh_store, db_url):
    from components.downloads import _table_file
    from tracker.snapshot import store_snapshot

    fresh_store.commit(NEW_GDP, author="test", comment="2024 figure", base_revision=1)
    old = _table_file("figures_csv", db_url, 1, "en", store_snapshot(fresh_store, 1)).decode("utf-8-sig")
    new = _table_file("figures_csv", db_url, 2, "en", store_snapshot(fresh_store, 2)).decode("utf-8-sig")
    assert "gdp,2024,1900.0" not in old and "gdp,2024,1900.0" in new
    assert "gdp_increment_share" not in new  # derived rows are left out: the file uploads back as it is


@pytest.mark.parametrize(
    ("context", "page_path", "expected"),
    [
        ("http://h:8501/doubling", "doubling", "http://h:8501/"),
        ("http://h:8501", "", "http://h:8501/"),
        ("http://h/tracker/indicator", "indicator", "http://h/tracker/"),
    ],
)
def test_the_report_links_to_the_home_page(monkeypatch, context, page_path, expected):
    import components.share as share

    base = "tracker" if "/tracker/" in context else ""
    monkeypatch.setattr(share, "current_address", lambda path: page_address(path, "", context, base))
    assert share.home_address() == expected


@pytest.fixture
def deferred(monkeypatch):
    """The files behind the download buttons of an AppTest run, by file name: AppTest keeps each run's deferred
    downloads (a callable, made when clicked) in a media manager of its own; this records it and calls them."""
    import streamlit.testing.v1.app_test as app_test
    from streamlit.runtime.media_file_manager import MediaFileManager

    made = []

    class Recorded(MediaFileManager):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(app_test, "MediaFileManager", Recorded)

    def files() -> dict[str, bytes]:
        return {entry["filename"]: entry["callable"]() for entry in made[-1]._deferred_callables.values()}

    return files


def first_row(name: str, data: bytes) -> tuple[list[str], list[str]]:
    """(the header row, the sheet names) of a downloaded CSV or XLSX."""
    import io

    import openpyxl

    if name.endswith(".csv"):
        assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to show Chinese"
        return data.decode("utf-8-sig").splitlines()[0].split(","), []
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [c.value for c in next(book.active.iter_rows(max_row=1))], book.sheetnames


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_status_download_is_in_the_pages_language(app, deferred, lang, fmt):
    from components.sidebar import DOWNLOADS_KEY
    from tracker.export import report_headers
    from tracker.i18n import t

    at = app("overview", lang)
    at.session_state[DOWNLOADS_KEY] = True  # the downloads popover opened (its buttons are built only then)
    at.run()
    assert not at.exception
    name = f"tracker-r1-status-{lang}.{fmt}"
    files = deferred()
    headers, sheets = first_row(name, files[name])
    assert headers == report_headers(lang) and headers[0] == {"zh": "指标编号", "en": "Indicator ID"}[lang]
    assert sheets in ([], [t("status_sheet", lang)])
    status = files[name].decode("utf-8-sig") if fmt == "csv" else ""
    assert ({"zh": "高新区地区生产总值", "en": "Zone GDP"}[lang] in status) == (fmt == "csv")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_upload_templates_are_in_the_pages_language(app, deferred, lang, fmt):
    from tracker.template import sheet_names, template_headers

    at = app("upload", lang).run()
    assert not at.exception
    name = f"tracker-template-{lang}.{fmt}"
    headers, sheets = first_row(name, deferred()[name])
    assert headers == template_headers(lang) and headers[1] == {"zh": "时期", "en": "period"}[lang]
    assert sheets in ([], list(sheet_names(lang)))


def test_the_status_file_cache_is_kept_per_language(fresh_store, db_url):
    """Keyed on the language too: a zh reader after an en reader of the same revision gets Chinese headers."""
    from components.downloads import _table_file
    from tracker.snapshot import store_snapshot

    snap = store_snapshot(fresh_store, 1)
    en = _table_file("status_csv", db_url, 1, "en", snap).decode("utf-8-sig")
    zh = _table_file("status_csv", db_url, 1, "zh", snap).decode("utf-8-sig")
    assert en.startswith("Indicator ID,") and zh.startswith("指标编号,")


@pytest.mark.parametrize(
    ("link", "host"),
    [
        ("http://localhost:8501/?lang=en", "localhost"),
        ("http://127.0.0.1:8624/upload", "127.0.0.1"),
        ("http://127.1.2.3/", "127.1.2.3"),
        ("http://[::1]:8501/", "::1"),
        ("http://app.localhost/", "app.localhost"),
        ("http://10.1.2.3:8501/", ""),
        ("https://intra.example/tracker/", ""),
        ("http://localhost.example.com/", ""),
        ("/doubling?lang=en", ""),  # no address known: nothing to say
    ],
)
def test_local_host(link, host):
    from components.share import local_host

    assert local_host(link) == host


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    ("public_url", "warned"),
    [
        ("http://localhost:8501/", True),
        ("http://127.0.0.1:8624/", True),
        ("http://[::1]:8501/", True),
        ("http://10.1.2.3:8501/", False),
        ("https://intra.example/tracker/", False),
    ],
)
def test_a_local_address_warns_that_colleagues_cannot_open_it(app, monkeypatch, lang, public_url, warned):
    monkeypatch.setenv("TRACKER_PUBLIC_URL", public_url)
    at = app("method", lang).run()
    assert not at.exception
    said = [w.value for w in at.sidebar.warning]
    assert bool(said) == warned, said
    if warned:
        assert "public_url" in said[0] and "TRACKER_PUBLIC_URL" in said[0] and "secrets.toml" in said[0]
        assert {"zh": "同事打不开", "en": "colleagues cannot open it"}[lang] in said[0]


@pytest.mark.parametrize(("lang", "label"), [("zh", "复制链接"), ("en", "Copy link")])
def test_the_copy_button_is_a_plain_button_with_the_link(app, monkeypatch, lang, label):
    import html

    monkeypatch.setenv("TRACKER_PUBLIC_URL", "https://intra.example/tracker/")
    at = app("indicator", lang, indicator="rd_intensity").run()
    assert not at.exception
    link = shown_link(at)
    (copy,) = [h.value for h in at.sidebar.html if "tracker-copy" in h.value]
    assert f'data-link="{html.escape(link, quote=True)}"' in copy and f">{label}</button>" in copy


@pytest.mark.parametrize(
    ("stored_utc", "shown"),
    [
        ("2026-12-01 18:13:00", "2026-12-02"),
        ("2026-12-01 15:59:00", "2026-12-01"),
        ("2026-12-31 16:00:00", "2027-01-01"),
    ],
)
def test_the_pinned_banner_dates_a_revision_in_beijing_time(app, fresh_store, db_url, stored_utc, shown):
    import sqlite3

    fresh_store.commit(NEW_GDP, author="test", comment="2024 figure", base_revision=1)
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as conn:
        conn.execute("UPDATE revisions SET created_at = ? WHERE id = 1", (stored_utc,))
    pinned = app("overview", "en", rev="1").run()
    assert not pinned.exception
    assert f"As of revision 1 ({shown})" in " ".join(w.value for w in pinned.warning)
