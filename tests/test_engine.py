"""The question engine: the development set, normalisation, matching, the guard, refusals."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from errors import UnsafeQueryError
from queries.answer import STATUSES
from queries.guard import check_sql
from queries.matcher import find
from queries.normalize import amounts_in, match_key, normalize, requested_unit
from queries.templates import load_templates
from tests.conftest import ROOT, SEED_DOCS, answer_numbers, registered_intent

DEV_SET = Path(__file__).with_name("dev-questions.jsonl")
TRAP_SET = Path(__file__).with_name("trap-questions.jsonl")
EVAL = ROOT.parent / "shared" / "eval_questions.py"


def _items(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _has(found: list[float], want: float, scale: bool) -> bool:
    factors = (1, 10000, 1 / 10000) if scale else (1,)
    return any(abs(x - want * f) <= max(0.006, abs(want * f) * 1e-6)
               for f in factors for x in found)


# ---------------------------------------------------------------- the question sets

@pytest.mark.parametrize("item", _items(DEV_SET) + _items(TRAP_SET),
                         ids=lambda it: f"{it['id']}-{it['q']}")
def test_question_of_the_shared_sets(engine, item):
    """Each question of the development and trap sets, scored by the rules of
    eval_questions.py: refusals give no figure, and the headline figure is the one asked."""
    ans = engine.ask(item["q"])
    assert ans.status in STATUSES
    scale = item.get("tag") != "unit"
    words = "\n".join([ans.answer] + [str(c) for c in ans.candidates] +
                      [f["label"] for f in ans.figures])
    if item["kind"] == "refuse":
        assert ans.status != "answered" and not ans.figures
        return
    if item["kind"] == "clarify":
        if ans.status == "clarify":
            assert all(t in words for t in item["text"])
        else:
            assert ans.status == "answered"
            assert all(_has(answer_numbers(ans), float(n), scale) for n in item["expect"])
        return
    assert ans.status == "answered", ans.answer
    assert all(t in words for t in item.get("text", []))
    lists = ([item["expect"]] if item.get("expect") else []) + (item.get("alt") or [])
    found = answer_numbers(ans)
    ok = not lists or any(all(_has(found, float(n), scale) for n in lst) for lst in lists)
    if item.get("text_any") and any(t in words for t in item["text_any"]):
        ok = True
    assert ok, ans.answer
    if len(item.get("expect") or []) == 1 and ans.figures and not item.get("alt"):
        assert _has([float(ans.figures[0]["value"])], float(item["expect"][0]), scale), \
            f"headline {ans.figures[0]} is not the figure asked for"
    if ans.figures:
        assert ans.rows, "a figure is always cited with its source rows"
    # an answer with figures passed the reading gate: its row is registered (no decline) and
    # every word of the question is explained (nothing "没有理解")
    assert registered_intent(ans.intent) and not ans.intent.startswith("declined:"), ans.intent
    assert ans.reading.startswith("我理解为") and "没有理解" not in ans.reading, ans.reading


@pytest.mark.skipif(not EVAL.exists(), reason="the shared evaluator is not beside the project")
@pytest.mark.parametrize("path,least", [(DEV_SET, 74), (TRAP_SET, 50)], ids=["dev", "trap"])
def test_evaluator_scores_the_set_with_nothing_wrong(seed_db, path, least):
    proc = subprocess.run([sys.executable, str(EVAL), str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    summary = proc.stdout.strip().splitlines()[-1]
    passed, _ = (int(x) for x in summary.split()[1].split("/"))
    assert passed >= least, summary
    assert "wrong 0," in summary and "fabricated 0," in summary, summary


# ---------------------------------------------------------------- answers carry provenance

def test_answer_json_contract(engine):
    ans = engine.ask("三公经费是多少").to_json()
    assert set(ans) >= {"question", "status", "answer", "figures", "rows", "sql", "candidates"}
    assert ans["figures"][0]["value"] == 57 and ans["figures"][0]["unit"] == "万元"
    assert all({"table", "line", "cells"} <= set(r) for r in ans["rows"])
    assert all("$doc_id" in s["sql"] and "doc_id" in s["params"] for s in ans["sql"])


def test_clarify_lists_every_unit(engine):
    ans = engine.ask("专项业务工作经费")
    assert ans.status == "clarify" and not ans.figures
    assert len({c["detail"] for c in ans.candidates}) == len(ans.candidates) >= 3


def test_clarify_choice_answers(engine):
    choice = engine.ask("专项业务工作经费").candidates[1]["ask"]
    ans = engine.ask(choice)
    assert ans.status == "answered" and ans.figures


@pytest.mark.parametrize("question", ["明天会下雨吗", "你好", "1; DROP TABLE projects", "<script>",
                                      "", "   ", "？？？"])
def test_out_of_scope_has_no_figures(engine, question):
    ans = engine.ask(question)
    assert ans.status in ("out_of_scope", "no_data") and not ans.figures


@pytest.mark.parametrize("question", ["山西省公安厅的预算", "2023年的预算是多少", "登月计划预算多少",
                                      "教育厅三公经费"])
def test_no_data_names_what_is_loaded(engine, question):
    ans = engine.ask(question)
    assert ans.status == "no_data" and not ans.figures


def test_units_in_both_directions(engine):
    yuan = engine.ask("三公经费有多少元").figures[0]
    yi = engine.ask("三公经费是多少亿元").figures[0]
    assert (yuan["value"], yuan["unit"]) == (570000, "元")
    assert (yi["value"], yi["unit"]) == (0.0057, "亿元")


def test_amount_filter_lists_projects_only(engine):
    ans = engine.ask("超过三千万的项目")
    units = {r[0] for r in engine.con.execute("SELECT unit FROM project_units").fetchall()}
    assert ans.status == "answered" and ans.figures
    assert all(f["value"] > 3000 for f in ans.figures)
    assert not any(f["label"].split("（")[0] in units for f in ans.figures)


def test_long_input_is_cut_with_a_notice(engine):
    ans = engine.ask("三公经费" * 500)
    assert ans.status in STATUSES and "过长" in (ans.notice + ans.answer)


# ---------------------------------------------------------------- normaliser and matcher

@pytest.mark.parametrize("raw, key", [
    ("三公經費", "三公经费"), ("應急避難場所改造", "应急避难场所改造"),
    ("２２４０１５０事业运行？", "2240150事业运行"), ("请问 三公经费 是多少呢？", "三公经费是多少"),
    ("因公出国(境)费", "因公出国（境）费"), ("公务\u200b接待费", "公务接待费"),
    # courtesy is taken out where a clause begins, never inside a name
    ("您好，请教一下，三公经费是多少？", "三公经费是多少"), ("麻烦问下，三公经费是多少", "三公经费是多少"),
    ("聘请教师的费用", "聘请教师的费用"), ("慰问下岗职工的钱", "慰问下岗职工的钱"),
    # money not all spent, however said, is read one way (its own words kept)
    ("为什么没按预算花完", "为什么没花完预算"), ("为啥没把钱用完", "为啥没花完钱"),
    # (有没有用到 asks whether it is used: never a 没…用到 of money not spent)
    ("他们有没有用到政府性基金的钱", "他们有没有用政府性基金的钱"),
    # the asker telling about themselves first is set aside; a clause that says what is
    # asked (我们的…) or asks (我是不是…) stays; a pause typed is no word
    ("我在准备考公，政府办三公经费多少", "政府办三公经费多少"), ("我交税的，三公经费多少", "三公经费多少"),
    ("我们的三公经费，比去年多吗", "我们的三公经费比去年多"),
    ("我是不是可以问，三公经费多少", "我是不是可以问三公经费多少"),
    ("emm 三公经费多少", "三公经费多少"),
    # speech written as read
    ("一共要花多少个钱", "一共要花多少钱"), ("原因是啥", "原因是什么"), ("各占多少钱", "各是多少钱"),
    ("自评打了多少分", "自评得分是多少分"),
    # a verb, 不 and the verb again asks yes or no (never 是不是, nor how much: 多不多)
    ("今年买不买新车", "今年是否买新车"), ("会议费多不多", "会议费多不多"),
    ("三公经费是不是比去年多", "三公经费是不是比去年多"),
    # the asker's impression after a question is taken out; first, or saying a year, it stays
    ("出国要花多少钱？感觉好多欸", "出国要花多少钱"), ("办公费多少，我感觉不多", "办公费多少"),
    ("感觉三公经费好多，具体多少", "感觉三公经费具体多少"),
    ("公务接待费多少？觉得去年多还是今年多？", "公务接待费多少觉得去年多还是今年多"),
    # whom it was heard from is set aside (never 打听, 听证); a degree claimed before the exact
    # figure is asked is loose (never one asked about: 是不是很多)
    ("校门口听别的妈妈讲三公经费少了，到底少了多少", "三公经费少了到底少了多少"),
    ("我想打听下培训费多少", "我想打听下培训费多少"), ("听证会花了多少", "听证会花了多少"),
    ("三公经费比去年多了很多，具体多了多少", "三公经费比去年多了具体多了多少"),
    ("三公经费是不是很多，到底多少", "三公经费很多到底多少"),
    # a year said by two digits where compared or spanned; never a span of years (近10年)
    ("跟23年比少了多少", "比2023年少了多少"), ("近10年三公经费", "近10年三公经费"),
    # … or anywhere else, as a year (never a duration: 干了24年, 满30年)
    ("财政局24年实际花了多少", "财政局2024年实际花了多少"), ("我干了24年了", "我干了24年了"),
    # nearly so much, said before the exact figure is asked (never a threshold: 快一百万的设备)
    ("一般行政管理事务涨了快八成？具体多少钱", "一般行政管理事务涨了具体多少钱"),
    ("快一百万的设备，具体有几台", "快一百万的设备具体有几台"),
    # a scene said with this year, the question saying its year in digits
    ("听说今年的钱公布出来了，我想问问，2025年一共多少", "2025年一共多少"),
    # what someone said, told after the question
    ("出国的钱安排了多少啊？我看新闻说要过紧日子的。", "出国的钱安排了多少"),
    # Shanghainese: 几钿 (how much money)
    ("三公经费几钿", "三公经费多少钱"),
    # the asker's own story after the question is set aside; one that asks stays
    ("物业费多少？我们医院物业外包也贵得很", "物业费多少"),
    ("津贴多少？我以前当老师时津贴可没多少的", "津贴多少"),
    ("培训费多少？我们单位涨了没", "培训费多少我们单位涨了没"),
    ("培训费多少？我想知道去年的", "培训费多少去年的"),
    # a Latin word inside a Chinese question (whatever its case), never in a Latin one
    ("收支 Total 一共多少", "收支总计一共多少"), ("1; DELETE FROM budget", "1DELETEFROMbudget"),
    # a share asked in points; never a change of a share
    ("住房保障支出占总支出几个点", "住房保障支出占总支出百分之几"),
    ("占比比去年提高了几个百分点", "占比比去年提高了几个百分点"),
    # the whole said loosely before the share asked is the part's own total; named, it stays
    ("项目支出占全部的百分之几", "项目支出占百分之几"),
    ("项目支出占全部支出的百分之几", "项目支出占全部支出的百分之几"),
    # the three parts of 三公 pointed at after the name; a list pointed at is summed
    ("三公那三样里面哪样最多", "三公里面哪样最多"),
    ("吃喝、出国、坐公车这三样加一块", "吃喝出国坐公车这三样加一块"),
    # which is more, asked alone after the question, is of its two; someone who did it
    ("工会经费和福利费各花了多少？顺便问下哪个多", "工会经费和福利费各花了多少哪个多"),
    ("有没有人公费出国", "有没有公费出国"), ("有没有人员经费", "有没有人员经费"),
    # dictated without marks: a space after the question's last word ends it when what
    # follows asks nothing (the asker's story is then set aside); never between two questions
    ("福利费是多少 我们骑手可没有福利费", "福利费是多少"),
    ("财政给了多少 别的来源又有多少", "财政给了多少别的来源又有多少"),
    ("社会保障和就业支出多少 基本支出部分", "社会保障和就业支出多少基本支出部分"),
    # sentences before the question's own set the scene; one that asks stays
    ("法学大二狗，在准备课堂pre。高院一共预算多少？", "高院一共预算多少"),
    ("三公经费多少。去年呢？", "三公经费多少去年"),
    # a lead said after 我就 / 然后 (the scene before it set aside)
    ("报上都晒出来了，我就想问问会议费多少", "会议费多少"),
    ("我天天路过街道办 然后想问下三公经费多少", "三公经费多少"),
])
def test_normalise(raw, key):
    assert normalize(raw).key == key


@pytest.mark.parametrize("text, amounts", [
    ("超过三千万的项目", [Decimal(3000)]), ("3千万元以上", [Decimal(3000)]),
    ("0.5亿", [Decimal(5000)]), ("超过3000万", [Decimal(3000)]), ("五百万元", [Decimal(500)]),
    ("三公经费", []), ("一般公共预算", []),
])
def test_amounts_in(text, amounts):
    assert amounts_in(text) == amounts


@pytest.mark.parametrize("text, unit", [
    ("三公经费有多少钱（元）", "元"), ("行政运行预算是多少亿元", "亿元"), ("三公经费", "万元"),
    ("超过3000万元的项目", "万元"),
])
def test_requested_unit(text, unit):
    assert requested_unit(text) == unit


NAMES = ["省级应急避难场所改造试点项目", "应急避难场所改造试点", "安全生产应急救援力量建设",
         "应急救援", "培训费", "安全生产培训费", "奖金", "奖励金"]


@pytest.mark.parametrize("question, best", [
    ("应急避难场所改造试点多少钱", "应急避难场所改造试点"),
    ("安全生产应急救援力量建没", "安全生产应急救援力量建设"),   # a typo
    ("应急救援支出多少", "应急救援"),
    ("培训费", "培训费"),
    ("安全生产培训费要培训多少人", "安全生产培训费"),
    ("奖励金", "奖励金"),          # "奖金" is a subsequence of it, but short names must match verbatim
])
def test_matcher_ranks_the_intended_name_first(question, best):
    keys = [match_key(n) for n in NAMES]
    assert find(match_key(question), keys, NAMES)[0].item == best


def test_matcher_finds_nothing_below_the_cutoff():
    assert find("明天会下雨吗", [match_key(n) for n in NAMES], NAMES) == []


# ---------------------------------------------------------------- templates and the guard

def test_templates_load_and_validate():
    templates = load_templates()
    assert len(templates) >= 20
    assert all(t.sql.lstrip().startswith("--") for t in templates.values())


ATTACKS = [
    "DROP TABLE projects", "DELETE FROM projects", "UPDATE projects SET total = 0",
    "INSERT INTO projects VALUES (1)", "CREATE TABLE x (a INT)", "ALTER TABLE projects ADD c INT",
    "SELECT 1; DROP TABLE projects", "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_csv_auto('/etc/passwd')", "SELECT * FROM '/etc/passwd'",
    "SELECT * FROM glob('/*')", "SELECT * FROM read_parquet('x.parquet')",
    "SELECT * FROM read_json('x.json')", "ATTACH 'evil.db' AS evil", "DETACH evil",
    "COPY projects TO '/tmp/x.csv'", "INSTALL httpfs", "LOAD httpfs", "PRAGMA database_list",
    "SET enable_external_access = true", "SELECT * FROM other_db.main.projects",
    "SELECT * FROM secrets", "SELECT getenv('HOME')", "SELECT * FROM duckdb_settings()",
    "EXPORT DATABASE '/tmp/x'", "CALL pragma_version()", "SELEC * FRM projects", "",
    "VACUUM", "CHECKPOINT", "SELECT * FROM projects; SELECT * FROM cells",
    "WITH x AS (SELECT 1) SELECT * FROM read_csv('/etc/passwd')",
]


@pytest.mark.parametrize("sql", ATTACKS)
def test_guard_refuses_attacks(sql):
    with pytest.raises(UnsafeQueryError):
        check_sql(sql)


def test_served_connection_is_read_only(engine):
    import duckdb
    with pytest.raises(duckdb.Error):
        engine.con.cursor().execute("CREATE TABLE x (a INT)")
    with pytest.raises(duckdb.Error):
        engine.con.cursor().execute("SELECT * FROM read_csv('/etc/passwd')")


def test_project_found_by_words_in_its_sheet(engine):
    ans = engine.ask("哪个项目买无人机")
    assert ans.status == "answered" and ans.figures
    sheets = engine.con.execute(
        "SELECT DISTINCT s.project FROM perf_sheets s"
        " JOIN perf_indicators i USING (doc_id, sheet_no)"
        " WHERE i.name LIKE '%无人机%' AND i.name LIKE '购置%'").fetchall()
    assert sheets and all(name in ans.answer for (name,) in sheets)


def test_answers_are_the_same_in_every_process(seed_db):
    """No order may depend on hashing or parallel aggregation (permalinks, clarify buttons)."""
    questions = ROOT / "tests" / "tables" / "golden-more.jsonl"
    qfile = seed_db.parent / "questions.txt"
    qfile.write_text("\n".join(json.loads(line)["q"] for line in
                               questions.read_text(encoding="utf-8").splitlines()), "utf-8")
    runs = [subprocess.run([sys.executable, "-m", "queries.ask", "--json", "--batch", str(qfile),
                            "--docs", str(SEED_DOCS), "--db", str(seed_db)], cwd=ROOT,
                           capture_output=True, text=True, timeout=120).stdout for _ in range(2)]
    assert runs[0] and runs[0] == runs[1]


def test_cached_results_never_outlive_their_connection(seed_db, tmp_path, monkeypatch):
    """A connection closed without forget() may have its id reused by the next one, opened
    on another database: that one must see its own rows, not the cached ones."""
    import shutil

    import duckdb

    import queries.db as db
    other = tmp_path / "other.duckdb"
    shutil.copy(seed_db, other)
    con = duckdb.connect(str(other))
    con.execute("UPDATE documents SET department = 'X'")
    con.close()
    monkeypatch.setattr(db, "id", lambda obj: 42, raising=False)    # every id reused
    template = load_templates()["documents"]
    for path in [seed_db, other, seed_db, other]:
        c = db.open_readonly(path)
        dept = db.run(c, template).rows[0]["department"]
        assert (dept == "X") == (path == other), path
        c.close()                          # deliberately without forget()


def test_a_batch_is_one_conversation(seed_db):
    """The questions of a batch are asked in order, as one citizen's: a question naming
    nothing of its own leans on what the answer before it was about, and says so."""
    qfile = seed_db.parent / "conversation.txt"
    qfile.write_text("因公出国（境）费是多少\n比去年少了多少\n比去年少了多少\n", "utf-8")
    out = subprocess.run([sys.executable, "-m", "queries.ask", "--json", "--batch", str(qfile),
                          "--docs", str(SEED_DOCS), "--db", str(seed_db)], cwd=ROOT,
                         capture_output=True, text=True, timeout=120).stdout
    first, second, third = [json.loads(line) for line in out.splitlines()]
    assert first["subject"] == "因公出国（境）费"
    assert second["notice"].startswith("接着上一问，按“因公出国（境）费”理解")
    assert "因公出国（境）费" in second["answer"] and second["question"] == "比去年少了多少"
    # (asked alone, the same words are of the whole budget)
    alone = subprocess.run([sys.executable, "-m", "queries.ask", "--json", "比去年少了多少",
                            "--docs", str(SEED_DOCS), "--db", str(seed_db)], cwd=ROOT,
                           capture_output=True, text=True, timeout=120).stdout
    assert "因公出国" not in json.loads(alone)["answer"]
    assert third["notice"].startswith("接着上一问")
