"""Shared fixtures: the seed document, a database built once per session, derived documents."""

from __future__ import annotations

import os
import re
import shutil
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from catalog.build import build

ROOT = Path(__file__).resolve().parent.parent
SEED_DOCS = ROOT / "data" / "documents"
SEED = next(SEED_DOCS.glob("*.txt"))
_STATUS = pytest.StashKey[int]()


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("seed") / "budget.duckdb"
    build(SEED_DOCS, db)
    return db


@pytest.fixture(scope="module")
def engine(seed_db: Path):
    """The engine over the bundled document, for tests that only ask questions (per module:
    DuckDB refuses a second connection to the file with another configuration)."""
    from queries.engine import Engine

    eng = Engine(seed_db, SEED_DOCS)
    yield eng
    eng.close()


# the operations a question of several parts performs (queries/arithmetic.py combine): the
# suffix of compound:… and between:…
OPERATIONS = frozenset({"list", "sum", "difference", "share", "compare", "compare_low"})
# what the pipeline reports when no registry row answered (queries/pipeline.py answer_in)
NO_ROW = "not_found"
# no row answered, but the one word the question names is part of several names: asked back
ASKED_BACK = "ask_back"


def registered_intent(name: str) -> bool:
    """`name` is what the engine may report: a registry row (ROUTES + INTENTS), a decline of
    one (declined:<row>), a compound or between question with its operation, or not_found."""
    from queries.intents.registry import INTENTS, ROUTES

    rows = {i.name for i in ROUTES + INTENTS}
    name = name.removeprefix("declined:")
    head, _, op = name.partition(":")
    if head in ("compound", "between") and op:
        return head in rows and op in OPERATIONS
    if head == "yes_no" and op:          # the row that answered the figure, led by 有/没有
        return head in rows and registered_intent(op)
    if head == "several" and op:         # each question's row, in order
        return head in rows and all(registered_intent(p) for p in op.split("+"))
    return name in rows or name in (NO_ROW, ASKED_BACK)


def answer_numbers(ans) -> list[float]:
    """Every number an answer states: in its sentence (thousands separators removed) and its
    figures — what the shared evaluator reads."""
    text = ans.answer.replace(",", "")
    return [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", text)] + \
        [float(f["value"]) for f in ans.figures]


@pytest.fixture()
def con(seed_db: Path):
    c = duckdb.connect(str(seed_db), read_only=True)
    yield c
    c.close()


_TWO_DEC = re.compile(r"(?<![\d.,])\d+\.\d{2}(?![\d])")
_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d])")


def transform_seed(dest: Path, renames: dict[str, str], factor: int = 2,
                   name: str = "derived-budget.txt") -> Path:
    """A second document in the same template: names replaced, every table amount scaled.

    Scaling every amount by the same integer keeps every total equal to its parts, so the
    transformed document is as consistent as the seed. Renames never touch amount cells.
    """
    dest.mkdir(parents=True, exist_ok=True)
    ordered = sorted(renames.items(), key=lambda kv: -len(kv[0]))

    def rename(text: str) -> str:
        for old, new in ordered:
            text = text.replace(old, new)
        return text

    out = []
    for line in SEED.read_text(encoding="utf-8").split("\n"):
        if "\t" in line:
            cells = [_scale(c, factor) for c in line.split("\t")]
            line = "\t".join(c if _is_number(c) else rename(c) for c in cells)
        else:
            line = rename(line)
        out.append(line)
    path = dest / name
    path.write_text("\n".join(out), encoding="utf-8")
    return dest


def _is_number(cell: str) -> bool:
    text = cell.strip()
    return bool(_TWO_DEC.fullmatch(text) or _GROUPED.fullmatch(text) or text.isdigit())


def _scale(cell: str, factor: int) -> str:
    text = cell.strip()
    if _TWO_DEC.fullmatch(text):
        return f"{Decimal(text) * factor:.2f}"
    if _GROUPED.fullmatch(text):
        value = Decimal(text.replace(",", "")) * factor
        return f"{value:,}"
    return cell


def copy_seed(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(SEED, dest / SEED.name)
    return dest


def built_seed(tmp_path: Path, truncated: bool = False) -> tuple[Path, Path]:
    """The bundled document in its own folder and its database built beside it (cut to half
    its size when `truncated`: a damaged database)."""
    from catalog.build import build

    docs = copy_seed(tmp_path / "docs")
    db = tmp_path / "budget.duckdb"
    build(docs, db)
    if truncated:
        db.write_bytes(db.read_bytes()[: db.stat().st_size // 2])
    return docs, db


OTHER = "山西省示范管理局"     # the second department of the multidoc corpus
QUAKE = "山西省地震局"         # the second department of the routes corpus


@pytest.fixture(scope="session")
def multidoc_corpus(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The seed (2026), the same department's previous year (amounts ×2), another department
    (amounts ×2; ×3 would triple the rounding 尾差 past the check tolerance), all in one folder."""
    folder = tmp_path_factory.mktemp("multi") / "docs"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    seed_db = folder.parent / "seed.duckdb"
    build_dir = folder.parent / "seed-only"
    build_dir.mkdir()
    shutil.copy(SEED, build_dir / SEED.name)
    build(build_dir, seed_db)
    seed = duckdb.connect(str(seed_db), read_only=True)
    dept, year = seed.execute("SELECT department, year FROM documents").fetchone()
    seed.close()
    prev = str(int(year) - 1)
    transform_seed(folder, {year: prev}, factor=2, name="previous-year.txt")
    transform_seed(folder, {dept: OTHER}, factor=2, name="other-department.txt")
    db = folder.parent / "multi.duckdb"
    report = build(folder, db)
    return {"docs": folder, "db": db, "report": report, "dept": dept, "year": year,
            "prev": prev}


@pytest.fixture(scope="module")
def multidoc_engine(multidoc_corpus: dict):
    """The engine over the multidoc corpus (per module, like `engine`)."""
    from queries.engine import Engine

    eng = Engine(multidoc_corpus["db"], multidoc_corpus["docs"])
    yield eng
    eng.close()


@pytest.fixture(scope="session")
def routes_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The seed and a second department named by a short name (地震局), amounts ×2."""
    folder = tmp_path_factory.mktemp("routes") / "docs"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    transform_seed(folder, {"山西省应急管理厅": QUAKE}, factor=2, name="quake.txt")
    db = folder.parent / "routes.duckdb"
    build(folder, db)
    return folder, db


@pytest.fixture(scope="module")
def routes_engine(routes_corpus: tuple[Path, Path]):
    from queries.engine import Engine

    folder, db = routes_corpus
    eng = Engine(db, folder)
    yield eng
    eng.close()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    session.config.stash[_STATUS] = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Leave straight after pytest's summary, with its exit status.

    Streamlit's AppTest script threads keep a DuckDB connection referenced until interpreter
    shutdown, where DuckDB's binding prints a "leaked instances" report that would otherwise
    follow (and hide) pytest's closing line. Nothing is written at that point, so exiting
    here loses nothing.
    """
    if _STATUS in config.stash:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(config.stash[_STATUS])


# ------------------------------------------------------------ a 部门决算 (budget against final)

REAL_DOCS = ROOT.parent / "shared" / "documents" / "real"
FINAL_PDF = REAL_DOCS / "putuo_caizhengju_2024_final_accounts.pdf"


def _final_folder(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    if not FINAL_PDF.exists():
        pytest.skip("the real PDFs are not beside the project")
    folder = tmp_path_factory.mktemp(name) / "docs"
    folder.mkdir()
    shutil.copy(FINAL_PDF, folder / FINAL_PDF.name)
    return folder


@pytest.fixture(scope="session")
def final_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The real 部门决算 (上海市普陀区财政局 2024) alone: its “三公” table prints 预算数 beside
    决算数, its explanations state other items' 年初预算 and 决算."""
    folder = _final_folder(tmp_path_factory, "final")
    db = folder.parent / "final.duckdb"
    build(folder, db)
    return folder, db


@pytest.fixture(scope="session")
def pair_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The real 部门决算 and a 部门预算 of the same department and year: the seed renamed to
    the 决算's department and year (amounts as in the seed) — a test of the route over two
    documents, not a real budget."""
    folder = _final_folder(tmp_path_factory, "pair")
    alone = _final_folder(tmp_path_factory, "pair-final")
    build(alone, alone.parent / "final.duckdb")
    con = duckdb.connect(str(alone.parent / "final.duckdb"), read_only=True)
    dept, year = con.execute("SELECT department, year FROM documents").fetchone()
    con.close()
    seed = duckdb.connect(str(_seed_only(tmp_path_factory)), read_only=True)
    seed_dept, seed_year = seed.execute("SELECT department, year FROM documents").fetchone()
    seed.close()
    transform_seed(folder, {seed_dept: dept, seed_year: year}, factor=1, name="budget.txt")
    db = folder.parent / "pair.duckdb"
    build(folder, db)
    return folder, db


def _seed_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("seed-alone")
    db = folder / "seed.duckdb"
    build(copy_seed(folder / "docs"), db)
    return db


def _engine_over(corpus: tuple[Path, Path]):
    from queries.engine import Engine

    folder, db = corpus
    return Engine(db, folder)


def _real_corpus(tmp_path_factory: pytest.TempPathFactory, name: str,
                 files: tuple[str, ...]) -> tuple[Path, Path]:
    paths = [REAL_DOCS / f for f in files]
    if not all(p.exists() for p in paths):
        pytest.skip("the real PDFs are not beside the project")
    folder = tmp_path_factory.mktemp(name) / "docs"
    folder.mkdir()
    for p in paths:
        shutil.copy(p, folder / p.name)
    db = folder.parent / f"{name}.duckdb"
    build(folder, db)
    return folder, db


def _real_engine(name: str, files: tuple[str, ...], doc: str):
    """A module-scoped fixture `<name>_engine` over real PDFs of ../shared (skipped without
    them): one row per corpus below."""
    @pytest.fixture(scope="module", name=f"{name}_engine")
    def engine(tmp_path_factory: pytest.TempPathFactory):
        eng = _engine_over(_real_corpus(tmp_path_factory, name, files))
        yield eng
        eng.close()
    engine.__doc__ = doc
    return engine


_J = "jiangsu/jiangsu_zhengxie_{}_budget_{}.pdf"
gaoyuan_engine = _real_engine(
    "gaoyuan", ("jiangsu/jiangsu_gaoyuan_2019_budget.pdf",),
    "Jiangsu's 高级人民法院 2019 部门预算: numbered tables, spreadsheet-printed grids.")
wanli_engine = _real_engine(
    "wanli", ("putuo_wanli_2025_budget.pdf",),
    "Shanghai's 万里街道 2025 部门预算 (national template): tables in 元, the “三公” table in "
    "万元, one project described in prose (项目经费情况说明).")
zhengxie_engine = _real_engine(
    "zhengxie", (_J.format(2019, "text"), _J.format(2019, "tables")),
    "Jiangsu's 政协 2019 部门预算, one publication in two files (explanations, tables).")
zhengxie17_engine = _real_engine(
    "zhengxie17", (_J.format(2017, "text"), _J.format(2017, "tables")),
    "Jiangsu's 政协 2017 部门预算: its 机关运行经费 table lists economic items with other "
    "amounts than the 基本支出 table (差旅费).")
zhengxie18_engine = _real_engine(
    "zhengxie18", (_J.format(2018, "text"), _J.format(2018, "tables")),
    "Jiangsu's 政协 2018 部门预算 in two files.")
zfb_engine = _real_engine(
    "zfb", ("putuo_zhengfubangongshi_2025_unit_budget.pdf",),
    "Shanghai's 普陀区人民政府办公室 2025 单位预算: one unit, no project table.")


@pytest.fixture(scope="module")
def final_engine(final_corpus: tuple[Path, Path]):
    eng = _engine_over(final_corpus)
    yield eng
    eng.close()


@pytest.fixture(scope="module")
def pair_engine(pair_corpus: tuple[Path, Path]):
    eng = _engine_over(pair_corpus)
    yield eng
    eng.close()
