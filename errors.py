"""Named exceptions shared by the catalog and the engine, shown as Chinese messages at the edges."""

from __future__ import annotations


class BudgetQAError(Exception):
    """Base class: every error we raise on purpose carries a user-facing Chinese message."""

    def __init__(self, message: str, **context: object) -> None:
        super().__init__(message)
        self.message = message
        self.context = context


class BuildError(BudgetQAError):
    """A document could not be read into the database (names the file and line)."""

    def __init__(self, message: str, file: str = "", line: int | None = None) -> None:
        where = file + (f" 第{line}行" if line else "")
        super().__init__(f"{where}：{message}" if where else message, file=file, line=line)
        self.detail = message
        self.file = file
        self.line = line

    def located(self) -> str:
        """The reason with its line, without the file name (for a per-file report)."""
        return f"第{self.line}行：{self.detail}" if self.line else self.detail


class TemplateError(BudgetQAError):
    """A SQL template failed validation at start-up."""


class UnsafeQueryError(BudgetQAError):
    """A statement was refused by the SQL guard before reaching DuckDB."""


class DatabaseUnavailable(BudgetQAError):
    """The database is missing or unreadable and could not be rebuilt."""


class DatabaseDamaged(DatabaseUnavailable):
    """A query met a damaged database file (DuckDB's checksums caught it): no figure is given,
    and the database is rebuilt from the documents."""


class QueryTimeout(BudgetQAError):
    """A statement ran longer than the served connection allows and was interrupted."""
