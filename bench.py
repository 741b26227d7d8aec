"""Benchmark: `python -m bench [--rounds N]` — build time, start-up, warm latency, memory.

Figures are reported, never asserted: shared machines are noisy.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import tempfile
import time
from pathlib import Path

from catalog.build import DEFAULT_DOCS, build
from queries.engine import Engine

QUESTIONS = Path(__file__).resolve().parent / "tests" / "dev-questions.jsonl"


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench")
    ap.add_argument("--rounds", type=int, default=20, help="passes over the question set")
    ap.add_argument("--builds", type=int, default=5, help="builds to time")
    args = ap.parse_args(argv)
    questions = [json.loads(line)["q"] for line in QUESTIONS.read_text(encoding="utf-8").splitlines()
                 if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        builds = []
        for _ in range(args.builds):
            t0 = time.perf_counter()
            build(DEFAULT_DOCS, db)
            builds.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        engine = Engine(db, DEFAULT_DOCS)
        startup = time.perf_counter() - t0
        for q in questions:               # warm-up pass
            engine.ask(q)
        latencies = []
        for _ in range(args.rounds):
            for q in questions:
                t0 = time.perf_counter()
                engine.ask(q)
                latencies.append((time.perf_counter() - t0) * 1000)
        engine.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"machine: {platform.machine()} {platform.python_implementation()} "
          f"{platform.python_version()}, {__import__('os').cpu_count()} cores")
    print(f"build (1 document): median {statistics.median(builds) * 1000:.0f} ms "
          f"(min {min(builds) * 1000:.0f}, max {max(builds) * 1000:.0f}, n={len(builds)})")
    print(f"engine start-up (existing database): {startup * 1000:.0f} ms")
    print(f"warm latency over {len(latencies)} questions: p50 {_pct(latencies, 50):.2f} ms, "
          f"p95 {_pct(latencies, 95):.2f} ms, p99 {_pct(latencies, 99):.2f} ms, "
          f"max {max(latencies):.2f} ms")
    print(f"peak memory (RSS): {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
