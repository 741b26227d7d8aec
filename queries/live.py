"""A serving engine that notices changed, added and deleted documents and a damaged database.

The app keeps one `LiveEngine` per process. Before a page is answered it calls `current()`:
at most every `BUDGETQA_FRESH_SECONDS` (2) seconds the documents folder is listed (a stat per
file: name, size, modification and change time); when that listing differs, the database is
rebuilt in a background thread (content hashes decide, `catalog.build.freshen`) into a
temporary file that is renamed into place, a new engine is opened on it and swapped in. The
old engine keeps answering until the swap. A query that meets a damaged database file marks
it (`queries.db.damaged`), and the next `current()` rebuilds before answering.
"""

from __future__ import annotations

import itertools
import logging
import os
import shutil
import threading
import time
from pathlib import Path

from catalog.build import REBUILT, freshen
from catalog.settings import env_number
from errors import BudgetQAError
from queries.answer import Answer
from queries.db import damaged
from queries.engine import Engine

LOG = logging.getLogger(__name__)
CHECK_SECONDS = env_number("BUDGETQA_FRESH_SECONDS", 2.0)
RETRY_SECONDS = 30.0       # after a rebuild that failed (disk full …), before trying again
CLOSE_AFTER_SECONDS = 60.0  # a replaced engine may still be answering a question


def folder_signature(docs_dir: Path) -> tuple:
    """What a stat of every document says: any edit, addition, removal or rename changes it."""
    try:
        entries = sorted(os.scandir(docs_dir), key=lambda e: e.name)
    except OSError:
        return ("unreadable",)
    out = []
    for e in entries:
        if not e.name.lower().endswith((".txt", ".pdf")):
            continue
        try:
            st = e.stat()
        except OSError:
            out.append((e.name, None))
            continue
        out.append((e.name, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))
    return tuple(out)


def file_identity(path: Path) -> tuple | None:
    """Which file is at path now: a rebuild renames a new one into place, an edit in place
    changes its size or times."""
    try:
        st = path.stat()
    except OSError:
        return None
    # not the change time: opening the file through a hard link (_open) changes it
    return (st.st_ino, st.st_dev, st.st_size, st.st_mtime_ns)


class LiveEngine:
    """Hands out the engine over the newest database; rebuilds in the background."""

    def __init__(self, db_path: Path, docs_dir: Path, check_seconds: float = CHECK_SECONDS):
        self.db_path = Path(db_path)
        self.docs_dir = Path(docs_dir)
        self.check_seconds = check_seconds
        docs = folder_signature(self.docs_dir)
        _, notice = freshen(self.docs_dir, self.db_path)      # builds on first use
        self._served = file_identity(self.db_path)
        self._engine, self._serving = _open(self.db_path)
        self._signature = (docs, self._served)
        _say(self._engine, notice)
        self._checked = time.monotonic()
        self._retry_at = 0.0
        self._lock = threading.Lock()
        self._worker: threading.Thread | None = None
        self.generation = 0       # how many times a new database was swapped in

    # ------------------------------------------------------------ serving

    def current(self) -> Engine:
        """The engine to answer this request with (never blocks on a rebuild, unless the
        database in service is damaged and cannot answer at all)."""
        now = time.monotonic()
        if damaged(self._serving) and now >= self._retry_at:
            self._rebuild()                         # nothing correct to serve meanwhile
            return self._engine
        if now - self._checked >= self.check_seconds:
            self._checked = now
            # the documents, and the database file itself (an operator's `catalog.build`, a
            # file damaged in place) are watched
            signature = (folder_signature(self.docs_dir), file_identity(self.db_path))
            if signature != self._signature and now >= self._retry_at:
                self._start(signature)
        return self._engine

    def ask(self, question: object, doc: int | str | None = None, after: str = "") -> Answer:
        """Answer on the current engine (leaning on `after`: Engine.ask); when the database
        turns out damaged mid-question, rebuild and ask once more."""
        ans = self.current().ask(question, doc=doc, after=after)
        if damaged(self._serving):
            ans = self.current().ask(question, doc=doc, after=after)
        return ans

    def wait(self, timeout: float | None = None) -> None:
        """Wait for a rebuild in progress (tests, shutdown)."""
        worker = self._worker
        if worker is not None:
            worker.join(timeout)

    def close(self) -> None:
        self.wait()
        self._engine.close()

    # ------------------------------------------------------------ rebuilding

    def _start(self, signature: tuple) -> None:
        with self._lock:
            if self._worker is not None and self._worker.is_alive():
                return                               # the next check sees what is left
            self._worker = threading.Thread(target=self._rebuild, args=(signature,),
                                            name="budgetqa-rebuild", daemon=True)
            self._worker.start()

    def _rebuild(self, signature: tuple | None = None) -> None:
        with _BUILD_LOCK:
            docs = signature[0] if signature else folder_signature(self.docs_dir)
            try:
                report, notice = freshen(self.docs_dir, self.db_path)
            except BudgetQAError as exc:
                LOG.warning("rebuild failed: %s", exc.message)
                self._failed(f"文档已变化，但数据库未能重新构建（{exc.message}）。")
                return
            except Exception:  # noqa: BLE001 - a background thread must not die silently
                LOG.exception("rebuild failed")
                self._failed("文档已变化，但数据库未能重新构建。")
                return
            now_there = file_identity(self.db_path)
            self._signature = (docs, now_there)
            if now_there == self._served and not damaged(self._serving):
                # nothing new to serve (content unchanged, or the build failed and the old
                # database stays): say why when there is a reason
                if notice:
                    _say(self._engine, notice)
                    self._retry_at = time.monotonic() + RETRY_SECONDS
                return
            try:
                fresh, serving = _open(self.db_path)
            except BudgetQAError as exc:
                self._failed(f"新数据库无法打开（{exc.message}）。")
                return
            # a planned rebuild needs no notice; a damaged file or a failed build does
            _say(fresh, "" if notice == REBUILT else notice)
            old, self._engine, self._serving = self._engine, fresh, serving
            self._served = now_there
            self.generation += 1
            timer = threading.Timer(CLOSE_AFTER_SECONDS, _close_quietly, args=(old,))
            timer.daemon = True
            timer.start()

    def _failed(self, notice: str) -> None:
        _say(self._engine, notice)
        self._retry_at = time.monotonic() + RETRY_SECONDS


_NAMES = itertools.count(1)


def _open(db_path: Path) -> tuple[Engine, Path]:
    """An engine on the database as it is now, and the name it was opened by.

    DuckDB shares one database instance per path within a process, so a connection opened on
    budget.duckdb after a rebuild would still see the replaced file. Each engine therefore
    opens a hard link of its own (a copy where links are not possible), removed at once: the
    open file stays readable and the next rebuild's rename never disturbs it."""
    alias = db_path.with_name(f"{db_path.name}.{os.getpid()}.{next(_NAMES)}.serve")
    try:
        os.link(db_path, alias)
    except OSError:
        shutil.copyfile(db_path, alias)
    try:
        return Engine(alias, None), alias
    finally:
        try:
            alias.unlink()
        except OSError:
            pass


# one build at a time in this process (two apps on one folder are safe too: each renames a
# complete file into place)
_BUILD_LOCK = threading.Lock()


def _close_quietly(engine: Engine) -> None:
    try:
        engine.close()
    except Exception:  # noqa: BLE001 - already closed
        pass


def _say(engine: Engine, notice: str) -> None:
    """The notice the app shows above the chat (why the data may not be the newest)."""
    engine.ctx.notice = notice
