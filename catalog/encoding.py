"""Decode a text file the way Chinese government files come: UTF-8 (with or without BOM),
GB18030/GBK, or UTF-16. An explicit ordered try, so the outcome is predictable and named."""

from __future__ import annotations

import codecs

from errors import BuildError

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
# without a BOM: UTF-8 first (strict: GBK bytes are not valid UTF-8), then GB18030, a superset
# of GBK and GB2312
_ORDER = ("utf-8", "gb18030")


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """(text, encoding used). Raises BuildError naming the file when it is not text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode(data, encoding, name), encoding
    if _looks_utf16(data):
        return _decode(data, "utf-16-le", name), "utf-16-le"
    if b"\x00" in data:
        raise BuildError("文件不是文本（含二进制内容），无法读取", file=name)
    for encoding in _ORDER:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise BuildError("文件既不是 UTF-8、GB18030/GBK，也不是 UTF-16 文本，无法读取", file=name)


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a BOM: every other byte of CJK/ASCII text is often zero."""
    sample = data[:4096]
    return len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4 and \
        sample[0::2].count(0) < len(sample) // 16


def _decode(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise BuildError(f"文件声明为 {encoding} 但无法按此解码", file=name) from exc
