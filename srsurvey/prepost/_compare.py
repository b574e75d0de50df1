"""The statistics of a pre/post analysis, table by table."""

from __future__ import annotations

import math
import warnings

import pandas as pd

from srsurvey.errors import SurveyWarning
from srsurvey.stats._multiple import adjust_p
from srsurvey.stats.control import ancova_post, mixed_anova, ppc2
from srsurvey.stats.groups import compare_groups
from srsurvey.stats.paired import PAIRED_COLUMNS, mcnemar, paired_comparisons
from srsurvey.stats.transitions import transition_table

TOO_FEW_PAIRS = "too few pairs"

# Name of the score column of the long table that the mixed ANOVA gets.
_SCORE = "score"


def choose_arms(spec, arm: pd.Series | None, notes: list[str]):
    """Return the intervention and control arm, or (None, None) without two arms.

    The study file (or ``compare --intervention``) may name them. Otherwise, with
    exactly two arms, an arm whose name says "control" (in English, Russian or
    Kazakh) is the control; failing that, the first in the arm order is the
    intervention and a note says so, because the sign of d_ppc2 depends on it.
    """
    if arm is None:
        return None, None
    present = [c for c in arm.cat.categories if (arm == c).any()]
    intervention = spec.intervention if spec else None
    control = spec.control if spec else None
    for role, value in (("intervention", intervention), ("control", control)):
        if value is not None and value not in present:
            notes.append(
                f'waves.{role} is "{value}", which no matched respondent has as arm '
                f"(arms: {', '.join(map(str, present))}); the intervention-vs-"
                "control statistics are left out."
            )
            return None, None
    if intervention is None and control is None:
        if len(present) != 2:
            if len(present) > 2:
                notes.append(
                    f"{len(present)} arms: name the two to compare with "
                    "waves.intervention and waves.control."
                )
            return None, None
        return _guess_roles(present, notes)
    if intervention is None:
        others = [c for c in present if c != control]
        intervention = others[0] if len(others) == 1 else None
    if control is None:
        others = [c for c in present if c != intervention]
        control = others[0] if len(others) == 1 else None
    if intervention is None or control is None:
        return None, None
    return intervention, control


_CONTROL_WORDS = (
    "control",
    "контрол",
    "бақылау",
    "comparison",
    "waitlist",
    "wait-list",
)


def _guess_roles(present: list, notes: list[str]) -> tuple:
    """Pick the control arm of two by its name, else take the arm order with a note."""
    controls = [
        arm for arm in present if any(w in str(arm).casefold() for w in _CONTROL_WORDS)
    ]
    if len(controls) == 1:
        control = controls[0]
        intervention = next(arm for arm in present if arm != control)
        return intervention, control
    notes.append(
        f'The intervention arm was taken to be "{present[0]}" and the control arm '
        f'"{present[1]}" from their order; name them with waves.intervention and '
        "waves.control (or compare --intervention) if that is wrong, because the "
        "sign of d_ppc2 depends on it."
    )
    return present[0], present[1]


def _scales(waves) -> list[str]:
    first = next(iter(waves.values())).scored
    return [
        s
        for s in first.scores.columns
        if all(s in w.scored.scores for w in waves.values())
    ]


def _leaf_scales(study, scales: list[str]) -> list[str]:
    """Scales without subscales, whose items are tested as one family each."""
    return [s for s in scales if not study.scales[s].subscales]


def _paired(pre, post, arm, *, kind, test, correction, alpha, family_name=None):
    tables = [
        paired_comparisons(
            pre, post, kind=kind, test=test, correction=correction, alpha=alpha
        )
    ]
    if arm is not None:
        tables.append(
            paired_comparisons(
                pre,
                post,
                kind=kind,
                arm=arm,
                test=test,
                correction=correction,
                alpha=alpha,
            )
        )
    table = pd.concat(tables, ignore_index=True)
    if family_name is not None:
        table["family"] = table["arm"].astype(str) + ": " + family_name
    return table


def _mark_too_few(table: pd.DataFrame, correction: str) -> pd.DataFrame:
    """Withhold the test of measures with fewer than MIN_PAIRS pairs, and re-adjust."""
    from srsurvey.prepost.analysis import MIN_PAIRS

    few = (table["n_pairs"] > 0) & (table["n_pairs"] < MIN_PAIRS)
    if few.any():
        table.loc[few, "test_chosen"] = TOO_FEW_PAIRS
        table.loc[few, "p_value"] = math.nan
        table.loc[few, "reason"] = (
            f"fewer than {MIN_PAIRS} pairs: descriptive statistics only"
        )
        table.loc[few, "note"] = table.loc[few, "note"].map(
            lambda note: "; ".join(filter(None, [note, TOO_FEW_PAIRS]))
        )
        for index in table.groupby("family", sort=False).groups.values():
            table.loc[index, "p_adjusted"] = adjust_p(
                table.loc[index, "p_value"].to_numpy(dtype=float), correction
            )
    return table


def prepost_table(study, waves, matching, arm, *, test, correction) -> pd.DataFrame:
    """Paired comparisons of each later wave with the first: scales, then items."""
    alpha = study.analysis.alpha
    wave_ids = list(waves)
    first = waves[wave_ids[0]]
    matched = matching.matched
    scales = _scales(waves)
    parts = []
    for later_id in wave_ids[1:]:
        later = waves[later_id]
        # Differences are later minus first, so the label names them in that order.
        comparison = f"{later.spec.label} - {first.spec.label}"
        pre = first.scored.scores.reindex(matched)[scales]
        post = later.scored.scores.reindex(matched)[scales]
        scale_rows = _paired(
            pre, post, arm, kind="scale", test=test, correction=correction, alpha=alpha
        )
        scale_rows.insert(0, "comparison", comparison)
        parts.append(_mark_too_few(scale_rows, correction))
        for scale_id in _leaf_scales(study, scales):
            items = _scale_items(study, first, later, scale_id)
            pre_items = first.scored.items.reindex(matched)
            post_items = later.scored.items.reindex(matched)
            pre_items = pre_items[[i for i in items if i in pre_items]]
            post_items = post_items[[i for i in items if i in post_items]]
            item_rows = _paired(
                pre_items,
                post_items,
                arm,
                kind="item",
                test=test,
                correction=correction,
                alpha=alpha,
                family_name=f"items of {scale_id}",
            )
            item_rows.insert(0, "comparison", comparison)
            parts.append(_mark_too_few(item_rows, correction))
    table = pd.concat(parts, ignore_index=True)
    columns = ["comparison", *PAIRED_COLUMNS, "family", "p_adjusted"]
    return table[columns]


def _scale_items(study, first, later, scale_id: str) -> list[str]:
    """Items of a scale in either wave, with the items missing from one wave."""
    items = list(first.scored.scale_items.get(scale_id, []))
    for item in later.scored.scale_items.get(scale_id, []):
        if item not in items:
            items.append(item)
    missing = set(first.missing_items) | set(later.missing_items)
    for item in study.scales[scale_id].items:
        if item in missing and item not in items:
            items.append(item)
    return items


def attrition_table(study, waves, matching) -> pd.DataFrame:
    """Pre scores of respondents who answered every wave against those who did not."""
    first = next(iter(waves.values()))
    scores = first.scored.scores
    matched = set(matching.matched)
    status = pd.Series(
        pd.Categorical(
            ["completer" if key in matched else "drop-out" for key in scores.index],
            categories=["completer", "drop-out"],
        ),
        index=scores.index,
    )
    rows = []
    for scale_id in scores.columns:
        rows.extend(
            compare_groups(
                scores[scale_id],
                status,
                measure=scale_id,
                group="completed every wave",
                alpha=study.analysis.alpha,
            )
        )
    table = pd.DataFrame(rows)
    if table.empty:
        return table
    counts = status.value_counts()
    table.insert(3, "n_completers", int(counts.get("completer", 0)))
    table.insert(4, "n_dropouts", int(counts.get("drop-out", 0)))
    return table


def binary_items_table(study, waves, matching, arm) -> pd.DataFrame:
    """McNemar's test for items whose response scale has two points."""
    wave_ids = list(waves)
    first, later = waves[wave_ids[0]], waves[wave_ids[1]]
    rows = []
    for item in first.scored.items.columns:
        points = _points(first.scored, item)
        if points is None or len(points) != 2 or item not in later.scored.items:
            continue
        high = max(points)
        pre = (first.scored.item_answers[item].reindex(matching.matched) == high).where(
            first.scored.item_answers[item].reindex(matching.matched).notna()
        )
        post = (
            later.scored.item_answers[item].reindex(matching.matched) == high
        ).where(later.scored.item_answers[item].reindex(matching.matched).notna())
        result = mcnemar(pre.astype(float), post.astype(float))
        rows.append({"measure": item, "yes_label": points[high], **result})
    table = pd.DataFrame(rows)
    if not table.empty:
        table["p_adjusted"] = adjust_p(
            table["p_value"].to_numpy(dtype=float), study.analysis.correction
        )
    return table


def _points(scored, item: str) -> dict[float, str] | None:
    scale = scored.item_scales.get(item)
    if scale is None:
        return None
    return scored.point_labels.get(scale)


def item_transitions_table(waves, matching) -> pd.DataFrame:
    """Pre x post transition counts of every item with labelled answers."""
    wave_ids = list(waves)
    first, later = waves[wave_ids[0]], waves[wave_ids[1]]
    parts = []
    for item in first.scored.item_answers.columns:
        points = _points(first.scored, item)
        if points is None or item not in later.scored.item_answers:
            continue
        labels = [points[value] for value in sorted(points)]
        pre = first.scored.item_answers[item].reindex(matching.matched).map(points)
        post = later.scored.item_answers[item].reindex(matching.matched).map(points)
        table = transition_table(pre, post, categories=labels)
        table.insert(0, "measure", item)
        parts.append(table)
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def level_transitions_table(study, waves, matching, arm) -> pd.DataFrame:
    """Pre x post transitions between score levels, overall and per arm."""
    wave_ids = list(waves)
    first, later = waves[wave_ids[0]], waves[wave_ids[1]]
    parts = []
    groups = [("all", matching.matched)]
    if arm is not None:
        for name in arm.cat.categories:
            members = list(arm.index[arm == name])
            if members:
                groups.append((str(name), members))
    for scale_id in first.scored.levels.columns:
        if scale_id not in later.scored.levels:
            continue
        categories = list(first.scored.levels[scale_id].cat.categories)
        for arm_name, members in groups:
            pre = first.scored.levels[scale_id].reindex(members).astype("object")
            post = later.scored.levels[scale_id].reindex(members).astype("object")
            table = transition_table(pre, post, categories=categories)
            total = table["count"].sum()
            table["percent_of_total"] = (
                100 * table["count"] / total if total else math.nan
            )
            table.insert(0, "arm", arm_name)
            table.insert(0, "scale", scale_id)
            parts.append(table)
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def control_tables(study, waves, matching, arm, intervention, control):
    """Mixed ANOVA, ANCOVA and d_ppc2 of each scale, for the first two waves."""
    empty = pd.DataFrame()
    if intervention is None or control is None:
        return empty, empty, empty
    wave_ids = list(waves)
    first, later = waves[wave_ids[0]], waves[wave_ids[1]]
    members = arm.index[arm.isin([intervention, control])]
    two_arms = pd.Series(
        pd.Categorical(
            arm.loc[members].astype(str), categories=[str(intervention), str(control)]
        ),
        index=members,
    )
    anova_parts, ancova_parts, effect_rows = [], [], []
    for scale_id in _scales(waves):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            anova, ancova, effect = _control_statistics(
                first, later, scale_id, members, two_arms, intervention, control
            )
        _warn_with_scale(caught, scale_id, intervention, control)
        anova_parts.append(anova)
        ancova_parts.append(ancova)
        effect_rows.append(effect)
    return (
        pd.concat(anova_parts, ignore_index=True),
        pd.concat(ancova_parts, ignore_index=True),
        pd.DataFrame(effect_rows),
    )


def _warn_with_scale(caught, scale_id: str, intervention, control) -> None:
    """Re-issue the warnings of one scale's control statistics, naming the scale.

    :mod:`srsurvey.stats.control` words its messages for one unnamed score, such as
    "Mixed ANOVA of score: 10 of 358 rows ...". The report lists the caveats of
    every scale together, so each message gets the scale and the two arms.
    """
    where = f'scale "{scale_id}", {intervention} vs {control}'
    for warning in caught:
        message = str(warning.message)
        if not issubclass(warning.category, SurveyWarning):
            warnings.warn(message, warning.category, stacklevel=3)
            continue
        for prefix in (f"Mixed ANOVA of {_SCORE}:", "ANCOVA:"):
            if message.startswith(prefix):
                name = prefix.removesuffix(":").removesuffix(f" of {_SCORE}")
                message = f"{name} of {where}:{message[len(prefix) :]}"
                break
        else:
            message = f"{where[0].upper()}{where[1:]}: {message}"
        warnings.warn(message, SurveyWarning, stacklevel=3)


def _control_statistics(
    first, later, scale_id: str, members, two_arms, intervention, control
):
    """Mixed ANOVA table, ANCOVA table and d_ppc2 row of one scale."""
    pre = first.scored.scores[scale_id].reindex(members)
    post = later.scored.scores[scale_id].reindex(members)
    long = pd.concat(
        [
            pd.DataFrame(
                {
                    "respondent": members,
                    "wave": label,
                    "arm": two_arms.to_numpy(),
                    _SCORE: values.to_numpy(),
                }
            )
            for label, values in ((first.spec.label, pre), (later.spec.label, post))
        ],
        ignore_index=True,
    )
    anova, missing = mixed_anova(
        long, dv=_SCORE, within="wave", between="arm", subject="respondent"
    )
    anova.insert(0, "scale", scale_id)
    for key, value in missing.items():
        anova[key] = value

    ancova = ancova_post(pre, post, two_arms)
    adjusted = ancova.attrs["adjusted_means"]
    ancova.insert(0, "scale", scale_id)
    ancova["n_used"] = ancova.attrs["n_used"]
    ancova["n_dropped"] = ancova.attrs["n_dropped"]
    for arm_name in (intervention, control):
        ancova[f"adjusted_mean_{arm_name}"] = adjusted.get(str(arm_name), math.nan)

    t_members = two_arms.index[two_arms == str(intervention)]
    c_members = two_arms.index[two_arms == str(control)]
    effect = ppc2(
        pre.loc[t_members],
        post.loc[t_members],
        pre.loc[c_members],
        post.loc[c_members],
    )
    effect_row = {
        "scale": scale_id,
        "intervention": str(intervention),
        "control": str(control),
        **effect,
    }
    return anova, ancova, effect_row


def all_tables(study, waves, matching, arm, *, intervention, control, test, correction):
    anova, ancova, effects = control_tables(
        study, waves, matching, arm, intervention, control
    )
    return {
        "attrition": attrition_table(study, waves, matching),
        "prepost": prepost_table(
            study, waves, matching, arm, test=test, correction=correction
        ),
        "binary_items": binary_items_table(study, waves, matching, arm),
        "item_transitions": item_transitions_table(waves, matching),
        "level_transitions": level_transitions_table(study, waves, matching, arm),
        "mixed_anova": anova,
        "ancova": ancova,
        "control_effects": effects,
    }


def differences(first, later, scale_id: str, matched) -> pd.Series:
    pre = first.scored.scores[scale_id].reindex(matched)
    post = later.scored.scores[scale_id].reindex(matched)
    return (post - pre).dropna()
