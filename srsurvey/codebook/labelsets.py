"""Built-in answer label sets in English, Russian and Kazakh.

First-look mode and items without a declared response scale use them to put labelled
answers in their natural order (``Strongly disagree`` … ``Strongly agree``) and to
turn them into numbers. Each set is a :class:`~srsurvey.codebook.study.ResponseScale`
whose points list the labels of all three languages, with feminine Russian forms
(``согласна``) as synonyms. The lists are written for this package from the usual
wording of Google Forms questionnaires; they are not taken from a published
instrument.
"""

from __future__ import annotations

from collections.abc import Iterable

from srsurvey.codebook._text import detect_language, normalize_label
from srsurvey.codebook.study import ResponseScale

__all__ = ["COMMON_MISSING", "LABEL_SETS", "label_set_fits", "match_label_set"]

# Answers that mean "no answer" in many questionnaires; first-look mode treats them
# as missing so that they do not hide a label set.
COMMON_MISSING = [
    "Затрудняюсь ответить",
    "Не знаю",
    "Нет ответа",
    "Жауап беруге қиналамын",
    "Білмеймін",
    "Жауап беру қиын",
    "Don't know",
    "Hard to say",
    "Difficult to answer",
    "Prefer not to answer",
    "N.A./Prefer not to answer",
    "N/A",
]


def _feminine(points: dict[float, list[str]]) -> dict[str, str]:
    """Map Russian ``согласна`` spellings to the ``согласен`` labels of ``points``."""
    synonyms = {}
    for labels in points.values():
        for label in labels:
            folded = normalize_label(label)
            if "согласен" in folded:
                synonyms[folded.replace("согласен", "согласна")] = label
    return synonyms


_AGREE5 = {
    1: [
        "Strongly disagree",
        "Completely disagree",
        "Полностью не согласен",
        "Совершенно не согласен",
        "Мүлдем келіспеймін",
        "Толықтай келіспеймін",
    ],
    2: ["Disagree", "Скорее не согласен", "Не согласен", "Келіспеймін"],
    3: [
        "Neither agree nor disagree",
        "Neutral",
        "Нейтрально",
        "Ни согласен, ни не согласен",
        "Отчасти согласен, отчасти нет",
        "Бейтарап",
        "Келісемін де, келіспеймін де",
    ],
    4: ["Agree", "Скорее согласен", "Согласен", "Келісемін"],
    5: [
        "Strongly agree",
        "Completely agree",
        "Полностью согласен",
        "Совершенно согласен",
        "Толық келісемін",
        "Толықтай келісемін",
        "Толығымен келісемін",
    ],
}
_AGREE4 = {
    1: ["Strongly disagree", "Полностью не согласен", "Мүлдем келіспеймін"],
    2: ["Disagree", "Скорее не согласен", "Не согласен", "Келіспеймін"],
    3: ["Agree", "Скорее согласен", "Согласен", "Келісемін"],
    4: ["Strongly agree", "Полностью согласен", "Толық келісемін"],
}
_AGREE7 = {
    1: ["Strongly disagree", "Полностью не согласен", "Мүлдем келіспеймін"],
    2: ["Disagree", "Не согласен", "Келіспеймін"],
    3: ["Somewhat disagree", "Скорее не согласен", "Ішінара келіспеймін"],
    4: ["Neither agree nor disagree", "Neutral", "Нейтрально", "Бейтарап"],
    5: ["Somewhat agree", "Скорее согласен", "Ішінара келісемін"],
    6: ["Agree", "Согласен", "Келісемін"],
    7: ["Strongly agree", "Полностью согласен", "Толық келісемін"],
}
_FREQUENCY5 = {
    1: ["Never", "Никогда", "Ешқашан"],
    2: ["Rarely", "Редко", "Сирек"],
    3: ["Sometimes", "Иногда", "Кейде"],
    4: ["Often", "Часто", "Жиі"],
    5: ["Always", "Всегда", "Әрқашан", "Үнемі"],
}
_IMPORTANCE5 = {
    1: ["Not at all important", "Совсем не важно", "Мүлдем маңызды емес"],
    2: ["Slightly important", "Мало важно", "Аздап маңызды"],
    3: ["Moderately important", "Умеренно важно", "Орташа маңызды"],
    4: ["Very important", "Очень важно", "Өте маңызды"],
    5: ["Extremely important", "Крайне важно", "Аса маңызды"],
}
_IMPORTANCE3 = {
    1: ["Not important", "Не важно", "Маңызды емес"],
    2: ["Moderately important", "Умеренно важно", "Орташа маңызды"],
    3: ["Very important", "Очень важно", "Өте маңызды"],
}
_YES_NO = {
    0: ["No", "Нет", "Жоқ"],
    1: ["Yes", "Да", "Иә"],
}

# The order of preference when several sets contain every label of a column. The
# 5-point agreement set comes before the 4-point one, whose labels it contains.
# NOTE: the labels alone cannot distinguish the two sets, so a 4-point column is
# scored 1, 2, 4, 5 by the 5-point set. A study file with its own response scale
# avoids this.
LABEL_SETS: dict[str, ResponseScale] = {
    name: ResponseScale(name=name, points=points, synonyms=_feminine(points))
    for name, points in [
        ("yes_no", _YES_NO),
        ("importance3", _IMPORTANCE3),
        ("agree5", _AGREE5),
        ("agree4", _AGREE4),
        ("frequency5", _FREQUENCY5),
        ("importance5", _IMPORTANCE5),
        ("agree7", _AGREE7),
    ]
}


def match_label_set(labels: Iterable[str]) -> ResponseScale | None:
    """Return the built-in set that contains every label, or ``None``.

    A set matches only if it knows each label and no two different labels of one
    language share a point. So a 7-point column that uses both ``Не согласен`` and
    ``Скорее не согласен`` is not read as the 5-point set, where both mean 2, while
    ``Скорее согласна`` (a synonym) and ``Agree`` (another language) may share the
    point of ``Скорее согласен``. Numbers never match, so a numeric column stays
    numeric. Among matching sets the first in :data:`LABEL_SETS` wins.
    """
    distinct = {normalize_label(label) for label in labels}
    distinct.discard("")
    if not distinct:
        return None
    for label_set in LABEL_SETS.values():
        if label_set_fits(label_set, distinct):
            return label_set
    return None


def label_set_fits(label_set: ResponseScale, labels: Iterable[str]) -> bool:
    """Check whether ``label_set`` matches ``labels`` by the rule of :func:`match_label_set`."""
    distinct = {normalize_label(label) for label in labels}
    distinct.discard("")
    if not distinct or not all(label_set.knows(label) for label in distinct):
        return False
    synonyms = {
        normalize_label(synonym): normalize_label(target)
        for synonym, target in label_set.synonyms.items()
    }
    seen: dict[tuple[float, str], str] = {}
    for label in distinct:
        canonical = synonyms.get(label, label)
        key = (label_set.map(label), detect_language(canonical))
        if seen.setdefault(key, canonical) != canonical:
            return False
    return True
