"""Real published PDFs (../shared/documents/real/): each builds with every table recognised and
its checks passing, its verified questions score ≥ 90% with nothing wrong or made up, and a
folder that also holds a broken file still serves every good document.

The 单位预算's questions (tests/real/putuo_zhengfubangongshi_…) and the `*.more.questions` sets
were written by hand from those PDFs, in the kinds of the verified and trap sets (parts, sums,
shares, colloquial words, counts, refusals), with the figures read off their pages."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from catalog.build import build
from tests.conftest import ROOT, copy_seed

REAL = ROOT.parent / "shared" / "documents" / "real"
EVAL = ROOT.parent / "shared" / "eval_questions.py"
QUESTIONS = ROOT / "tests" / "real"
needs_real = pytest.mark.skipif(not REAL.is_dir(),
                                reason="the real PDFs are not beside the project")

# every table the national template prints, by kind, for 预算 (部门 and 单位) and 决算
BUDGET_KINDS = ["summary", "income", "expense", "fiscal_summary", "gpb_expense",
                "fund_expense", "soe", "gpb_basic_econ", "sangong"]
FINAL_KINDS = ["summary", "income", "expense", "fiscal_summary", "gpb_expense",
               "gpb_basic_econ", "sangong", "fund_expense", "soe"]
PDFS = [("putuo_wanli_2025_budget.pdf", "national", BUDGET_KINDS),
        ("putuo_zhengfubangongshi_2025_unit_budget.pdf", "national", BUDGET_KINDS),
        ("putuo_caizhengju_2024_final_accounts.pdf", "national-final", FINAL_KINDS)]


def _alone(tmp: Path, name: str) -> Path:
    folder = tmp / Path(name).stem
    folder.mkdir()
    shutil.copy(REAL / name, folder / name)
    return folder


@needs_real
@pytest.mark.parametrize("name,fmt,kinds", PDFS, ids=[p[0] for p in PDFS])
def test_pdf_builds_with_every_table_recognised_and_checks_passing(tmp_path, name, fmt, kinds):
    import duckdb

    report = build(_alone(tmp_path, name), tmp_path / "db.duckdb")
    assert not report.skipped and len(report.documents) == 1
    doc = report.documents[0]
    assert doc.checks_passed > 50 and doc.checks_failed == []
    con = duckdb.connect(str(tmp_path / "db.duckdb"), read_only=True)
    try:
        got = [r[0] for r in con.execute("SELECT kind FROM report_tables ORDER BY table_no")
               .fetchall()]
        assert got == kinds
        assert con.execute("SELECT format FROM documents").fetchone()[0] == fmt
        # every line of a PDF knows its page; amounts are kept in 万元 whatever the table's unit
        unpaged = con.execute("SELECT count(*) FROM source_lines WHERE page IS NULL").fetchone()
        assert unpaged[0] == 0
        units = {r[0] for r in con.execute("SELECT DISTINCT unit FROM cells").fetchall()}
        assert units <= {"元", "万元"}
    finally:
        con.close()


@needs_real
@pytest.mark.skipif(not EVAL.exists(), reason="the shared evaluator is not beside the project")
@pytest.mark.parametrize("questions", sorted(QUESTIONS.glob("*.questions.jsonl")),
                         ids=lambda p: p.name)
def test_verified_questions_score_ninety_percent_with_nothing_wrong(tmp_path, questions):
    pdf = questions.name.split(".")[0] + ".pdf"       # <pdf>.questions / <pdf>.more.questions
    folder = _alone(tmp_path, pdf)
    proc = subprocess.run([sys.executable, str(EVAL), str(questions), "--docs", str(folder)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    summary = proc.stdout.strip().splitlines()[-1]
    passed, total = (int(x) for x in summary.split()[1].split("/"))
    assert passed / total >= 0.9, summary
    assert "wrong 0," in summary and "fabricated 0," in summary, summary


@needs_real
def test_a_broken_file_is_reported_and_every_good_document_is_served(tmp_path):
    from queries.engine import Engine

    docs = copy_seed(tmp_path / "docs")
    for name, _, _ in PDFS:
        shutil.copy(REAL / name, docs / name)
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 8)
    report = build(docs, tmp_path / "db.duckdb")
    assert [f for f, _ in report.skipped] == ["broken.pdf"]
    assert len(report.documents) == 4
    engine = Engine(tmp_path / "db.duckdb", docs)
    try:
        asks = {"山西省应急管理厅三公经费是多少": 57,
                "万里街道办事处公务接待费预算多少万元": 1.35,
                "普陀区财政局年初结转和结余是多少": 49.14,
                "区政府办公室公务接待费预算多少万元": 28.5}
        for question, want in asks.items():
            ans = engine.ask(question)
            assert ans.status == "answered", (question, ans.answer)
            assert abs(float(ans.figures[0]["value"]) - want) < 0.006, (question, ans.figures)
        assert engine.ask("三公经费是多少").status == "clarify"      # which of the four?
    finally:
        engine.close()


@needs_real
def test_an_answer_from_a_pdf_cites_its_page(tmp_path):
    from queries.engine import Engine

    folder = _alone(tmp_path, PDFS[0][0])
    engine = Engine(tmp_path / "db.duckdb", folder)
    try:
        ans = engine.ask("公务用车购置费安排了多少")
        assert ans.figures and all(r.get("page") for r in ans.rows)
    finally:
        engine.close()
