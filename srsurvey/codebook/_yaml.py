"""A YAML reader that keeps the line of every key, for error messages.

PyYAML's ``compose`` builds a node tree whose marks give the line and column of each
node. :func:`read_yaml` turns that tree into :class:`Node` objects that carry the
dotted key path (``scales.cognitive.min_answered``) and the line, so a message can name
the wrong key and its line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from srsurvey.errors import CodebookError


@dataclass
class Node:
    """One YAML value with its key path and its 1-based line in the file.

    ``value`` is a ``dict[str, Node]`` for a mapping, a ``list[Node]`` for a sequence
    and a Python scalar otherwise. ``text`` is the scalar exactly as written, which
    label lists use so that ``Yes`` and ``No`` stay text and are not read as booleans.
    """

    path: str
    line: int
    value: Any
    text: str | None = None
    key_lines: dict[str, int] = field(default_factory=dict)

    @property
    def is_mapping(self) -> bool:
        return isinstance(self.value, dict)

    @property
    def is_sequence(self) -> bool:
        return isinstance(self.value, list)

    @property
    def is_scalar(self) -> bool:
        return not (self.is_mapping or self.is_sequence)

    def child_path(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def plain(self) -> Any:
        """Return the value as plain Python data, without line numbers."""
        if self.is_mapping:
            return {key: node.plain() for key, node in self.value.items()}
        if self.is_sequence:
            return [node.plain() for node in self.value]
        return self.value


def read_yaml(text: str, file: str | Path) -> Node:
    """Parse YAML text into a :class:`Node` tree.

    Raises
    ------
    CodebookError
        For invalid YAML syntax (with the line and column that PyYAML reports), for a
        key that appears twice in one mapping, and for a key that is not a scalar.
    """
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else None
        column = f", column {mark.column + 1}" if mark is not None else ""
        raise CodebookError(
            f"the file is not valid YAML{column}: {err.problem}.",
            hint="Check the indentation and the quotes on this line; a value that "
            'contains ": " or starts with "[", "{", "*" or "&" must be quoted.',
            file=file,
            line=line,
        ) from err
    except yaml.YAMLError as err:
        raise CodebookError(
            f"the file is not valid YAML: {err}.",
            hint="Save the study file as UTF-8 text.",
            file=file,
        ) from err
    finally:
        loader.dispose()
    if root is None:
        return Node(path="", line=1, value={})
    return _convert(root, "", loader, file)


def _convert(node: yaml.Node, path: str, loader: yaml.SafeLoader, file) -> Node:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        values: dict[str, Node] = {}
        key_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise CodebookError(
                    f'a key under "{path or "the top level"}" is a list or a mapping.',
                    hint="Write each key as plain text followed by a colon.",
                    file=file,
                    line=key_node.start_mark.line + 1,
                )
            key = str(key_node.value)
            key_line = key_node.start_mark.line + 1
            child = f"{path}.{key}" if path else key
            if key in values:
                raise CodebookError(
                    f'key "{child}" appears twice (first on line {key_lines[key]}).',
                    hint="Remove or rename one of them.",
                    file=file,
                    line=key_line,
                )
            converted = _convert(value_node, child, loader, file)
            # A key's line is more useful in messages than the line of its value,
            # which for a nested mapping is the line of its first key.
            converted.line = key_line
            values[key] = converted
            key_lines[key] = key_line
        return Node(path=path, line=line, value=values, key_lines=key_lines)
    if isinstance(node, yaml.SequenceNode):
        items = [
            _convert(child, f"{path}[{index}]", loader, file)
            for index, child in enumerate(node.value)
        ]
        return Node(path=path, line=line, value=items)
    return Node(
        path=path, line=line, value=loader.construct_object(node), text=node.value
    )
