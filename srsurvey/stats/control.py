"""Intervention-versus-control statistics: mixed ANOVA, ANCOVA and Morris's d_ppc2."""

from __future__ import annotations

import math
import warnings

import pandas as pd
import pingouin as pg
from scipy import stats

from srsurvey.errors import DataFileError, SurveyWarning
from srsurvey.stats.descriptives import as_numeric

__all__ = [
    "ANCOVA_COLUMNS",
    "MIXED_ANOVA_COLUMNS",
    "ancova_post",
    "mixed_anova",
    "ppc2",
]

MIXED_ANOVA_COLUMNS = ["source", "ss", "df1", "df2", "ms", "f", "p_value", "np2", "eps"]
ANCOVA_COLUMNS = ["source", "ss", "df", "f", "p_value", "np2"]

_PINGOUIN_NAMES = {
    "Source": "source",
    "SS": "ss",
    "DF": "df",
    "DF1": "df1",
    "DF2": "df2",
    "MS": "ms",
    "F": "f",
    "p_unc": "p_value",
    "np2": "np2",
    "eps": "eps",
}


def _require_columns(long: pd.DataFrame, columns: dict[str, str]) -> None:
    for role, column in columns.items():
        if column not in long.columns:
            raise DataFileError(
                f'The long table has no column "{column}" for {role}.',
                hint=f"Pass the name of an existing column as {role}; the table has: "
                f"{', '.join(map(str, long.columns))}.",
                column=str(column),
            )


def _complete_subjects(
    data: pd.DataFrame, within: str, subject: str
) -> tuple[pd.DataFrame, int]:
    """Keep the subjects who have a row for every level of ``within``."""
    levels = data[within].nunique()
    per_subject = data.groupby(subject, sort=False)[within].nunique()
    complete = per_subject.index[per_subject == levels]
    complete_rows = data[data[subject].isin(complete)]
    return complete_rows, int(per_subject.size - complete.size)


def _check_design(data: pd.DataFrame, within: str, between: str, subject: str) -> None:
    arms_per_subject = data.groupby(subject, sort=False)[between].nunique()
    crossing = arms_per_subject.index[arms_per_subject > 1]
    if len(crossing):
        raise DataFileError(
            f"{len(crossing)} subject(s) belong to more than one {between} group, "
            f"for example {crossing[0]!r}.",
            hint=f"Give each subject one {between} value in every wave.",
            column=between,
            value=crossing[0],
        )
    repeated = data.duplicated([subject, within], keep=False)
    if repeated.any():
        first = data.loc[repeated, subject].iloc[0]
        raise DataFileError(
            f"Subject {first!r} has more than one row for one level of {within}.",
            hint="Keep one row per subject and wave (input.duplicates in the study "
            "file).",
            column=subject,
            value=first,
        )


def mixed_anova(
    long: pd.DataFrame, *, dv: str, within: str, between: str, subject: str
) -> tuple[pd.DataFrame, dict]:
    """Run a two-way mixed ANOVA: one within-subject factor, one between-subject factor.

    Parameters
    ----------
    long
        One row per subject and wave.
    dv
        Column of the scores (the dependent variable).
    within
        Column of the repeated factor, such as the wave (pre, post, follow-up).
    between
        Column of the group factor, such as the study arm.
    subject
        Column of the respondent key.

    Returns
    -------
    table : pandas.DataFrame
        Columns :data:`MIXED_ANOVA_COLUMNS` and three rows: the between factor,
        the within factor and ``"Interaction"``. ``np2`` is partial eta squared.
        ``eps`` is the Greenhouse-Geisser epsilon of the within rows (NaN for the
        between row, 1 with two waves).
    missing : dict
        ``rows_total``, ``rows_used``, ``rows_with_missing`` (a missing score,
        wave, group or key), ``subjects_used`` and ``subjects_incomplete``
        (subjects left out because a wave is missing).

    Raises
    ------
    DataFileError
        If a column is missing, a subject is in two groups or has two rows for one
        wave, or fewer than two groups or waves have complete subjects.
    ScoringError
        If a score is text or infinite.

    Warns
    -----
    SurveyWarning
        When rows or subjects are left out because of missing values.

    Notes
    -----
    The statistics are :func:`pingouin.mixed_anova` (sums of squares as JASP's
    type II for unbalanced groups, checked there against JASP and R's
    ``afex::aov_ez``). A subject needs a score for every wave: subjects with a
    missing wave are dropped whole (listwise), as in pingouin, and counted in
    ``missing``.
    """
    _require_columns(
        long, {"dv": dv, "within": within, "between": between, "subject": subject}
    )
    data = long[[dv, within, between, subject]].copy()
    data[dv] = as_numeric(data[dv], subject=f'Scores in "{dv}"')
    rows_total = len(data)
    subjects_total = data[subject].nunique()

    data = data.dropna()
    rows_with_missing = rows_total - len(data)
    _check_design(data, within, between, subject)
    data, incomplete = _complete_subjects(data, within, subject)
    missing = {
        "rows_total": rows_total,
        "rows_used": len(data),
        "rows_with_missing": rows_with_missing,
        "subjects_used": int(data[subject].nunique()),
        "subjects_incomplete": incomplete,
    }
    if data[within].nunique() < 2 or data[between].nunique() < 2:
        raise DataFileError(
            f"A mixed ANOVA needs 2 or more levels of {within} and of {between} "
            f"with complete subjects, but there are {data[within].nunique()} and "
            f"{data[between].nunique()}.",
            hint="Check that every group has respondents with scores in every wave.",
        )
    dropped_subjects = subjects_total - missing["subjects_used"]
    if rows_total != len(data):
        warnings.warn(
            f"Mixed ANOVA of {dv}: {rows_total - len(data)} of {rows_total} rows "
            f"({dropped_subjects} subject(s)) are left out because a score, wave, "
            "group or key is missing.",
            SurveyWarning,
            stacklevel=2,
        )

    with warnings.catch_warnings():
        # pingouin 0.7.0 calls pandas methods with inplace=True, which pandas 3.1
        # deprecates. The warning is about pingouin's code, not the data.
        warnings.filterwarnings("ignore", message="The inplace keyword")
        table = pg.mixed_anova(
            data=data, dv=dv, within=within, between=between, subject=subject
        )
    table = table.rename(columns=_PINGOUIN_NAMES)[MIXED_ANOVA_COLUMNS]
    return table.reset_index(drop=True), missing


def _adjusted_means(frame: pd.DataFrame) -> dict:
    """Post means of each arm at the overall pre mean, with the pooled within slope."""
    centred = frame.groupby("arm", observed=True)[["pre", "post"]].transform(
        lambda column: column - column.mean()
    )
    slope = float(
        (centred["pre"] * centred["post"]).sum() / (centred["pre"] ** 2).sum()
    )
    grand_pre = float(frame["pre"].mean())
    means = frame.groupby("arm", observed=True)[["pre", "post"]].mean()
    return {
        arm: float(row["post"] - slope * (row["pre"] - grand_pre))
        for arm, row in means.iterrows()
    }


def ancova_post(pre: pd.Series, post: pd.Series, arm: pd.Series) -> pd.DataFrame:
    """Compare post scores between arms, adjusted for the pre scores (ANCOVA).

    Parameters
    ----------
    pre, post
        Scores of the two waves, indexed by respondent key.
    arm
        Study arm of each respondent, indexed by respondent key.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`ANCOVA_COLUMNS`, with rows ``"arm"``, ``"pre"`` and
        ``"Residual"``. ``np2`` is partial eta squared. ``attrs["adjusted_means"]``
        maps each arm to its post mean at the overall pre mean, and
        ``attrs["n_used"]`` and ``attrs["n_dropped"]`` count the respondents.

    Raises
    ------
    DataFileError
        If a respondent key appears twice, or fewer than two arms have
        respondents with both scores.
    ScoringError
        If a score is text or infinite.

    Warns
    -----
    SurveyWarning
        When respondents are left out because a score or the arm is missing.

    Notes
    -----
    The table is :func:`pingouin.ancova` with ``dv=post, covar=pre,
    between=arm`` (type II sums of squares, as R's ``car::Anova(lm(post ~ arm +
    pre), type = 2)`` and JASP). The model assumes equal slopes in all arms; test
    the arm × pre interaction separately if that is in doubt. Adjusted means use
    the pooled within-arm slope, ``mean_post - b_w (mean_pre - grand_mean_pre)``,
    which equals the prediction of the ANCOVA model at the overall pre mean.
    """
    for values, name in ((pre, "pre"), (post, "post"), (arm, "arm")):
        duplicated = values.index[values.index.duplicated()]
        if len(duplicated):
            raise DataFileError(
                f"The {name} values have {len(duplicated)} duplicate respondent "
                f"key(s), for example {duplicated[0]!r}.",
                hint="Keep one submission per respondent in each wave.",
                value=duplicated[0],
            )
    frame = pd.concat(
        [
            as_numeric(pre, subject="Pre scores"),
            as_numeric(post, subject="Post scores"),
            arm,
        ],
        axis=1,
        keys=["pre", "post", "arm"],
    )
    total = len(frame)
    frame = frame.dropna()
    dropped = total - len(frame)
    if frame["arm"].nunique() < 2:
        raise DataFileError(
            "An ANCOVA needs 2 or more arms with pre and post scores, but there are "
            f"{frame['arm'].nunique()}.",
            hint="Check the arm column and that each arm has respondents in both "
            "waves.",
        )
    if dropped:
        warnings.warn(
            f"ANCOVA: {dropped} of {total} respondents are left out because the "
            "pre score, post score or arm is missing.",
            SurveyWarning,
            stacklevel=2,
        )

    with warnings.catch_warnings():
        # The same pandas deprecation of inplace=True as in mixed_anova.
        warnings.filterwarnings("ignore", message="The inplace keyword")
        table = pg.ancova(data=frame, dv="post", covar="pre", between="arm")
    table = table.rename(columns=_PINGOUIN_NAMES)[ANCOVA_COLUMNS]
    table = table.reset_index(drop=True)
    table.attrs["adjusted_means"] = _adjusted_means(frame)
    table.attrs["n_used"] = len(frame)
    table.attrs["n_dropped"] = dropped
    return table


# --- Morris (2008) d_ppc2 -----------------------------------------------------------


def _group_pairs(pre: pd.Series, post: pd.Series, group: str) -> pd.DataFrame:
    return pd.concat(
        [
            as_numeric(pre, subject=f"Pre scores of the {group} group"),
            as_numeric(post, subject=f"Post scores of the {group} group"),
        ],
        axis=1,
        keys=["pre", "post"],
    ).dropna()


def _morris_variance(d: float, rho: float, n_t: int, n_c: int, c_p: float) -> float:
    """Return the sampling variance of d_ppc2 given by Morris (2008)."""
    n = n_t + n_c
    size_term = n / (n_t * n_c)
    return (
        2
        * c_p**2
        * (1 - rho)
        * size_term
        * ((n - 2) / (n - 4))
        * (1 + d**2 / (2 * (1 - rho) * size_term))
        - d**2
    )


def ppc2(pre_t, post_t, pre_c, post_c) -> dict:
    """Compute Morris's (2008) d_ppc2 for a pretest-posttest-control design.

    Parameters
    ----------
    pre_t, post_t
        pandas Series of the treatment (intervention) group's pre and post scores,
        indexed by respondent key.
    pre_c, post_c
        The same for the control group.

    Returns
    -------
    dict
        ``d_ppc2``, its 95% CI ``ci_low`` and ``ci_high``, ``n_treatment`` and
        ``n_control`` (respondents with both scores), ``sd_pre_pooled`` and
        ``r_pre_post``. Values the data cannot give are NaN.

    Raises
    ------
    ScoringError
        If a score is text or infinite.

    Warns
    -----
    SurveyWarning
        When a group has fewer than 2 complete pairs or the pooled pre SD is zero,
        so d_ppc2 is NaN.

    Notes
    -----
    Only respondents with both scores count, in each group.

    ``d_ppc2 = c_p ((M_post,T - M_pre,T) - (M_post,C - M_pre,C)) / SD_pre`` with the
    pooled pre-test SD
    ``SD_pre = sqrt(((n_T - 1) SD_pre,T^2 + (n_C - 1) SD_pre,C^2) / (n_T + n_C - 2))``
    and ``c_p = 1 - 3 / (4(n_T + n_C - 2) - 1)`` (Morris, 2008).

    The CI is ``d ± 1.96 sqrt(var)`` with Morris's sampling variance
    ``var = 2 c_p^2 (1 - rho) ((n_T + n_C) / (n_T n_C)) ((n_T + n_C - 2) /
    (n_T + n_C - 4)) (1 + d^2 / (2 (1 - rho) (n_T + n_C) / (n_T n_C))) - d^2``.
    Morris takes rho as known. Here rho is ``r_pre_post``, the pooled within-group
    Pearson correlation of pre and post (the cross-products and sums of squares
    about each group's own means, added over the groups), so the CI does not
    reflect the uncertainty of rho. It needs n_T + n_C > 4.

    References
    ----------
    Morris, S. B. (2008). Estimating effect sizes from pretest-posttest-control
    group designs. Organizational Research Methods, 11(2), 364-386.
    """
    treatment = _group_pairs(pre_t, post_t, "treatment")
    control = _group_pairs(pre_c, post_c, "control")
    n_t, n_c = len(treatment), len(control)
    result = {
        "d_ppc2": math.nan,
        "ci_low": math.nan,
        "ci_high": math.nan,
        "n_treatment": n_t,
        "n_control": n_c,
        "sd_pre_pooled": math.nan,
        "r_pre_post": math.nan,
    }
    if n_t < 2 or n_c < 2:
        warnings.warn(
            f"d_ppc2 needs 2 or more respondents with pre and post scores in each "
            f"group, but the treatment group has {n_t} and the control group {n_c}.",
            SurveyWarning,
            stacklevel=2,
        )
        return result

    deviations = pd.concat(
        [group - group.mean() for group in (treatment, control)], ignore_index=True
    )
    ss_pre = float((deviations["pre"] ** 2).sum())
    ss_post = float((deviations["post"] ** 2).sum())
    df = n_t + n_c - 2
    sd_pre = math.sqrt(ss_pre / df)
    result["sd_pre_pooled"] = sd_pre
    if ss_pre > 0 and ss_post > 0:
        cross = float((deviations["pre"] * deviations["post"]).sum())
        result["r_pre_post"] = cross / math.sqrt(ss_pre * ss_post)
    if not sd_pre > 0:
        warnings.warn(
            "d_ppc2 is not defined because all pre scores within each group are "
            "equal (pooled pre SD is 0).",
            SurveyWarning,
            stacklevel=2,
        )
        return result

    change_t = treatment["post"].mean() - treatment["pre"].mean()
    change_c = control["post"].mean() - control["pre"].mean()
    c_p = 1 - 3 / (4 * df - 1)
    d = float(c_p * (change_t - change_c) / sd_pre)
    result["d_ppc2"] = d

    rho = result["r_pre_post"]
    if n_t + n_c > 4 and not math.isnan(rho) and rho < 1:
        variance = _morris_variance(d, rho, n_t, n_c, c_p)
        if variance > 0:
            half_width = float(stats.norm.ppf(0.975)) * math.sqrt(variance)
            result.update(ci_low=d - half_width, ci_high=d + half_width)
    return result
