"""Command line: `python -m queries.ask [--json] [--batch FILE] [--docs DIR] [--doc KEY] "问题"`."""

from __future__ import annotations

import argparse
import json
import stat
import sys
from pathlib import Path

from catalog.build import DEFAULT_DB, DEFAULT_DOCS
from catalog.encoding import decode_text
from catalog.pdf import PAGE_PROGRESS
from errors import BudgetQAError, BuildError
from queries import browse
from queries.answer import Answer
from queries.engine import Engine


def _print(ans: Answer, as_json: bool) -> None:
    if as_json:
        print(json.dumps(ans.to_json(), ensure_ascii=False, default=str), flush=True)
        return
    print(ans.answer)
    for c in ans.candidates:
        extra = "，".join(x for x in (c.get("detail"), c.get("amount")) if x)
        print(f"  · {c['name']}（{extra}）" if extra else f"  · {c['name']}")
    for r in ans.rows[:8]:
        page = f"，第{r['page']}页" if r.get("page") else ""
        page = f"，{r['file']}{page}" if r.get("file") else page
        print(f"  [{r['table']} 第{r['line']}行{page}] " +
              " | ".join(x for x in r["cells"] if x)[:120])


def _batch(path: Path) -> list[str]:
    """The questions of a batch file, one a line, in any encoding documents may use."""
    try:
        # a FIFO or device without a writer would block for ever: only regular files
        if path.exists() and not stat.S_ISREG(path.stat().st_mode) and not path.is_dir():
            raise BuildError("不是普通文件（管道、设备等不能作为问题文件）", file=str(path))
        data = path.read_bytes()
    except IsADirectoryError as exc:
        raise BuildError("这是一个目录，不是问题文件", file=str(path)) from exc
    except FileNotFoundError as exc:
        raise BuildError("文件不存在", file=str(path)) from exc
    except OSError as exc:
        raise BuildError(f"无法读取（{exc.strerror}）", file=str(path)) from exc
    text, _ = decode_text(data, str(path))
    return text.splitlines()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m queries.ask", description="就部门预算提问")
    ap.add_argument("question", nargs="?", help="问题，例如：三公经费是多少")
    ap.add_argument("--json", action="store_true", help="每个回答输出一个 JSON 对象")
    ap.add_argument("--batch", type=Path, help="问题文件，每行一个问题")
    ap.add_argument("--docs", type=Path, help="文档目录（默认 data/documents）")
    ap.add_argument("--doc", help="文档（文件名，不含 .txt）：问题未指明部门和年度时使用")
    ap.add_argument("--db", type=Path, help="数据库文件（默认 data/budget.duckdb，或 --docs 目录旁）")
    args = ap.parse_args(argv)
    docs = args.docs or DEFAULT_DOCS
    db = args.db or (DEFAULT_DB if args.docs is None else docs.parent / f".{docs.name}.duckdb")
    if args.question is None and args.batch is None:
        ap.error("请提供一个问题或 --batch 文件")
    try:
        questions = [args.question] if args.question is not None else _batch(args.batch)
    except BudgetQAError as exc:
        print(f"无法读取问题文件：{exc.message}", file=sys.stderr)
        return 2
    # a first-use build of a long PDF shows that it is moving (catalog.build prints the same)
    PAGE_PROGRESS.set(lambda page, pages: page % 10 == 0 and print(
        f"正在读取文档：第 {page}/{pages} 页", file=sys.stderr, flush=True))
    try:
        engine = Engine(db, docs)
    except BudgetQAError as exc:
        print(f"无法启动：{exc.message}", file=sys.stderr)
        return 2
    if engine.notice:
        print(engine.notice, file=sys.stderr)
    if args.doc is not None and engine.doc(args.doc) is None:
        # answering from another document with no notice would be a wrong figure
        keys = "、".join(d.key for d in engine.docs) or "（没有）"
        print(f"没有名为“{args.doc}”的已载入文档。已载入的文档：{keys}", file=sys.stderr)
        return 2
    for s in browse.skipped(engine):
        print(f"已跳过无法读取的文档 {s['file']}：{s['reason']}", file=sys.stderr)
    after = ""              # the questions of a batch are one conversation, in order
    for question in questions:
        ans = engine.ask(question, doc=args.doc, after=after)
        after = ans.subject
        _print(ans, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
