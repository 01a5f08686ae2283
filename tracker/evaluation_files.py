"""The evaluation report (tracker.evaluation) as a file: DOCX through python-docx (what a planning office edits and
files: real headings, a real table, East Asian fonts set, the gap chart as a PNG), HTML (one file, charts inline as
SVG, no script, every text escaped) and PDF (Chromium's print-to-PDF of that HTML).

No Streamlit: the CLI and the download button make the same bytes.
"""

from __future__ import annotations

import html
import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from tracker.chart_files import chart_png, chart_svg
from tracker.evaluation import CLASS_RULES, Evaluation, method_rules
from tracker.formatting import source_html
from tracker.i18n import STATUS, Text, Worded, t
from tracker.report import CSS as REPORT_CSS
from tracker.report import HTML_LANG, _inline_svg

FORMATS = ("docx", "pdf", "html")
MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html",
}
# Chinese text in Word: the East Asian font named on every style, and the font Word takes where it is missing
# (SimSun ships with every Chinese Windows; LibreOffice and the charts use Noto).
EAST_ASIAN_FONT = "Noto Sans CJK SC"
EAST_ASIAN_FALLBACK = "SimSun"
LATIN_FONT = "Arial"  # Latin text and digits: on every Windows and Mac, Liberation Sans (same metrics) on Linux
CHROMIUM_PATHS = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
PDF_TIMEOUT_S = 120
TABLE_KEYS = ("indicator", "baseline", "target", "latest", "progress", "actual_rate", "required_rate", "eval_col_class")
TABLE_WIDTHS_CM = (2.6, 2.0, 2.2, 2.4, 1.8, 1.8, 1.8, 2.4)  # 17 cm: A4 less 2 cm margins; a header word fits
GAP_WIDTH_CM = 16.0
EXTRA_CSS = """
h3 { font-size: 11pt; margin: 12px 0 4px; break-after: avoid; page-break-after: avoid; }
p.para { margin: 4px 0; text-align: justify; }
.class { white-space: nowrap; font-weight: bold; }
ul.notes { margin: 2px 0 8px 18px; padding: 0; font-size: 9pt; color: #333; }
.notes-title { font-size: 9pt; font-weight: bold; margin: 6px 0 0; }
"""


class EvaluationError(Worded, Exception):
    """The report cannot be made as asked (no Chromium for a PDF, an unknown format): ``message(lang)`` says why and
    what to do."""

    def __init__(self, key: str, **params: object):
        self.text = Text(key, params)
        super().__init__(self.message("en"))


def file_format(path: str | Path) -> str:
    """The format a file name asks for ("docx", "pdf" or "html"; .htm too); EvaluationError otherwise."""
    suffix = Path(path).suffix.lower().lstrip(".")
    suffix = "html" if suffix == "htm" else suffix
    if suffix not in FORMATS:
        raise EvaluationError("eval_bad_suffix", path=path)
    return suffix


def _statuses(cls: str, lang: str) -> str:
    return t("list_separator", lang).join(STATUS[status][lang] for status in dict.fromkeys(CLASS_RULES[cls]))


def _period(period: str, lang: str) -> str:
    """A note's period as readers say it ("2025年9月" / "Sep 2025"); as written when it is not a period."""
    from tracker.periods import describe

    try:
        return describe(period, lang) if period else "—"
    except ValueError:
        return period


def _note_lines(section, lang: str) -> list[str]:
    return [
        t(
            "eval_note_line",
            lang,
            period=_period(note.period, lang),
            author=note.author or "—",
            date=note.created or "—",
            text=note.text,
        )
        for note in section.notes
    ]


def _source_lines(ev: Evaluation) -> list[tuple[str, str]]:
    """(prefix, source text) per source: the prefix names the indicator and whether it is the target's or the
    latest figure's."""
    out = []
    for source in ev.sources:
        key = "eval_source_target" if source.kind == "target" else "eval_source_figure"
        prefix = t(key, ev.lang, name=source.indicator, source="")
        out.append((prefix, source.text))
    return out


# --- HTML -------------------------------------------------------------------------------------------------------


def _e(value: object) -> str:
    return html.escape("—" if value is None else str(value), quote=True)


def evaluation_html(ev: Evaluation) -> str:
    """The evaluation as one self-contained HTML document in its language (gap chart inline as SVG)."""
    lang = ev.lang
    head = "".join(f"<th>{_e(t(key, lang))}</th>" for key in TABLE_KEYS)
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td>{_e(cell)}</td>"
            for cell in (
                row.name,
                row.baseline,
                row.target,
                row.latest,
                row.progress,
                row.actual_rate,
                row.required_rate,
            )
        )  # fmt: skip
        + f'<td class="class">{_e(row.class_word)}</td></tr>'
        for row in ev.targets
    )
    if ev.gap_spec is None:
        gap = f'<p class="note">{_e(t("eval_gap_missing", lang))}</p>'
    else:
        svg = _inline_svg(chart_svg(ev.gap_spec), "gap")
        gap = f"<figure>{svg}<figcaption>{_e(t('gap_caption', lang))}</figcaption></figure>"
    sections = []
    for section in ev.sections:
        part = [f"<h3>{_e(section.name)}</h3>"]
        part += [f'<p class="para">{_e(target.paragraph)}</p>' for target in section.targets]
        lines = _note_lines(section, lang)
        if lines:
            part.append(f'<p class="notes-title">{_e(t("eval_notes_title", lang))}</p>')
            part.append(
                '<ul class="notes">'
                + "".join(f"<li>{_e(line).replace(chr(10), '<br>')}</li>" for line in lines)
                + "</ul>"
            )
        sections.append("".join(part))
    rules = "".join(
        f"<tr><td class='class'>{_e(word)}</td><td>{_e(_statuses(cls, lang))}</td><td>{_e(rule)}</td></tr>"
        for (word, rule), (cls, _, _) in zip(method_rules(lang), ev.counts)
    )
    rules_head = "".join(
        f"<th>{_e(t(key, lang))}</th>" for key in ("eval_col_class", "method_eval_status", "eval_col_rule")
    )
    sources = "".join(
        f"<li>{_e(prefix)}{source_html(text)}</li>" for prefix, text in _source_lines(ev)
    )  # source_html escapes; an address becomes a link
    title = f"{ev.title} · {ev.plan}"
    return f"""<!DOCTYPE html>
<html lang="{HTML_LANG.get(lang, lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title>
<style>{REPORT_CSS}{EXTRA_CSS}</style>
</head>
<body>
<h1>{_e(ev.title)}</h1>
<p>{_e(t("eval_plan", lang, plan=ev.plan))}</p>
<p class="stamp">{_e(ev.stamp)}</p>
<h2>{_e(t("eval_h_summary", lang))}</h2>
<p class="para">{_e(ev.summary)}</p>
<h2>{_e(t("eval_h_table", lang))}</h2>
<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>
{gap}
<h2>{_e(t("eval_h_indicators", lang))}</h2>
{"".join(sections)}
<h2>{_e(t("eval_h_method", lang))}</h2>
<p class="para">{_e(t("eval_method_pace", lang))}</p>
<table><thead><tr>{rules_head}</tr></thead><tbody>{rules}</tbody></table>
<p class="para">{_e(t("eval_method_honest", lang))}</p>
<h2>{_e(t("eval_h_sources", lang))}</h2>
<ul class="source">{sources}</ul>
</body>
</html>
"""


# --- PDF --------------------------------------------------------------------------------------------------------


def find_chromium() -> str | None:
    """The Chromium to print with: /usr/bin/chromium (Debian's, as the browser tests use), else one on PATH."""
    for candidate in CHROMIUM_PATHS:
        found = candidate if Path(candidate).is_absolute() and Path(candidate).exists() else shutil.which(candidate)
        if found:
            return str(found)
    return None


def html_to_pdf(document: str, chromium: str | None = None) -> bytes:
    """``document`` (HTML) printed to PDF by headless Chromium (A4, as its @page asks). EvaluationError when
    Chromium is missing or its print fails."""
    chromium = chromium or find_chromium()
    if not chromium or not (Path(chromium).exists() or shutil.which(chromium)):
        raise EvaluationError("eval_no_chromium", path=chromium or CHROMIUM_PATHS[0])
    with tempfile.TemporaryDirectory(prefix="tracker-pdf-") as folder:
        page, pdf = Path(folder) / "evaluation.html", Path(folder) / "evaluation.pdf"
        page.write_text(document, encoding="utf-8")
        command = [
            chromium,
            "--headless",
            "--no-sandbox",  # run as root in CI and on servers
            "--disable-gpu",
            "--no-first-run",
            "--disable-extensions",
            f"--user-data-dir={Path(folder) / 'profile'}",  # never another Chromium's profile
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=PDF_TIMEOUT_S, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise EvaluationError("eval_pdf_failed", why=type(error).__name__) from None
        if not pdf.exists() or not pdf.read_bytes().startswith(b"%PDF"):
            last = (done.stderr or "").strip().splitlines()[-1:] or [f"exit {done.returncode}"]
            raise EvaluationError("eval_pdf_failed", why=last[0][:200])
        return pdf.read_bytes()


def evaluation_pdf(ev: Evaluation, chromium: str | None = None) -> bytes:
    """The evaluation as PDF: its HTML printed by Chromium."""
    return html_to_pdf(evaluation_html(ev), chromium)


# --- DOCX -------------------------------------------------------------------------------------------------------


def _set_fonts(style, latin: str, size_pt: float | None = None, bold: bool | None = None) -> None:
    """``style``'s fonts: ``latin`` for Latin text and EAST_ASIAN_FONT for Chinese (w:eastAsia), theme fonts removed
    (a heading style's theme font would win over both)."""
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    style.font.name = latin
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(theme), None)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)
    if size_pt:
        style.font.size = Pt(size_pt)
    if bold is not None:
        style.font.bold = bold
    style.font.color.rgb = RGBColor(0x1A, 0x1A, 0x1A)


def _font_table_fallback(document) -> None:
    """Name SimSun as the stand-in for EAST_ASIAN_FONT in the font table (w:altName, GB2312 charset), so Word on a
    machine without Noto shows the Chinese in SimSun."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    part = next((p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml"), None)
    if part is None:
        return
    table = parse_xml(part.blob)
    table.append(
        parse_xml(
            f'<w:font {nsdecls("w")} w:name="{EAST_ASIAN_FONT}"><w:altName w:val="{EAST_ASIAN_FALLBACK}"/>'
            '<w:charset w:val="86"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>'
        )
    )
    from lxml import etree

    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def _styles(document, lang: str) -> None:
    from docx.oxml.ns import qn

    latin = LATIN_FONT
    styles = document.styles
    _set_fonts(styles["Normal"], latin, 10.5)
    lang_tag = styles["Normal"].element.get_or_add_rPr()
    lang_el = lang_tag.find(qn("w:lang"))
    if lang_el is None:
        lang_el = lang_tag.makeelement(qn("w:lang"), {})
        lang_tag.append(lang_el)
    lang_el.set(qn("w:val"), "zh-CN" if lang == "zh" else "en-GB")
    lang_el.set(qn("w:eastAsia"), "zh-CN")
    for name, size in (("Title", 20), ("Heading 1", 14), ("Heading 2", 12), ("Heading 3", 11)):
        _set_fonts(styles[name], latin, size, bold=True)
    _set_fonts(styles["List Bullet"], latin)
    _set_fonts(styles["Caption"], latin, 9, bold=False)


def _cell(cell, text: str, size_pt: float = 8, bold: bool = False, width_cm: float | None = None) -> None:
    from docx.shared import Cm, Pt

    cell.text = ""
    run = cell.paragraphs[0].add_run(text)
    run.font.size = Pt(size_pt)
    run.bold = bold
    if width_cm:
        cell.width = Cm(width_cm)


def _repeat_header(row) -> None:
    """The table's first row repeats at the top of each page (w:tblHeader)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def _shade(cell, fill: str = "F3F3F3") -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    cell._tc.get_or_add_tcPr().append(
        parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>')
    )


def _table(document, header: list[str], rows: list[list[str]], widths: tuple[float, ...], bold_last: bool = False):
    from docx.shared import Cm

    table = document.add_table(rows=1, cols=len(header))
    table.style = document.styles["Table Grid"]
    table.autofit = False
    for column, width in zip(table.columns, widths):  # the grid: LibreOffice reads the widths from it
        column.width = Cm(width)
    for cell, text, width in zip(table.rows[0].cells, header, widths):
        _cell(cell, text, bold=True, width_cm=width)
        _shade(cell)
    _repeat_header(table.rows[0])
    for values in rows:
        cells = table.add_row().cells
        for i, (cell, text, width) in enumerate(zip(cells, values, widths)):
            _cell(cell, text, bold=bold_last and i == len(values) - 1, width_cm=width)
    return table


def _page_footer(section, text: str) -> None:
    """The report's title and the page number at the foot of every page."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Pt

    paragraph = section.footer.paragraphs[0]
    run = paragraph.add_run(f"{text} · ")
    run.font.size = Pt(8)
    paragraph._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))


def evaluation_docx(ev: Evaluation, cjk_font: bool | None = None) -> bytes:
    """The evaluation as a Word document: Title and Heading 1–3 styles, the targets as a real table, each
    indicator's paragraphs and notes, the gap chart as a PNG (left out, saying so, when the server cannot draw its
    Chinese: ``cjk_font`` as tracker.chart_files.chart_png takes it), the method and sources as appendices."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    lang = ev.lang
    document = docx.Document()
    _styles(document, lang)
    _font_table_fallback(document)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2))
    section.top_margin, section.bottom_margin = Cm(2), Cm(1.8)
    _page_footer(section, ev.title)
    props = document.core_properties
    props.title, props.subject, props.language = ev.title, ev.plan, HTML_LANG.get(lang, lang)
    props.author = t("app_title", lang)

    document.add_heading(ev.title, level=0)
    document.add_paragraph(t("eval_plan", lang, plan=ev.plan))
    document.add_paragraph(ev.stamp)

    document.add_heading(t("eval_h_summary", lang), level=1)
    document.add_paragraph(ev.summary)

    document.add_heading(t("eval_h_table", lang), level=1)
    rows = [
        [row.name, row.baseline, row.target, row.latest, row.progress, row.actual_rate, row.required_rate,
         row.class_word]
        for row in ev.targets
    ]  # fmt: skip
    _table(document, [t(key, lang) for key in TABLE_KEYS], rows, TABLE_WIDTHS_CM, bold_last=True)
    png = chart_png(ev.gap_spec, cjk_font) if ev.gap_spec is not None else None
    if png is not None:
        document.add_picture(io.BytesIO(png), width=Cm(GAP_WIDTH_CM))
        document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        document.add_paragraph(t("gap_caption", lang), style="Caption")
    else:
        document.add_paragraph(t("eval_gap_missing" if ev.gap_spec is None else "eval_gap_no_font", lang))

    document.add_heading(t("eval_h_indicators", lang), level=1)
    for part in ev.sections:
        document.add_heading(part.name, level=2)
        for target in part.targets:
            document.add_paragraph(target.paragraph)
        lines = _note_lines(part, lang)
        if lines:
            document.add_paragraph().add_run(t("eval_notes_title", lang)).bold = True
            for line in lines:
                document.add_paragraph(line, style="List Bullet")

    document.add_heading(t("eval_h_method", lang), level=1)
    document.add_paragraph(t("eval_method_pace", lang))
    rules = [[word, _statuses(cls, lang), rule] for (word, rule), (cls, _, _) in zip(method_rules(lang), ev.counts)]
    header = [t(key, lang) for key in ("eval_col_class", "method_eval_status", "eval_col_rule")]
    _table(document, header, rules, (3.0, 5.0, 9.0))
    document.add_paragraph(t("eval_method_honest", lang))

    document.add_heading(t("eval_h_sources", lang), level=1)
    for prefix, text in _source_lines(ev):
        document.add_paragraph(prefix + text, style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def evaluation_file(ev: Evaluation, fmt: str, cjk_font: bool | None = None, chromium: str | None = None) -> bytes:
    """The evaluation in ``fmt`` ("docx", "pdf" or "html", UTF-8) as bytes."""
    if fmt == "docx":
        return evaluation_docx(ev, cjk_font)
    if fmt == "pdf":
        return evaluation_pdf(ev, chromium)
    if fmt == "html":
        return evaluation_html(ev).encode("utf-8")
    raise EvaluationError("eval_bad_suffix", path=f"*.{fmt}")
