"""A figure's note, source and confidence in the reader's language (tracker.formatting, issue 10 §3)."""

import math

import pandas as pd
import pytest

from tracker.formatting import (
    confidence_label,
    figure_note,
    figure_source,
    source_address,
    source_html,
    source_is_address,
)


@pytest.mark.parametrize(
    "row, lang, expected",
    [
        ({"note_zh": "占全市12.7%", "note_en": "12.7% of the city's"}, "zh", "占全市12.7%"),
        ({"note_zh": "占全市12.7%", "note_en": "12.7% of the city's"}, "en", "12.7% of the city's"),
        # written in one language only: shown as written in both views
        ({"note_zh": "占全市12.7%", "note_en": ""}, "en", "占全市12.7%"),
        ({"note_zh": "", "note_en": "Jan-Sep"}, "zh", "Jan-Sep"),
        ({"note_zh": None, "note_en": "Jan-Sep"}, "zh", "Jan-Sep"),
        ({"note_zh": math.nan, "note_en": "Jan-Sep"}, "zh", "Jan-Sep"),
        ({"note_zh": "  ", "note_en": " Jan-Sep "}, "zh", "Jan-Sep"),
        # an older row: only the legacy column
        ({"note": "legacy"}, "zh", "legacy"),
        ({"note": "legacy"}, "en", "legacy"),
        ({"note_zh": "", "note_en": "", "note": "legacy"}, "en", "legacy"),
        ({}, "zh", ""),
        ({"note_zh": None, "note_en": math.nan, "note": None}, "en", ""),
        (pd.Series({"note_zh": "中", "note_en": pd.NA}), "en", "中"),
    ],
)
def test_figure_note(row, lang, expected):
    assert figure_note(row, lang) == expected


@pytest.mark.parametrize(
    "row, lang, expected",
    [
        (
            {"source_zh": "齐鲁晚报 2024-12-27", "source_en": "Qilu Evening News 2024-12-27"},
            "zh",
            "齐鲁晚报 2024-12-27",
        ),
        (
            {"source_zh": "齐鲁晚报 2024-12-27", "source_en": "Qilu Evening News 2024-12-27"},
            "en",
            "Qilu Evening News 2024-12-27",
        ),
        ({"source_zh": "", "source_en": "te-ch.tech/a.html"}, "zh", "te-ch.tech/a.html"),
        ({"source": "old source"}, "en", "old source"),
        ({"source_zh": "新", "source": "old"}, "en", "新"),
        ({}, "en", ""),
    ],
)
def test_figure_source(row, lang, expected):
    assert figure_source(row, lang) == expected


@pytest.mark.parametrize(
    "code, zh, en",
    [
        ("quoted", "原文引用", "quoted"),
        ("quoted-reprint", "转载引用", "quoted (reprint)"),
        ("uploaded", "用户上传", "uploaded"),
        (" Quoted ", "原文引用", "quoted"),
        ("estimated_by_hand", "其他", "other"),  # never the raw code
        ("", "", ""),
        (None, "", ""),
        (math.nan, "", ""),
    ],
)
def test_confidence_label(code, zh, en):
    assert confidence_label(code, "zh") == zh
    assert confidence_label(code, "en") == en


@pytest.mark.parametrize(
    "text, address",
    [
        ("te-ch.tech/news/show-180995.html", "https://te-ch.tech/news/show-180995.html"),
        ("163.com/dy/article/KE5546SF0534DDHN.html", "https://163.com/dy/article/KE5546SF0534DDHN.html"),
        ("hot.dzwww.com/w_uovz?ipage=2", "https://hot.dzwww.com/w_uovz?ipage=2"),
        (
            "https://innovation.jinan.gov.cn/art/2024/11/6/x.html",
            "https://innovation.jinan.gov.cn/art/2024/11/6/x.html",
        ),
        ("http://example.org", "http://example.org"),
        ("www.example.org", "https://www.example.org"),
        (" te-ch.tech/a ", "https://te-ch.tech/a"),
        ("example.org", None),  # no scheme, no path, no www.: could be a name
        ("figures.csv", None),
        ("shared/seed/plan-article-2022-12.txt", None),
        ("Jinan statistics bureau, reprinted at w4vfr.cn/jujiao/2023/0211/127307.html", None),
        ("齐鲁晚报 2024-12-27（w.dzwww.com/sjb/index.php）", None),
        ("javascript:alert(1)", None),
        ('te-ch.tech/"onmouseover="x', None),
        ("te-ch.tech/<script>", None),
        ("ftp://example.org/a", None),
        ("1.5", None),
        ("", None),
        (None, None),
        (math.nan, None),
    ],
)
def test_source_address(text, address):
    assert source_address(text) == address
    assert source_is_address(text) is (address is not None)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "te-ch.tech/a.html",
            '<a href="https://te-ch.tech/a.html" target="_blank" rel="noopener noreferrer">te-ch.tech/a.html</a>',
        ),
        (
            "hot.dzwww.com/w?a=1&b=2",
            '<a href="https://hot.dzwww.com/w?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">'
            "hot.dzwww.com/w?a=1&amp;b=2</a>",
        ),
        ("齐鲁晚报 <b>", "齐鲁晚报 &lt;b&gt;"),
        ("javascript:alert(1)", "javascript:alert(1)"),
        (None, ""),
    ],
)
def test_source_html(text, expected):
    assert source_html(text) == expected
