"""Read the prose parts: headings, paragraphs, organisation, assets, glossary, services."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from catalog.document import Line
from catalog.formats import (
    AFFILIATED_UNITS,
    ASSET_CLAUSE,
    GLOSSARY_ENTRY,
    INTERNAL_OFFICES,
    SERVICE_CODE,
    Format,
    Stored,
)
from catalog.numbers import NumberError, check_number, parse_count

# a list of counts ("一般公务用车 13 辆、执法执勤用车 38 辆") is one clause per item
_CLAUSE_SPLIT = re.compile(r"[，；。：,;:、]")
_DUTY_ITEM = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")


@dataclass
class Paragraph:
    part: str
    section: str
    subsection: str
    text: str
    line: int
    kind: str = "paragraph"   # paragraph | heading


@dataclass
class OrgItem:
    kind: str     # 职责 | 内设机构 | 所属单位 | 单位性质
    name: str
    line: int
    count: int | None = None


@dataclass
class Asset:
    category: str
    item: str
    number: Decimal
    unit: str
    text: str
    line: int


@dataclass
class Term:
    term: str
    definition: str
    line: int


@dataclass
class Service:
    section: str
    code: str
    level: int
    name: str
    line: int


@dataclass
class Prose:
    paragraphs: list[Paragraph] = field(default_factory=list)
    org: list[OrgItem] = field(default_factory=list)
    assets: list[Asset] = field(default_factory=list)
    glossary: list[Term] = field(default_factory=list)
    # (line, reason) of figures in the text that could not be read (not stored, and said)
    warnings: list[tuple[int, str]] = field(default_factory=list)


def _is_heading(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    if text.endswith(("。", "；")):
        return None
    return pattern.match(text)


def read_prose(fmt: Format, lines: list[Line]) -> Prose:
    """Walk the non-table lines, tracking part / section / subsection headings."""
    out = Prose()
    part = section = subsection = ""
    pending_term: Term | None = None
    for ln in lines:
        text = ln.text
        m = fmt.part_heading.match(text)
        if m:
            part, section, subsection = m.group(2).strip() or text, "", ""
            out.paragraphs.append(Paragraph(part, "", "", text, ln.no, "heading"))
            continue
        if not part:
            continue   # the cover and the contents
        if pending_term and not pending_term.definition:
            pending_term.definition = text
            out.paragraphs.append(Paragraph(part, section, pending_term.term, text, ln.no))
            pending_term = None
            continue
        g = GLOSSARY_ENTRY.match(text)
        if g and "名词解释" in part:
            pending_term = Term(g.group(1).strip(), g.group(2).strip(), ln.no)
            out.glossary.append(pending_term)
            out.paragraphs.append(Paragraph(part, section, pending_term.term, text, ln.no))
            if pending_term.definition:
                pending_term = None
            continue
        m = _is_heading(fmt.section_heading, text)
        if m:
            section, subsection = m.group(2).strip(), ""
            out.paragraphs.append(Paragraph(part, section, "", text, ln.no, "heading"))
            continue
        m = _is_heading(fmt.subsection_heading, text)
        if m:
            subsection = m.group(3).strip().rstrip("：:")
            out.paragraphs.append(Paragraph(part, section, subsection, text, ln.no, "heading"))
            continue
        out.paragraphs.append(Paragraph(part, section, subsection, text, ln.no))
    _read_org(out)
    _read_assets(out)
    return out


def _read_org(out: Prose) -> None:
    duties: list[OrgItem] = []
    for p in out.paragraphs:
        if p.kind != "paragraph":
            continue
        if "职责" in p.section:
            if _DUTY_ITEM.match(p.text):
                duties.append(OrgItem(Stored.ORG_DUTY, p.text, p.line))
            elif duties and not duties[-1].name.endswith("。"):
                duties[-1].name += p.text     # an item broken across a page
        m = _until_full_stop(INTERNAL_OFFICES, p.text)
        if m:
            for name in _split_list(m[1]):
                out.org.append(OrgItem(Stored.ORG_OFFICE, name, p.line))
        m = _until_full_stop(AFFILIATED_UNITS, p.text)
        if m:
            names = _split_list(m[-1])
            try:
                count = parse_count(m[1])
            except NumberError as exc:
                out.warnings.append((p.line, f"所属单位个数{exc}，无法读取"))
            else:
                out.org.append(OrgItem(Stored.ORG_COUNT, f"{m[1]}个", p.line, count))
            out.org.extend(OrgItem(Stored.ORG_UNIT, name, p.line) for name in names)
    out.org[:0] = duties


def _until_full_stop(opening: re.Pattern[str], text: str) -> tuple[str, ...] | None:
    """The opening's groups and the text after it up to the next 。, or None.

    Written out rather than as `opening(.+?)。`: that pattern rescans the rest of the line
    from every repeat of its opening words, quadratic on a long line without a 。."""
    m = opening.search(text)
    if not m:
        return None
    end = text.find("。", m.end())
    if end <= m.end():
        return None                  # no 。 after the first opening: none after a later one
    return (m.group(0), *m.groups(), text[m.end():end])


def _split_list(text: str) -> list[str]:
    """Split '甲、乙（丙、丁）、戊' on 、 outside brackets."""
    items, depth, cur = [], 0, ""
    for ch in text:
        depth += ch in "（(" and 1 or 0
        depth -= ch in "）)" and 1 or 0
        if ch == "、" and depth == 0:
            items.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        items.append(cur.strip())
    return [i for i in items if i]


def _read_assets(out: Prose) -> None:
    for p in out.paragraphs:
        if p.kind != "paragraph" or "资产" not in p.section + (p.subsection or ""):
            continue
        for clause in _CLAUSE_SPLIT.split(p.text):
            clause = clause.strip()
            m = ASSET_CLAUSE.search(clause)
            if not m:
                continue
            item = re.sub(r"^其中", "", clause[: m.start()]).strip()
            try:
                number = check_number(Decimal(m.group(1)), m.group(1))
            except NumberError as exc:
                out.warnings.append((p.line, f"资产“{item or clause}”的数量{exc}，无法读取"))
                continue
            out.assets.append(Asset(p.subsection or p.section, item or clause,
                                    number, m.group(2), p.text, p.line))


def read_services(rows: list[Line]) -> list[Service]:
    """政府购买服务指导性目录 rows: code + the name in the column of its level."""
    out: list[Service] = []
    section = ""
    for ln in rows:
        cells = ln.cells
        if not cells:
            continue
        code = cells[0]
        names = [(k, c) for k, c in enumerate(cells[1:], start=1) if c]
        if not SERVICE_CODE.match(code):
            if not names:
                section = code
            continue
        if names:
            level, name = names[0]
            out.append(Service(section, code, level, name, ln.no))
    return out
