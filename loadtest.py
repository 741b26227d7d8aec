"""Load benchmark: `python -m loadtest [--sessions 1 8 32] [--questions 4]`.

Starts `streamlit run app.py` on a free loopback port, opens that many concurrent browser
sessions (Debian's chromium via Playwright), has each ask questions one after another, and
reports answers per second, latency percentiles and whether every answer showed the figure
the engine gives. Traffic stays on 127.0.0.1; every loop is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.async_api import async_playwright

from queries.engine import get_engine
from ui.format import figure_text

ROOT = Path(__file__).resolve().parent
QUESTIONS = ROOT / "tests" / "dev-questions.jsonl"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server() -> tuple[subprocess.Popen, str]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                if r.read() == b"ok":
                    return proc, url
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("server did not become healthy")


def expected_questions(n: int) -> list[tuple[str, str]]:
    """Questions whose first figure we know from the engine itself: (question, metric text)."""
    engine = get_engine()
    out = []
    for line in QUESTIONS.read_text(encoding="utf-8").splitlines():
        q = json.loads(line)["q"]
        ans = engine.ask(q)
        if ans.status == "answered" and ans.figures:
            out.append((q, figure_text(ans.figures[0])))
    return out[:n]


async def open_page(browser, url: str):
    ctx = await browser.new_context(viewport={"width": 420, "height": 900})
    ctx.set_default_timeout(300_000)        # 2 cores run the server and every browser page
    page = await ctx.new_page()
    await page.goto(url)
    await page.locator(READY).wait_for()
    return ctx, page


READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'


async def converse(page, questions: list[tuple[str, str]], results: list) -> None:
    for i, (question, metric) in enumerate(questions):
        box = page.get_by_test_id("stChatInputTextArea")
        await box.fill(question)
        t0 = time.perf_counter()
        await box.press("Enter")
        message = page.get_by_test_id("stChatMessage").nth(2 * i + 1)
        await message.get_by_test_id("stMetricValue").wait_for()
        elapsed = time.perf_counter() - t0
        await page.locator(READY).wait_for()
        shown = await message.get_by_test_id("stMetricValue").inner_text()
        results.append((elapsed, shown.strip() == metric))


async def run_level(url: str, sessions: int, questions: list[tuple[str, str]]) -> dict:
    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium", headless=True,
            args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                  "--disable-background-networking", "--disable-component-update"])
        pages = []
        for _ in range(sessions):            # open the sessions first, then ask all at once
            pages.append(await open_page(browser, url))
        results: list = []
        t0 = time.perf_counter()
        await asyncio.gather(*(converse(page, questions, results) for _, page in pages))
        wall = time.perf_counter() - t0
        for ctx, _ in pages:
            await ctx.close()
        await browser.close()
    lat = sorted(r[0] for r in results)
    return {"sessions": sessions, "answers": len(results), "right": sum(r[1] for r in results),
            "wall_s": wall, "answers_per_s": len(results) / wall,
            "p50_ms": statistics.median(lat) * 1000,
            "p95_ms": lat[min(len(lat) - 1, round(0.95 * (len(lat) - 1)))] * 1000}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m loadtest")
    ap.add_argument("--sessions", type=int, nargs="+", default=[1, 8, 32])
    ap.add_argument("--questions", type=int, default=4, help="questions per session")
    args = ap.parse_args(argv)
    questions = expected_questions(args.questions)
    proc, url = start_server()
    try:
        print("| sessions | answers | right | answers/s | p50 | p95 |")
        print("|---|---|---|---|---|---|")
        for n in args.sessions:
            r = asyncio.run(run_level(url, n, questions))
            print(f"| {r['sessions']} | {r['answers']} | {r['right']}/{r['answers']} | "
                  f"{r['answers_per_s']:.1f} | {r['p50_ms']:.0f} ms | {r['p95_ms']:.0f} ms |",
                  flush=True)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
