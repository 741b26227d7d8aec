"""The vocabulary lives in queries/lexicon.toml: every entry is exercised by a test question,
and the intent modules hold no Chinese trigger words of their own."""

from __future__ import annotations

import ast
import json
import re
import tomllib

from tests.conftest import ROOT

LEXICON = ROOT / "queries" / "lexicon.toml"
QUESTION_FILES = [*ROOT.glob("tests/*.jsonl"), *ROOT.glob("tests/tables/*.jsonl"),
                  *ROOT.glob("tests/real/*.jsonl")]
CJK = re.compile(r"[\u4e00-\u9fff]")


def _questions() -> str:
    out = []
    for path in QUESTION_FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                out.append(str(item.get("q") or item.get("question") or ""))
    return "\n".join(out)


MAPPINGS = {"modifiers", "colloquial", "descriptor", "perf_facts", "sources"}
NOT_WORDS = {("generic", "residue"), ("numbers", "numerals"), ("phrasing", "line_prefix"),
             ("phrasing", "line_suffix")}      # a character class and the answers' own words


def _entries(lexicon: dict):
    for section, body in lexicon.items():
        for name, value in body.items():
            if (section, name) in NOT_WORDS:
                continue
            if isinstance(value, list):
                yield from ((section, name, word) for word in value)
            elif section in MAPPINGS:
                yield section, name, name      # a mapping: its key is what a question says
            else:
                yield section, name, value


def test_every_lexicon_entry_is_exercised_by_a_test_question():
    lexicon = tomllib.loads(LEXICON.read_text(encoding="utf-8"))
    text = _questions()
    unused = [f"[{s}] {n}: {w}" for s, n, w in _entries(lexicon) if w not in text]
    assert unused == []


def _is_vocabulary(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """A Chinese string used to *recognise* a question: a pattern given to `re`, a membership
    or equality test, or an item of a word tuple/list/set. Sentences the answer says
    (f-strings and their parts, plain messages) are phrasing, not vocabulary."""
    parent = parents.get(node)
    if isinstance(parent, ast.Compare):
        return True
    if isinstance(parent, (ast.Tuple, ast.List, ast.Set)):
        return not isinstance(parents.get(parent), (ast.JoinedStr, ast.Call)) or \
            _is_re_call(parents.get(parent))
    return _is_re_call(parent)


def _is_re_call(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
        isinstance(node.func.value, ast.Name) and node.func.value.id == "re"


def test_no_intent_module_holds_chinese_vocabulary():
    """Every intent module and the reading take their words from the lexicon (question words)
    or from catalog.formats.Stored (the values the reader writes); Chinese in them is phrasing
    of answers only."""
    modules = [ROOT / "queries" / "reading.py",
               *sorted((ROOT / "queries" / "intents").glob("*.py"))]
    found = []
    for path in modules:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                    CJK.search(node.value) and _is_vocabulary(node, parents):
                found.append(f"{path.name}:{node.lineno}: {node.value}")
    assert found == []
