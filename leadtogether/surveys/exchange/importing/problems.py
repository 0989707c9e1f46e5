"""Problems found in a file of responses, and the error that carries them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from leadtogether.surveys.exchange.tables import ResponseTable

# problems about a whole row, and required questions without a column, sort after its cells
_END = 1_000_000


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the file: ROW is the spreadsheet row (the header is row 1)."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.row}, {self.column}: {self.message}"


class ImportInvalid(Exception):
    """Nothing was imported; PROBLEMS says why."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


class Problems:
    """Problems sorted as a person reads the file: by row, then by column."""

    def __init__(self, table: ResponseTable) -> None:
        self.table = table
        self.items: list[tuple[int, int, Problem]] = []

    def add(self, row: int, column: int | str, message: str) -> None:
        """COLUMN is a column index, or a name for a column that is not in the file."""
        if isinstance(column, int):
            name = self.table.columns[column] or self.table.letter(column)
            order = column
        else:
            name, order = column, _END
        self.items.append((row, order, Problem(row, name, message)))

    def sorted(self) -> list[Problem]:
        return [problem for _, _, problem in sorted(self.items, key=lambda item: item[:2])]
