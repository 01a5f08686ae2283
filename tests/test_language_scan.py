"""The rules the browser's language walk (tests/browser/test_language.py) applies to a page's visible text, as a pure
function, and their table of cases: each rule, each exception. No browser here.

A Chinese page (zh) shows no run of three or more English words (URLs, domain-like tokens, file-format names and
numbers are not words), and no internals: ``None``, ``nan``/``NaN``/``NaT``/``<NA>``, ``shared/`` paths, snake_case
ids. An English page (en) shows no internals and no Han characters, except Han text the plan quotes: a run of Han
that is part of a text in ``allowed`` (the quotes and the Chinese source names of data/, see ``quoted_han``). Always
allowed: the language switch ("English" on zh pages, "中文" and its label's 语言 on en pages), the brand in either
language, and code (text in backquotes: what the reader types, such as a setting's name; the browser walk quotes
each <code> so).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"

BRAND = ("Target Tracker", "目标进度看板")
# Shown on purpose in the other language: the switch to it (labelled "语言 / Language" in both), and the brand.
ALWAYS_ALLOWED = {"zh": ("English", *BRAND), "en": ("中文", "语言", *BRAND)}
# Not English words on a Chinese page: the names of file formats and encodings (and file sizes' units).
FORMAT_NAMES = frozenset(
    name.lower()
    for name in "CSV TSV XLSX XLS JSON PNG SVG PDF HTML TXT ZIP UTF-8 UTF-8-SIG GBK GB18030 GB2312 MB KB".split()
)

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
# A run of Han goes on over the punctuation and digits between Han characters: 年1-9月 is one run, and so is a name
# with a parenthesis, 未来产业规模（量子信息、空天信息等）, which is not excused by each of its pieces being quoted.
HAN_JOINER = r"\u3000-\u303f\uff00-\uffef\u201c\u201d\u2018\u20190-9.%~\-"
HAN_RUN = re.compile(f"[{HAN}]+(?:[{HAN_JOINER}]+[{HAN}]+)*")
# ASCII-only: an address ends where Chinese text or punctuation begins.
URL = r"(?:https?://|www\.)[!-~]+"
DOMAIN = r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?:[/?#][!-~]*)?"  # 163.com/dy/..., figures.csv
NUMBER = r"[+\-−]?\d[\d.,%‰:/\-]*[A-Za-z]*"  # 12.9%, 2024-09, 200MB
FORMAT = r"UTF-8(?:-SIG)?|GB18030|GB2312"
WORD = r"[A-Za-z]+(?:[&'’][A-Za-z]+)*"  # R&D, city's
# Between two words of one English run: spaces and ASCII punctuation. Anything else (a line or cell break, Han, full-
# width punctuation, a "·" or "•" separator) ends the run.
JOINER = r"[ \u00a0,.;:!?'\"()\[\]\-–—/&+*…]+"
TOKEN = re.compile(
    f"(?P<url>{URL})|(?P<format>{FORMAT})|(?P<domain>{DOMAIN})|(?P<number>{NUMBER})|(?P<word>{WORD})"
    f"|(?P<joiner>{JOINER})|(?P<other>.)",
    re.DOTALL,
)
NOT_ALNUM_BEFORE, NOT_ALNUM_AFTER = r"(?<![A-Za-z0-9_])", r"(?![A-Za-z0-9_])"
INTERNALS = re.compile(
    f"{NOT_ALNUM_BEFORE}(?:None|nan|NaN|NaT){NOT_ALNUM_AFTER}"
    r"|<NA>|shared/[!-~]*"
    f"|{NOT_ALNUM_BEFORE}[A-Za-z0-9]*[a-z]_[a-z][A-Za-z0-9_]*"  # a snake_case id: an underscore between lowercase
)
CONTEXT = 20  # characters each side of an internal in its snippet


def _english_runs(line: str) -> list[str]:
    """Runs of three or more English words in one line, as written (numbers and addresses inside a run kept)."""
    runs, words, start, end = [], 0, 0, 0

    def close():
        if words >= 3:
            runs.append(line[start:end])

    for token in TOKEN.finditer(line):
        kind = token.lastgroup
        if kind == "word" and token.group().lower() not in FORMAT_NAMES:
            if not words:
                start = token.start()
            words, end = words + 1, token.end()
        elif kind in ("joiner", "url", "domain", "number", "format", "word"):
            continue  # not a word, not a break
        else:
            close()
            words = 0
    close()
    return runs


def _han_allowed(run: str, allowed: tuple[str, ...]) -> bool:
    """A Han run is quoted when a longer run is part of an allowed text, or a one-character run is a whole run there
    (so a lone 年 after a year is not excused by every quote that has a 年 in it)."""
    if len(run) >= 2:
        return any(run in text for text in allowed)
    return any(run in HAN_RUN.findall(text) for text in allowed)


def find_foreign_text(text: str, lang: str, allowed: tuple[str, ...] | list[str] = ()) -> list[str]:
    """The snippets of ``text`` (a page's visible text in ``lang``, "zh" or "en") that break the rules above, each
    once, in page order: an English run or a Han run as written, an internal with up to 20 characters each side.

    On a zh page each text in ``allowed`` is taken out before the scan; on an en page a Han run that is part of one
    of them is allowed (see ``quoted_han``)."""
    allowed = tuple(allowed)
    found: list[str] = []
    for line in re.split(r"[\n\r\t]+", text):
        line = re.sub(r"`[^`]*`", "\n", line)  # code: typed as written
        if lang == "zh":
            for phrase in sorted(ALWAYS_ALLOWED["zh"] + allowed, key=len, reverse=True):
                line = line.replace(phrase, "\n")  # a break: the words either side are not one run
        bare = re.sub(URL, lambda m: " " * len(m.group()), line)  # a query string's snake_case is not shown text
        for match in INTERNALS.finditer(bare):
            found.append(line[max(0, match.start() - CONTEXT) : match.end() + CONTEXT].strip())
        if lang == "zh":
            found.extend(run for part in line.split("\n") for run in _english_runs(part))
        else:
            found.extend(
                run
                for run in HAN_RUN.findall(line)
                if run not in ALWAYS_ALLOWED["en"] and not _han_allowed(run, allowed)
            )
    return list(dict.fromkeys(found))


def quoted_han(data: Path = DATA) -> tuple[str, ...]:
    """The texts of data/ an English page shows in Chinese on purpose: the plan's quotes (milestones' and pillars'
    ``quote``) and what the English view shows of the sources and notes (``source_en``/``note_en`` where the table has
    them, else ``source``/``note``): the names of Chinese documents and the words the figures quote."""
    texts: list[str] = []
    for name in ("milestones.csv", "pillars.csv", "figures.csv"):
        with open(data / name, encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        columns = list(rows[0]) if rows else []
        shown = [c for c in columns if c == "quote"]
        shown += [
            f"{c}_en" if f"{c}_en" in columns else c for c in ("source", "note") if c in columns or f"{c}_en" in columns
        ]
        texts.extend(row[c] for row in rows for c in shown if row.get(c) and HAN_RUN.search(row[c]))
    return tuple(dict.fromkeys(texts))


QUOTE = "力争用6-7年实现经济总量翻番"


@pytest.mark.parametrize(
    ("text", "lang", "allowed", "expected"),
    [
        # zh: three English words are a run; two are not
        ("高新区地区生产总值 Zone GDP", "zh", (), []),
        ("来源：Qilu Evening News, 2022-12", "zh", (), ["Qilu Evening News"]),
        ("Drag and drop file here", "zh", (), ["Drag and drop file here"]),
        # numbers inside a run neither count nor break it; a unit glued to a number is the number's
        ("Limit 200MB per file", "zh", (), ["Limit 200MB per file"]),
        ("2024 年 9 月 real growth 6.5%", "zh", (), []),
        ("as of 2025 Sep", "zh", (), ["as of 2025 Sep"]),
        # a run ends at a line or cell break, at Han, at full-width punctuation and at a "·" or "•" separator
        ("Browse\nfiles now", "zh", (), []),
        ("Zone\tGDP total", "zh", (), []),
        ("Zone GDP 合计 per year", "zh", (), []),
        ("Zone GDP，total", "zh", (), []),
        ("per file • CSV, XLSX", "zh", (), []),
        ("Zone GDP · Jinan city", "zh", (), []),
        # ASCII punctuation joins: an English sentence is one run
        ("real growth +9.3%; 13.2% of the city's GDP", "zh", (), ["real growth +9.3%; 13.2% of the city's GDP"]),
        ("year-to-date", "zh", (), ["year-to-date"]),
        ("R&D 强度", "zh", (), []),
        # exceptions on zh: URLs and domain-like tokens, file formats and encodings, the switch and the brand
        ("来源 https://www.example.com/a/b.html 转载", "zh", (), []),
        ("163.com/dy/article/KE5546SF0534DDHN.html", "zh", (), []),
        ("te-ch.tech/news/show-180995.html（转载）", "zh", (), []),
        ("下载 CSV XLSX PNG", "zh", (), []),
        ("编码 UTF-8 GBK GB18030 均可", "zh", (), []),
        ("SVG PNG HTML JSON", "zh", (), []),
        ("English", "zh", (), []),
        ("目标进度看板 Target Tracker", "zh", (), []),
        ("中文 English Target Tracker", "zh", (), []),
        ("Target Tracker is here", "zh", (), []),
        ("Jinan statistics bureau", "zh", ("Jinan statistics bureau",), []),
        # code is what the reader types, in any language
        ("在 secrets.toml 中设置 `public_url`", "zh", (), []),
        ("`python -m tracker status --format csv --lang zh`", "zh", (), []),
        ("Set `目标` here", "en", (), []),
        ("设置 public_url", "zh", (), ["设置 public_url"]),
        ("`a` and then some more `b`", "zh", (), ["and then some more"]),
        # internals, in both languages
        ("恢复自 None", "zh", (), ["恢复自 None"]),
        ("增速为None", "zh", (), ["增速为None"]),
        ("最新值 nan 亿元", "zh", (), ["最新值 nan 亿元"]),
        ("NaN", "en", (), ["NaN"]),
        ("NaT", "zh", (), ["NaT"]),
        ("<NA>", "en", (), ["<NA>"]),
        ("Nonetheless, Jinan has", "en", (), []),
        ("Nanjing banana", "en", (), []),
        ("来源 shared/seed/plan-article-2022-12.txt", "zh", (), ["来源 shared/seed/plan-article-2022-12.txt"]),
        ("指标 rd_intensity", "zh", (), ["指标 rd_intensity"]),
        ("Indicator national_rd_institutions", "en", (), ["Indicator national_rd_institutions"]),
        ("MY_CONSTANT 2_3 a_B", "en", (), []),
        ("https://example.com/?indicator=rd_intensity", "en", (), []),
        # an internal with its context: 20 characters each side
        ("前" * 25 + " None " + "后" * 25, "zh", (), ["前" * 19 + " None " + "后" * 19]),
        # en: Han is reported as a run
        ("Zone GDP 高新区 (current prices)", "en", (), ["高新区"]),
        ("Period 2024年1-9月", "en", (), ["年1-9月"]),
        ("Period 2024年", "en", (), ["年"]),
        (
            "未来产业规模（量子信息、空天信息等）",
            "en",
            ("量子信息、空天信息等未来产业规模",),
            ["未来产业规模（量子信息、空天信息等"],
        ),
        # exceptions on en: quoted Han (part of an allowed text), the switch and the brand
        (f"The plan: “{QUOTE}”", "en", (QUOTE,), []),
        ("Quote: 实现经济总量翻番 (2028)", "en", (QUOTE,), []),
        ("Period 2024年1-9月", "en", (QUOTE,), ["年1-9月"]),
        ("Period 2024年", "en", (QUOTE,), ["年"]),
        ("用6-7年实现", "en", (QUOTE,), []),
        ("Quote: 总量翻番, 高新区", "en", (QUOTE,), ["高新区"]),
        ("中文", "en", (), []),
        ("语言 / Language\n中文\nEnglish", "en", (), []),
        ("语言是", "en", (), ["语言是"]),
        ("Target Tracker · 目标进度看板", "en", (), []),
        ("中文版", "en", (), ["中文版"]),
        # each finding once, in page order
        ("高新区 x 高新区 y 经济", "en", (), ["高新区", "经济"]),
    ],
)
def test_find_foreign_text(text, lang, allowed, expected):
    assert find_foreign_text(text, lang, allowed) == expected


def test_quoted_han_takes_the_quotes_and_the_english_views_sources_and_notes(tmp_path):
    (tmp_path / "milestones.csv").write_text(
        "indicator_id,quote,source\ngdp,力争翻番,Qilu Evening News: 力争用6-7年实现翻番\nrd,,plain English\n",
        encoding="utf-8",
    )
    (tmp_path / "pillars.csv").write_text(
        "id,name_zh,name_en,quote\ng,高质量发展,Growth,打造增长极\n", encoding="utf-8"
    )
    (tmp_path / "figures.csv").write_text(
        "indicator_id,note_zh,note_en,source_zh,source_en\n"
        'gdp,现价,"""2400余家"" (2,400+)",齐鲁晚报,济南高新区规划纲要 (jinan.gov.cn)\n',
        encoding="utf-8",
    )
    assert quoted_han(tmp_path) == (
        "力争翻番",
        "Qilu Evening News: 力争用6-7年实现翻番",
        "打造增长极",
        "济南高新区规划纲要 (jinan.gov.cn)",
        '"2400余家" (2,400+)',
    )


def test_the_shipped_quotes_are_allowed_and_the_chinese_names_are_not():
    """On the shipped data: every plan quote passes an English page; an indicator's Chinese name shown there by
    mistake is flagged, unless the name is itself words of a quote (高新技术企业数量 is: the rule cannot tell)."""
    allowed = quoted_han()
    with open(DATA / "milestones.csv", encoding="utf-8") as f:
        quotes = [row["quote"] for row in csv.DictReader(f) if row["quote"]]
    with open(DATA / "indicators.csv", encoding="utf-8") as f:
        names = [row["name_zh"] for row in csv.DictReader(f)]
    assert quotes and all(find_foreign_text(f"Quote: {quote}", "en", allowed) == [] for quote in quotes)
    unquoted = [name for name in names if not any(name in text for text in allowed)]
    assert len(unquoted) >= len(names) // 2, unquoted
    excused = [name for name in unquoted if not find_foreign_text(f"Name: {name}", "en", allowed)]
    assert not excused, f"Chinese names an English page could show unflagged: {excused}"
