"""The page address read defensively: every query parameter validated, nothing ever raises.

A shared or crafted link (`?view=browse&table=10&line=²`, `?h=` with 5,000 `[`, a 1 MB `q`)
must open the app as if the parameter were absent, never the error page.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

MAX_QUESTION_CHARS = 1000      # the engine reads 200 and says so; more is not kept
MAX_HISTORY_CHARS = 4000       # ?h= is a short JSON list of earlier questions
MAX_HISTORY = 10
MAX_LINES = 200
_LINE = re.compile(r"[0-9]{1,9}")              # ASCII digits only: "²".isdigit() is True
_TABLE = re.compile(r"[0-9]{1,4}")
_DOC = re.compile(r"[^\x00-\x1f\x7f]{1,255}")
VIEWS = ("chat", "browse", "status")


@dataclass
class Params:
    """What the address asks for, each part None / empty when absent or unusable."""

    q: str | None = None
    history: list[str] = field(default_factory=list)
    doc: str | None = None
    view: str | None = None
    table: str | None = None            # a table number, digits only
    lines: str = ""                     # "12,13": cited lines, digits only


def _one(value: Any) -> str | None:
    """A parameter given once, as text (repeated parameters arrive as lists)."""
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else None
    return value if isinstance(value, str) else None


def history(raw: str | None) -> list[str]:
    """The earlier questions in ?h= (a JSON list of strings; anything else is ignored)."""
    if not raw or len(raw) > MAX_HISTORY_CHARS or not raw.lstrip().startswith("["):
        return []
    try:
        items = json.loads(raw)
    except (ValueError, RecursionError, TypeError):
        return []                        # 5,000 "[" in a row: the parser's depth limit
    if not isinstance(items, list):
        return []
    return [q[:200] for q in items if isinstance(q, str) and q.strip()][:MAX_HISTORY]


def read(query_params: Any) -> Params:
    """Params from st.query_params (or any mapping); never raises."""
    out = Params()
    try:
        get = query_params.get
        q = _one(get("q"))
        if q and q.strip():
            out.q = q[:MAX_QUESTION_CHARS]
        out.history = history(_one(get("h")))
        doc = _one(get("doc"))
        if doc and _DOC.fullmatch(doc):
            out.doc = doc
        view = _one(get("view"))
        if view in VIEWS:
            out.view = view
        table = _one(get("table"))
        if table and _TABLE.fullmatch(table.strip()):
            out.table = str(int(table))
        line = _one(get("line"))
        if line:
            lines = [x.strip() for x in line.split(",")[:MAX_LINES]]
            out.lines = ",".join(x for x in lines if _LINE.fullmatch(x))
    except Exception:  # noqa: BLE001 - an address is never worth an error page
        return Params()
    return out
