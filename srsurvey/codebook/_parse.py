"""Conversion of a study file's YAML tree into a :class:`~srsurvey.codebook.study.Study`.

Every check raises :class:`~srsurvey.errors.CodebookError` with the dotted key path,
the line, what is allowed and the fix.
"""

from __future__ import annotations

import itertools
import math
import re
from pathlib import Path

from srsurvey.codebook._text import did_you_mean, normalize_label
from srsurvey.codebook._yaml import Node, read_yaml
from srsurvey.codebook.study import (
    AnalysisOptions,
    GroupSpec,
    ItemSpec,
    Levels,
    QuestionSpec,
    ResponseScale,
    ScaleSpec,
    Study,
    WaveSpec,
    WavesSpec,
)
from srsurvey.errors import CodebookError

__all__ = ["parse_study", "template_regex"]

ID_PATTERN = re.compile(r"^[^\W\d_]\w*$")
STUDY_NAME_PATTERN = re.compile(r"^[\w-]+$")
TEMPLATE_GROUP = re.compile(r"\{(\d+)\}")

WAVE_IDS = ["pre", "post", "follow_up"]
WAVE_LABELS = {"pre": "Pre", "post": "Post", "follow_up": "Follow-up"}
PAIRED_TEST_CHOICES = ["auto", "t", "wilcoxon"]

TOP_KEYS = [
    "study",
    "input",
    "response_scales",
    "missing",
    "items",
    "scales",
    "groups",
    "questions",
    "analysis",
    "waves",
    "whatsapp",  # read by srsurvey.readers.whatsapp.load_reply_spec
]
SECTION_KEYS = {
    "study": ["name", "title", "language"],
    "input": ["files", "id", "duplicates", "identifiers"],
    "response_scales": ["points", "synonyms", "missing"],
    "items": ["column", "match", "id", "scale", "range", "reverse", "label"],
    "scales": ["label", "items", "subscales", "score", "min_answered", "levels"],
    "levels": ["cuts", "labels"],
    "groups": ["column", "label", "order", "map", "cuts", "labels"],
    "questions": ["column", "type", "label", "options", "other", "map"],
    "analysis": ["missing", "correction", "alpha", "test_selection"],
    "waves": [
        "key",
        "arm",
        "intervention",
        "control",
        "column",
        "test",
        *WAVE_IDS,
    ],
    "wave": ["label", "files", "value", "suffix", "items"],
    "key": ["column", "fields", "initials"],
    "wave_file": ["file", "arm"],
}
LANGUAGES = ["en", "ru", "kk"]
DUPLICATE_RULES = ["keep-latest", "keep-first", "error"]


def template_regex(template: str) -> re.Pattern[str]:
    """Return a regex that matches every id a pattern item's template can create."""
    parts = TEMPLATE_GROUP.split(template)
    pattern = "".join(
        re.escape(part) if index % 2 == 0 else ".+" for index, part in enumerate(parts)
    )
    return re.compile(f"^{pattern}$")


class _Parser:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines: dict[str, int] = {}

    # --- generic checks -------------------------------------------------------

    def fail(self, node: Node, problem: str, hint: str) -> CodebookError:
        return CodebookError(
            f'"{node.path}" {problem}', hint=hint, file=self.path, line=node.line
        )

    def record(self, node: Node) -> None:
        self.lines[node.path] = node.line
        if node.is_mapping:
            for child in node.value.values():
                self.record(child)
        elif node.is_sequence:
            for child in node.value:
                self.record(child)

    def mapping(self, node: Node, allowed: list[str] | None = None) -> dict[str, Node]:
        if node.value is None:
            return {}
        if not node.is_mapping:
            raise self.fail(
                node,
                f"must be a mapping of keys, but it is {describe(node)}.",
                "Write each key on its own line, indented under this one.",
            )
        if allowed is not None:
            for key, child in node.value.items():
                if key not in allowed:
                    raise self.fail(
                        child,
                        "is not a known key." + did_you_mean(key, allowed),
                        f"Allowed keys here: {', '.join(allowed)}.",
                    )
        return node.value

    def entries(self, node: Node, section: str) -> dict[str, dict[str, Node]]:
        """Return the id -> keys mapping of a section such as ``items``."""
        result = {}
        for key, child in self.mapping(node).items():
            if not ID_PATTERN.match(key):
                raise self.fail(
                    child,
                    "is not a valid id.",
                    "Use letters, digits and _, starting with a letter, such as cog1.",
                )
            result[key] = self.mapping(child, SECTION_KEYS[section])
        return result

    def text(self, node: Node) -> str:
        if not node.is_scalar or node.value is None:
            raise self.fail(
                node,
                f"must be text, but it is {describe(node)}.",
                "Write the text after the colon; quote it if it contains a colon.",
            )
        return node.text if node.text is not None else str(node.value)

    def text_list(self, node: Node, allow_empty: bool = False) -> list[str]:
        if node.value is None and allow_empty:
            return []
        if node.is_scalar and node.value is not None:
            return [self.text(node)]
        if not node.is_sequence:
            raise self.fail(
                node,
                f"must be a list of text, but it is {describe(node)}.",
                "Write it as [a, b, c] or as lines starting with '- '.",
            )
        values = [self.text(child) for child in node.value]
        if not values and not allow_empty:
            raise self.fail(node, "is an empty list.", "List at least one value.")
        return values

    def number(self, node: Node) -> float:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(
                node,
                f"must be a number, but it is {describe(node)}.",
                "Write a number such as 3 or 2.5, with a decimal point.",
            )
        if isinstance(value, float) and not math.isfinite(value):
            raise self.fail(node, "must be a finite number.", "Write a number.")
        return float(value)

    def increasing_numbers(self, node: Node) -> list[float]:
        if not node.is_sequence or not node.value:
            raise self.fail(
                node,
                f"must be a list of numbers, but it is {describe(node)}.",
                "Write the cut points as [2.5, 3.5].",
            )
        numbers = [self.number(child) for child in node.value]
        if any(b <= a for a, b in itertools.pairwise(numbers)):
            raise self.fail(
                node,
                f"must increase strictly, but it is {format_numbers(numbers)}.",
                "List the cut points from the lowest to the highest, each once.",
            )
        return numbers

    def choice(self, node: Node, allowed: list[str]) -> str:
        value = node.text if node.is_scalar and node.value is not None else None
        if value not in allowed:
            shown = describe(node)
            raise self.fail(
                node,
                f"is {shown}, which is not allowed."
                + did_you_mean(str(value), allowed),
                f"Allowed values: {', '.join(allowed)}.",
            )
        return value

    def boolean(self, node: Node) -> bool:
        if not isinstance(node.value, bool):
            raise self.fail(
                node,
                f"must be true or false, but it is {describe(node)}.",
                "Write true or false.",
            )
        return node.value

    # --- sections -------------------------------------------------------------

    def parse(self, root: Node) -> Study:
        self.record(root)
        top = self.mapping(root, TOP_KEYS)
        empty = Node(path="", line=1, value={})

        study_keys = self.mapping(top.get("study", empty), SECTION_KEYS["study"])
        name = self.path.stem
        if "name" in study_keys:
            name = self.text(study_keys["name"])
            if not STUDY_NAME_PATTERN.match(name):
                raise self.fail(
                    study_keys["name"],
                    f'is "{name}", which cannot be a folder name.',
                    "Use letters, digits, - and _ only, such as pre-2024.",
                )
        title = self.text(study_keys["title"]) if "title" in study_keys else name
        language = "en"
        if "language" in study_keys:
            language = self.choice(study_keys["language"], LANGUAGES)

        input_keys = self.mapping(top.get("input", empty), SECTION_KEYS["input"])
        files = []
        if "files" in input_keys:
            files = [
                (self.path.parent / file)
                for file in self.text_list(input_keys["files"])
            ]
        id_column = self.text(input_keys["id"]) if "id" in input_keys else None
        duplicates = "keep-latest"
        if "duplicates" in input_keys:
            duplicates = self.choice(input_keys["duplicates"], DUPLICATE_RULES)
        identifiers = []
        if "identifiers" in input_keys:
            identifiers = self.text_list(input_keys["identifiers"], allow_empty=True)

        missing = []
        if "missing" in top:
            missing = self.text_list(top["missing"], allow_empty=True)

        response_scales = self.parse_response_scales(top.get("response_scales", empty))
        items = self.parse_items(top.get("items", empty), response_scales)
        scales = self.parse_scales(top.get("scales", empty), items)
        groups = self.parse_groups(top.get("groups", empty))
        questions = self.parse_questions(top.get("questions", empty))
        analysis = self.parse_analysis(top.get("analysis", empty))
        waves = None
        if "waves" in top:
            waves = self.parse_waves(top["waves"], files, items)

        return Study(
            name=name,
            title=title,
            language=language,
            files=files,
            id_column=id_column,
            duplicates=duplicates,
            identifiers=identifiers,
            response_scales=response_scales,
            missing=missing,
            items=items,
            scales=scales,
            groups=groups,
            questions=questions,
            analysis=analysis,
            waves=waves,
            path=self.path,
            lines=self.lines,
        )

    def parse_response_scales(self, node: Node) -> dict[str, ResponseScale]:
        result = {}
        for scale_id, keys in self.entries(node, "response_scales").items():
            scale_node = node.value[scale_id]
            if "points" not in keys:
                raise self.fail(
                    scale_node,
                    "has no points.",
                    "Add points: a mapping from each number to its labels.",
                )
            points: dict[float, list[str]] = {}
            owner: dict[str, tuple[float, Node]] = {}
            for value_text, labels_node in self.mapping(keys["points"]).items():
                value = parse_point_value(value_text)
                if value is None:
                    raise self.fail(
                        labels_node,
                        "is not a number.",
                        "Each key under points is a point value, such as 1: Disagree.",
                    )
                labels = self.text_list(labels_node)
                for label in labels:
                    folded = normalize_label(label)
                    if folded in owner and owner[folded][0] != value:
                        raise self.fail(
                            labels_node,
                            f'lists "{label}", which point {owner[folded][0]:g} '
                            "already has.",
                            "Give each label to one point only.",
                        )
                    owner[folded] = (value, labels_node)
                points[value] = labels
            if len(points) < 2:
                raise self.fail(
                    keys["points"],
                    "must have at least two points.",
                    "List every answer option with its number.",
                )
            synonyms = {}
            for synonym, target_node in self.mapping(
                keys.get("synonyms", Node("", 1, None))
            ).items():
                target = self.text(target_node)
                folded_target = normalize_label(target)
                if folded_target not in owner:
                    all_labels = [
                        label for labels in points.values() for label in labels
                    ]
                    raise self.fail(
                        target_node,
                        f'points to "{target}", which is not a label under points.'
                        + did_you_mean(target, all_labels),
                        "A synonym maps an extra spelling to a label listed under "
                        "points.",
                    )
                folded_synonym = normalize_label(synonym)
                if (
                    folded_synonym in owner
                    and owner[folded_synonym][0] != owner[folded_target][0]
                ):
                    raise self.fail(
                        target_node,
                        f'maps "{synonym}" to another point than the one it has '
                        "under points.",
                        "Remove the synonym or the label.",
                    )
                synonyms[synonym] = target
            scale_missing = []
            if "missing" in keys:
                scale_missing = self.text_list(keys["missing"], allow_empty=True)
                for label in scale_missing:
                    if normalize_label(label) in owner:
                        raise self.fail(
                            keys["missing"],
                            f'lists "{label}", which is also a point label.',
                            "A label is either a point or a missing code.",
                        )
            result[scale_id] = ResponseScale(
                name=scale_id, points=points, synonyms=synonyms, missing=scale_missing
            )
        return result

    def parse_items(
        self, node: Node, response_scales: dict[str, ResponseScale]
    ) -> dict[str, ItemSpec]:
        items: dict[str, ItemSpec] = {}
        for item_id, keys in self.entries(node, "items").items():
            item_node = node.value[item_id]
            item = ItemSpec(id=item_id, line=item_node.line)
            if "column" in keys and "match" in keys:
                raise self.fail(
                    keys["match"],
                    "cannot be combined with column.",
                    "Use column for one header or match with id for a pattern.",
                )
            if "column" in keys:
                item.column = self.text(keys["column"])
            elif "match" in keys:
                item.match = self.text(keys["match"])
                try:
                    regex = re.compile(item.match)
                except re.error as err:
                    raise self.fail(
                        keys["match"],
                        f"is not a valid regular expression: {err}.",
                        "Quote the pattern and double each backslash, as in "
                        '"^SR(\\\\d+)$".',
                    ) from err
                if "id" not in keys:
                    raise self.fail(
                        keys["match"],
                        "needs an id template beside it.",
                        'Add id: "' + item_id + '{1}", where {1} is the first group.',
                    )
                item.template = self.text(keys["id"])
                used = [int(group) for group in TEMPLATE_GROUP.findall(item.template)]
                if not used:
                    raise self.fail(
                        keys["id"],
                        "must contain a group number such as {1}.",
                        "Without one, every matching column would get the same id.",
                    )
                if max(used) > regex.groups:
                    raise self.fail(
                        keys["id"],
                        f"uses {{{max(used)}}}, but the pattern has only "
                        f"{regex.groups} group(s).",
                        "Put the changing part of the header in parentheses.",
                    )
            else:
                raise self.fail(
                    item_node,
                    "has neither column nor match.",
                    "Add column: with the exact header of the item's column.",
                )
            if "id" in keys and item.match is None:
                raise self.fail(
                    keys["id"],
                    "is only allowed beside match.",
                    "The key above column is already the item id.",
                )
            if "scale" in keys and "range" in keys:
                raise self.fail(
                    keys["range"],
                    "cannot be combined with scale.",
                    "Use scale for labelled answers or range for numbers.",
                )
            if "scale" in keys:
                item.scale = self.text(keys["scale"])
                if item.scale not in response_scales:
                    raise self.fail(
                        keys["scale"],
                        f'names the response scale "{item.scale}", which is not '
                        "declared." + did_you_mean(item.scale, list(response_scales)),
                        "Declare it under response_scales or fix the name.",
                    )
            if "range" in keys:
                item.range = self.value_range(keys["range"])
            if "reverse" in keys:
                item.reverse = self.boolean(keys["reverse"])
            if "label" in keys:
                item.label = self.text(keys["label"])
            items[item_id] = item
        return items

    def value_range(self, node: Node) -> tuple[float, float]:
        if not node.is_sequence or len(node.value) != 2:
            raise self.fail(
                node,
                f"must be [min, max], but it is {describe(node)}.",
                "Write the lowest and highest valid numbers, such as [1, 5].",
            )
        low, high = (self.number(child) for child in node.value)
        if low >= high:
            raise self.fail(
                node,
                f"is [{low:g}, {high:g}], but min must be below max.",
                "Write the lowest number first.",
            )
        return (low, high)

    def parse_scales(
        self, node: Node, items: dict[str, ItemSpec]
    ) -> dict[str, ScaleSpec]:
        entries = self.entries(node, "scales")
        templates = [
            template_regex(item.template) for item in items.values() if item.template
        ]
        scales: dict[str, ScaleSpec] = {}
        direct_signs: dict[str, dict[bool, str]] = {}
        for scale_id, keys in entries.items():
            scale_node = node.value[scale_id]
            scale = ScaleSpec(id=scale_id, line=scale_node.line)
            if "label" in keys:
                scale.label = self.text(keys["label"])
            if "items" not in keys and "subscales" not in keys:
                raise self.fail(
                    scale_node,
                    "has neither items nor subscales.",
                    "Add items: [id, id, -id] with the ids declared under items.",
                )
            if "items" in keys:
                self.scale_items(keys["items"], scale, items, templates, direct_signs)
                if not scale.items and "subscales" not in keys:
                    raise self.fail(
                        keys["items"], "is an empty list.", "List the items."
                    )
            if "subscales" in keys:
                scale.subscales = self.text_list(keys["subscales"])
                for index, subscale in enumerate(scale.subscales):
                    if subscale not in entries:
                        raise self.fail(
                            keys["subscales"].value[index]
                            if keys["subscales"].is_sequence
                            else keys["subscales"],
                            f'names "{subscale}", which is not a scale.'
                            + did_you_mean(subscale, list(entries)),
                            "Declare it under scales or fix the name.",
                        )
            if "score" in keys:
                scale.score = self.choice(keys["score"], ["mean", "sum"])
            if "min_answered" in keys:
                scale.min_answered = self.min_answered(keys["min_answered"])
            if "levels" in keys:
                scale.levels = self.levels(keys["levels"])
            scales[scale_id] = scale

        for item_id, signs in direct_signs.items():
            if len(signs) == 2 and not items.get(item_id, ItemSpec(item_id)).reverse:
                path = signs[False]
                raise CodebookError(
                    f'"{path}" lists "{item_id}" as keyed forward, but '
                    f'"{signs[True]}" reverse-keys it.',
                    hint="An item is scored one way in every scale: write "
                    f'"-{item_id}" in both, or set reverse: true on the item.',
                    file=self.path,
                    line=self.lines.get(path),
                )

        for scale in scales.values():
            self.resolve_subscales(scale, scales, [])
            self.check_min_answered(scale, items, node)
        return scales

    def scale_items(
        self,
        node: Node,
        scale: ScaleSpec,
        items: dict[str, ItemSpec],
        templates: list[re.Pattern[str]],
        direct_signs: dict[str, dict[bool, str]],
    ) -> None:
        """Add the entries of a scale's ``items`` list to ``scale``.

        An entry may also be an id that a pattern item's template can create, which
        scoring checks against the export. ``direct_signs`` collects, per item, the
        key path of its first forward and first reversed entry.
        """
        if node.value is None:
            return
        if not node.is_sequence:
            raise self.fail(
                node,
                f"must be a list of item ids, but it is {describe(node)}.",
                "Write it as [cog1, cog2, -cog3].",
            )
        for entry_node in node.value:
            entry = self.text(entry_node)
            reversed_ = entry.startswith("-")
            item_id = entry[1:].strip() if reversed_ else entry.strip()
            if item_id not in items and not any(
                regex.match(item_id) for regex in templates
            ):
                raise self.fail(
                    entry_node,
                    f'is "{entry}", which is not an item declared under items.'
                    + did_you_mean(item_id, list(items)),
                    "Declare the item under items or fix the id.",
                )
            if item_id in scale.items:
                raise self.fail(
                    entry_node,
                    f'lists "{item_id}" a second time.',
                    "List each item once.",
                )
            scale.items.append(item_id)
            if reversed_:
                scale.reversed_items.add(item_id)
            direct_signs.setdefault(item_id, {}).setdefault(reversed_, entry_node.path)

    def resolve_subscales(
        self, scale: ScaleSpec, scales: dict[str, ScaleSpec], chain: list[str]
    ) -> None:
        if scale.id in chain:
            cycle = " -> ".join([*chain, scale.id])
            raise CodebookError(
                f'"scales.{scale.id}.subscales" forms a cycle: {cycle}.',
                hint="A scale cannot contain itself through its subscales.",
                file=self.path,
                line=self.lines.get(f"scales.{scale.id}.subscales"),
            )
        for subscale_id in scale.subscales:
            subscale = scales[subscale_id]
            self.resolve_subscales(subscale, scales, [*chain, scale.id])
            for item_id in subscale.items:
                if item_id not in scale.items:
                    scale.items.append(item_id)
            scale.reversed_items |= subscale.reversed_items

    def check_min_answered(
        self, scale: ScaleSpec, items: dict[str, ItemSpec], node: Node
    ) -> None:
        if not isinstance(scale.min_answered, int):
            return
        has_patterns = any(
            items.get(item) is None or items[item].match for item in scale.items
        )
        if not has_patterns and scale.min_answered > len(scale.items):
            path = f"scales.{scale.id}.min_answered"
            raise CodebookError(
                f'"{path}" is {scale.min_answered}, but the scale has only '
                f"{len(scale.items)} items.",
                hint="Lower the count, or write a share such as 0.75.",
                file=self.path,
                line=self.lines.get(path),
            )

    def min_answered(self, node: Node) -> float | int:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(
                node,
                f"must be a share or a count, but it is {describe(node)}.",
                "Write a share between 0 and 1 (0.75) or a whole count of items (3).",
            )
        if isinstance(value, int):
            if value < 1:
                raise self.fail(
                    node,
                    f"is {value}, but a count must be at least 1.",
                    "Write a whole count of items such as 3, or a share such as 0.75.",
                )
            return value
        if not 0 < value <= 1:
            raise self.fail(
                node,
                f"is {value:g}, but a share must be above 0 and at most 1.",
                "Write a share such as 0.75, or a whole count of items without a "
                "decimal point, such as 3.",
            )
        return float(value)

    def levels(self, node: Node) -> Levels:
        keys = self.mapping(node, SECTION_KEYS["levels"])
        if "cuts" not in keys or "labels" not in keys:
            raise self.fail(
                node,
                "needs both cuts and labels.",
                "Write cuts: [2.5, 3.5] and labels: [low, medium, high].",
            )
        cuts = self.increasing_numbers(keys["cuts"])
        labels = self.band_labels(keys["labels"], cuts)
        return Levels(cuts=cuts, labels=labels)

    def band_labels(self, node: Node, cuts: list[float]) -> list[str]:
        labels = self.text_list(node)
        if len(labels) != len(cuts) + 1:
            raise self.fail(
                node,
                f"has {len(labels)} labels, but {len(cuts)} cut(s) make "
                f"{len(cuts) + 1} levels.",
                "Give one label more than there are cuts.",
            )
        if len(set(labels)) != len(labels):
            raise self.fail(node, "repeats a label.", "Give each level its own label.")
        return labels

    def parse_groups(self, node: Node) -> dict[str, GroupSpec]:
        groups = {}
        for group_id, keys in self.entries(node, "groups").items():
            group_node = node.value[group_id]
            if "column" not in keys:
                raise self.fail(
                    group_node,
                    "has no column.",
                    "Add column: with the header of the grouping column.",
                )
            group = GroupSpec(
                id=group_id, column=self.text(keys["column"]), line=group_node.line
            )
            if "label" in keys:
                group.label = self.text(keys["label"])
            if "order" in keys:
                group.order = self.text_list(keys["order"])
            if "map" in keys:
                group.map = {
                    answer: self.text(value)
                    for answer, value in self.mapping(keys["map"]).items()
                }
            if ("cuts" in keys) != ("labels" in keys):
                present = "cuts" if "cuts" in keys else "labels"
                raise self.fail(
                    keys[present],
                    "needs both cuts and labels beside it.",
                    "Write cuts: [20, 23] and labels: [under 20, 20-22, 23+].",
                )
            if "cuts" in keys:
                group.cuts = self.increasing_numbers(keys["cuts"])
                group.labels = self.band_labels(keys["labels"], group.cuts)
            groups[group_id] = group
        return groups

    def parse_questions(self, node: Node) -> dict[str, QuestionSpec]:
        questions = {}
        for question_id, keys in self.entries(node, "questions").items():
            question_node = node.value[question_id]
            if "column" not in keys:
                raise self.fail(
                    question_node,
                    "has no column.",
                    "Add column: with the header of the question's column.",
                )
            question = QuestionSpec(
                id=question_id,
                column=self.text(keys["column"]),
                line=question_node.line,
            )
            if "type" in keys:
                question.type = self.choice(keys["type"], ["single", "multi"])
            if "label" in keys:
                question.label = self.text(keys["label"])
            if "options" in keys:
                question.options = self.text_list(keys["options"])
                folded = [normalize_label(option) for option in question.options]
                if len(set(folded)) != len(folded):
                    raise self.fail(
                        keys["options"], "repeats an option.", "List each option once."
                    )
            if "other" in keys:
                question.other = self.boolean(keys["other"])
            if "map" in keys:
                question.map = {
                    answer: self.text(value)
                    for answer, value in self.mapping(keys["map"]).items()
                }
            if question.other and not question.options:
                raise self.fail(
                    keys["other"],
                    "needs options beside it.",
                    'List the options; answers outside them count as "Other".',
                )
            questions[question_id] = question
        return questions

    def parse_analysis(self, node: Node) -> AnalysisOptions:
        keys = self.mapping(node, SECTION_KEYS["analysis"])
        options = AnalysisOptions()
        if "missing" in keys:
            options.missing = self.choice(keys["missing"], ["pairwise", "listwise"])
        if "correction" in keys:
            options.correction = self.choice(
                keys["correction"], ["holm", "fdr_bh", "none"]
            )
        if "alpha" in keys:
            alpha = self.number(keys["alpha"])
            if not 0 < alpha < 1:
                raise self.fail(
                    keys["alpha"],
                    f"is {alpha:g}, but it must be between 0 and 1.",
                    "Write the significance level, such as 0.05.",
                )
            options.alpha = alpha
        if "test_selection" in keys:
            options.test_selection = self.choice(
                keys["test_selection"], ["auto", "parametric", "nonparametric"]
            )
        return options

    def parse_waves(
        self, node: Node, input_files: list[Path], items: dict[str, ItemSpec]
    ) -> WavesSpec:
        keys = self.mapping(node, SECTION_KEYS["waves"])
        waves = {
            wave_id: self.parse_wave(keys[wave_id], wave_id, items)
            for wave_id in WAVE_IDS
            if wave_id in keys
        }
        if "pre" not in waves or "post" not in waves:
            raise self.fail(
                node,
                "must declare both pre and post.",
                "Add pre: and post: under waves, each with its files, value or suffix.",
            )
        spec = WavesSpec(waves=waves)
        if "column" in keys:
            spec.column = self.text(keys["column"])
            spec.layout = "column"
        elif any(wave.suffix for wave in waves.values()):
            spec.layout = "wide"
        for wave in waves.values():
            wave_node = keys[wave.id]
            self.check_wave_source(wave, wave_node, spec.layout)
            if spec.layout != "files" and not wave.files:
                wave.files = list(input_files)
        if spec.layout != "files" and not input_files:
            raise self.fail(
                node,
                "reads the waves from one export, but input.files names none.",
                "List the export under input.files.",
            )
        if "key" in keys:
            self.parse_key(keys["key"], spec)
        elif spec.layout != "wide":
            raise self.fail(
                node,
                "has no key, so respondents cannot be matched across waves.",
                "Add key: with the id column, or key: {fields: [...]} for a code "
                "built from several columns.",
            )
        if "arm" in keys:
            spec.arm = self.text(keys["arm"])
        for role in ("intervention", "control"):
            if role in keys:
                setattr(spec, role, self.text(keys[role]))
        if "test" in keys:
            spec.test = self.choice(keys["test"], PAIRED_TEST_CHOICES)
        return spec

    def parse_wave(self, node: Node, wave_id: str, items: dict[str, ItemSpec]):
        keys = self.mapping(node, SECTION_KEYS["wave"])
        wave = WaveSpec(id=wave_id, label=WAVE_LABELS[wave_id], line=node.line)
        if "label" in keys:
            wave.label = self.text(keys["label"])
        if "files" in keys:
            self.wave_files(keys["files"], wave)
        if "value" in keys:
            wave.value = self.text(keys["value"])
        if "suffix" in keys:
            wave.suffix = self.text(keys["suffix"])
        if "items" in keys:
            for item_id, column_node in self.mapping(keys["items"]).items():
                if item_id not in items:
                    raise self.fail(
                        column_node,
                        "is not an item declared under items."
                        + did_you_mean(item_id, list(items)),
                        "Each key under a wave's items is an item id (or the key of "
                        "a pattern item), and its value the item's column in this "
                        "wave.",
                    )
                wave.items[item_id] = self.text(column_node)
                if items[item_id].match is not None:
                    self.check_pattern(column_node, wave.items[item_id])
        return wave

    def wave_files(self, node: Node, wave: WaveSpec) -> None:
        entries = node.value if node.is_sequence else [node]
        for entry in entries:
            if entry.is_mapping:
                keys = self.mapping(entry, SECTION_KEYS["wave_file"])
                if "file" not in keys:
                    raise self.fail(
                        entry, "has no file.", "Write it as {file: a.csv, arm: A}."
                    )
                path = self.path.parent / self.text(keys["file"])
                if "arm" in keys:
                    wave.file_arms[path] = self.text(keys["arm"])
            else:
                path = self.path.parent / self.text(entry)
            wave.files.append(path)

    def check_pattern(self, node: Node, pattern: str) -> None:
        try:
            re.compile(pattern)
        except re.error as err:
            raise self.fail(
                node,
                f"is not a valid regular expression: {err}.",
                "A pattern item's column in a wave is a match pattern, such as "
                '"^Q9_(\\d+)$".',
            ) from err

    def check_wave_source(self, wave: WaveSpec, node: Node, layout: str) -> None:
        needed = {"files": "files", "column": "value", "wide": "suffix"}[layout]
        present = {
            "files": bool(wave.files),
            "value": wave.value,
            "suffix": wave.suffix,
        }
        if not present[needed]:
            raise self.fail(
                node,
                f"has no {needed}, which a wave needs in this layout.",
                "Give every wave its own files, or set waves.column and a value "
                "per wave, or a suffix per wave for a wide export.",
            )

    def parse_key(self, node: Node, spec: WavesSpec) -> None:
        if node.is_scalar:
            spec.key_column = self.text(node)
            return
        keys = self.mapping(node, SECTION_KEYS["key"])
        if "column" in keys and "fields" in keys:
            raise self.fail(
                keys["fields"],
                "cannot be combined with column.",
                "Use column for an id column or fields for a code built from columns.",
            )
        if "column" in keys:
            spec.key_column = self.text(keys["column"])
        elif "fields" in keys:
            spec.key_fields = self.text_list(keys["fields"])
        else:
            raise self.fail(
                node, "has neither column nor fields.", "Add column: or fields:."
            )
        if "initials" in keys:
            spec.key_initials = self.text_list(keys["initials"])
            unknown = [f for f in spec.key_initials if f not in spec.key_fields]
            if unknown:
                raise self.fail(
                    keys["initials"],
                    f'lists "{unknown[0]}", which is not one of the key fields.',
                    "List under initials only columns that fields lists.",
                )


def describe(node: Node) -> str:
    """Describe a YAML value for a message: ``"abc"``, ``2.5``, a list, empty."""
    if node.is_mapping:
        return "a mapping"
    if node.is_sequence:
        return "a list"
    if node.value is None:
        return "empty"
    if isinstance(node.value, str):
        return f'"{node.value}"'
    return str(node.text if node.text is not None else node.value)


def format_numbers(numbers: list[float]) -> str:
    return "[" + ", ".join(f"{number:g}" for number in numbers) + "]"


def parse_point_value(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def parse_study(text: str, path: Path) -> Study:
    """Parse the text of a study file read from ``path``."""
    root = read_yaml(text, path)
    return _Parser(path).parse(root)
