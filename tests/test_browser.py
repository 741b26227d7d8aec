"""Once in a real browser: Debian's chromium driven by Playwright against `streamlit run app.py`.

Also writes screenshots (answer card, clarify, browse tab, embedded view) and the measured
time-to-answer to the git-ignored `screenshots/` folder.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ROOT / "screenshots"
pw = pytest.importorskip("playwright.sync_api") if not os.environ.get("CI") else \
    __import__("playwright.sync_api", fromlist=["sync_playwright"])

if not Path(CHROMIUM).exists() and not os.environ.get("CI"):
    pytest.skip("chromium is not installed (CI installs it)", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(seed_db):
    port = _free_port()
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                if r.read() == b"ok":
                    break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("the streamlit server did not become healthy")
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with pw.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--no-first-run"])
        yield b
        b.close()


def _ready(frame) -> None:
    frame.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(
        timeout=30000)


def _ask(frame, question: str) -> float:
    box = frame.get_by_test_id("stChatInputTextArea")
    box.fill(question)
    t0 = time.perf_counter()
    box.press("Enter")
    frame.get_by_test_id("stChatMessage").nth(1).wait_for(timeout=30000)
    elapsed = time.perf_counter() - t0
    _ready(frame)
    return elapsed


# elements of an answer wider than the screen, unless inside a box that scrolls on its own
OVERFLOW = """() => [...document.querySelectorAll('[data-testid="stChatMessage"] *')]
  .filter(e => e.getBoundingClientRect().width > 0)
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .filter(e => { for (let a = e.parentElement; a; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden')
      return false; } return true; })
  .map(e => e.tagName + ' ' + (e.getAttribute('data-testid') || e.className))"""
# WCAG 2.1 A/AA violations that come from Streamlit's own widgets, not from this app
STREAMLIT_OWN: set[str] = set()


def _axe(page) -> list[str]:
    """Serious or critical WCAG 2.1 AA violations axe-core finds on the page."""
    from axe_playwright_python.sync_playwright import Axe
    page.wait_for_timeout(500)
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}"
            for v in result.response["violations"]
            if v["impact"] in ("serious", "critical") and v["id"] not in STREAMLIT_OWN]


@pytest.mark.parametrize("width", [390, 1280])
def test_answer_card_on_a_phone_and_a_desktop(server, browser, width):
    SHOTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": 900})
    t0 = time.perf_counter()
    page.goto(server)
    _ready(page)
    page_ready = time.perf_counter() - t0
    # the language is set by a script element the front end mounts after the run has ended,
    # so wait for it rather than read it once
    page.wait_for_function("document.documentElement.lang === 'zh-CN'", timeout=15000)
    answer_time = _ask(page, "三公经费是多少")
    metric = page.get_by_test_id("stMetricValue").first
    metric.wait_for(timeout=30000)
    assert "57.00" in metric.inner_text()
    table = page.locator("table.src").first
    table.wait_for(timeout=30000)
    # a real table with header cells; the highlighted cell holds the headline figure
    assert table.locator("th").count() >= 3
    assert table.locator("td.hit").inner_text().strip() == "57.00"
    assert page.evaluate(OVERFLOW) == []
    link = page.locator('a[href*="q="]').first
    assert "三公经费是多少" in urllib.request.unquote(link.get_attribute("href"))
    copy = page.locator("button.copy-link").first
    copy.wait_for(state="visible", timeout=15000)
    assert copy.is_visible() and copy.get_attribute("data-link") == link.get_attribute("href")
    assert _axe(page) == []
    page.screenshot(path=str(SHOTS / f"answer-card-{width}.png"), full_page=True)
    # "在数据浏览中查看" opens that table, filtered to the cited rows
    page.get_by_text("在数据浏览中查看").first.click()
    _ready(page)
    page.get_by_test_id("stDataFrame").first.wait_for(timeout=30000)
    body = page.inner_text("body")
    chosen = page.evaluate("""() => {
        const s = document.querySelector('[data-testid="stSelectbox"]');
        return [...s.querySelectorAll('input, div, span')].map(e => e.value || e.title ||
        e.getAttribute('aria-label') || '').join(' ') + ' ' + s.textContent; }""")
    assert "三公" in chosen, chosen
    assert "只显示答案引用的第397、398、399、402行" in body
    assert _axe(page) == []
    page.screenshot(path=str(SHOTS / f"browse-from-answer-{width}.png"), full_page=True)
    page.close()
    if width == 390:
        (SHOTS / "timings.json").write_text(json.dumps(
            {"page_ready_s": round(page_ready, 3), "answer_s": round(answer_time, 3)}))
        print({"page_ready_s": page_ready, "answer_s": answer_time})


def test_clarify_and_browse_screens(server, browser):
    page = browser.new_page(viewport={"width": 420, "height": 900})
    page.goto(server)
    _ready(page)
    _ask(page, "专项业务工作经费")
    page.get_by_test_id("stAlertContentWarning").first.wait_for(timeout=30000)
    # one button per choice, each with its unit and amount; the prompt does not list them
    buttons = page.get_by_test_id("stButton").all_inner_texts()
    assert sum("万元" in b and "专项业务工作经费" in b for b in buttons) == 3
    assert _axe(page) == []
    page.screenshot(path=str(SHOTS / "clarify.png"), full_page=True)
    page.get_by_test_id("stRadio").get_by_text("数据浏览").click()
    page.get_by_test_id("stDataFrame").first.wait_for(timeout=30000)
    page.wait_for_timeout(1500)   # charts render after the grid
    page.screenshot(path=str(SHOTS / "browse.png"), full_page=True)
    page.close()


def test_embedded_in_an_iframe(server, browser):
    page = browser.new_page(viewport={"width": 900, "height": 1000})
    page.set_content(
        "<html><body><h3>门户网站 · 预算公开</h3>"
        f"<iframe id='qa' src='{server}/?embed=true' width='400' height='820'></iframe>"
        "</body></html>")
    frame = page.frame_locator("#qa")
    _ready(frame)
    _ask(frame, "三公经费是多少")
    value = frame.get_by_test_id("stMetricValue").first
    value.wait_for(timeout=30000)
    assert "57.00" in value.inner_text()
    # portal mode: no staff view (数据状态), no big title
    assert frame.get_by_text("数据状态").count() == 0
    assert frame.locator("h1").count() == 0
    page.screenshot(path=str(SHOTS / "embedded.png"), full_page=True)
    inner = page.frames[1] if len(page.frames) > 1 else page.main_frame
    assert _axe(inner) == []
    page.close()
