"""A bounded load test: `python -m benchmarks.load [--seconds 60] [--sessions 20] [--browsers 2] [--ramp 10]`.

Serves the app on loopback against a temporary SQLite database; opens ``--sessions`` browser sessions (contexts
spread over ``--browsers`` Chromium processes, arriving over ``--ramp`` seconds) that load the overview and then
switch pages through the sidebar until the time is up, while an editor stores a new revision through
`python -m tracker import` every few seconds. Passes (exit 0) when every session rendered pages without an
exception box and the store holds every upload as its own revision. Prints the median and 95th-percentile time to
a rendered page, and the CPU the app server used. Only 127.0.0.1 traffic.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))  # the browser tests' server and waiting helpers

from browsing import CHROMIUM, CHROMIUM_ARGS, DONE_JS, AppServer  # noqa: E402

from tracker.i18n import t  # noqa: E402

# The pages a session cycles through, by url path, with the heading that shows the page has arrived.
CYCLE = [
    ("doubling", "page_doubling"),
    ("industries", "page_industries"),
    ("indicator", "page_indicator"),
    ("history", "page_history"),
    ("method", "method_title"),
    ("", "app_title"),
]
RENDER_TIMEOUT_MS = 180_000  # 20 Chromium tabs on 2 cores starve each other: a slow page is data, not an error


@dataclass
class Session:
    number: int
    renders: list[tuple[str, float]] = field(default_factory=list)  # (how, seconds)
    problems: list[str] = field(default_factory=list)


async def rendered(page, heading: str) -> None:
    await page.get_by_role("heading", name=heading).first.wait_for(timeout=RENDER_TIMEOUT_MS)
    await page.wait_for_function(DONE_JS, timeout=RENDER_TIMEOUT_MS, polling=100)


async def run_session(browser, server: AppServer, session: Session, deadline: float, delay_s: float) -> None:
    await asyncio.sleep(delay_s)  # people arrive over the ramp, not in the same millisecond
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    try:
        start = time.perf_counter()
        await page.goto(server.url(""), timeout=RENDER_TIMEOUT_MS)
        await rendered(page, t("app_title", "zh"))
        session.renders.append(("open overview", time.perf_counter() - start))
        step = session.number  # sessions start at different pages of the cycle
        while time.monotonic() < deadline:
            path, heading = CYCLE[step % len(CYCLE)]
            step += 1
            start = time.perf_counter()
            try:
                links = page.locator("[data-testid='stSidebar'] a[data-testid='stPageLink-NavLink']")
                # The home page's link has no path of its own (its href is "" or only a query string): the first link.
                link = (
                    links.first
                    if not path
                    else page.locator(f"[data-testid='stSidebar'] a[data-testid='stPageLink-NavLink'][href^='{path}']")
                )
                await link.click(timeout=RENDER_TIMEOUT_MS)
                await rendered(page, t(heading, "zh"))
            except Exception as err:  # noqa: BLE001 - count it and go on: a load test reports, it does not stop
                session.problems.append(f"/{path}: {type(err).__name__}: {str(err).splitlines()[0]}")
                await page.goto(server.url(""), timeout=RENDER_TIMEOUT_MS)
                continue
            session.renders.append(("switch page", time.perf_counter() - start))
            if await page.locator("[data-testid='stException']").count():
                session.problems.append(f"/{path}: an exception box")
    except Exception as err:  # noqa: BLE001
        session.problems.append(f"session: {type(err).__name__}: {str(err).splitlines()[0]}")
    finally:
        await context.close()


async def editor(database_url: str, deadline: float, every_s: float, workdir: Path) -> list[int]:
    """Store a changed GDP figure every ``every_s`` seconds through the CLI; returns the upload numbers stored."""
    stored, k = [], 0
    while time.monotonic() + every_s < deadline:
        await asyncio.sleep(every_s)
        k += 1
        path = workdir / f"upload-{k}.csv"
        value = 1767.3 + k / 10
        path.write_bytes(f"指标编号,时期,数值,备注,来源\r\ngdp,2023年,{value:.1f},load {k},load test\r\n".encode("gbk"))
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tracker",
            "--db",
            database_url,
            "import",
            str(path),
            "--author",
            "load",
            "--comment",
            f"load upload {k}",
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        _, err = await process.communicate()
        if process.returncode == 0:
            stored.append(k)
        else:
            print(f"upload {k} failed: {err.decode(errors='replace')[-300:]}", flush=True)
    return stored


def cpu_seconds(pid: int | None = None) -> float:
    """CPU seconds used so far by process ``pid`` (user + system), or by the whole machine when None."""
    ticks = os.sysconf("SC_CLK_TCK")
    if pid is None:
        with open("/proc/stat") as stat:
            fields = stat.readline().split()[1:]
        return (sum(int(f) for f in fields) - int(fields[3]) - int(fields[4])) / ticks  # all but idle, iowait
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / ticks


async def run(
    seconds: float, sessions: int, browsers: int, every_s: float, database_url: str, workdir: Path, ramp_s: float
) -> tuple[list[Session], list[int], dict[str, float]]:
    from playwright.async_api import async_playwright

    server = AppServer(database_url)
    try:
        server.wait_healthy()
        async with async_playwright() as playwright:
            chromiums = [
                await playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
                for _ in range(browsers)
            ]
            deadline = time.monotonic() + seconds
            people = [Session(i) for i in range(sessions)]
            cpu = {"server": cpu_seconds(server.process.pid), "machine": cpu_seconds(), "wall": time.monotonic()}
            results = await asyncio.gather(
                editor(database_url, deadline, every_s, workdir),
                *(
                    run_session(chromiums[i % browsers], server, s, deadline, ramp_s * i / sessions)
                    for i, s in enumerate(people)
                ),
            )
            cpu = {
                "server": cpu_seconds(server.process.pid) - cpu["server"],
                "machine": cpu_seconds() - cpu["machine"],
                "wall": time.monotonic() - cpu["wall"],
            }
            for chromium in chromiums:
                await chromium.close()
        log = server.log_tail(2000)
    finally:
        server.stop()
    tracebacks = log.count("Traceback")
    if tracebacks:
        people[0].problems.append(f"the server logged {tracebacks} traceback(s)")
    return people, results[0], cpu


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.load", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--browsers", type=int, default=2)
    parser.add_argument("--upload-every", type=float, default=5.0, help="seconds between the editor's uploads")
    parser.add_argument("--ramp", type=float, default=20.0, help="seconds over which the sessions arrive")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk")
        return 2

    from tracker.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/load.db"
        with Store(url) as store:
            first = store.latest_revision()
        people, stored, cpu = asyncio.run(
            run(args.seconds, args.sessions, args.browsers, args.upload_every, url, Path(tmp), args.ramp)
        )
        with Store(url) as store:
            revisions = store.revisions()
        comments = set(revisions["comment"])

    lost = [k for k in stored if f"load upload {k}" not in comments]
    times = [s for person in people for _, s in person.renders]
    switches = [s for person in people for how, s in person.renders if how == "switch page"]
    opens = [s for person in people for how, s in person.renders if how == "open overview"]
    problems = [f"session {p.number}: {text}" for p in people for text in p.problems]
    silent = [p.number for p in people if not p.renders]
    stuck = [p.number for p in people if p.renders and not any(how == "switch page" for how, _ in p.renders)]
    print(
        f"{len(people)} sessions in {args.browsers} Chromium processes for {args.seconds:.0f} s on 127.0.0.1; "
        f"an editor uploading every {args.upload_every:.0f} s through `python -m tracker import`"
    )
    print(f"rendered pages: {len(times)} ({len(opens)} first loads of the overview, {len(switches)} page switches)")
    if times:
        print(
            f"time to a rendered page: median {statistics.median(times):.2f} s, p95 {percentile(times, 0.95):.2f} s "
            f"(first load median {statistics.median(opens):.2f} s; page switch median "
            f"{statistics.median(switches) if switches else float('nan'):.2f} s, "
            f"p95 {percentile(switches, 0.95) if switches else float('nan'):.2f} s)"
        )
    print(
        f"uploads stored: {len(stored)}; revisions in the store: {len(revisions)} (revision {first} before); "
        f"lost: {len(lost)}"
    )
    print(
        f"CPU over {cpu['wall']:.0f} s on {os.cpu_count()} cores: the app server {cpu['server']:.0f} s, "
        f"everything (Chromium, the editor's CLI, this script) {cpu['machine']:.0f} s of "
        f"{cpu['wall'] * (os.cpu_count() or 1):.0f} s available"
    )
    if silent:
        print(f"sessions that never rendered a page: {silent}")
    if stuck:
        print(f"sessions that rendered the overview but had no time left to switch a page: {stuck}")
    print(f"problems: {len(problems)}" + "".join(f"\n  {p}" for p in problems[:20]))
    ok = not problems and not lost and not silent and len(revisions) == first + len(stored)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
