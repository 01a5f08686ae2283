"""Peak memory of one import in a fresh process: ``python -m benchmarks.peak import|read_csv FILE N``.

Prints JSON: the resident memory before the work (the file's bytes and the stored figures already loaded) and
the process's peak (VmHWM), in MB, and for read_csv the parsed DataFrame's size (memory_usage(deep=True)).
A child process, because the peak never goes down and pyarrow's string buffers escape tracemalloc.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import json
import resource
import sys
from pathlib import Path

import pandas as pd

TODAY = dt.date(2025, 1, 1)  # every synthetic period has ended by then


def resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def peak_mb() -> float:
    """The process's peak resident memory: VmHWM, which starts anew with the program (ru_maxrss keeps the peak
    of the parent that forked it, so a child of a big benchmark process reported the parent's peak)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def work(kind: str, name: str, data: bytes, indicators: pd.DataFrame, current: pd.DataFrame | None):
    """The measured work: check + preview ("import"), or read_csv (returns the DataFrame)."""
    from tracker.preview import preview
    from tracker.upload import check_upload

    if kind == "import":
        check = check_upload(name, data, indicators, TODAY)
        preview(check.rows, current)
        return None
    return pd.read_csv(io.BytesIO(data), encoding="gbk", header=1)


def main(kind: str, path: str, n_rows: int) -> None:
    from benchmarks.upload_rows import current_figures, synthetic_indicators

    data = Path(path).read_bytes()
    indicators = synthetic_indicators(2_000)
    current = current_figures(n_rows, list(indicators["id"])) if kind == "import" else None
    # A first small run loads what the work imports lazily (pyarrow, openpyxl...): libraries are not data.
    sample = b"\r\n".join(data.split(b"\r\n")[:1_000]) + b"\r\n"
    work(kind, Path(path).name, sample, indicators, current)
    gc.collect()
    before = resident_mb()
    result: dict[str, float] = {"before_mb": before}
    frame = work(kind, Path(path).name, data, indicators, current)
    result["peak_mb"] = peak_mb()
    if frame is not None:
        result["frame_mb"] = frame.memory_usage(deep=True).sum() / 2**20
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
