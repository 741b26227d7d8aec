"""Limits an operator sets through the environment, read so that a bad value never stops the
reader or the app: it is reported once (stderr) and the default is used."""

from __future__ import annotations

import os
import sys

WARNINGS: list[str] = []


def env_number(name: str, default: float, minimum: float = 0.0) -> float:
    """float(os.environ[name]) when it is a number >= minimum, else default (with a notice)."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not value >= minimum or value == float("inf"):
        message = f"环境变量 {name}={raw[:40]!r} 不是有效的数值，使用默认值 {default:g}"
        if message not in WARNINGS:
            WARNINGS.append(message)
            print(message, file=sys.stderr)
        return default
    return value
