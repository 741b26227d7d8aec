"""SQL templates: one SELECT per `queries/*.sql` file, loaded and validated once at start-up."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from errors import TemplateError, UnsafeQueryError
from queries.guard import check_sql, placeholders

TEMPLATE_DIR = Path(__file__).resolve().parent
_HEADER = re.compile(r"^--\s*(title|params)\s*:\s*(.*)$")


@dataclass(frozen=True)
class Template:
    name: str
    title: str
    params: tuple[str, ...]
    sql: str


def _parse(path: Path) -> Template:
    sql = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    for line in sql.splitlines():
        m = _HEADER.match(line.strip())
        if m:
            header[m.group(1)] = m.group(2).strip()
    if "title" not in header or "params" not in header:
        raise TemplateError(f"模板 {path.name} 缺少 -- title: 或 -- params: 头", template=path.name)
    params = tuple(p.strip() for p in header["params"].split(",") if p.strip())
    try:
        tree = check_sql(sql)
    except UnsafeQueryError as exc:
        raise TemplateError(f"模板 {path.name} 未通过校验：{exc.message}", template=path.name) from exc
    used = placeholders(tree)
    if used != set(params):
        raise TemplateError(f"模板 {path.name} 的占位符 {sorted(used)} 与头部声明 {sorted(params)} 不一致",
                            template=path.name)
    return Template(path.stem, header["title"], params, sql)


def load_templates(folder: Path = TEMPLATE_DIR) -> dict[str, Template]:
    """Every template in the folder, validated; raises TemplateError on the first bad one."""
    templates = {p.stem: _parse(p) for p in sorted(folder.glob("*.sql"))}
    if not templates:
        raise TemplateError(f"{folder} 中没有 SQL 模板")
    return templates
