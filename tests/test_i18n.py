"""The text catalogue (tracker.i18n): every text in Chinese and English with the same params, every key used, and
texts that carry other texts (problems, errors) rendered in the reader's language."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from tracker.i18n import REASONS, STATUS, TEXT, Listing, Text, t

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [*sorted((ROOT / "tracker").rglob("*.py")), *sorted((ROOT / "components").rglob("*.py"))]
SOURCES += [*sorted((ROOT / "app_pages").rglob("*.py")), ROOT / "dashboard.py"]


def _params(text: str) -> set[str]:
    return {field.split(".")[0].split("[")[0] for _, field, _, _ in string.Formatter().parse(text) if field}


def _code() -> str:
    """Every source file of the app, the catalogue's own table left out."""
    parts = []
    for path in SOURCES:
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        if path == ROOT / "tracker" / "i18n.py":
            start = text.index("TEXT: dict")
            text = text[:start] + text[text.index("\n}\n", start) :]
        parts.append(text)
    return "\n".join(parts)


@pytest.mark.parametrize(("table", "name"), [(TEXT, "TEXT"), (REASONS, "REASONS"), (STATUS, "STATUS")])
def test_every_text_is_in_chinese_and_english_with_the_same_params(table, name):
    wrong = []
    for key, entry in table.items():
        if key and not (entry.get("zh") and entry.get("en")):
            wrong.append(f"{name}[{key!r}]: zh and en must both be given")
        elif _params(entry.get("zh", "")) != _params(entry.get("en", "")):
            wrong.append(f"{name}[{key!r}]: zh has {_params(entry['zh'])}, en has {_params(entry['en'])}")
    assert wrong == []


def test_the_core_catalogue_holds_no_streamlit_icon_names():
    texts = [str(v) for table in (TEXT, REASONS, STATUS) for entry in table.values() for v in entry.values()]
    assert [text for text in texts if ":material/" in text] == []


def test_every_key_is_used_somewhere_in_the_code():
    code = _code()
    prefixes = set(re.findall(r'(?:\bt|Text)\(f"([a-z_]+_)\{', code))  # t(f"status_{x}"): every status_ key
    unused = [
        key
        for key in TEXT
        if f'"{key}"' not in code and f"'{key}'" not in code and not any(key.startswith(p) for p in prefixes)
    ]
    assert unused == []


@pytest.mark.parametrize(
    ("key", "params", "zh", "en"),
    [
        ("empty_file", {}, "文件是空的", "the file is empty"),
        ("other_encoding", {"name": "Big5"}, "这个文件看起来是 Big5 编码", "this looks like Big5 text"),
        (  # a text inside a text, in the same language
            "not_text",
            {"where": Text("not_text_where", {"line": 3, "why": Text("not_text_unreadable")})},
            "（第 3 行无法读取）",
            "(line 3 cannot be read)",
        ),
        ("no_sheet_named", {"sheet": "x", "names": ("a", "b")}, "现有：a、b", "it has a, b"),  # a tuple: a list
        (
            "derived_indicator",
            {"id": "share", "inputs": Listing(("gdp", "city_gdp"), "list_and")},
            "由 gdp、city_gdp 计算得出",
            "computed from gdp and city_gdp",
        ),
        ("negative_ratio", {"value": -1.5}, "（-1.5%）", "(-1.5%)"),  # format specs stay in the text
        ("not_text_control", {"code": 7}, "0x07", "0x07"),
    ],
)
def test_t_fills_params_in_the_readers_language(key, params, zh, en):
    assert zh in t(key, "zh", **params) and en in t(key, "en", **params)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_missing_param_is_an_error_not_a_silent_gap(lang):
    with pytest.raises(KeyError):
        t("other_encoding", lang)
