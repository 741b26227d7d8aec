"""Read a workbook (*.xlsx) the way a spreadsheet-printed PDF is read: each worksheet is one
printed grid (its title, 部门 and 单位 in the first cells, merged ranges as empty cells), so it
goes through the same grid repairs and becomes the same numbered lines (catalog/pdf.py)."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path

from catalog.pdf import PdfText, _Carry, take_grid
from errors import BuildError


def read_xlsx(path: Path, data: bytes) -> PdfText:
    """Every worksheet's grid, in workbook order. Raises BuildError for a file that does not
    open as a workbook or holds no cell."""
    import openpyxl  # only a workbook needs it

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - zipfile / openpyxl raise many types
        raise BuildError(f"Excel 文件无法打开（{type(exc).__name__}），文件可能已损坏，"
                         "或不是 .xlsx 格式", file=path.name) from exc
    out = PdfText()
    try:
        for number, sheet in enumerate(book.worksheets, start=1):
            rows = [[_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            take_grid(out, number, rows, _Carry())
    finally:
        book.close()
    if not out.raw_lines:
        raise BuildError("Excel 文件中没有内容", file=path.name)
    return out


def _text(value: object) -> str:
    """A cell as printed: numbers without a float's noise (13297.11, not 13297.110000000001)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        return format(number.normalize(), "f") if number != number.to_integral() \
            else str(int(number))
    return re.sub(r"\s*\n\s*", "", str(value)).strip()
