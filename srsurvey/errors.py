"""Exceptions and warnings that srsurvey raises for problems in the user's input.

Every error stores where the problem is (file, sheet, row, column, value) as attributes
and builds its message from them, so the CLI can print it as it is and tests can check
the fields. Rows are numbered as a spreadsheet shows them: the header is row 1.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "SurveyError",
    "DataFileError",
    "CodebookError",
    "ScoringError",
    "OutputError",
    "SurveyWarning",
    "format_location",
]


def format_location(
    file: str | Path | None = None,
    *,
    sheet: str | None = None,
    row: int | None = None,
    column: str | None = None,
    line: int | None = None,
) -> str:
    """Join the known parts of a location into ``a.csv, row 14, column "Q7"``."""
    parts = []
    if file is not None:
        parts.append(Path(file).name if isinstance(file, Path) else str(file))
    if sheet is not None:
        parts.append(f'sheet "{sheet}"')
    if line is not None:
        parts.append(f"line {line}")
    if row is not None:
        parts.append(f"row {row}")
    if column is not None:
        parts.append(f'column "{column}"')
    return ", ".join(parts)


class SurveyError(ValueError):
    """Base class of the errors caused by the user's files or options.

    Parameters
    ----------
    problem
        What is wrong, as a sentence.
    hint
        What the user can do about it, as a sentence.
    file, sheet, row, column, line, value
        Where the problem is. ``row`` is the spreadsheet row (header = 1) and ``line``
        the line of a text file such as the study file.
    """

    def __init__(
        self,
        problem: str,
        *,
        hint: str | None = None,
        file: str | Path | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        line: int | None = None,
        value: object = None,
    ) -> None:
        self.problem = problem
        self.hint = hint
        self.file = file
        self.sheet = sheet
        self.row = row
        self.column = column
        self.line = line
        self.value = value
        super().__init__(self._build_message())

    def _build_message(self) -> str:
        location = format_location(
            self.file,
            sheet=self.sheet,
            row=self.row,
            column=self.column,
            line=self.line,
        )
        message = f"{location}: {self.problem}" if location else self.problem
        if self.hint:
            message = f"{message} {self.hint}"
        return message


class DataFileError(SurveyError):
    """A response file is missing, unreadable, empty or malformed."""


class CodebookError(SurveyError):
    """The study file or a quick-mode option (``--scale``, ``--range``) is invalid."""


class ScoringError(SurveyError):
    """Answers cannot be turned into numbers with the declared response scales."""


class OutputError(SurveyError):
    """A report cannot be written where the user asked."""


class SurveyWarning(UserWarning):
    """A caveat about the data that the analyst must see, such as dropped rows."""
