"""Benchmark: `python -m bench [--scale 1 10 100 1000 10000] [--rounds N] [--real 1 4]`.

For each corpus size it generates that many documents (copies of the bundled document under
other department names), then in fresh processes: builds the database (time per document,
peak memory) and serves the question sets about the bundled document (start-up,
warm latency p50/p95/p99, peak memory). Figures are reported, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from catalog.build import DEFAULT_DOCS

ROOT = Path(__file__).resolve().parent
# the development and trap sets and the question tables about the bundled document: every
# kind of question, compound ones (several engine passes) included
QUESTIONS = [ROOT / "tests" / "dev-questions.jsonl", ROOT / "tests" / "trap-questions.jsonl",
             *sorted((ROOT / "tests" / "tables").glob("*.jsonl"))]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _children_peak_mb() -> float:
    """The largest reader process of a parallel build (catalog/reader.py)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))]


def generate(n: int, dest: Path) -> Path:
    """The bundled document plus n-1 copies under other department names."""
    from catalog.document import split_document
    from catalog.formats import FORMATS
    seed = next(DEFAULT_DOCS.glob("*.txt"))
    dept = split_document(seed, FORMATS[0]).department
    text = seed.read_text(encoding="utf-8")
    dest.mkdir(parents=True)
    shutil.copy(seed, dest / seed.name)
    for i in range(1, n):
        (dest / f"copy-{i:04d}.txt").write_text(text.replace(dept, f"示范第{i}号管理厅"),
                                                 encoding="utf-8")
    return dest


def phase_build(docs: Path, db: Path) -> dict:
    from catalog.build import build
    t0 = time.perf_counter()
    report = build(docs, db)
    seconds = time.perf_counter() - t0
    return {"docs": len(report.documents), "build_s": seconds,
            "per_doc_ms": seconds / len(report.documents) * 1000, "build_peak_mb": _peak_mb(),
            "reader_peak_mb": _children_peak_mb(), "db_mb": db.stat().st_size / 2**20}


def phase_serve(docs: Path, db: Path, rounds: int) -> dict:
    from queries.engine import Engine
    seed_key = next(DEFAULT_DOCS.glob("*.txt")).stem
    lines = [line for path in QUESTIONS for line in path.read_text(encoding="utf-8").splitlines()]
    rows = [json.loads(line) for line in lines if line.strip()]
    # rows asked of another corpus (several departments or years) are left out
    questions = [r["q"] for r in rows if not r.get("corpus")]
    t0 = time.perf_counter()
    engine = Engine(db, docs)
    startup = time.perf_counter() - t0
    first = []                       # each question new to the engine (its caches cold)
    for q in questions:
        t = time.perf_counter()
        engine.ask(q, doc=seed_key)
        first.append((time.perf_counter() - t) * 1000)
    lat = []
    for _ in range(rounds):
        for q in questions:
            t = time.perf_counter()
            engine.ask(q, doc=seed_key)
            lat.append((time.perf_counter() - t) * 1000)
    engine.close()
    return {"startup_ms": startup * 1000, "p50_ms": _pct(lat, 50), "p95_ms": _pct(lat, 95),
            "p99_ms": _pct(lat, 99), "first_p50_ms": _pct(first, 50),
            "first_p99_ms": _pct(first, 99), "questions": len(lat), "serve_peak_mb": _peak_mb()}


REAL_PDFS = ROOT.parent / "shared" / "documents" / "real"


def phase_pdf(pdf: Path) -> dict:
    """Build one PDF alone (a fresh process): seconds, pages, peak memory."""
    import pdfplumber

    from catalog.build import build
    with pdfplumber.open(pdf) as doc:
        pages = len(doc.pages)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        shutil.copy(pdf, folder / pdf.name)
        t0 = time.perf_counter()
        build(folder, Path(tmp) / "pdf.duckdb")
        seconds = time.perf_counter() - t0
    return {"file": pdf.name, "mb": pdf.stat().st_size / 2**20, "pages": pages,
            "build_s": seconds, "per_page_s": seconds / pages, "peak_mb": _peak_mb()}


def phase_corpus() -> dict:
    """Every shared document in one folder (all real PDFs, the bundled document, one damaged
    file): the whole build, and how much of it is pdfplumber reading the pages."""
    import pdfplumber

    from catalog.build import build
    from catalog.pdf import read_pdf
    pdfs = sorted(REAL_PDFS.rglob("*.pdf"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        for f in [*pdfs, *sorted((ROOT / "data" / "documents").glob("*.txt"))]:
            shutil.copy(f, folder / f.name)
        (folder / "damaged.pdf").write_bytes(pdfs[0].read_bytes()[:5000])
        pages = 0
        for f in pdfs:
            with pdfplumber.open(f) as doc:
                pages += len(doc.pages)
        t0 = time.perf_counter()
        for f in pdfs:
            read_pdf(f, f.read_bytes())
        read_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        report = build(folder, Path(tmp) / "corpus.duckdb")
        seconds = time.perf_counter() - t0
    return {"files": len(pdfs) + 2, "documents": len(report.documents),
            "skipped": [f for f, _ in report.skipped], "pages": pages, "build_s": seconds,
            "per_page_s": seconds / pages, "read_s": read_s, "peak_mb": _peak_mb()}


def phase_real(copies: int) -> dict:
    """The real PDFs, each repeated `copies` times under other file names, built in one
    folder: the parallel build's time per page (a copy is the same publication as its
    original, so one of each is served and the others are listed as replaced)."""
    import pdfplumber

    from catalog.build import build
    pdfs = sorted(REAL_PDFS.rglob("*.pdf"))
    pages = 0
    for f in pdfs:
        with pdfplumber.open(f) as doc:
            pages += len(doc.pages)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        for k in range(copies):
            for f in pdfs:
                shutil.copy(f, folder / f"{k:03d}-{f.name}")
        t0 = time.perf_counter()
        report = build(folder, Path(tmp) / "real.duckdb")
        seconds = time.perf_counter() - t0
    return {"files": len(pdfs) * copies, "pages": pages * copies, "build_s": seconds,
            "per_page_s": seconds / (pages * copies), "served": len(report.documents),
            "peak_mb": _peak_mb(), "reader_peak_mb": _children_peak_mb()}


def _child(*args: str) -> dict:
    out = subprocess.run([sys.executable, "-m", "bench", *args], cwd=ROOT, check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench")
    ap.add_argument("--scale", type=int, nargs="+", default=[1, 10, 100, 1000])
    ap.add_argument("--rounds", type=int, default=10, help="passes over the question set")
    ap.add_argument("--pdf", action="store_true",
                    help="PDF build time per page and memory (the real PDFs in shared/)")
    ap.add_argument("--corpus", action="store_true",
                    help="every shared document in one folder: build time per page")
    ap.add_argument("--real", type=int, nargs="+", metavar="COPIES",
                    help="the real PDFs repeated COPIES times in one folder: build per page")
    ap.add_argument("--phase", choices=["build", "serve", "pdf", "corpus", "real"],
                    help=argparse.SUPPRESS)
    ap.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--docs", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.phase == "build":
        print(json.dumps(phase_build(args.docs, args.db)))
        return 0
    if args.phase == "serve":
        print(json.dumps(phase_serve(args.docs, args.db, args.rounds)))
        return 0
    if args.phase == "pdf":
        print(json.dumps(phase_pdf(args.file)))
        return 0
    if args.phase == "corpus":
        print(json.dumps(phase_corpus()))
        return 0
    if args.phase == "real":
        print(json.dumps(phase_real(args.rounds)))
        return 0
    if args.real:
        print("| PDF files | pages | served | build | per page | build peak RSS (writer / "
              "largest reader) |")
        print("|---|---|---|---|---|---|")
        for copies in args.real:
            r = _child("--phase", "real", "--rounds", str(copies))
            print(f"| {r['files']} | {r['pages']} | {r['served']} | {r['build_s']:.1f} s | "
                  f"{r['per_page_s']:.3f} s | {r['peak_mb']:.0f} / {r['reader_peak_mb']:.0f} MB |",
                  flush=True)
        return 0
    if args.corpus:
        r = _child("--phase", "corpus")
        print(f"{r['files']} files, {r['documents']} documents served, skipped "
              f"{', '.join(r['skipped'])}; {r['pages']} PDF pages: build {r['build_s']:.1f} s "
              f"({r['per_page_s']:.3f} s per page; pdfplumber alone reading the same pages, "
              f"measured before: {r['read_s']:.1f} s), peak {r['peak_mb']:.0f} MB")
        return 0
    if args.pdf:
        print("| PDF | size | pages | build | per page | build peak RSS |")
        print("|---|---|---|---|---|---|")
        for pdf in sorted(REAL_PDFS.rglob("*.pdf")):
            r = _child("--phase", "pdf", "--file", str(pdf))
            print(f"| {r['file']} | {r['mb']:.1f} MB | {r['pages']} | {r['build_s']:.2f} s | "
                  f"{r['per_page_s']:.3f} s | {r['peak_mb']:.0f} MB |", flush=True)
        return 0
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, CPython "
          f"{platform.python_version()}; command: python -m bench --scale "
          f"{' '.join(map(str, args.scale))} --rounds {args.rounds}")
    print("| documents | build total | build per doc | build peak RSS (writer / largest reader) "
          "| db size | start-up | first ask p50 | first ask p99 | p50 | p95 | p99 | "
          "serve peak RSS |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for n in args.scale:
        with tempfile.TemporaryDirectory() as tmp:
            docs = generate(n, Path(tmp) / "docs")
            db = Path(tmp) / "bench.duckdb"
            b = _child("--phase", "build", "--docs", str(docs), "--db", str(db))
            s = _child("--phase", "serve", "--docs", str(docs), "--db", str(db),
                       "--rounds", str(args.rounds))
        print(f"| {n} | {b['build_s']:.1f} s | {b['per_doc_ms']:.0f} ms | "
              f"{b['build_peak_mb']:.0f} / {b['reader_peak_mb']:.0f} MB | {b['db_mb']:.1f} MB | "
              f"{s['startup_ms']:.0f} ms | "
              f"{s['first_p50_ms']:.2f} ms | {s['first_p99_ms']:.2f} ms | "
              f"{s['p50_ms']:.2f} ms | {s['p95_ms']:.2f} ms | {s['p99_ms']:.2f} ms | "
              f"{s['serve_peak_mb']:.0f} MB |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
