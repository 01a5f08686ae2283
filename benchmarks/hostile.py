"""A 20 MB upload (the cap) of either kind, honest or hostile, read and checked in a fresh process: its seconds and
peak memory, each against the issue's limits (10 s, 1 GB).

The child: ``python -m benchmarks.hostile FILE NAME`` prints JSON: seconds, the memory above the process's resident
size before the work (the file's bytes already loaded), and what came of it (the problems' count, or the error code).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from benchmarks.measure import Row
from benchmarks.peak import TODAY, peak_mb, resident_mb

ROOT = Path(__file__).resolve().parent.parent
UPLOAD_CAP = 20 * 2**20
GOAL_SECONDS = 10.0
GOAL_MB = 1024.0


def honest_csv() -> bytes:
    from benchmarks.upload_rows import make_upload_csv, synthetic_indicators

    ids = list(synthetic_indicators(2_000)["id"])
    sample = make_upload_csv(10_000, ids)
    return make_upload_csv(int(10_000 * UPLOAD_CAP / len(sample) * 0.98), ids)


def honest_xlsx() -> bytes:
    from benchmarks.upload_rows import make_upload_xlsx, synthetic_indicators

    ids = list(synthetic_indicators(2_000)["id"])
    sample = make_upload_xlsx(20_000, ids)
    return make_upload_xlsx(min(int(20_000 * UPLOAD_CAP / len(sample) * 0.92), 1_050_000), ids)  # under the cap


def zip_bomb() -> bytes:
    """20 MB: a sheet of 1 GB of identical rows whose central directory claims 100 KB, and 16 MB of noise beside it
    (an image, say), so the whole file is at the cap."""
    main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    row = b'<row><c t="inlineStr"><is><t>gdp</t></is></c><c><v>2023</v></c><c><v>1</v></c></row>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{package}"><Relationship Id="rId1" Type="{rel}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook {main} xmlns:r="{rel}"><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{package}"><Relationship Id="rId1" Type="{rel}/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>',
        )
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(f'<worksheet {main}><sheetData><row><c t="inlineStr"><is><t>indicator_id</t></is></c>'.encode())
            part.write(b'<c t="inlineStr"><is><t>value</t></is></c></row>')
            block = row * ((1 << 20) // len(row) + 1)
            for _ in range(1024):
                part.write(block)
            part.write(b"</sheetData></worksheet>")
        archive.writestr("xl/media/image1.png", os.urandom(UPLOAD_CAP - out.tell() - 4096), zipfile.ZIP_STORED)
    data = bytearray(out.getvalue())
    at = data.rfind(b"xl/worksheets/sheet1.xml") - 46  # the sheet's entry in the central directory
    if data[at : at + 4] == b"PK\x01\x02":
        data[at + 24 : at + 28] = (100_000).to_bytes(4, "little")
    return bytes(data)


def one_line_csv() -> bytes:
    """20 MB without a line break: a header, then one cell that never ends."""
    head = "指标编号,时期,数值\r\n".encode("gbk")
    return head + b"gdp,2023," + b"7" * (UPLOAD_CAP - len(head) - 9)


def refused_rows(line: str) -> Callable[[], bytes]:
    """20 MB of rows each refused: ``line`` with ``{i}`` the row's place (a distinct text on every row)."""

    def make() -> bytes:
        out, size, i = ["指标编号,时期,数值\r\n".encode("gbk")], 0, 0
        while True:
            data = (line.format(i=i) + "\r\n").encode("gbk")
            if size + len(data) > UPLOAD_CAP - 64:
                return b"".join(out)
            out.append(data)
            size, i = size + len(data), i + 1

    return make


KINDS = [
    ("CSV, honest", "upload.csv", honest_csv),
    ("XLSX, honest", "upload.xlsx", honest_xlsx),
    ("XLSX, a zip bomb", "upload.xlsx", zip_bomb),
    ("CSV, one 20 MB line", "upload.csv", one_line_csv),
    # a million problems: each row's value refused, and its figure the first row's again
    ("CSV, every row refused", "upload.csv", refused_rows("metric_00001,2023,x")),
    # as many distinct refused texts as rows: a Python parse each, until the check stops
    ("CSV, a distinct refused value a row", "upload.csv", refused_rows("metric_00001,2023,坏值{i}")),
    ("CSV, a distinct refused period a row", "upload.csv", refused_rows("metric_00002,时期{i},1")),
]


def hostile_rows() -> list[Row]:
    """Two rows per kind: seconds, and peak memory, of check_upload in a fresh process."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for what, name, make in KINDS:
            path = Path(tmp) / name
            data = make()
            path.write_bytes(data)
            del data
            out = subprocess.run(
                [sys.executable, "-m", "benchmarks.hostile", str(path), name],
                cwd=ROOT,
                check=True,
                capture_output=True,
                text=True,
                timeout=300,
            )
            result = json.loads(out.stdout.strip().splitlines()[-1])
            size = path.stat().st_size / 2**20
            note = f"20 MB {what}: {size:.1f} MB read and checked in a fresh process: {result['outcome']}"
            rows.append(Row(f"20 MB upload, {what}: time", result["seconds"], "s", None, "", GOAL_SECONDS, True, note))
            rows.append(Row(f"20 MB upload, {what}: memory", result["used_mb"], "MB", None, "", GOAL_MB, True))
    return rows


def main(path: str, name: str) -> None:
    from benchmarks.upload_rows import synthetic_indicators
    from tracker.upload import UploadError, check_upload

    data = Path(path).read_bytes()
    indicators = synthetic_indicators(2_000)
    check_upload("warm.csv", "指标编号,时期,数值\r\nmetric_00000,2023,1\r\n".encode("gbk"), indicators, TODAY)
    before = resident_mb()
    start = time.perf_counter()
    try:
        check = check_upload(name, data, indicators, TODAY)
        outcome = f"read, {len(check.rows):,} rows, {check.problem_count:,} problems"
        if check.unchecked_from is not None:
            outcome += f", not checked from row {check.unchecked_from:,} on"
    except UploadError as err:
        outcome = f"refused: {err.code}"
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "used_mb": peak_mb() - before, "outcome": outcome}))


if __name__ == "__main__":
    if len(sys.argv) > 2:  # the child
        main(sys.argv[1], sys.argv[2])
    else:  # ``python -m benchmarks.hostile``: the rows alone
        from benchmarks.measure import table

        print(table(hostile_rows()))
