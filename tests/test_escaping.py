"""Text from a link or an upload is shown as text: no query parameter and no uploaded note or source can put a live
link, an image, a colour directive or HTML on any page (a crafted link would plant a phishing link or a tracking
pixel in the app's own notice)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pandas as pd
import pytest

from tests.test_pages import PAGES

HOSTILE = [
    "[Log in again](http://evil.example/login)",
    "![p](http://host/pixel.png)",
    ":red[**SECURITY ALERT**]",
    "<script>alert(1)</script>",
    "**x**",
    '<img src="http://host/pixel.png"> www.evil.example',
    "# Heading\n\n> [a](javascript:alert(1))",
    "mail phisher@evil.example or HTTPS://EVIL.example",
]

# What each hostile string would become if rendered as markdown: a link or autolink to the hosts, an image, a
# colour directive, bold, raw HTML, a javascript: link, a heading.
LIVE = re.compile(
    r"https?://(evil|host)|www\.evil|\[Log in again\]\(|!\[p\]|\[a\]\(|:red\[|\*\*x\*\*|\*\*SECURITY|<\s*(script|img)\b"
    r"|javascript:|^#\s",
    re.MULTILINE,
)
ESCAPED = re.compile(r"\\[!-/:-@\[-`{-~]")  # a backslash escape of an ASCII punctuation character


# GFM's autolinks are found in the text after the escapes are read (remark-gfm's find-and-replace), so they are
# looked for in the rendered text, not in the source.
AUTOLINK = re.compile(r"(?i)https?://(evil|host)|www\.evil|[-.\w+]@[-\w]+\.\w")


def live_markup(markdown: str) -> list[str]:
    """The hostile constructs left live in ``markdown``: syntax once its backslash escapes are taken out of play,
    and bare addresses that GFM would still turn into links in the text it renders."""
    syntax = [m.group(0) for m in LIVE.finditer(ESCAPED.sub("\x00", markdown))]
    return syntax + [m.group(0) for m in AUTOLINK.finditer(rendered_text(markdown))]


def rendered_text(markdown: str) -> str:
    """The text a reader sees of escaped markdown: the escapes' backslashes dropped (and the invisible word joiners
    left in, as a browser does)."""
    return ESCAPED.sub(lambda m: m.group(0)[1], markdown)


def visible_text(markdown: str) -> str:
    """rendered_text without the invisible word joiners."""
    return rendered_text(markdown).replace("\u2060", "")


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[str] = []  # the text of each <script>

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        if tag == "script":
            self.scripts.append("")

    def handle_data(self, data):
        if self.lasttag == "script" and self.scripts:
            self.scripts[-1] += data


def live_html(markup: str) -> list[str]:
    """Tags that an HTML body would run or load from the hostile text: img, iframe, object, a script holding
    hostile text, or any attribute naming the hostile hosts. The page's own markup is fine: an <a> to one of its
    views or a shipped source, and the share popover's fixed copy-button script."""
    parser = _Tags()
    parser.feed(markup)
    found = [f"script {text[:40]!r}" for text in parser.scripts if re.search(r"evil|host/|alert|javascript:", text)]
    for tag, attrs in parser.tags:
        if tag in ("img", "iframe", "object"):
            found.append(tag)
        found += [f"{tag} {name}" for name, value in attrs if value and re.search(r"evil|host/|javascript:", value)]
    return found


def markdown_bodies(at) -> list[str]:
    """Every text of the page that Streamlit renders as markdown, main area and sidebar."""
    bodies = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning", "error", "success"):
        bodies += [str(e.value) for e in at.get(kind)]
    for metric in at.get("metric"):
        bodies.append(metric.label)
    for element in at.get("progress"):
        bodies.append(str(element.proto.text))
    return bodies


def assert_nothing_live(at) -> None:
    assert not at.exception, at.exception
    for body in markdown_bodies(at):
        assert live_markup(body) == [], body
    for element in at.get("html"):
        assert live_html(str(element.value)) == [], str(element.value)[:300]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_the_checks_can_fail(hostile):
    """The hostile strings are live as they are, and dead once escaped (so the page tests below can fail)."""
    from components.view import shown_value
    from components.widgets import md_escape

    assert live_markup(hostile)
    assert live_markup(md_escape(hostile)) == []
    assert live_markup(shown_value(hostile)) == []
    assert visible_text(md_escape(hostile)) == " ".join(hostile.splitlines())


@pytest.mark.parametrize("hostile", HOSTILE, ids=range(len(HOSTILE)))
@pytest.mark.parametrize("page", PAGES)
def test_hostile_query_parameters_are_shown_as_text(app, page, hostile):
    """Every view parameter at once (lang, rev, indicator, milestone, growth): each notice says the value, as text."""
    at = app(page, lang=hostile, rev=hostile, indicator=hostile, milestone=hostile, growth=hostile).run()
    assert_nothing_live(at)
    notices = [visible_text(c.value) for c in at.caption]
    shown = " ".join(hostile.split())[:20]
    assert any("lang=" + shown in n for n in notices), notices  # dashboard.py says so on every page


@pytest.mark.parametrize("hostile", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_milestone_is_shown_as_text(app, hostile):
    at = app("indicator", "en", indicator="gdp", milestone=hostile).run()
    assert_nothing_live(at)
    assert any("milestone=" + " ".join(hostile.split())[:20] in visible_text(c.value) for c in at.caption)


HOSTILE_NOTE = " ".join(HOSTILE)


@pytest.fixture
def hostile_figures(fresh_store):
    """The newest figures of GDP and of an industry carry every hostile string as their note and source."""
    rows = pd.DataFrame(
        [
            {"indicator_id": "gdp", "period": "2024", "value": 1900.0, "note": HOSTILE_NOTE, "source": HOSTILE_NOTE},
            {
                "indicator_id": "industry_digital",
                "period": "2025",
                "value": 4500.0,
                "note": "PROXY " + HOSTILE_NOTE,
                "source": HOSTILE_NOTE,
            },
        ]
    )
    fresh_store.commit(rows, author="test", comment="hostile notes", base_revision=1)
    return fresh_store


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    ("page", "params"),
    [(p, {}) for p in PAGES] + [("indicator", {"indicator": "gdp"}), ("indicator", {"indicator": "industry_digital"})],
)
def test_uploaded_notes_and_sources_are_shown_as_text(app, hostile_figures, page, params, lang):
    at = app(page, lang, **params).run()
    assert_nothing_live(at)


def test_the_overview_shows_the_hostile_note_escaped(app, hostile_figures):
    at = app("overview", "en").run()
    markup = " ".join(str(e.value) for e in at.get("html"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert "[Log in again](http://evil.example/login)" in markup  # text in HTML: no markdown parser reads it


@pytest.mark.parametrize("hostile", [h for h in HOSTILE if "\n" not in h], ids=range(len(HOSTILE) - 1))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_uploaded_files_header_cells_are_shown_as_text(app, hostile, lang):
    """The upload page's notices quote the file's own header cells (a column it ignores): they stay text."""
    from tests.test_upload_page import unlocked

    data = f'indicator_id,period,value,"{hostile.replace(chr(34), chr(34) * 2)}"\ngdp,2024,2046.8,x\n'.encode()
    at = unlocked(app, "upload", lang)
    at.file_uploader(key="upload").upload("header.csv", data, "text/csv").run()
    assert not at.exception
    notices = [w.value for w in at.warning] + [i.value for i in at.info] + [e.value for e in at.error]
    assert any(visible_text(hostile[:6]) in visible_text(n) for n in notices), "the ignored column is named"
    assert_nothing_live(at)


@pytest.mark.parametrize("hostile", [h for h in HOSTILE if "\n" not in h], ids=range(len(HOSTILE) - 1))
def test_a_file_refused_for_its_headers_quotes_them_as_text(app, hostile):
    """A file without the columns it needs is refused naming the headers it has: those stay text."""
    from tests.test_upload_page import unlocked

    data = f'"{hostile.replace(chr(34), chr(34) * 2)}",period,value\ngdp,2024,2046.8\n'.encode()
    at = unlocked(app, "upload", "en")
    at.file_uploader(key="upload").upload("header.csv", data, "text/csv").run()
    assert not at.exception
    assert at.error, "the file is refused"
    assert_nothing_live(at)


@pytest.mark.parametrize(
    ("markup", "live"),
    [
        ('<a href="http://evil.example/login">Log in</a>', True),
        ('<a href="javascript:alert(1)">x</a>', True),
        ('<img src="http://host/pixel.png">', True),
        ("<script>alert(1)</script>", True),
        ('<a href="/indicator?indicator=gdp&amp;lang=en">Zone GDP</a>', False),
        ('<a href="?status=on_track">on track</a>', False),
        ("&lt;script&gt;alert(1)&lt;/script&gt;", False),
    ],
)
def test_the_html_check_tells_the_pages_own_links_from_hostile_ones(markup, live):
    assert bool(live_html(markup)) is live
