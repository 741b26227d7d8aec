"""Reading files into rows, one file at a time, in this process or in a pool of processes.

Reading a file is a pure function of that file (`catalog.build.read_file`): its document
split, typed and turned into Arrow tables whose doc_id column the writer fills in. So the
build maps `read_file` over the files with one process per core and writes the results as
they arrive, in file order: the database is the same whichever way it was read, and memory
holds a few documents' rows, never the corpus.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from catalog.document import Document
from catalog.settings import env_number
from errors import BuildError

# the reader processes of a build (BUDGETQA_BUILD_WORKERS; default one per core)
WORKERS = int(env_number("BUDGETQA_BUILD_WORKERS", os.cpu_count() or 1, minimum=1))
# a pool costs 2-3 s to start (each process imports the reader) and a text file ~70 ms to
# read, a PDF 1-2 s: a folder is read in the build's own process below this much work,
# counted in text files (a PDF or a workbook counts as PAGED_WEIGHT of them)
PARALLEL_FROM_FILES = 40
PAGED_WEIGHT = 20
# files handed to a reader process at a time: enough to keep it busy, few enough that the
# results stream back in order while the others are still being read
CHUNK = 2


@dataclass
class Read:
    """One file read: its typed rows (doc_id left to the writer), or the narrative document
    waiting for its tables file, or why it could not be read."""

    path: Path
    report: Any = None                      # catalog.build.DocReport
    tables: dict[str, Any] = field(default_factory=dict)    # table -> pyarrow.Table
    narrative: Document | None = None       # a file without report tables: paired later
    department: str = ""
    year: str = ""
    error: tuple[str, str, int | None] | None = None    # (detail, file, line) of a BuildError
    failure: str = ""                       # an unexpected fault's type name

    def build_error(self) -> BuildError:
        if self.error is not None:
            detail, file, line = self.error
            return BuildError(detail, file=file or self.path.name, line=line)
        return BuildError(f"读取时出错（{self.failure}），已跳过此文档", file=self.path.name)


def _work(paths: list[Path]) -> int:
    """The work of reading these files, in text files."""
    paged = sum(p.suffix.lower() in (".pdf", ".xlsx") for p in paths)
    return len(paths) - paged + paged * PAGED_WEIGHT


def read_all(paths: list[Path], read: Callable[[Path, int], Read], next_id: Callable[[], int],
             workers: int | None = None) -> Iterator[Read]:
    """`read` (a module-level function: it is sent to the reader processes by name) over the
    files, in the order given. In this process each file is read with the doc_id it will be
    written under (`next_id`); in a pool with 0, set by the writer."""
    workers = WORKERS if workers is None else workers
    if workers <= 1 or _work(paths) < PARALLEL_FROM_FILES:
        for path in paths:
            yield read(path, next_id())
        return
    # spawn, not fork: the build's process holds a DuckDB connection and its threads
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(min(workers, len(paths)), mp_context=context)
    try:
        yield from pool.map(read, paths, chunksize=CHUNK)
    except BrokenProcessPool as exc:
        # a reader killed (out of memory, a crash in the PDF parser): the build stops and
        # the previous database keeps serving, rather than waiting for it for ever
        raise BuildError("读取文档的进程意外退出（可能内存不足），构建已停止") from exc
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
