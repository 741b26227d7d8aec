"""The question engine: opens the database and answers through queries/pipeline.py.

`Engine.ask(question)` never raises for any input: it returns an `Answer` whose status is one of
answered / clarify / no_data / out_of_scope. A figure appears only when a matched entity
produced it from the database.
"""

from __future__ import annotations

import atexit
import logging
import threading
from pathlib import Path
from typing import Any

from catalog.build import DEFAULT_DB, DEFAULT_DOCS, freshen
from errors import BudgetQAError
from queries import dialect, followup, pipeline, respell, word_classes
from queries.answer import Answer
from queries.context import Context
from queries.db import forget, open_readonly, run
from queries.knowledge import Knowledge, load_synonyms
from queries.reading import read_as
from queries.scope import Doc, unique_keys
from queries.templates import load_templates
from queries.thresholds import SKIPPED_SHOWN
from queries.vocab import LEX

LOG = logging.getLogger(__name__)
INTERNAL_ERROR = "抱歉，处理这个问题时出错了，请换一种问法再试。"


def skipped_notice(rows: list[dict[str, Any]]) -> str:
    """The sentence every answer carries while a file of the folder could not be read: a user
    who just added a file learns that it was not read, not only the staff in 数据状态."""
    if not rows:
        return ""
    files = "、".join(f"{r['file']}（{r['reason']}）" for r in rows[:SKIPPED_SHOWN])
    more = f"等{len(rows)}个文件" if len(rows) > SKIPPED_SHOWN else ""
    return f"注意：{files}{more}未能读取，回答不含其内容。"



class Engine:
    """Opens the database and holds what questions share: the templates, the loaded documents,
    their name indexes (queries/context.py) and the registry (queries/intents/registry.py).
    Answering is queries/pipeline.py. Thread-safe: a cursor per query."""

    def __init__(self, db_path: Path = DEFAULT_DB, docs_dir: Path | None = DEFAULT_DOCS) -> None:
        notice = ""
        if docs_dir is not None:
            _, notice = freshen(docs_dir, db_path)
        templates = load_templates()
        con = open_readonly(db_path)
        docs = unique_keys([Doc(**r) for r in run(con, templates["documents"]).rows])
        self.ctx = Context(con, templates, docs, load_synonyms(), pipeline.answer_in, notice,
                           skipped_notice(run(con, templates["skipped_documents"]).rows))
        self.ctx.asker = pipeline.ask
        word_classes.warm_up()
        respell.warm_up()
        if docs:
            self.ctx.knowledge_for(docs[0].doc_id)

    # what the app and the CLI read
    @property
    def con(self):  # noqa: ANN201 - duckdb connection
        return self.ctx.con

    @property
    def templates(self) -> dict:
        return self.ctx.templates

    @property
    def docs(self) -> list[Doc]:
        return self.ctx.docs

    @property
    def notice(self) -> str:
        return self.ctx.notice

    def knowledge_for(self, doc_id: int) -> Knowledge:
        return self.ctx.knowledge_for(doc_id)

    def doc(self, ref: int | str | None) -> Doc | None:
        """A loaded document by doc_id or by its key (the file name without .txt)."""
        return self.ctx.doc(ref)

    def close(self) -> None:
        forget(self.ctx.con)
        self.ctx.con.close()

    def examples(self, doc_id: int | None = None) -> list[str]:
        """A few questions this document can answer, read from its own names."""
        kn = self.knowledge_for(doc_id if doc_id is not None else self.docs[0].doc_id)
        total, sangong, project, term = LEX["names"]["examples"]
        out = [total]
        kinds = {e.kind for e in kn.entities}
        if "sangong" in kinds:
            out.append(sangong)
        projects = [e for e in kn.entities if e.kind == "project"]
        if projects:
            rows = run(self.con, self.templates["period_projects"], doc_id=kn.doc_id,
                       period="本年").rows
            if rows:
                out.append(project.format(name=rows[0]["name"]))
            names = [e.name for e in projects]
            shared = next((n for n in names if len({e.get("unit") for e in projects
                                                     if e.name == n}) > 1), None)
            if shared:
                out.append(shared)
        if kn.glossary:
            out.append(term.format(term=kn.glossary[0]["term"]))
        return out

    def ask(self, raw: Any, doc: int | str | None = None, after: str = "") -> Answer:
        """Answer one question (about `doc` when the question names no document; leaning on
        `after`, what the answer before it was about, when it names nothing of its own); any
        unexpected failure becomes a friendly message."""
        text = raw if isinstance(raw, str) else ("" if raw is None else str(raw))
        try:
            return self._ask(text, self.doc(doc), after)
        except BudgetQAError as exc:
            return Answer(text, "no_data", f"抱歉，暂时无法回答：{exc.message}",
                          intent="error", reading=read_as("（处理时出错，没有读完问题）"))
        except Exception:  # noqa: BLE001 - the edge: no traceback reaches a user
            LOG.exception("question failed: %r", text[:200])
            return Answer(text, "no_data", INTERNAL_ERROR, intent="error",
                          reading=read_as("（处理时出错，没有读完问题）"))

    def _ask(self, text: str, selected: Doc | None, after: str) -> Answer:
        """Read in Mandarin first when said in Wu (queries/dialect.py), as typed when that
        reading is not understood."""
        said = dialect.mandarin(text)
        if said:
            ans = self._ask_read(said, selected, after)
            if ans.status in ("answered", "clarify"):
                ans.question = text
                ans.notice = LEX["phrasing"]["dialect_read"].format(said=said) + ans.notice
                return ans
        return self._ask_read(text, selected, after)

    def _ask_read(self, text: str, selected: Doc | None, after: str) -> Answer:
        leaning = followup.leans(self.ctx, text, after, selected)
        aside: list[str] = []
        if not leaning and after:
            # (a follow-up with the asker's own words: "这块占总数百分之几 是不是八成都有了")
            rest, aside = pipeline.remarks_aside(self.ctx, text)
            leaning = followup.leans(self.ctx, rest, after, selected) if aside else ""
        if leaning == followup.UNNAMED:
            # (never the whole budget's figure for what the last answer was about)
            return followup.unnamed(self.ctx, text)
        if not leaning:
            ans, read = pipeline.ask(self.ctx, text, selected), text
        else:
            # (said of it even when the document does not hold it: "三公经费多少？比去年多了
            # 多少" is never the whole budget's change)
            ans, read = pipeline.ask(self.ctx, leaning, selected), leaning
            alone = pipeline.ask(self.ctx, text, selected) \
                if ans.status != "answered" and followup.within(text) else None
            if alone is not None and alone.status == "answered":
                ans, read = alone, text    # ("其中基本工资多少": a name of its own, answered)
            else:
                ans.question = text
                ans.notice = followup.notice(after) + pipeline.remarks_notice(aside) + \
                    ans.notice
        ans.subject = followup.subject_of(self.ctx, read, ans)
        return ans


_ENGINES: dict[tuple[str, str], Engine] = {}
_ENGINES_LOCK = threading.Lock()


@atexit.register
def _close_engines() -> None:
    for engine in _ENGINES.values():
        engine.close()


def get_engine(db_path: Path = DEFAULT_DB, docs_dir: Path | None = DEFAULT_DOCS) -> Engine:
    """One engine per (database, documents) pair in this process."""
    key = (str(db_path), str(docs_dir))
    with _ENGINES_LOCK:
        if key not in _ENGINES:
            _ENGINES[key] = Engine(db_path, docs_dir)
        return _ENGINES[key]

