"""Page-wide behaviour: style, the Chinese page language and labels, and one constant script
that gives the answer cards what st.html cannot keep (inline handlers and link targets are
stripped by its sanitiser): the copy button, where links open, the new answer brought into
view, and the conversation handed to a portal page."""

from __future__ import annotations

import streamlit as st

BROWSE = "数据浏览"

STYLE = """
<style>
/* secondary text at WCAG AA contrast (≥ 4.5:1 on white) */
[data-testid="stCaptionContainer"] {opacity:1 !important}
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {color:#4b4f5c !important}
/* a headline that says its direction and percentage wraps instead of being cut */
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {white-space:normal !important;
  overflow:visible !important; text-overflow:clip !important; overflow-wrap:anywhere}
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {white-space:normal !important;
  overflow:visible !important; text-overflow:clip !important}
@media (max-width:500px){ [data-testid="stMetricValue"] {font-size:1.75rem !important} }
/* 数据浏览's 图表 is an h2 (heading order under the page's h1), at a section's size */
[data-testid="stHeading"] h2 {font-size:1.5rem !important}
/* the question stays visible above its answer when the answer is scrolled into view */
[data-testid="stChatMessage"] {scroll-margin-top:4rem}
[data-testid="stChatMessage"]:focus {outline:2px solid #0b57d0; outline-offset:2px}
</style>
"""

# Constant: no document or user text is ever written into it (that text travels as escaped
# data- attributes of the cards). Installed once per page (window.__budgetqa).
SCRIPT = r"""
<script>
(function () {
  if (window.__budgetqa) return;
  window.__budgetqa = true;
  const d = document;
  d.documentElement.lang = 'zh-CN';

  // Streamlit's own English labels, in Chinese
  const LABELS = {
    'Chat message from assistant': '回答', 'Chat message from user': '问题',
    'Send message': '发送问题', 'Main menu': '主菜单', 'Copy to clipboard': '复制到剪贴板',
    'Link to heading': '链接到此标题', 'Show password text': '显示', 'Clear value': '清除',
    'Open': '打开', 'Close': '关闭', 'Fullscreen': '全屏', 'Download as CSV': '下载 CSV'};
  function translate() {
    d.querySelectorAll('[aria-label]').forEach(function (e) {
      const t = LABELS[e.getAttribute('aria-label')];
      if (t) e.setAttribute('aria-label', t);
    });
    const skip = d.querySelector('[data-testid="stSkipToContent"]');
    if (skip && skip.textContent !== '跳到主要内容') skip.textContent = '跳到主要内容';
  }

  // the copy button: the clipboard API where the page may use it, else the older copy
  // command (an http portal page, or an iframe without clipboard-write)
  async function copy(text) {
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        return true;
      }
    } catch (e) { /* fall through */ }
    const ta = d.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.style.cssText = 'position:fixed;top:0;left:0;opacity:0';
    d.body.appendChild(ta);
    ta.select();
    let ok = false;
    try { ok = d.execCommand('copy'); } catch (e) { ok = false; }
    ta.remove();
    return ok;
  }
  d.addEventListener('click', async function (ev) {
    const t = ev.target instanceof Element ? ev.target : null;
    const btn = t && t.closest('button.copy-link');
    if (btn) {
      ev.preventDefault();
      const ok = await copy(btn.getAttribute('data-link'));
      btn.focus();
      btn.textContent = ok ? '已复制 ✓' : '复制失败';
      const status = btn.parentElement.querySelector('.copy-status');
      if (status) status.textContent = ok ? '链接已复制到剪贴板' : '无法自动复制，请长按链接复制';
      setTimeout(function () { btn.textContent = '复制链接'; }, 5000);
      return;
    }
    // a link that leaves the app: the portal page at the top level, or a new tab
    const a = t && t.closest('a[data-open]');
    if (a && ev.button === 0 && !ev.ctrlKey && !ev.metaKey && !ev.shiftKey) {
      ev.preventDefault();
      if (a.getAttribute('data-open') === 'top') {
        try { window.top.location.href = a.href; return; } catch (e) { /* sandboxed */ }
      }
      window.open(a.href, '_blank', 'noopener');
    }
  }, true);

  // after each answer: its question and headline brought into view (Streamlit keeps a chat
  // scrolled to the bottom, below a long answer's sources), focus on it on a phone, its
  // headline announced on a desktop (focus stays in the question box there)
  let seen = 0, touched = 0;
  ['wheel', 'touchstart', 'touchmove', 'pointerdown', 'keydown'].forEach(function (k) {
    d.addEventListener(k, function (ev) { if (ev.isTrusted) touched = Date.now(); },
                       {passive: true, capture: true});
  });
  function live() {
    let r = d.getElementById('bqa-live');
    if (!r) {
      r = d.createElement('div');
      r.id = 'bqa-live';
      r.setAttribute('role', 'status');
      r.setAttribute('aria-live', 'polite');
      r.style.cssText = 'position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0,0,0,0)';
      d.body.appendChild(r);
    }
    return r;
  }
  function inView(e) {
    // a figure entirely; an answer without one (clarify, not found): its top part
    const r = e.getBoundingClientRect();
    return e.getAttribute('data-testid') === 'stMetric'
      ? r.top >= 0 && r.bottom <= window.innerHeight
      : r.top >= 0 && r.top <= window.innerHeight - 120;
  }
  function latest() {
    // looked up afresh each time: the front end mounts a card's parts one after another
    const msgs = d.querySelectorAll('[data-testid="stChatMessage"]');
    const answer = msgs[msgs.length - 1];
    const question = msgs.length > 1 ? msgs[msgs.length - 2] : answer;
    return {answer: answer, question: question,
            head: answer.querySelector('[data-testid="stMetric"]') || answer};
  }
  function reveal() {
    const n = d.querySelectorAll('[data-testid="stChatMessage"]').length;
    if (n <= seen) { seen = n; return; }
    seen = n;
    const started = Date.now();
    let steady = 0, last = null;
    function place() {
      if (touched > started || seen !== n) return;   // never fight the reader's own scrolling
      const c = latest();
      if (!inView(c.head)) {
        // Streamlit keeps a chat stuck to its bottom until the reader scrolls with the wheel
        // or a finger: say so, or it scrolls back down below our answer
        const box = d.querySelector('[data-testid="stAppScrollToBottomContainer"]');
        if (box) box.dispatchEvent(new WheelEvent('wheel', {bubbles: true}));
        c.question.scrollIntoView({block: 'start', behavior: 'instant'});
        if (!inView(c.head)) c.head.scrollIntoView({block: 'start', behavior: 'instant'});
      }
      // "shown" once the headline has stayed in view for three checks (tests wait for it)
      const top = Math.round(c.head.getBoundingClientRect().top);
      steady = inView(c.head) && top === last ? steady + 1 : 0;
      last = top;
      if (steady === 3) { d.body.setAttribute('data-bqa-shown', String(n)); announce(c); }
      // on a phone the answer keeps the focus it was given (the front end may hand it back to
      // the question box after its run) until the reader does something
      if (steady > 3 && phone() && d.activeElement !== c.answer) {
        c.answer.focus({preventScroll: true});
      }
      // keep watching a while (late layout, Streamlit's own scrolling), longer on a busy phone
      const spent = Date.now() - started;
      if (spent < 2500 || (steady < 3 && spent < 8000)) setTimeout(place, 120);
    }
    requestAnimationFrame(function () { requestAnimationFrame(place); });
  }
  function phone() { return window.matchMedia('(max-width: 640px)').matches; }
  function announce(c) {
    const text = (c.head.innerText || '').replace(/\s+/g, ' ').trim();
    if (phone()) {
      c.answer.setAttribute('tabindex', '-1');
      c.answer.focus({preventScroll: true});
    } else if (text) {
      live().textContent = text;
    }
  }

  // the conversation handed to the portal page that embeds us, so its own address keeps it
  let posted = null;
  function handOver() {
    if (window.parent === window) return;
    const all = d.querySelectorAll('[data-portal-state]');
    const el = all[all.length - 1];
    if (!el) return;
    const state = el.getAttribute('data-portal-state');
    if (state === posted) return;
    posted = state;
    window.parent.postMessage({type: 'budgetqa-state', query: state},
                              el.getAttribute('data-portal-origin') || '*');
  }

  function settled() {
    const app = d.querySelector('[data-testid="stApp"]');
    return app && app.getAttribute('data-test-script-state') !== 'running';
  }
  let queued = false;
  new MutationObserver(function () {
    if (queued) return;
    queued = true;
    requestAnimationFrame(function () {
      queued = false;
      translate();
      if (settled()) { reveal(); handOver(); }
    });
  }).observe(d.body, {subtree: true, childList: true, attributes: true,
                      attributeFilter: ['aria-label', 'data-test-script-state']});
  translate();
})();
</script>
"""


def page_setup() -> None:
    """Chinese page language and labels, readable secondary text, the page script."""
    st.html(STYLE)
    st.html(SCRIPT, unsafe_allow_javascript=True)


def open_browse(table_no: int, lines: list[int]) -> None:
    """"在数据浏览中查看": switch to 数据浏览 in this session (the chat stays, and so does a
    portal's embed mode), that table filtered to the cited lines."""
    st.session_state.view = BROWSE
    st.session_state.browse_target = (str(table_no), ",".join(map(str, lines)))
