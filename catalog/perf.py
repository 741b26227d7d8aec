"""Read performance-target sheets (绩效目标表) by structure: labels, fund pairs and indicator pairs.

The sheets are messy: merged headers shift cells, both periods (实施期 and 年度) share a line,
and labels wrap onto the next line. So rows are read as the sequence of their non-empty cells
and interpreted by the template's words, never by column position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from catalog.document import SheetBlock
from catalog.formats import (
    COMPARATORS,
    DEPT_SHEET_TEXT_FIELDS,
    PERF_FUND_SOURCES,
    PERF_LEVEL1,
    PERF_LEVEL2,
    PERF_LEVEL2_PARENT,
    PERF_META_FIELDS,
    PERF_NOISE,
    PERF_PROSE_FIELDS,
    PERF_TEXT_FIELDS,
    PROSE_PROJECT_NAME,
    PROSE_SHEET_LEAST,
    Stored,
)
from catalog.numbers import NumberError, check_number
from catalog.text import compact, is_amount, parse_amount

_UNIT_IN_LABEL = re.compile(r"[（(]\s*(元|万元)\s*[）)]")
_VALUE = re.compile(r"^([≥≤><＞＜=＝])?\s*(\d+(?:\.\d+)?)\s*(\S*)$")
_COUNT = re.compile(r"^(\d+(?:\.\d+)?)\s*(个|人|家|辆)$")
PERIODS = (Stored.TERM, Stored.YEARLY)


@dataclass
class Indicator:
    period: str
    level1: str
    level2: str
    name: str
    value: str
    comparator: str
    number: Decimal | None
    unit: str
    line: int


@dataclass
class Fund:
    period: str
    source: str
    value: Decimal | None
    unit: str
    line: int


@dataclass
class Fact:
    category: str
    key: str
    value: str
    number: Decimal | None
    unit: str
    line: int


@dataclass
class Sheet:
    """One sheet: project sheets fill meta/texts/funds; the department sheet fills facts."""

    kind: str
    title_line: int
    end_line: int
    meta: dict[str, str] = field(default_factory=dict)
    meta_lines: dict[str, int] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    funds: list[Fund] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    # (line, reason) of figures that could not be read: stored without a number, and said
    warnings: list[tuple[int, str]] = field(default_factory=list)


def parse_value(text: str) -> tuple[str, Decimal | None, str]:
    """'≥26100人' -> ('≥', 26100, '人'); '100%' -> ('=', 100, '%'); '及时' -> ('', None, '').
    NumberError for a figure beyond what the database stores."""
    m = _VALUE.match(text.strip())
    if not m:
        return "", None, ""
    cmp_, num, unit = m.groups()
    if len(unit) > 4 and "/" not in unit:   # '2025年年底前完工' is a date phrase, not a measure
        return "", None, ""
    return COMPARATORS.get(cmp_ or "=", "="), check_number(Decimal(num), num), unit


def _figure(warnings: list[tuple[int, str]], line: int, what: str, read) -> Decimal | None:
    """read() with an unreadable figure recorded as a warning for its line (None stored)."""
    try:
        return read()
    except NumberError as exc:
        warnings.append((line, f"{what}{exc}，无法读取"))
        return None


def _fund_source(label: str) -> str | None:
    text = re.sub(r"^其中[:：]?", "", label).rstrip(":：")
    for fragment, source in PERF_FUND_SOURCES:
        if fragment in text:
            return source
    return None


def _read_funds(tokens: list[str], unit: str, line: int,
                warnings: list[tuple[int, str]]) -> list[Fund]:
    pairs: list[list] = []  # [source or None, value or None]
    for tok in tokens:
        if tok.startswith("项目资金"):
            continue
        if is_amount(tok):
            if pairs and pairs[-1][1] is None:
                pairs[-1][1] = _figure(warnings, line, "绩效目标表资金",
                                       lambda tok=tok: parse_amount(tok))
            continue
        pairs.append([_fund_source(tok), None])
    if len(pairs) == 2:  # a wrapped label ("金") borrows its twin's name
        if pairs[0][0] is None:
            pairs[0][0] = pairs[1][0]
        if pairs[1][0] is None:
            pairs[1][0] = pairs[0][0]
    return [Fund(PERIODS[k], src, val, unit, line)
            for k, (src, val) in enumerate(pairs[:2]) if src]


class _IndicatorReader:
    """Walks indicator rows, pairing 三级指标 names with 指标值 per period.

    Within a row the first name/value pair belongs to 实施期 and the next to 年度 (one period
    on the department sheet). A 二级指标 word repeated before any pair names both periods'.
    """

    def __init__(self, two_periods: bool, warnings: list[tuple[int, str]]) -> None:
        self.two = two_periods
        self.warnings = warnings
        self.level2 = {p: "" for p in PERIODS}
        self.out: list[Indicator] = []

    def row(self, tokens: list[str], line: int) -> None:
        half = Stored.TERM if self.two else Stored.YEARLY
        l2_in_row = False
        pending: str | None = None
        for tok in tokens:
            if tok in PERF_NOISE or tok.replace(" ", "") in PERF_NOISE or tok in PERF_LEVEL1:
                continue
            if tok in PERF_LEVEL2:
                if self.two and half == Stored.TERM and l2_in_row and pending is None \
                        and tok == self.level2[half]:
                    self.level2[Stored.YEARLY] = tok   # "质量指标 | 质量指标": both periods
                    continue
                if self.two and half == Stored.TERM and (l2_in_row or pending is not None):
                    half = Stored.YEARLY
                pending = None
                self.level2[half] = tok
                if half == Stored.TERM and self.two:
                    self.level2[Stored.YEARLY] = self.level2[Stored.YEARLY] or tok
                l2_in_row = True
                continue
            if pending is None:
                pending = tok
                continue
            if tok == pending:        # a name repeated across merged cells
                continue
            try:
                cmp_, num, unit = parse_value(tok)
            except NumberError as exc:
                # the value's text is kept (it is what the sheet prints); no number is stored
                self.warnings.append((line, f"绩效指标“{pending}”的指标值{exc}，无法读取"))
                cmp_, num, unit = "", None, ""
            level2 = self.level2[half]
            self.out.append(Indicator(half, PERF_LEVEL2_PARENT.get(level2, ""), level2, pending,
                                      tok, cmp_, num, unit, line))
            pending = None
            if self.two and half == Stored.TERM:
                half = Stored.YEARLY
                l2_in_row = False


def parse_sheet(block: SheetBlock) -> Sheet:
    """Interpret one sheet's lines."""
    end = block.lines[-1].no if block.lines else block.title_line
    sheet = Sheet(block.kind, block.title_line, end)
    unit = "元"
    reader: _IndicatorReader | None = None
    in_budget = False
    for ln in block.lines:
        tokens = compact(ln.cells) if ln.is_row else ([ln.text] if ln.text else [])
        if not tokens:
            continue
        if tokens[0].startswith(("负责人", "经办人")):
            break
        if reader is None and (
            "一级指标" in tokens or any(t in PERF_LEVEL1 or t in PERF_LEVEL2 for t in tokens)
        ):
            # project sheets always carry both periods; the department sheet only 年度
            reader = _IndicatorReader(block.kind == "project", sheet.warnings)
            if "一级指标" in tokens:
                continue
        if reader is not None:
            reader.row(tokens, ln.no)
            continue
        if block.kind == "department":
            in_budget = _department_row(sheet, tokens, ln.no, in_budget)
            continue
        _project_row(sheet, tokens, ln.no, unit)
        m = _UNIT_IN_LABEL.search(tokens[0])
        if tokens[0].startswith("项目资金") and m:
            unit = m.group(1)
            sheet.funds[-2:] = [Fund(f.period, f.source, f.value, unit, f.line)
                                for f in sheet.funds[-2:]]
    if reader:
        sheet.indicators = reader.out
    return sheet


def sheets_from_prose(paragraphs: list) -> list[Sheet]:
    """Projects described in prose: a part of the explanations whose sections are a sheet's
    fields (项目概况, 立项依据, 绩效目标 …) is read as one project's sheet, named by the project
    its 概况 opens with; a 概况 again starts the next project."""
    sheets: list[Sheet] = []
    by_part: dict[str, list] = {}
    for p in paragraphs:
        by_part.setdefault(p.part, []).append(p)
    for part in by_part.values():
        current: Sheet | None = None
        for p in part:
            name = PERF_PROSE_FIELDS.get(p.section)
            if name is None:
                continue
            if current is None or (p.kind == "heading" and name == "overview"):
                current = Sheet("project", p.line, p.line)
                sheets.append(current)
            if p.kind != "paragraph":
                continue
            current.texts[name] = "".join(filter(None, (current.texts.get(name), p.text)))
            if name == "term_text":
                current.meta["term"] = current.texts[name]
            current.meta_lines.setdefault(name, p.line)
            current.end_line = p.line
    out = []
    for sheet in sheets:
        named = PROSE_PROJECT_NAME.search(sheet.texts.get("overview", "").split("。")[0])
        if named and len(sheet.texts) >= PROSE_SHEET_LEAST:
            sheet.meta["project"] = named.group(1)
            sheet.meta_lines["project"] = sheet.meta_lines["overview"]
            out.append(sheet)
    return out


def _project_row(sheet: Sheet, tokens: list[str], line: int, unit: str) -> None:
    head = tokens[0]
    if any(_fund_source(t) for t in tokens if not is_amount(t)) and (
        head.startswith("项目资金") or any(is_amount(t) for t in tokens)
        or all(_fund_source(t) or is_amount(t) for t in tokens)
    ):
        sheet.funds.extend(_read_funds(tokens, unit, line, sheet.warnings))
        return
    for k, tok in enumerate(tokens):
        key = PERF_META_FIELDS.get(tok)
        if key and k + 1 < len(tokens) and key not in sheet.meta:
            sheet.meta[key] = tokens[k + 1]
            sheet.meta_lines[key] = line
    field_name = PERF_TEXT_FIELDS.get(head)
    if field_name and len(tokens) > 1:
        sheet.texts[field_name] = tokens[1]
        sheet.meta_lines[field_name] = line
    elif head == "总体目标" and len(tokens) > 1:
        sheet.texts["goal_impl"] = tokens[1]
        sheet.texts["goal_year"] = tokens[2] if len(tokens) > 2 else tokens[1]
        sheet.meta_lines["goal_impl"] = sheet.meta_lines["goal_year"] = line


def _department_row(sheet: Sheet, tokens: list[str], line: int, in_budget: bool) -> bool:
    head = tokens[0]
    if head in DEPT_SHEET_TEXT_FIELDS and len(tokens) > 1:
        sheet.texts[DEPT_SHEET_TEXT_FIELDS[head]] = tokens[1]
        sheet.meta_lines[DEPT_SHEET_TEXT_FIELDS[head]] = line
        return in_budget
    if head == "年度重点任务" or (tokens and tokens[0] == "核心职能"):
        return False
    if "按资金来源划分" in tokens:
        return True
    if in_budget:
        pairs = [(tokens[k], tokens[k + 1]) for k in range(len(tokens) - 1)
                 if not is_amount(tokens[k]) and is_amount(tokens[k + 1])]
        for n, (label, val) in enumerate(pairs[:2]):
            category = "资金来源" if n == 0 else "资金方向"
            key = re.sub(r"^其中[:：]", "", label)
            number = _figure(sheet.warnings, line, f"部门整体绩效目标表“{key}”",
                             lambda val=val: parse_amount(val))
            sheet.facts.append(Fact(category, key, val, number, "万元", line))
        return True
    if len(tokens) >= 2 and not any(_COUNT.match(t) for t in tokens) and tokens[0] != "部门名称":
        # a key-task row: core function + its task text
        if len(tokens) == 2 and len(tokens[1]) > 20:
            sheet.texts["key_tasks"] = tokens[1]
            sheet.texts["core_function"] = tokens[0]
            sheet.meta_lines["key_tasks"] = line
        return False
    for k in range(len(tokens) - 1):
        label, val = tokens[k], tokens[k + 1]
        if label == "部门名称":
            sheet.facts.append(Fact("基本信息", "部门名称", val, None, "", line))
            continue
        m = _COUNT.match(val)
        if m and not _COUNT.match(label):
            key = re.sub(r"^其中[:：]", "", label)
            number = _figure(sheet.warnings, line, f"部门整体绩效目标表“{key}”",
                             lambda m=m: check_number(Decimal(m.group(1)), m.group(1)))
            sheet.facts.append(Fact("基本信息", key, val, number, m.group(2), line))
    return False
