"""Comparisons of scale scores and answers between groups of respondents."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pingouin as pg
from scipy import stats
from scipy.optimize import brentq
from scipy.special import gammaln

from srsurvey.errors import SurveyWarning
from srsurvey.stats._multiple import adjust_p, check_correction
from srsurvey.stats.descriptives import as_numeric, check_aligned

__all__ = [
    "COMPARISON_COLUMNS",
    "CROSSTAB_COLUMNS",
    "compare_groups",
    "crosstab_tests",
    "group_comparisons",
]

COMPARISON_COLUMNS = [
    "measure",
    "group",
    "n_groups",
    "n",
    "test",
    "statistic_name",
    "statistic",
    "df1",
    "df2",
    "p_value",
    "effect_size_name",
    "effect_size",
    "es_ci_low",
    "es_ci_high",
    "family",
    "p_adjusted",
    "contrast",
    "reason",
]

CROSSTAB_COLUMNS = [
    "question",
    "group",
    "test",
    "statistic",
    "df",
    "p_value",
    "cramers_v",
    "min_expected",
    "share_expected_below_5",
    "family",
    "p_adjusted",
    "reason",
]

NOT_TESTED = "not tested"
_PARAMETRIC = "parametric"
_RANK_BASED = "rank-based"


def _family(group: str, kind: str) -> str:
    return f"{group}: {kind}"


# --- effect sizes -----------------------------------------------------------------


def _hedges_correction(df: int) -> float:
    """Exact small-sample factor J(df) = Γ(df/2) / (sqrt(df/2) Γ((df - 1)/2))."""
    return math.exp(
        gammaln(df / 2) - math.log(math.sqrt(df / 2)) - gammaln((df - 1) / 2)
    )


def _noncentrality_bound(t: float, df: int, probability: float) -> float:
    """Find the noncentrality parameter whose noncentral t CDF at ``t`` is ``probability``."""

    def distance(ncp: float) -> float:
        cdf = float(stats.nct.cdf(t, df, ncp))
        if math.isnan(cdf):
            # scipy 1.17 returns NaN instead of a value that underflows: far above
            # t the CDF is 0, far below it is 1.
            cdf = 0.0 if ncp > t else 1.0
        return cdf - probability

    # The CDF decreases in ncp, so widen the bracket until the signs differ.
    width = 10.0
    while distance(t - width) < 0 or distance(t + width) > 0:
        width *= 2
        if width > 1e4:
            return math.nan
    return brentq(distance, t - width, t + width)


def hedges_g(x: np.ndarray, y: np.ndarray, confidence: float) -> tuple[float, ...]:
    """Return Hedges' g of ``x - y`` (pooled SD) and its noncentral-t CI."""
    n1, n2 = x.size, y.size
    df = n1 + n2 - 2
    pooled_var = ((n1 - 1) * x.var(ddof=1) + (n2 - 1) * y.var(ddof=1)) / df
    if not pooled_var > 0:
        return math.nan, math.nan, math.nan
    d = (x.mean() - y.mean()) / math.sqrt(pooled_var)
    scale = math.sqrt(1 / n1 + 1 / n2)
    t = d / scale
    tail = (1 - confidence) / 2
    low = _noncentrality_bound(t, df, 1 - tail) * scale
    high = _noncentrality_bound(t, df, tail) * scale
    j = _hedges_correction(df)
    return d * j, low * j, high * j


def rank_biserial(u_x: float, n1: int, n2: int, confidence: float) -> tuple[float, ...]:
    """Return the rank-biserial correlation from U of the first sample, with its CI."""
    r = 2 * u_x / (n1 * n2) - 1
    se = math.sqrt((n1 + n2 + 1) / (3 * n1 * n2))
    z = float(stats.norm.ppf(1 - (1 - confidence) / 2))
    with np.errstate(divide="ignore"):
        centre = np.arctanh(r)
    return r, float(np.tanh(centre - z * se)), float(np.tanh(centre + z * se))


def _sums_of_squares_eta(samples: list[np.ndarray]) -> float:
    pooled = np.concatenate(samples)
    grand_mean = pooled.mean()
    total = float(np.sum((pooled - grand_mean) ** 2))
    between = float(sum(s.size * (s.mean() - grand_mean) ** 2 for s in samples))
    return between / total if total > 0 else math.nan


# --- tests -----------------------------------------------------------------------


def _row(measure: str, group: str, n_groups: int, n: int, **fields) -> dict:
    row = dict.fromkeys(COMPARISON_COLUMNS, math.nan)
    row.update(measure=measure, group=group, n_groups=n_groups, n=n, **fields)
    return row


def _two_group_rows(
    measure: str, group: str, samples: list[np.ndarray], confidence: float
) -> list[dict]:
    x, y = samples
    n = x.size + y.size
    # The sign of t, g and r follows the first group in category order.
    contrast = (
        f"{getattr(x, 'name', 'first')} (M = {x.mean():.2f}) vs "
        f"{getattr(y, 'name', 'second')} (M = {y.mean():.2f}): positive when the "
        "first scores higher"
    )
    x, y = np.asarray(x), np.asarray(y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        welch = pg.ttest(x, y, correction=True)
        # scipy directly: pingouin.mwu also computes the common-language effect
        # size from an n1 x n2 matrix, which needs gigabytes for large samples.
        mwu = stats.mannwhitneyu(x, y, use_continuity=True, alternative="two-sided")
    g, g_low, g_high = hedges_g(x, y, confidence)
    u = float(mwu.statistic)
    r, r_low, r_high = rank_biserial(u, x.size, y.size, confidence)
    welch_row = _row(
        measure,
        group,
        2,
        n,
        test="Welch's t-test",
        statistic_name="t",
        statistic=float(welch.at["T_test", "T"]),
        df1=float(welch.at["T_test", "dof"]),
        p_value=float(welch.at["T_test", "p_val"]),
        effect_size_name="Hedges' g",
        effect_size=g,
        es_ci_low=g_low,
        es_ci_high=g_high,
        family=_family(group, _PARAMETRIC),
        contrast=contrast,
        reason="2 groups: Welch's t-test does not assume equal variances",
    )
    rank_row = _row(
        measure,
        group,
        2,
        n,
        test="Mann-Whitney U test",
        statistic_name="U",
        statistic=u,
        p_value=float(mwu.pvalue),
        effect_size_name="rank-biserial r",
        effect_size=r,
        es_ci_low=r_low,
        es_ci_high=r_high,
        family=_family(group, _RANK_BASED),
        contrast=contrast,
        reason="2 groups: the Mann-Whitney U test compares ranks and does not "
        "assume normal distributions",
    )
    return [welch_row, rank_row]


def _many_group_rows(measure: str, group: str, samples: list[np.ndarray]) -> list[dict]:
    k = len(samples)
    n = int(sum(s.size for s in samples))
    long = pd.DataFrame(
        {
            "score": np.concatenate(samples),
            "group": np.repeat(np.arange(k), [s.size for s in samples]),
        }
    )
    welch_reason = f"{k} groups: Welch's ANOVA does not assume equal variances"
    if any(s.var(ddof=1) == 0 for s in samples):
        # The Welch weights n / s^2 are undefined, and pingouin raises ValueError.
        welch = pd.DataFrame({"F": [math.nan], "ddof1": [k - 1.0]})
        welch["ddof2"] = welch["p_unc"] = math.nan
        welch_reason = (
            f"{k} groups: Welch's ANOVA is undefined because a group has identical "
            "scores"
        )
    else:
        welch = pg.welch_anova(data=long, dv="score", between="group")
    pooled = long["score"].to_numpy()
    if np.ptp(pooled) == 0:
        # scipy.stats.kruskal raises when all scores are equal; H is undefined.
        h, h_p = math.nan, math.nan
    else:
        h, h_p = stats.kruskal(*samples)
    welch_row = _row(
        measure,
        group,
        k,
        n,
        test="Welch's ANOVA",
        statistic_name="F",
        statistic=float(welch.at[0, "F"]),
        df1=float(welch.at[0, "ddof1"]),
        df2=float(welch.at[0, "ddof2"]),
        p_value=float(welch.at[0, "p_unc"]),
        effect_size_name="eta squared",
        effect_size=_sums_of_squares_eta(samples),
        family=_family(group, _PARAMETRIC),
        reason=welch_reason,
    )
    rank_row = _row(
        measure,
        group,
        k,
        n,
        test="Kruskal-Wallis test",
        statistic_name="H",
        statistic=float(h),
        df1=float(k - 1),
        p_value=float(h_p),
        effect_size_name="epsilon squared",
        effect_size=float(h) / (n - 1),
        family=_family(group, _RANK_BASED),
        reason=f"{k} groups: the Kruskal-Wallis test compares ranks and does not "
        "assume normal distributions",
    )
    return [welch_row, rank_row]


class _NamedSample(np.ndarray):
    """The scores of one group, with the group value as ``name``."""

    def __new__(cls, values: np.ndarray, name: str) -> "_NamedSample":
        sample = np.asarray(values).view(cls)
        sample.name = name
        return sample

    def __array_finalize__(self, obj) -> None:
        self.name = getattr(obj, "name", "")


def _usable_samples(
    values: pd.Series, groups: pd.Series, measure: str, group: str
) -> list[np.ndarray]:
    if not isinstance(groups.dtype, pd.CategoricalDtype):
        groups = groups.astype("category")
    scores = as_numeric(values, subject=f'Scores of "{measure}"')
    keep = scores.notna() & groups.notna()
    samples: list[np.ndarray] = []
    too_small: list[str] = []
    for category in groups.cat.categories:
        sample = scores[keep & (groups == category)].to_numpy()
        if sample.size >= 2:
            samples.append(_NamedSample(sample, str(category)))
        elif sample.size == 1:
            too_small.append(str(category))
    if too_small:
        warnings.warn(
            f"{measure} by {group}: group(s) {', '.join(too_small)} have only one "
            "score and are left out of the comparison. Merge small groups in the "
            "study file (groups map) to include them.",
            SurveyWarning,
            stacklevel=3,
        )
    return samples


def compare_groups(
    values: pd.Series,
    groups: pd.Series,
    *,
    measure: str,
    group: str,
    alpha: float = 0.05,
) -> list[dict]:
    """Compare one measure between the groups of one group variable.

    Parameters
    ----------
    values
        Scores, one per respondent; NaN is a missing score.
    groups
        Group of each respondent, with the same index as ``values``. A
        Categorical keeps its category order, and its first category is the first
        sample of a two-group comparison. Other dtypes are converted with
        ``astype("category")``, which sorts the values.
    measure, group
        Names written to the ``measure`` and ``group`` columns and used in
        messages.
    alpha
        The confidence intervals of the effect sizes have level ``1 - alpha``.

    Returns
    -------
    list of dict
        Two rows with the keys of :data:`COMPARISON_COLUMNS`, a parametric test
        and a rank-based test, or one row with test ``"not tested"`` when fewer
        than two groups have two or more scores. ``p_adjusted`` is NaN here:
        :func:`group_comparisons` fills it within each family.

    Raises
    ------
    ScoringError
        If a score is text or infinite.
    ValueError
        If ``groups`` has a different index from ``values`` or ``alpha`` is not
        between 0 and 1.

    Warns
    -----
    SurveyWarning
        When a group has exactly one score; it is left out. Groups without scores
        are left out silently.

    Notes
    -----
    Respondents with a missing score or group are left out.

    Two groups:

    - Welch's t-test, :func:`pingouin.ttest` with ``correction=True``, as R's
      ``t.test(var.equal = FALSE)``. ``df1`` is the Welch-Satterthwaite df.
    - Hedges' g of first minus second group with the pooled SD and the exact
      correction factor ``J = Γ(df/2) / (sqrt(df/2) Γ((df - 1)/2))``. Its CI inverts
      the noncentral t distribution with df = n1 + n2 - 2, as R's
      ``effectsize::hedges_g`` and JASP do.
    - Mann-Whitney U test, ``scipy.stats.mannwhitneyu`` (as :func:`pingouin.mwu`,
      two-sided, with continuity correction; exact p only for small samples
      without ties, so it can differ from R's ``wilcox.test`` there). ``statistic``
      is U of the first group, as R's W.
    - Rank-biserial correlation ``r = 2U / (n1 n2) - 1``, positive when the first
      group tends to score higher. Its CI is the normal approximation on Fisher's
      z with ``SE = sqrt((n1 + n2 + 1) / (3 n1 n2))``, as in R's
      ``effectsize::rank_biserial``.

    Three or more groups:

    - Welch's ANOVA, :func:`pingouin.welch_anova`, as R's
      ``oneway.test(var.equal = FALSE)``.
    - Eta squared from the sums of squares of the classical one-way ANOVA,
      ``SS_between / SS_total``. No CI is given (NaN).
    - Kruskal-Wallis test, :func:`scipy.stats.kruskal` with the tie correction,
      as R's ``kruskal.test``. ``df1 = k - 1``.
    - Epsilon squared ``H / ((n^2 - 1) / (n + 1)) = H / (n - 1)``, as jamovi's
      one-way ANOVA (non-parametric) reports it. No CI is given (NaN).
    """
    if not values.index.equals(groups.index):
        raise ValueError(
            f'groups of "{measure}" must have the same index as its values '
            "(one row per respondent, in the same order)"
        )
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be between 0 and 1, got {alpha!r}")

    samples = _usable_samples(values, groups, measure, group)
    n = int(sum(s.size for s in samples))
    if len(samples) < 2:
        return [
            _row(
                measure,
                group,
                len(samples),
                n,
                test=NOT_TESTED,
                family=_family(group, NOT_TESTED),
                reason="fewer than 2 groups with 2+ scores: not tested",
            )
        ]
    if len(samples) == 2:
        return _two_group_rows(measure, group, samples, 1 - alpha)
    return _many_group_rows(measure, group, samples)


def _adjust_by_family(table: pd.DataFrame, correction: str) -> pd.DataFrame:
    table["p_adjusted"] = math.nan
    for index in table.groupby("family", sort=False).groups.values():
        table.loc[index, "p_adjusted"] = adjust_p(
            table.loc[index, "p_value"].to_numpy(dtype=float), correction
        )
    return table


def group_comparisons(
    scores: pd.DataFrame,
    groups: pd.DataFrame,
    *,
    correction: str = "holm",
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Compare every scale between the groups of every group variable.

    Parameters
    ----------
    scores
        One column per scale, one row per respondent.
    groups
        One column per group variable, with the same index as ``scores``.
    correction
        ``"holm"``, ``"fdr_bh"`` or ``"none"``, applied within each family (see
        Returns).
    alpha
        The effect-size confidence intervals have level ``1 - alpha``.

    Returns
    -------
    pandas.DataFrame
        The rows of :func:`compare_groups` for each group variable and scale, in
        that order, with the columns of :data:`COMPARISON_COLUMNS`. A family is
        one group variable with one kind of test (parametric or rank-based) across
        all scales, so the Welch tests of "gender" over five scales are adjusted
        together. ``p_adjusted`` is NaN where ``p_value`` is NaN.

    Raises
    ------
    CodebookError
        If ``correction`` is unknown.
    ScoringError, ValueError
        As :func:`compare_groups`.
    """
    check_correction(correction)
    check_aligned(scores, groups, "groups")
    rows: list[dict] = []
    for group_name in groups.columns:
        for scale in scores.columns:
            rows.extend(
                compare_groups(
                    scores[scale],
                    groups[group_name],
                    measure=str(scale),
                    group=str(group_name),
                    alpha=alpha,
                )
            )
    table = pd.DataFrame(rows, columns=COMPARISON_COLUMNS)
    return _adjust_by_family(table, correction)


def _crosstab_row(
    question: str, group: str, answers: pd.Series, groups: pd.Series
) -> dict:
    row = dict.fromkeys(CROSSTAB_COLUMNS, math.nan)
    row.update(question=question, group=group, family=group)
    keep = answers.notna() & groups.notna()
    observed = pd.crosstab(answers[keep], groups[keep])
    # Categories nobody chose would give expected counts of 0.
    observed = observed.loc[observed.sum(axis=1) > 0, observed.sum(axis=0) > 0]
    if observed.shape[0] < 2 or observed.shape[1] < 2:
        row.update(
            test=NOT_TESTED,
            reason="fewer than 2 answers or 2 groups with respondents: not tested",
        )
        return row

    table = observed.to_numpy()
    total = table.sum()
    expected = stats.contingency.expected_freq(table)
    chi2, p, df, _ = stats.chi2_contingency(table, correction=False)
    row.update(
        cramers_v=math.sqrt(chi2 / (total * (min(table.shape) - 1))),
        min_expected=float(expected.min()),
        share_expected_below_5=float(np.mean(expected < 5)),
    )
    if table.shape == (2, 2) and expected.min() < 5:
        row.update(
            test="Fisher's exact test",
            p_value=float(stats.fisher_exact(table).pvalue),
            reason="2x2 table with an expected count below 5: Fisher's exact test "
            "instead of the chi-square approximation",
        )
        return row

    row.update(
        test="Pearson's chi-square test",
        statistic=float(chi2),
        df=float(df),
        p_value=float(p),
        reason="Pearson's chi-square test of independence without continuity "
        "correction",
    )
    if row["share_expected_below_5"] > 0.2:
        warnings.warn(
            f"{question} by {group}: {row['share_expected_below_5']:.0%} of the "
            f"cells have an expected count below 5 (minimum {expected.min():.2f}), "
            "so the chi-square p-value may be inaccurate. Merge rare answers or "
            "groups in the study file.",
            SurveyWarning,
            stacklevel=3,
        )
    return row


def crosstab_tests(
    questions: dict[str, pd.Series],
    groups: pd.DataFrame,
    *,
    correction: str = "holm",
) -> pd.DataFrame:
    """Test the independence of each categorical question from each group variable.

    Parameters
    ----------
    questions
        Answers of each single-choice question (or one option of a multiple-choice
        question as True/False), keyed by question name, each with the same index
        as ``groups``.
    groups
        One column per group variable.
    correction
        ``"holm"``, ``"fdr_bh"`` or ``"none"``, applied within each family: one
        group variable across all questions.

    Returns
    -------
    pandas.DataFrame
        One row per question and group variable, grouped by question, with the
        columns of :data:`CROSSTAB_COLUMNS`. ``statistic`` and ``df`` are NaN for
        Fisher's exact test; ``test`` is ``"not tested"`` when fewer than two
        answers or two groups have respondents.

    Raises
    ------
    CodebookError
        If ``correction`` is unknown.
    ValueError
        If a question has a different index from ``groups``.

    Warns
    -----
    SurveyWarning
        When more than 20% of the cells of a chi-square test have an expected count
        below 5.

    Notes
    -----
    Respondents without an answer or a group are left out, and so are answers and
    groups that nobody in the table has. The test is Pearson's chi-square without
    continuity correction (SPSS's "Pearson Chi-Square", jamovi's χ²,
    ``chisq.test(correct = FALSE)`` in R). A 2×2 table with an expected count below
    5 is tested with Fisher's exact test instead (:func:`scipy.stats.fisher_exact`,
    two-sided, as R's ``fisher.test``). Cramér's V is
    ``sqrt(chi2 / (n (min(r, c) - 1)))`` from the uncorrected statistic, for
    Fisher's rows too.
    """
    check_correction(correction)
    rows = []
    for question, answers in questions.items():
        if not answers.index.equals(groups.index):
            raise ValueError(
                f'answers of "{question}" must have the same index as groups '
                "(one row per respondent, in the same order)"
            )
        for group_name in groups.columns:
            rows.append(
                _crosstab_row(
                    str(question), str(group_name), answers, groups[group_name]
                )
            )
    table = pd.DataFrame(rows, columns=CROSSTAB_COLUMNS)
    return _adjust_by_family(table, correction)
