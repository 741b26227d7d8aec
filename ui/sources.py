"""Sources a citizen can check: each cited table shown as a real table with its own column
names (and the table's unit on its amount columns), the cells the headline figure was read from
marked, its title, document, line and page once above it; prose shown as a short quoted excerpt
with the answering sentences marked. On a phone (< 500 px) each row becomes a labelled card
(column name → value), so no column is squeezed to one character per line. Everything from the
document is HTML-escaped here, through ui.format.html_escape."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from queries import browse
from queries.engine import Engine
from queries.reading import strip_source_note
from ui.format import html_escape as esc

_EXCERPT = 60          # characters of context on each side of the quoted sentences
_SCALES = (Decimal(1), Decimal(10000), Decimal("0.0001"))
_TEXT_COLUMN = re.compile(r"编码|代码|编号|项目$|名称|^科目|单位$")

STYLE = """
<style>
.src-wrap{overflow-x:auto;max-width:100%;margin:0 0 .5rem 0}
.src{border-collapse:collapse;font-size:.85rem;min-width:100%}
.src caption{caption-side:top;text-align:left;color:#31333f;font-size:.8rem;padding:.2rem 0}
.src th,.src td{border:1px solid #c9ccd3;padding:.25rem .4rem;text-align:left;
  vertical-align:top;white-space:normal;word-break:keep-all;overflow-wrap:anywhere;
  min-width:4.5em}
.src th{background:#eef0f4;font-weight:600;color:#1f2330}
.src td{background:#fff;color:#1f2330}
.src td.num{text-align:right;white-space:nowrap}
.src td:not(.num){min-width:6.5em}         /* names wrap by words, not by characters */
/* the row's name stays in view while the amounts scroll (a table wider than the screen) */
.src th:first-child,.src td:first-child{position:sticky;left:0;z-index:1}
.src td.hit{background:#fff1a8;outline:2px solid #8a6d00;font-weight:700}
.src td.hit mark{background:transparent;color:inherit}
.src .lbl{display:none}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;
  clip:rect(0,0,0,0);white-space:nowrap;border:0}
.src-quote{border-left:4px solid #8a8f99;margin:.2rem 0 .6rem 0;padding:.2rem .6rem;
  color:#262730;font-size:.9rem}
.src-quote mark{background:#fff1a8;color:#1f2330}
@media (max-width:500px){
  /* a phone: one card per source row, each cell as "column name  value" */
  .src,.src tbody,.src tr,.src td{display:block;width:auto;min-width:0}
  .src caption{display:block}
  .src thead{display:none}
  .src tr{border:1px solid #c9ccd3;border-radius:.4rem;margin:.35rem 0;padding:.15rem 0}
  .src td{border:0;border-bottom:1px solid #eef0f4;display:flex;gap:.6rem;
    justify-content:space-between;align-items:baseline;position:static;text-align:right;
    white-space:normal}
  .src tr td:last-child{border-bottom:0}
  .src td.num{white-space:normal}
  .src td.empty{display:none}
  .src .lbl{display:block;flex:0 1 48%;text-align:left;color:#4b4f5c;font-weight:400}
  .src td .val{flex:0 1 52%;overflow-wrap:anywhere}
}
</style>
"""


def _number(cell: object) -> Decimal | None:
    try:
        return Decimal(str(cell).replace(",", "").strip())
    except (InvalidOperation, AttributeError):
        return None


def _equal(cell: object, value: object) -> bool:
    """A cell that holds `value` (in 元, 万元 or 亿元 as printed)."""
    number, want = _number(cell), _number(value)
    if number is None or want is None:
        return False
    return any(abs(number * s - want) < Decimal("0.006") for s in _SCALES)


def _names_in(label: str) -> str:
    """A figure's label without its brackets: '办公费（办公经费）' → '办公费 办公经费'."""
    return re.sub(r"[（）()]", " ", label or "")


def _locate(rows: list[dict[str, Any]], fig: dict[str, Any],
            named_only: bool = False) -> tuple[int, int] | None:
    """Where a figure was read from, when the engine does not say: the cell holding its value
    in the row whose own name is in the figure's label (收入总计 → the 收入总计 row, not the
    本年支出合计 row that prints the same amount), after that name; else the first such cell."""
    label = _names_in(str(fig.get("label", "")))
    first = None
    best: tuple[int, int, int] | None = None        # (name length, row, cell)
    for ri, r in enumerate(rows):
        cells = list(r.get("cells") or [])
        for ci, c in enumerate(cells):
            if not _equal(c, fig.get("value")):
                continue
            first = first or (ri, ci)
            # the longest name left of this cell that the label mentions
            names = [len(n) for n in cells[:ci] if n and _number(n) is None and n in label]
            if names and (best is None or max(names) > best[0]):
                best = (max(names), ri, ci)
    if best:
        return best[1], best[2]
    return None if named_only else first


def marked_cells(ans: dict[str, Any]) -> set[tuple[int, int]]:
    """(row, cell) indexes into ans['rows'] of the cells the headline figure was read from.
    The engine's own word first (figure 'cells', or its 'row'); otherwise the cell found by the
    row's name, and for a sum each of its parts."""
    figures, rows = ans.get("figures") or [], ans.get("rows") or []
    if not figures or not rows:
        return set()
    head = figures[0]
    if head.get("cells"):
        return {(int(r), int(c)) for r, c in head["cells"]
                if 0 <= int(r) < len(rows) and 0 <= int(c) < len(rows[int(r)]["cells"])}
    if head.get("row") is not None and 0 <= int(head["row"]) < len(rows):
        ri = int(head["row"])
        hit = _locate([rows[ri]], head)
        return {(ri, hit[1])} if hit else set()
    hit = _locate(rows, head, named_only=True)
    if hit:
        return {hit}
    # a sum the table does not print (办公费 over two rows): mark each part it adds up
    parts = [f for f in figures[1:] if f.get("unit") == head.get("unit")]
    total = sum((_number(f.get("value")) or Decimal(0)) for f in parts)
    want = _number(head.get("value"))
    if parts and want is not None and abs(total - want) < Decimal("0.006"):
        found = {h for h in (_locate(rows, f) for f in parts) if h}
        if found:
            return found
    hit = _locate(rows, head)
    return {hit} if hit else set()


def amount_columns(columns: list[str]) -> list[bool]:
    """Columns that hold amounts, by their name (names, items and codes do not), so a column
    is labelled the same in every answer and in 数据浏览 whatever rows are shown."""
    return [not _TEXT_COLUMN.search(str(n).split("·")[-1]) for n in columns]


def headed(columns: list[str], rows: list[list[str]], unit: str) -> list[str]:
    """Column names as the answer card and 数据浏览 both show them: the table's unit on each
    amount column ("预算数·合计（万元）")."""
    width = max([len(columns)] + [len(r) for r in rows])
    names = [n or f"列{i + 1}" for i, n in enumerate((list(columns) + [""] * width)[:width])]
    if not unit:
        return names
    return [f"{n}（{unit}）" if amount and unit not in n and not n.startswith("列") else n
            for n, amount in zip(names, amount_columns(names))]


def table_html(caption: str, columns: list[str], rows: list[list[str]],
               marks: set[int] | dict[int, set[int]] | None = None) -> str:
    """A table: header cells, one row per source line, marked cells (row → cell indexes)
    announced with their value and "答案"; each cell also carries its column name for the
    phone layout."""
    marks = marks if isinstance(marks, dict) else {}
    width = len(columns)
    head = "".join(f'<th scope="col">{esc(n)}</th>' for n in columns)
    body = []
    for ri, cells in enumerate(rows):
        out = []
        for ci, c in enumerate(list(cells) + [""] * (width - len(cells))):
            text = str(c or "").strip()
            hit = ci in marks.get(ri, set())
            klass = " ".join(k for k, on in (("num", _number(text) is not None),
                                             ("hit", hit), ("empty", not text)) if on)
            value = f"<mark>{esc(text)}</mark><span class=\"sr-only\">（答案）</span>" if hit \
                else esc(text)
            out.append(f'<td class="{klass}"><span class="lbl" aria-hidden="true">'
                       f'{esc(columns[ci])}</span><span class="val">{value}</span></td>')
        body.append("<tr>" + "".join(out) + "</tr>")
    return (f'<div class="src-wrap"><table class="src"><caption>{caption}</caption>'
            f'<thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>')


def _caption(title: str, document: str, rows: list[dict[str, Any]], unit: str = "") -> str:
    lines = "、".join(str(r["line"]) for r in rows[:8]) + ("等" if len(rows) > 8 else "")
    pages = sorted({r["page"] for r in rows if r.get("page")})
    where = f"第{lines}行" + (f"，第{'、'.join(map(str, pages))}页" if pages else "")
    # a publication in several files: the file each cited row is printed in
    files = list(dict.fromkeys(r["file"] for r in rows if r.get("file")))
    where = f"{'、'.join(files)}，{where}" if files else where
    doc = f"{document} · " if document else ""
    return esc(f"{doc}{title}（{where}" + (f"，单位：{unit}" if unit else "") + "）")


def _sentences(answer: str) -> list[str]:
    """The sentences an answer quotes, without the source note and closing stops."""
    text = strip_source_note(answer or "")
    text = re.sub(r"（[^（）]*第\d+行[^（）]*）", "", text)
    parts = [p.strip().rstrip("。；;").strip() for p in re.split(r"[。；;]", text)]
    return [p for p in parts if len(p) >= 4]


def _collapse_repeats(text: str) -> list[tuple[int, int]]:
    """Spans of a long clause the excerpt already showed (the document gives one reason twice),
    to print once."""
    seen: set[str] = set()
    drop = []
    for m in re.finditer(r"[^，。；;]+", text):
        core = m.group().strip()
        if len(core) >= 20:
            if core in seen:
                drop.append((m.start(), m.end()))
            seen.add(core)
    return drop


def quote_html(caption: str, rows: list[dict[str, Any]], answer: str) -> str:
    """A paragraph source as a short excerpt around the sentences the answer quotes, those
    sentences marked, a reason the document repeats word for word shown once."""
    out = []
    wanted = _sentences(answer)
    for r in rows:
        text = "".join(c for c in r["cells"] if c)
        spans = []
        for s in wanted:
            at = text.find(s)
            if at < 0 and "，" in s:         # the answer may quote only part of the sentence
                at = text.find(s.split("，", 1)[-1])
                s = s.split("，", 1)[-1] if at >= 0 else s
            if at >= 0 and not any(a <= at < b for a, b in spans):
                spans.append((at, at + len(s)))
        spans.sort()
        if spans:
            start, end = max(0, spans[0][0] - _EXCERPT), min(len(text), spans[-1][1] + _EXCERPT)
        else:
            start, end = 0, min(len(text), 2 * _EXCERPT)
        drop = [d for d in _collapse_repeats(text) if start <= d[0] < end]
        pieces, pos = [], start
        events = sorted([(a, "open") for a, _ in spans] + [(b, "close") for _, b in spans] +
                        [(a, "drop") for a, _ in drop])
        skip_to = {a: b for a, b in drop}
        for at, kind in events:
            if at < pos:
                continue
            pieces.append(esc(text[pos:at]))
            pos = at
            if kind == "open":
                pieces.append("<mark>")
            elif kind == "close":
                pieces.append("</mark>")
            else:
                pieces.append("〔同上，略〕")
                pos = skip_to[at]
        pieces.append(esc(text[pos:end]))
        excerpt = ("…" if start else "") + "".join(pieces) + ("…" if end < len(text) else "")
        out.append(f'<blockquote class="src-quote">{excerpt}</blockquote>')
    return (f'<div class="src-wrap"><p style="margin:0;font-size:.8rem;color:#31333f">'
            f'{caption}</p>{"".join(out)}</div>')


def sources_html(engine: Engine, doc_id: int | None, ans: dict[str, Any]) -> str:
    """Every cited table or passage of one answer, in the order cited; the tables' rows in
    the order the document prints them."""
    marks = marked_cells(ans)
    groups: dict[str, list[int]] = {}
    for i, r in enumerate(ans["rows"]):
        groups.setdefault(r["table"], []).append(i)
    metas = {t["table_no"]: t for t in browse.report_tables(engine, doc_id)} \
        if doc_id is not None else {}
    parts = []
    for title, idx in groups.items():
        idx = sorted(idx, key=lambda i: ans["rows"][i]["line"])
        rows = [ans["rows"][i] for i in idx]
        wide = any(len([c for c in r["cells"] if c]) > 1 for r in rows)
        if not wide:
            parts.append(quote_html(_caption(title, ans.get("document", ""), rows), rows,
                                    ans["answer"]))
            continue
        table_no = rows[0].get("table_no")
        meta = metas.get(table_no) or {}
        unit = str(meta.get("unit") or "")
        cells = [list(r["cells"]) for r in rows]
        columns = headed(browse.column_names(engine, doc_id, table_no)
                         if meta and doc_id is not None else [], cells, unit)
        hits: dict[int, set[int]] = {}
        for pos, i in enumerate(idx):
            hits[pos] = {c for r, c in marks if r == i}
        parts.append(table_html(_caption(title, ans.get("document", ""), rows, unit),
                                columns, cells, hits))
    return STYLE + "".join(parts)


def cited_tables(ans: dict[str, Any]) -> list[tuple[int, str, list[int]]]:
    """(table number, title, cited lines) of each report table an answer cites, for the
    "在数据浏览中查看" buttons."""
    out: dict[int, tuple[str, list[int]]] = {}
    wide: set[int] = set()
    for r in ans.get("rows") or []:
        no = r.get("table_no")
        if no:
            out.setdefault(int(no), (str(r["table"]), []))[1].append(int(r["line"]))
            if len([c for c in r["cells"] if c]) > 1:
                wide.add(int(no))
    return [(no, title, sorted(lines)) for no, (title, lines) in out.items() if no in wide]
