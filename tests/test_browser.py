"""Once in a real browser: Debian's chromium driven by Playwright against `streamlit run app.py`.

At 360, 390 and 1280 px, standalone and inside a portal page (the README's snippet, served at
a routed address): the copy button, the new answer in view, phone-readable source tables, the
marked cell, 数据浏览 and back, portal links and reload, axe-core on every view. Writes
screenshots of every state and the measured timings to the git-ignored `screenshots/` folder.
"""

from __future__ import annotations

import http.server
import json
import os
import re
import statistics
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.app_server import CHROMIUM, app_server, chromium
from tests.conftest import ROOT

SHOTS = ROOT / "screenshots"
# the portal page: another origin (localhost, the app is at 127.0.0.1), served by the test
TIMINGS: dict[str, object] = {}
pw = pytest.importorskip("playwright.sync_api") if not os.environ.get("CI") else \
    __import__("playwright.sync_api", fromlist=["sync_playwright"])

if not Path(CHROMIUM).exists() and not os.environ.get("CI"):
    pytest.skip("chromium is not installed (CI installs it)", allow_module_level=True)


class _Portal(http.server.BaseHTTPRequestHandler):
    app = ""                      # the app's address, set once its server is up

    def do_GET(self):  # noqa: N802 - the http.server API
        body = _portal_page(self.app).encode("utf-8")
        self.send_response(200 if self.path.startswith("/yusuan/") else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def portal():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Portal)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{httpd.server_address[1]}/yusuan/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def server(seed_db, portal):
    # share links point at the portal page (served by the portal test through a route)
    env = dict(os.environ, PYTHONUNBUFFERED="1", BUDGETQA_PUBLIC_URL=portal)
    with app_server(env) as url:
        _Portal.app = url
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium(pw) as b:
        yield b


def _ready(frame) -> None:
    frame.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(
        timeout=30000)


def _ask(frame, question: str) -> float:
    """Ask, wait for this question's answer (its message, after those already shown)."""
    before = frame.get_by_test_id("stChatMessage").count()
    box = frame.get_by_test_id("stChatInputTextArea")
    box.fill(question)
    t0 = time.perf_counter()
    box.press("Enter")
    frame.get_by_test_id("stChatMessage").nth(before + 1).wait_for(timeout=30000)
    elapsed = time.perf_counter() - t0
    _ready(frame)
    return elapsed


def _context(browser, width: int, height: int = 800):
    ctx = browser.new_context(viewport={"width": width, "height": height})
    ctx.grant_permissions(["clipboard-read", "clipboard-write"])
    return ctx


# elements of an answer wider than the screen, unless inside a box that scrolls on its own
OVERFLOW = """() => [...document.querySelectorAll('[data-testid="stChatMessage"] *')]
  .filter(e => e.getBoundingClientRect().width > 0)
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .filter(e => { for (let a = e.parentElement; a; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden')
      return false; } return true; })
  .map(e => e.tagName + ' ' + (e.getAttribute('data-testid') || e.className))"""
# the newest answer's headline (its figure, or the answer itself) inside the viewport
HEADLINE_IN_VIEW = """() => { const m = document.querySelectorAll('[data-testid="stChatMessage"]');
  if (!m.length) return false; const last = m[m.length - 1];
  const h = last.querySelector('[data-testid="stMetric"]') || last;
  const r = h.getBoundingClientRect();
  return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight; }"""
FOCUS_ON_ANSWER = """() => { const m = document.querySelectorAll('[data-testid="stChatMessage"]');
  return document.activeElement === m[m.length - 1]; }"""
# every source-table column (a cell, or on a phone a card's name and value) at least four
# characters wide, its text not cut, and the cell inside its table's box and the screen
TABLE_PROBLEMS = """() => { const bad = [];
  document.querySelectorAll('table.src').forEach(t => {
    const box = t.closest('.src-wrap').getBoundingClientRect();
    t.querySelectorAll('th, td:not(.empty)').forEach(c => {
      const r = c.getBoundingClientRect(); if (!r.width) return;
      const em = parseFloat(getComputedStyle(c).fontSize);
      const parts = getComputedStyle(c).display === 'flex'
        ? [...c.children].filter(x => getComputedStyle(x).display !== 'none') : [c];
      parts.forEach(x => { const w = x.getBoundingClientRect().width;
        if (w < 4 * em - 1)
          bad.push('narrow ' + Math.round(w) + 'px: ' + c.textContent.slice(0, 12)); });
      if (c.scrollWidth > c.clientWidth + 1) bad.push('cut: ' + c.textContent.slice(0, 12));
      if (r.right > Math.min(box.right, innerWidth) + 1 || r.left < box.left - 1)
        bad.push('outside: ' + c.textContent.slice(0, 12));
    }); });
  return bad; }"""
# axe-core findings that come from Streamlit's own markup, not from this app (see README)
STREAMLIT_OWN: set[str] = set()


def _axe(page) -> list[str]:
    """Serious, critical or moderate violations axe-core finds on the page (every rule)."""
    from axe_playwright_python.sync_playwright import Axe
    result = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']} {v['help']}"
            for v in result.response["violations"]
            if v["impact"] in ("serious", "critical", "moderate") and v["id"] not in STREAMLIT_OWN]


def _shot(page, name: str) -> None:
    """The whole view (Streamlit scrolls inside its own container, so a full-page screenshot
    shows only the viewport): the window made as tall as the content, then put back."""
    SHOTS.mkdir(exist_ok=True)
    size = page.viewport_size
    tall = page.evaluate("""() => Math.max(...[...document.querySelectorAll(
        '[data-testid="stAppScrollToBottomContainer"], [data-testid="stMain"], section, main')]
        .map(e => e.scrollHeight), document.documentElement.scrollHeight)""")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], tall + 120)})
    page.wait_for_timeout(300)            # a resize re-lays out the page (screenshot only)
    page.screenshot(path=str(SHOTS / f"{name}.png"))
    page.set_viewport_size(size)


QUESTIONS = ["今年预算一共多少", "三公经费是多少", "避难场所改造花多少钱"]


@pytest.mark.parametrize("width", [360, 390, 1280])
def test_answer_cards_copy_view_tables_and_the_browser_trip(server, browser, width):
    ctx = _context(browser, width)
    page = ctx.new_page()
    page.goto(server)
    _ready(page)
    # the language is set by a script element the front end mounts after the run has ended,
    # so wait for it rather than read it once; Streamlit's English labels are translated
    page.wait_for_function("document.documentElement.lang === 'zh-CN'", timeout=15000)
    page.wait_for_function("!!document.querySelector('[aria-label=\"发送问题\"]')", timeout=15000)
    assert page.get_by_test_id("stSkipToContent").inner_text() == "跳到主要内容"
    answer_s = []
    for n, question in enumerate(QUESTIONS):
        answer_s.append(_ask(page, question))
        # the new headline is brought into view (Streamlit would leave the chat scrolled to
        # the bottom of the sources), and stays there
        shown = f"document.body.dataset.bqaShown === '{2 * (n + 1)}'"
        page.wait_for_function(f"() => {shown} && ({HEADLINE_IN_VIEW})()", timeout=15000)
        # on a phone focus moves to the new answer (a screen reader reads it from there)
        if width < 640:
            page.wait_for_function(FOCUS_ON_ANSWER, timeout=5000)
        else:
            assert not page.evaluate(FOCUS_ON_ANSWER)
        assert page.get_by_test_id("stChatMessage").count() == 2 * (n + 1)
    metrics = page.get_by_test_id("stMetricValue").all_inner_texts()
    assert metrics == ["37,420.03 万元", "57.00 万元", "3,643.00 万元"]
    # the marked cell is the headline's own row: 收入总计, not 本年支出合计 (same amount)
    first = page.get_by_test_id("stChatMessage").nth(1)
    hit = first.locator("td.hit")
    assert hit.count() == 1
    assert hit.locator(".val").inner_text().startswith("37420.03")
    assert "收入总计" in hit.locator("xpath=ancestor::tr/td[1]").inner_text()
    # read by a screen reader as its value, then "答案"
    assert "37420.03" in hit.evaluate("e => e.innerText + e.textContent")
    # no column narrower than four characters, none cut, nothing wider than the screen
    assert page.evaluate(TABLE_PROBLEMS) == []
    assert page.evaluate(OVERFLOW) == []
    # the copy button copies the question's link, and says so
    link = page.locator("p.q-link a").last
    href = link.get_attribute("href")
    assert "避难场所改造花多少钱" in urllib.request.unquote(href)
    page.locator("button.copy-link").last.click()
    page.locator("button.copy-link", has_text="已复制").wait_for(timeout=5000)
    assert page.evaluate("navigator.clipboard.readText()") == href
    assert _axe(page) == []
    _shot(page, f"answers-{width}")
    # "在数据浏览中查看" opens that table filtered to the cited rows, in this session
    first.get_by_role("button", name=re.compile("在数据浏览中查看表一")).click()
    page.locator("table.src").first.wait_for(timeout=30000)
    page.get_by_text("只显示答案引用的第133、134、135行").wait_for(timeout=30000)
    _ready(page)
    assert "view=browse" in page.url and "table=1" in page.url
    assert page.locator("table.src th", has_text="收入（万元）").count() == 1
    assert page.evaluate(TABLE_PROBLEMS) == []
    assert _axe(page) == []
    _shot(page, f"browse-from-answer-{width}")
    # and back: the conversation is still there
    page.get_by_test_id("stRadio").get_by_text("问答").click()
    page.get_by_test_id("stChatMessage").nth(5).wait_for(timeout=30000)
    assert page.get_by_test_id("stMetricValue").all_inner_texts() == metrics
    ctx.close()
    if width == 390:
        TIMINGS["enter_to_figure_s"] = [round(t, 3) for t in answer_s]


def test_timings_plain_load_link_and_enter(server, browser):
    """Measured, written to timings.json and reported in README (not asserted: the machine is
    shared). A plain load and a ?q= link alternate, so load changes hit both alike."""
    ctx = _context(browser, 390, 844)
    page = ctx.new_page()
    page.goto(server)                                   # warm: assets cached, engine loaded
    _ready(page)
    plain, linked, enter = [], [], []
    for _ in range(9):
        t0 = time.perf_counter()
        page.goto(server)
        page.get_by_test_id("stChatInputTextArea").wait_for(timeout=30000)
        _ready(page)
        plain.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        page.goto(f"{server}/?q=三公经费是多少")
        page.get_by_test_id("stMetricValue").first.wait_for(timeout=30000)
        linked.append(time.perf_counter() - t0)
        assert "57.00" in page.get_by_test_id("stMetricValue").first.inner_text()
    page.goto(server)
    _ready(page)
    for q in ["机关运行经费是多少", "收入总计", "办公费是多少", "三公经费是多少", "培训费是多少",
              "一般公共预算支出多少", "预算为什么减少"]:
        enter.append(_ask(page, q))
    ctx.close()

    def summary(xs: list[float]) -> dict[str, float]:
        return {"median": round(statistics.median(xs), 3), "min": round(min(xs), 3),
                "max": round(max(xs), 3), "n": len(xs)}

    TIMINGS.update({
        "warm_page_to_input_s": summary(plain), "link_to_figure_s": summary(linked),
        "enter_to_figure_s": summary(enter + list(TIMINGS.get("enter_to_figure_s", []))),
        "link_over_plain": round(statistics.median(linked) / statistics.median(plain), 2),
        "load_average": [round(x, 2) for x in os.getloadavg()], "cores": os.cpu_count(),
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())})
    SHOTS.mkdir(exist_ok=True)
    (SHOTS / "timings.json").write_text(json.dumps(TIMINGS, ensure_ascii=False, indent=1))
    print(TIMINGS)


def test_clarify_and_browse_screens(server, browser):
    ctx = _context(browser, 420, 900)
    page = ctx.new_page()
    page.goto(server)
    _ready(page)
    _ask(page, "专项业务工作经费")
    page.get_by_test_id("stAlertContentWarning").first.wait_for(timeout=30000)
    # one button per choice, each with its unit and amount; the prompt does not list them
    buttons = page.get_by_test_id("stButton").all_inner_texts()
    assert sum("万元" in b and "专项业务工作经费" in b for b in buttons) == 3
    assert _axe(page) == []
    _shot(page, "clarify")
    _ask(page, "预算为什么减少")
    page.get_by_test_id("stMetricValue").first.wait_for(timeout=30000)
    assert page.get_by_test_id("stMetricLabel").first.inner_text() == "比上年减少"
    assert page.get_by_test_id("stMetricValue").first.inner_text() == \
        "16,714.11 万元，下降 30.88 %"
    assert page.locator("blockquote.src-quote mark").count() >= 1
    assert _axe(page) == []
    _shot(page, "change-answer")
    page.get_by_test_id("stRadio").get_by_text("数据浏览").click()
    page.locator("table.src").first.wait_for(timeout=30000)
    page.get_by_test_id("stVegaLiteChart").first.wait_for(timeout=30000)
    _ready(page)
    assert page.evaluate(TABLE_PROBLEMS) == []
    # a filter shows whole rows, each row's name beside its amounts
    page.get_by_label("筛选（输入科目、项目或数字）").fill("合计")
    page.get_by_label("筛选（输入科目、项目或数字）").press("Enter")
    page.get_by_text(re.compile(r"筛选出 \d+ 行")).wait_for(timeout=30000)
    _ready(page)
    assert _axe(page) == []
    _shot(page, "browse")
    page.get_by_test_id("stRadio").get_by_text("数据状态").click()
    page.get_by_text("勾稽检查全部通过", exact=False).wait_for(timeout=30000)
    _ready(page)
    assert _axe(page) == []
    _shot(page, "status")
    ctx.close()


def _portal_page(server: str) -> str:
    """A portal page with the README's embedding snippet, pointed at the test server."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    snippet = re.search(r"### Embedding in a portal page.*?```html\n(.*?)```", readme,
                        re.S).group(1)
    snippet = snippet.replace("https://portal.example.gov.cn/budget-qa/", f"{server}/")
    return ("<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'>"
            "<title>门户网站 · 预算公开</title></head><body><main><h1>门户网站 · 预算公开</h1>"
            f"{snippet}</main></body></html>")


def _eventually(read, wanted, seconds: float = 20.0) -> None:
    """What the page shows settles (a rerun may still be drawing): read until it equals
    `wanted`, then assert on the last reading."""
    deadline = time.monotonic() + seconds
    got = read()
    while got != wanted and time.monotonic() < deadline:
        time.sleep(0.25)
        got = read()
    assert got == wanted


def test_portal_page_links_copy_and_reload(server, portal, browser):
    PORTAL = portal
    ctx = _context(browser, 900, 1000)
    page = ctx.new_page()
    page.goto(PORTAL)
    frame = page.frame_locator("#budget-qa iframe")
    _ready(frame)
    _ask(frame, "三公经费是多少")
    _ask(frame, "今年预算一共多少")
    _eventually(lambda: frame.get_by_test_id("stMetricValue").all_inner_texts(),
                ["57.00 万元", "37,420.03 万元"])
    # the portal page's own address now carries the conversation
    page.wait_for_function(
        "new URL(location.href).searchParams.get('q') === '今年预算一共多少'", timeout=10000)
    assert json.loads(urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)["h"][0]) \
        == ["三公经费是多少"]
    # portal mode: no staff view, no big title; every link keeps embed=true, or opens the
    # portal page itself at the top level (never the app, nor the portal inside itself)
    assert frame.get_by_text("数据状态").count() == 0
    assert frame.locator("h1").count() == 0
    links = frame.locator("a[href]").evaluate_all(
        "els => els.map(a => [a.getAttribute('href'), a.getAttribute('data-open')])")
    assert links
    for href, where in links:
        if href.startswith("#"):
            continue
        assert "embed=true" in href or (href.startswith(PORTAL) and where == "top"), href
    # the copy button inside the portal (an http page: the older copy command)
    href = frame.locator("p.q-link a").last.get_attribute("href")
    frame.locator("button.copy-link").last.click()
    frame.locator("button.copy-link", has_text="已复制").wait_for(timeout=5000)
    reader = ctx.new_page()
    reader.goto(f"{server}/_stcore/health")
    reader.bring_to_front()
    _eventually(lambda: reader.evaluate("navigator.clipboard.readText()"), href)
    reader.close()
    page.bring_to_front()
    inner = next(f for f in page.frames if f.url.startswith(server))
    assert _axe(inner) == []
    page.screenshot(path=str(SHOTS / "embedded.png"))
    # F5 on the portal page keeps the conversation
    page.reload()
    frame = page.frame_locator("#budget-qa iframe")
    frame.get_by_test_id("stChatMessage").nth(3).wait_for(timeout=30000)
    _ready(frame)
    _eventually(lambda: frame.get_by_test_id("stMetricValue").all_inner_texts(),
                ["57.00 万元", "37,420.03 万元"])
    # the permalink opens the portal page at the top level, which asks it in its frame
    with page.expect_navigation(timeout=30000):
        frame.locator("p.q-link a").first.click()
    assert page.url.startswith(PORTAL) and "q=" in page.url
    frame = page.frame_locator("#budget-qa iframe")
    frame.get_by_test_id("stMetricValue").first.wait_for(timeout=30000)
    # the portal is not loaded inside itself: no frame of the app holds the portal page
    assert sum(f.url.startswith(PORTAL) for f in page.frames) == 1, \
        [f.url for f in page.frames]
    page.screenshot(path=str(SHOTS / "embedded-after-link.png"))
    ctx.close()


# ------------------------------------------------------------ a series answer with its chart

SERIES_QUESTION = "应急厅每年的三公经费分别是多少"
# every <text> of the chart's SVG with its box, and the box of the chart itself
CHART_TEXTS = """() => { const c = document.querySelector(
    '[data-testid="stChatMessage"]:last-of-type [data-testid="stVegaLiteChart"] svg, ' +
    '[data-testid="stVegaLiteChart"] svg');
  if (!c) return null; const box = c.getBoundingClientRect();
  return {box: [box.left, box.right, box.width, box.height],
          texts: [...c.querySelectorAll('text')].filter(t => t.textContent.trim()).map(t => {
            const r = t.getBoundingClientRect();
            return [t.textContent.trim(), r.left, r.right]; })}; }"""


@pytest.fixture(scope="module")
def series_server(multidoc_corpus, tmp_path_factory):
    """The app over the seed, its previous year and another department (tests/conftest.py)."""
    db = tmp_path_factory.mktemp("series-app") / "budget.duckdb"
    env = dict(os.environ, PYTHONUNBUFFERED="1", BUDGETQA_DOCS=str(multidoc_corpus["docs"]),
               BUDGETQA_DB=str(db))
    with app_server(env) as url:
        yield url


@pytest.mark.parametrize("width", [390, 1280])
def test_a_series_answer_shows_its_chart_with_value_labels(series_server, browser, width):
    ctx = _context(browser, width)
    page = ctx.new_page()
    page.goto(f"{series_server}/?q={urllib.parse.quote(SERIES_QUESTION)}")
    _ready(page)
    message = page.get_by_test_id("stChatMessage").nth(1)
    message.wait_for(timeout=30000)
    chart = message.get_by_test_id("stVegaLiteChart")
    chart.wait_for(timeout=30000)
    page.wait_for_function(f"() => {{ const r = ({CHART_TEXTS})(); "
                           "return r && r.texts.length > 0; }", timeout=15000)
    _shot(page, f"series-{width}")            # before the checks: looked at when one fails
    found = page.evaluate(CHART_TEXTS)
    left, right, chart_width, height = found["box"]
    assert chart_width > 200 and height > 150, found["box"]
    texts = [t for t, _, _ in found["texts"]]
    # a bar per year, each with its value written on it
    assert {"2025年", "2026年"} <= set(texts), texts
    assert {"114.00", "57.00"} <= set(texts), texts
    # no label cut off at the chart's edges or the screen's
    for text, start, end in found["texts"]:
        assert start >= left - 1 and end <= min(right, width) + 1, (text, start, end, found["box"])
    # the figures as a table under it
    table = message.locator("table.series")
    assert "114.00" in table.inner_text() and "57.00" in table.inner_text()
    assert page.evaluate(OVERFLOW) == []
    assert _axe(page) == []
    ctx.close()
