"""Sources a citizen can check: each cited table shown as a real table with its own column
names, the headline figure's cell highlighted, its title, document, line and page once above
it, and a link that opens the table in 数据浏览; prose shown as a short quoted excerpt with the
quoted sentence marked. Everything from the document is HTML-escaped here."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from html import escape
from typing import Any
from urllib.parse import urlencode

from queries import browse
from queries.engine import Engine
from queries.reading import strip_source_note

_EXCERPT = 60          # characters of context on each side of the quoted sentence
_SCALES = (Decimal(1), Decimal(10000), Decimal("0.0001"))

STYLE = """
<style>
.src-wrap{overflow-x:auto;max-width:100%;margin:0 0 .5rem 0}
.src{border-collapse:collapse;font-size:.85rem;min-width:100%}
.src caption{caption-side:top;text-align:left;color:#31333f;font-size:.8rem;padding:.2rem 0}
.src th,.src td{border:1px solid #c9ccd3;padding:.25rem .4rem;text-align:left;
  vertical-align:top;white-space:normal;word-break:break-word}
.src th{background:#eef0f4;font-weight:600;color:#1f2330}
.src td.num{text-align:right;white-space:nowrap}
.src td.hit{background:#fff1a8;outline:2px solid #8a6d00;font-weight:700;color:#1f2330}
.src-quote{border-left:4px solid #8a8f99;margin:.2rem 0 .6rem 0;padding:.2rem .6rem;
  color:#262730;font-size:.9rem}
.src-quote mark{background:#fff1a8;color:#1f2330}
.src a{color:#0b57d0}
</style>
"""


def _number(cell: str) -> Decimal | None:
    try:
        return Decimal(cell.replace(",", "").strip())
    except (InvalidOperation, AttributeError):
        return None


def _is_hit(cell: str, headline: dict[str, Any] | None) -> bool:
    """The cell that holds the headline figure (in 元, 万元 or 亿元 as printed)."""
    if not headline or headline.get("value") is None:
        return False
    value = _number(cell)
    if value is None:
        return False
    want = Decimal(str(headline["value"]))
    return any(abs(value * s - want) < Decimal("0.006") for s in _SCALES)


def browse_link(doc_key: str | None, table_no: int, lines: list[int]) -> str:
    """The permalink that opens a table in 数据浏览, filtered to the cited lines."""
    params = {"view": "browse", "table": table_no, "line": ",".join(map(str, lines))}
    if doc_key:
        params = {"doc": doc_key, **params}
    return "?" + urlencode(params)


def _caption(title: str, document: str, rows: list[dict[str, Any]]) -> str:
    lines = "、".join(str(r["line"]) for r in rows[:8]) + ("等" if len(rows) > 8 else "")
    pages = sorted({r["page"] for r in rows if r.get("page")})
    where = f"第{lines}行" + (f"，第{'、'.join(map(str, pages))}页" if pages else "")
    # a publication in several files: the file each cited row is printed in
    files = list(dict.fromkeys(r["file"] for r in rows if r.get("file")))
    where = f"{'、'.join(files)}，{where}" if files else where
    doc = f"{document} · " if document else ""
    return escape(f"{doc}{title}（{where}）")


def table_html(title: str, document: str, columns: list[str], rows: list[dict[str, Any]],
               headline: dict[str, Any] | None, link: str) -> str:
    width = max([len(columns)] + [len(r["cells"]) for r in rows])
    names = (columns + [""] * width)[:width]
    head = "".join(f'<th scope="col">{escape(n or f"列{i + 1}")}</th>'
                   for i, n in enumerate(names))
    body, marked = [], False
    for r in rows:
        cells = []
        for c in list(r["cells"]) + [""] * (width - len(r["cells"])):
            numeric = _number(c) is not None
            hit = not marked and numeric and _is_hit(c, headline)
            marked = marked or hit
            klass = " ".join(k for k, on in (("num", numeric), ("hit", hit)) if on)
            label = ' aria-label="答案所在单元格"' if hit else ""
            cells.append(f'<td class="{klass}"{label}>{escape(c)}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    anchor = f'<a href="{escape(link)}" target="_self">在数据浏览中查看</a>' if link else ""
    return (f'<div class="src-wrap"><table class="src"><caption>{_caption(title, document, rows)}'
            f' {anchor}</caption><thead><tr>{head}</tr></thead><tbody>{"".join(body)}'
            "</tbody></table></div>")


def quote_html(title: str, document: str, rows: list[dict[str, Any]], sentence: str) -> str:
    """A paragraph source as a short excerpt around the sentence the answer quotes."""
    out = []
    for r in rows:
        text = "".join(c for c in r["cells"] if c)
        clause = strip_source_note(sentence).strip().rstrip("。")
        at = text.find(clause) if clause else -1
        if at >= 0:
            start, end = max(0, at - _EXCERPT), min(len(text), at + len(clause) + _EXCERPT)
            excerpt = (("…" if start else "") + escape(text[start:at]) + "<mark>" +
                       escape(clause) + "</mark>" + escape(text[at + len(clause):end]) +
                       ("…" if end < len(text) else ""))
        else:
            excerpt = escape(text[:2 * _EXCERPT]) + ("…" if len(text) > 2 * _EXCERPT else "")
        out.append(f'<blockquote class="src-quote">{excerpt}</blockquote>')
    return (f'<div class="src-wrap"><p class="src" style="margin:0;font-size:.8rem;'
            f'color:#31333f">{_caption(title, document, rows)}</p>{"".join(out)}</div>')


def sources_html(engine: Engine, doc_id: int | None, doc_key: str | None,
                 ans: dict[str, Any]) -> str:
    """Every cited table or passage of one answer, in the order cited."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in ans["rows"]:
        groups.setdefault(r["table"], []).append(r)
    headline = ans["figures"][0] if ans.get("figures") else None
    parts = []
    for title, rows in groups.items():
        rows = sorted(rows, key=lambda r: r["line"])          # as the table prints them
        table_no = rows[0].get("table_no")
        wide = any(len([c for c in r["cells"] if c]) > 1 for r in rows)
        if table_no and doc_id is not None and wide:
            columns = browse.column_names(engine, doc_id, table_no)
            link = browse_link(doc_key, table_no, [r["line"] for r in rows])
            parts.append(table_html(title, ans.get("document", ""), columns, rows, headline,
                                    link))
        elif wide:
            parts.append(table_html(title, ans.get("document", ""), [], rows, headline, ""))
        else:
            parts.append(quote_html(title, ans.get("document", ""), rows, ans["answer"]))
    return STYLE + "".join(parts)
