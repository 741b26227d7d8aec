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


MAPPINGS = {"modifiers", "colloquial", "descriptor", "descriptor_not", "descriptor_unless",
            "beside", "perf_facts", "sources", "either"}
# character classes, the answers' own words, and the example questions the app offers
NOT_WORDS = {("generic", "residue"), ("numbers", "numerals"), ("phrasing", "line_prefix"),
             ("phrasing", "line_suffix"),
             ("phrasing", "rank_subjects"), ("phrasing", "rank_either_level"),
             ("phrasing", "change_not_stated"),
             ("several", "sum_read"),
             ("phrasing", "not_arranged"),
             ("phrasing", "longer_items"), ("phrasing", "about_wan"),
             ("phrasing", "question_ordinals"), ("names", "examples"),
             ("phrasing", "either"), ("phrasing", "one_not_found"),
             ("phrasing", "not_each_answered"), ("phrasing", "stated_budget"),
             ("phrasing", "with_grand_total"), ("phrasing", "other_period"),
             ("phrasing", "subject_twin"), ("phrasing", "neighbours"),
             ("phrasing", "same_figure"), ("phrasing", "reading_funded"),
             ("phrasing", "reading_all"), ("phrasing", "change_of_another"),
             ("phrasing", "reason_of_what"), ("phrasing", "purpose_not_stated"),
             ("phrasing", "rank_within"), ("phrasing", "empty_table"),
             ("phrasing", "rank_procurement_classes"), ("phrasing", "rank_procurement_items"),
             ("phrasing", "activity_choice"), ("phrasing", "set_apart"),
             ("phrasing", "set_apart_not_printed"), ("phrasing", "follow_up"),
             ("phrasing", "follow_up_unnamed"), ("phrasing", "follow_up_unnamed_read"),
             ("phrasing", "remarks_aside"), ("phrasing", "dialect_read"),
             # pairs of column words (each said in many questions)
             ("function", "scene_halves"),
             # the answers' own words for a figure worked back, and the question it asks
             ("worked_back", "last_year_label"), ("worked_back", "last_year_said"),
             ("worked_back", "last_year_same"), ("worked_back", "last_year_stated"),
             ("worked_back", "rate_said"),
             ("worked_back", "ask_change"),
             # a marker and the registry rows' names, not words
             ("followup", "unnamed"), ("followup", "of_several"),
             # kinds of item, not words
             ("apart", "kinds"), ("apart", "split_halves"),
             ("phrasing", "sentence_end"), ("phrasing", "beside"),
             # parts of speech, not words (pinned by tests/test_reading.py)
             ("word_classes", "function_flags"), ("word_classes", "pronoun_flags"),
             ("word_classes", "measure_flags"), ("word_classes", "plain_flags"),
             ("word_classes", "localizer_flags"), ("word_classes", "suffix_flags"),
             ("word_classes", "conjunction_flags"), ("word_classes", "verb_after_flags"),
             ("word_classes", "particle_flags"),
             ("word_classes", "plain_one_char_least"), ("word_classes", "noun_flags"),
             ("column_choice", "kinds"),
             # characters a particle is never read after (什么 is no 么 that asks yes or no)
             ("yes_no", "tail_not_after"),
             # the words of a document's explanations, pinned by the question rows asked of it
             ("triggers", "parts_follow"),
             ("word_classes", "plain_kept")}


def _entries(lexicon: dict):
    for section, body in lexicon.items():
        for name, value in body.items():
            if (section, name) in NOT_WORDS:
                continue
            if section in MAPPINGS and not isinstance(value, dict):
                yield section, name, name      # a mapping: its key is what a question says
            elif isinstance(value, list):
                yield from ((section, name, word) for word in value)
            elif isinstance(value, dict):     # a table of words: its keys are said
                yield from ((section, name, word) for word in value)
            else:
                yield section, name, value


def test_every_lexicon_entry_is_exercised_by_a_test_question():
    lexicon = tomllib.loads(LEXICON.read_text(encoding="utf-8"))
    text = _questions()
    unused = [f"[{s}] {n}: {w}" for s, n, w in _entries(lexicon) if w not in text]
    assert unused == []


# string methods that test or cut a question by a word: a Chinese argument is vocabulary
_RECOGNISING = {"replace", "startswith", "endswith", "find", "rfind", "index", "split", "count",
                "strip", "lstrip", "rstrip", "removeprefix", "removesuffix"}
# calls that build a word collection or pattern from their arguments
_COLLECTING = {"frozenset", "set", "tuple", "list", "sorted", "words_re", "alt"}


def _is_vocabulary(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """A Chinese string used to *recognise* a question: a pattern given to `re`, a membership
    or equality test, an argument of a string method that tests or cuts by it, a dict key, an
    item of a word tuple/list/set (also inside frozenset(...) and the like), or a collection of
    words a function returns. Sentences the answer says (f-strings and their parts, joined
    messages, plain messages) are phrasing, not vocabulary."""
    parent = parents.get(node)
    if isinstance(parent, ast.Compare):
        return True
    if isinstance(parent, ast.Dict) and node in parent.keys:
        return True
    if isinstance(parent, (ast.Tuple, ast.List, ast.Set)):
        holder = parents.get(parent)
        if isinstance(holder, ast.JoinedStr):
            return False
        if isinstance(holder, ast.Call) and isinstance(holder.func, ast.Attribute) and \
                holder.func.attr == "join":
            return False                # "、".join([...]): an answer's wording
        return True
    if isinstance(parent, ast.Call):
        func = parent.func
        if isinstance(func, ast.Attribute) and func.attr in _RECOGNISING and node in parent.args:
            return True
        if isinstance(func, ast.Name) and func.id in _COLLECTING:
            return True
    return _is_re_call(parent)


def _is_re_call(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
        isinstance(node.func.value, ast.Name) and node.func.value.id == "re"


def test_the_vocabulary_guard_catches_each_form():
    """Not vacuous: each way a word can hide in code is caught, phrasing is not."""
    caught = ['x = frozenset({"预算"})', 'k.replace("项目", "")', 'w in ("上年",)',
              'return ["本年", "上年"]', 're.compile(r"年度?")', 'd = {"总计": 1}',
              'if word == "合计": pass']
    phrasing = ['ctx.done(ans, "answered", f"{name}为{shown}")', '"、".join(["甲", "乙"])',
                'Figure("名词解释条数", 3, "条")']
    for source, expected in [*((c, True) for c in caught), *((p, False) for p in phrasing)]:
        tree = ast.parse(source if not source.startswith("return") else f"def f():\n {source}")
        parents = {child: n for n in ast.walk(tree) for child in ast.iter_child_nodes(n)}
        hits = [n for n in ast.walk(tree) if isinstance(n, ast.Constant) and
                isinstance(n.value, str) and CJK.search(n.value) and _is_vocabulary(n, parents)]
        assert bool(hits) == expected, source


def test_no_intent_module_holds_chinese_vocabulary():
    """Every module of the question side takes their words from the lexicon (question words)
    or from catalog.formats.Stored (the values the reader writes); Chinese in them is phrasing
    of answers only."""
    # every module of the question side but the lexicon's loader
    modules = [p for p in sorted((ROOT / "queries").rglob("*.py")) if p.name != "vocab.py"]
    found = []
    for path in modules:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                    CJK.search(node.value) and _is_vocabulary(node, parents):
                found.append(f"{path.name}:{node.lineno}: {node.value}")
    assert found == []
