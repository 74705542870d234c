"""What every all-or-nothing import reports: the bad lines, and a command's exit status.

Shared by the imports of the disclosure app (document register, decision records)
and the requests app (historical requests).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.law.errors import DomainError

MAX_REPORTED_ERRORS = 500


class ImportFailed(DomainError):
    """The import saved nothing; ``errors`` lists ``(line, message)`` (the first ``MAX_REPORTED_ERRORS``)."""

    def __init__(self, errors: list[tuple[int, str]], error_count: int, rows_checked: int):
        self.errors, self.error_count, self.rows_checked = errors, error_count, rows_checked
        more = f"（仅列出前 {len(errors)} 条）" if error_count > len(errors) else ""
        super().__init__(f"共检查 {rows_checked} 行，{error_count} 行有误{more}，未导入任何数据。", field="file")

    def lines(self) -> list[str]:
        return [f"第 {line} 行：{message}" for line, message in self.errors]


@dataclass
class LineErrors:
    """Bad lines of an import, in line order; the first ``MAX_REPORTED_ERRORS`` are kept for the report."""

    items: list[tuple[int, str]] = field(default_factory=list)
    count: int = 0

    def add(self, line: int, message: str) -> None:
        self.count += 1
        if len(self.items) < MAX_REPORTED_ERRORS:
            self.items.append((line, message))

    def raise_if_any(self, rows_checked: int) -> None:
        if self.count:
            self.items.sort()
            raise ImportFailed(self.items, self.count, rows_checked)
