"""Poisoned inputs for the fault-injection tests, made at test time from the bundled document."""

from __future__ import annotations

import zlib
from pathlib import Path

SHARED_DOC = Path(__file__).resolve().parent.parent.parent / "shared" / "documents" / \
    "shanxi-emergency-2026-budget.txt"


def grid_bomb_pdf(path: Path, pages: int = 10, grid: int = 120, text: str = "") -> Path:
    """A tiny PDF whose pages are grid x grid ruled cells (a table finder's worst case)."""
    objects: list[bytes] = []
    step = 500 / grid
    ops = []
    for k in range(grid + 1):
        ops.append(f"40 {40 + k * step:.2f} m 540 {40 + k * step:.2f} l S")
        ops.append(f"{40 + k * step:.2f} 40 m {40 + k * step:.2f} 540 l S")
    body = "\n".join(ops)
    if text:
        body += f"\nBT /F1 12 Tf 40 700 Td ({text}) Tj ET"
    stream = zlib.compress(body.encode("ascii"), 9)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i in range(pages):
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       f"/Resources << /Font << /F1 3 0 R >> >> "
                       f"/Contents {5 + 2 * i} 0 R >>".encode())
        objects.append(f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode()
                       + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"\
        .encode()
    path.write_bytes(bytes(out))
    return path
