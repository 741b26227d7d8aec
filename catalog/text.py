"""Small pure helpers for reading cells: cleaning PDF artefacts and parsing amounts exactly."""

from __future__ import annotations

import re
from decimal import Decimal

from catalog.numbers import NumberError, parse_number

_CJK = r"\u3400-\u9fff\uff08\uff09\u3001\uff0c\u201c\u201d"
# a space the PDF extraction put inside a word ("国有资本经营 预算支出", "绩效 指标")
_INNER_SPACE = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
# (?<!\s): only the first space of a run is tried, so a long run of spaces costs linear time
_SPACE_BEFORE_SUP = re.compile(r"(?<!\s)\s+(?=[²³])")
_TAGS = re.compile(r"</?p>", re.IGNORECASE)
# bidirectional controls reorder what a reader sees (a name could show as another): a
# document's text is stored without them, so no view, export or answer shows them
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_AMOUNT = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_EMPTY = {"", "-", "—", "－", "/"}
_ENUM_PREFIX = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|[①-⑳]|\d+[、.])\s*")


def clean_cell(cell: str) -> str:
    """Trim a cell and undo the spaces and tags that PDF extraction inserts."""
    text = _BIDI.sub("", _TAGS.sub("", cell)).strip()
    text = _INNER_SPACE.sub("", text)
    return _SPACE_BEFORE_SUP.sub("", text)


def strip_enumerator(label: str) -> str:
    """'二十三、灾害防治及应急管理支出' -> '灾害防治及应急管理支出'; '①公务用车购置费' -> '公务用车购置费'."""
    return _ENUM_PREFIX.sub("", label).strip()


def is_amount(cell: str) -> bool:
    """True for '1234.56', '12,345.67', '0'; False for text and for empty cells."""
    return bool(_AMOUNT.match(cell.strip()))


def is_empty(cell: str) -> bool:
    """An empty cell or a dash placeholder."""
    return cell.strip() in _EMPTY


def parse_amount(cell: str) -> Decimal | None:
    """Exact decimal value of an amount cell; None when empty; NumberError (a ValueError) when
    not a number or beyond what the database stores."""
    text = cell.strip()
    if text in _EMPTY:
        return None
    if not _AMOUNT.match(text):
        raise NumberError(text, "不是数字")
    return parse_number(text)      # one parser, one limit (catalog/numbers.py)


def split_row(line: str) -> list[str]:
    """Tab-separated cells of one table line, cleaned."""
    return [clean_cell(c) for c in line.rstrip("\n").split("\t")]


def compact(cells: list[str]) -> list[str]:
    """The non-empty cells of a row, in order (performance sheets shift cells freely)."""
    return [c for c in cells if c]
