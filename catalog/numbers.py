"""One parser and one limit for every number the reader stores.

Table cells, performance-sheet funds and indicator values, the department sheet's facts, asset
counts and organisation counts all pass `parse_number`: a figure that is not a plain number,
or that DuckDB's DECIMAL(26, 6) / INTEGER columns could not hold, raises `NumberError` with a
Chinese reason, and the caller records that one item as unreadable (a build warning) instead
of losing the document, the build or the service.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# amounts are DECIMAL(26, 6) in 万元 and leave the engine as JSON numbers (doubles): 13
# integer digits and 2 decimals are the most a double carries exactly (999999999999999.99
# would show as 1,000,000,000,000,000.00); no department's budget comes near 10^13 元
MAX_ABS = Decimal(10) ** 13
MAX_DECIMALS = 6
MAX_COUNT = 2**31 - 1            # org counts are INTEGER
_NUMBER = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


class NumberError(ValueError):
    """A figure that cannot be stored exactly; `reason` is the Chinese explanation."""

    def __init__(self, text: str, reason: str) -> None:
        shown = text if len(text) <= 40 else text[:37] + "…"
        super().__init__(f"“{shown}”{reason}")
        self.text = text
        self.reason = reason


def parse_number(text: str) -> Decimal:
    """'12,345.67' -> Decimal('12345.67'); NumberError for text, too many digits or decimals."""
    raw = text.strip()
    if len(raw) > 64 or not _NUMBER.fullmatch(raw):
        if len(raw) > 64 and _NUMBER.fullmatch(raw):
            raise NumberError(raw, "超出可存储的范围")
        raise NumberError(raw, "不是数字")
    try:
        value = Decimal(raw.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the pattern already guards this
        raise NumberError(raw, "不是数字") from exc
    return check_number(value, raw)


def check_number(value: Decimal, text: str = "") -> Decimal:
    """The value itself when it fits the database exactly; NumberError otherwise."""
    shown = text or str(value)
    if not value.is_finite() or abs(value) >= MAX_ABS:
        raise NumberError(shown, "超出可存储的范围")
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_DECIMALS:
        raise NumberError(shown, f"小数超过{MAX_DECIMALS}位，无法精确存储")
    return value


def parse_count(text: str) -> int:
    """A whole count ('12' 个单位): NumberError when it is not one or does not fit INTEGER."""
    value = parse_number(text)
    if value != value.to_integral_value() or value < 0 or value > MAX_COUNT:
        raise NumberError(text, "不是可存储的个数")
    return int(value)
