"""Generates the hostile-documents corpus (nothing large is committed): each case is a file
name, how to make it from the seed, and the documented outcome."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Callable

from tests.conftest import SEED

SEED_TEXT = SEED.read_text(encoding="utf-8")
REAL = SEED.parent.parent.parent.parent / "shared" / "documents" / "real"
A_PDF = REAL / "putuo_zhengfubangongshi_2025_unit_budget.pdf"


def _text(encoding: str, newline: str = "\n", bom: bytes = b"") -> Callable[[Path], None]:
    def make(path: Path) -> None:
        # GBK has no "²" (平方米 in one sentence): that one character becomes "?"
        path.write_bytes(bom + SEED_TEXT.replace("\n", newline).encode(encoding, "replace"))
    return make


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


def _image_pdf(path: Path) -> None:
    from PIL import Image, ImageDraw
    image = Image.new("RGB", (600, 800), "white")
    ImageDraw.Draw(image).rectangle((50, 50, 550, 200), outline="black")
    image.save(path, "PDF")                   # a scan: pictures, no text layer


def _encrypted_pdf(path: Path) -> None:
    from pypdf import PdfReader, PdfWriter
    writer = PdfWriter()
    for page in PdfReader(A_PDF).pages[:2]:
        writer.add_page(page)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    path.write_bytes(buffer.getvalue())


def _truncated_pdf(path: Path) -> None:
    data = A_PDF.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _huge_text(path: Path) -> None:
    # one byte over the 20 MB limit, written sparsely (no 20 MB string in memory)
    with path.open("wb") as fh:
        fh.write(SEED_TEXT.encode("utf-8"))
        fh.truncate(20 * 2**20 + 1)


def _dots(path: Path) -> None:
    path.write_text(SEED_TEXT.replace("\n", "\n" + "." * 100_000 + "\n", 1), encoding="utf-8")


def _amounts(path: Path) -> None:
    # an amount too large to store and one that is not a number, in the 三公 table
    text = SEED_TEXT.replace("\t20.00\t20.00", "\t99999999999999999999.00\t20.00", 1)
    path.write_text(text.replace("\t37.00\t37.00", "\t3七.00\t37.00", 1), encoding="utf-8")


def _renamed(path: Path) -> None:
    """Another department's document (so it is not a duplicate of the seed)."""
    dept = "山西省应急管理厅"
    path.write_text(SEED_TEXT.replace(dept, "山西省测试管理厅"), encoding="utf-8")


# name -> (maker, outcome): "served" (read and answered) or "skipped" (with a reason)
CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "gbk.txt": (_text("gbk"), "served"),
    "gb18030.txt": (_text("gb18030"), "served"),
    "utf16.txt": (_text("utf-16"), "served"),
    "bom.txt": (_text("utf-8", bom=b"\xef\xbb\xbf"), "served"),
    "crlf.txt": (_text("utf-8", "\r\n"), "served"),
    "cr.txt": (_text("utf-8", "\r"), "served"),
    "binary.txt": (_bytes(os.urandom(2048) + b"\x00\x00"), "skipped"),
    "binary.pdf": (_bytes(os.urandom(4096)), "skipped"),
    "truncated.pdf": (_truncated_pdf, "skipped"),
    "encrypted.pdf": (_encrypted_pdf, "skipped"),
    "scanned.pdf": (_image_pdf, "skipped"),
    "huge.txt": (_huge_text, "skipped"),
    "dots.txt": (_dots, "served"),
    "amounts.txt": (_amounts, "served"),
}
