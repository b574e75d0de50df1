"""Matching of the study's headers to the columns of an export."""

from __future__ import annotations

import re
from dataclasses import dataclass

from srsurvey.codebook._parse import ID_PATTERN, TEMPLATE_GROUP
from srsurvey.codebook._text import close_matches, collapse_spaces, quoted_list
from srsurvey.codebook.study import ItemSpec, Study
from srsurvey.errors import CodebookError
from srsurvey.readers.model import Responses


@dataclass
class ResolvedItem:
    """An item of the study with the export column it reads."""

    spec: ItemSpec
    id: str
    column: str
    header: str
    key_path: str


def expand_template(template: str, found: re.Match[str]) -> str:
    """Replace each ``{N}`` of an id template with group N of a match."""
    parts = TEMPLATE_GROUP.split(template)
    for index in range(1, len(parts), 2):
        parts[index] = found.group(int(parts[index])) or ""
    return "".join(parts)


class ColumnIndex:
    """Find export columns by header, after trimming and collapsing white space.

    A column is found by its header, by its column name in :class:`Responses` (which
    adds `` (2)`` to a repeated header) and, for a grid row, by ``Title [Row]``.
    """

    def __init__(self, responses: Responses, study: Study) -> None:
        self.responses = responses
        self.study = study
        self.by_header: dict[str, str] = {}
        for name, source in responses.columns.items():
            names = [source.header, name]
            if source.question is not None and source.row_label is not None:
                names.append(f"{source.question} [{source.row_label}]")
            for text in names:
                self.by_header.setdefault(collapse_spaces(text), name)

    def find(self, header: str) -> str | None:
        """Return the column name for ``header``, or ``None``."""
        return self.by_header.get(collapse_spaces(header))

    def header_of(self, column: str) -> str:
        return self.responses.columns[column].header

    def headers(self) -> list[str]:
        return [source.header for source in self.responses.columns.values()]

    def not_found(self, header: str, subject: str, key_path: str) -> CodebookError:
        """Build the error for a header that no column has."""
        matches = close_matches(header, self.headers())
        files = ", ".join(self.responses.files) or "the export"
        hint = (
            f"Close matches: {quoted_list(matches)}. " if matches else ""
        ) + "Copy the header exactly from the first row of the export."
        if self.study.path is not None:
            hint += f' Fix "{key_path}".'
        return CodebookError(
            f'{subject}: column "{header}" was not found in {files}.',
            hint=hint,
            file=self.study.path,
            line=self.study.line_of(key_path),
            value=header,
        )

    def resolve_items(self) -> dict[str, ResolvedItem]:
        """Return every item with its column, creating the items of pattern items.

        Raises
        ------
        CodebookError
            When a header is not found, a pattern matches no header, or a created id
            is invalid or already taken.
        """
        resolved: dict[str, ResolvedItem] = {}
        for spec in self.study.items.values():
            if spec.match is None:
                header = spec.column or spec.id
                key_path = f"items.{spec.id}.column"
                column = self.find(header)
                if column is None:
                    raise self.not_found(header, f'item "{spec.id}"', key_path)
                self._add(
                    resolved, ResolvedItem(spec, spec.id, column, header, key_path)
                )
                continue
            key_path = f"items.{spec.id}.match"
            regex = re.compile(spec.match)
            created = 0
            for name, source in self.responses.columns.items():
                found = regex.search(collapse_spaces(source.header))
                if found is None:
                    continue
                item_id = expand_template(spec.template or "", found)
                if not ID_PATTERN.match(item_id):
                    raise CodebookError(
                        f'item pattern "{spec.id}" makes the id "{item_id}" from '
                        f'column "{source.header}", which is not a valid id.',
                        hint="Change id so that it starts with a letter, as in "
                        '"sr{1}".',
                        file=self.study.path,
                        line=self.study.line_of(f"items.{spec.id}.id"),
                        value=item_id,
                    )
                self._add(
                    resolved,
                    ResolvedItem(spec, item_id, name, source.header, key_path),
                )
                created += 1
            if created == 0:
                raise CodebookError(
                    f'item pattern "{spec.id}" ({spec.match}) matches no column.',
                    hint="Check the pattern against the headers of the export; "
                    "it is searched in each header after trimming white space.",
                    file=self.study.path,
                    line=self.study.line_of(key_path),
                    value=spec.match,
                )
        return resolved

    def _add(self, resolved: dict[str, ResolvedItem], item: ResolvedItem) -> None:
        if item.id in resolved:
            other = resolved[item.id]
            raise CodebookError(
                f'item id "{item.id}" is given to column "{item.header}" and to '
                f'column "{other.header}".',
                hint="Give each item its own id.",
                file=self.study.path,
                line=self.study.line_of(item.key_path),
                value=item.id,
            )
        resolved[item.id] = item
