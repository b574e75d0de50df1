"""Pre/post comparisons of the same respondents: paired t, Wilcoxon, McNemar."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
from scipy import stats

from srsurvey.errors import CodebookError, DataFileError, ScoringError, SurveyWarning
from srsurvey.stats._multiple import adjust_p, check_correction
from srsurvey.stats.descriptives import as_numeric
from srsurvey.stats.groups import _noncentrality_bound

__all__ = [
    "MCNEMAR_EXACT_BELOW",
    "PAIRED_COLUMNS",
    "PAIRED_TESTS",
    "WILCOXON_EXACT_BELOW",
    "mcnemar",
    "paired_comparison",
    "paired_comparisons",
    "wilcoxon_signed_rank",
]

# Keys of ``paired_comparison`` in output order. ``paired_comparisons`` adds
# ``p_adjusted`` and ``family``.
PAIRED_COLUMNS = [
    "measure",
    "kind",
    "arm",
    "n_pairs",
    "mean_pre",
    "sd_pre",
    "mean_post",
    "sd_post",
    "mean_diff",
    "diff_ci_low",
    "diff_ci_high",
    "r_pre_post",
    "normality_p",
    "t",
    "df",
    "t_p",
    "cohen_dz",
    "dz_ci_low",
    "dz_ci_high",
    "cohen_dav",
    "hedges_gav",
    "wilcoxon_w",
    "wilcoxon_p",
    "wilcoxon_method",
    "rank_biserial",
    "rb_ci_low",
    "rb_ci_high",
    "test_chosen",
    "reason",
    "p_value",
    "note",
]

# Values of ``test``: "auto" applies the rule in paired_comparison's Notes.
PAIRED_TESTS = ("auto", "t", "wilcoxon")

T_TEST = "paired t-test"
WILCOXON = "Wilcoxon signed-rank"
NOT_TESTED = "not tested"
EXACT = "exact"
NORMAL_APPROXIMATION = "normal approximation with continuity correction"
NOT_DEFINED = "not defined: no non-zero differences"

# R's wilcox.test(exact = NULL) uses the exact distribution below this many
# non-zero differences (when there are no ties and no zeros).
WILCOXON_EXACT_BELOW = 50

# mcnemar uses the exact binomial test below this many discordant pairs.
MCNEMAR_EXACT_BELOW = 25

# Paired differences are rounded to this many decimals before ranking.
_DECIMALS = 10

# R's shapiro.test rejects larger samples, and scipy documents that its p-value
# may be inaccurate above this n.
_SHAPIRO_MAX_N = 5000


# --- Wilcoxon signed-rank test ------------------------------------------------------


def wilcoxon_signed_rank(differences) -> tuple[float, float, str]:
    """Run the two-sided Wilcoxon signed-rank test the way R's ``wilcox.test`` does.

    Parameters
    ----------
    differences
        Array-like of paired differences (post - pre). NaN values are dropped.

    Returns
    -------
    tuple of (float, float, str)
        ``W+``, the sum of the ranks of the positive differences (R's ``V``), the
        two-sided p-value, and the method: ``"exact"`` or ``"normal approximation
        with continuity correction"``. When every difference is zero, W+ and p are
        NaN and the method is ``"not defined: no non-zero differences"``.

    Notes
    -----
    This reproduces ``wilcox.test(post, pre, paired = TRUE)`` with its defaults
    ``exact = NULL, correct = TRUE`` in R's ``stats`` package:

    - Zero differences are dropped and n counts the non-zero ones.
    - The p-value is exact when n < 50 and the absolute differences have no ties
      and there were no zeros. Otherwise it is the normal approximation with a
      continuity correction of 0.5 towards the mean and the tie-corrected variance
      ``n(n + 1)(2n + 1)/24 - sum(t^3 - t)/48``, where t are the sizes of the
      groups of tied absolute differences.

    The defaults of :func:`scipy.stats.wilcoxon` differ (no continuity correction,
    and its own rule for when to use the exact distribution), so it is called here
    with the method chosen above.

    One deliberate difference from R: the differences are rounded to 10 decimals
    before zeros and ties are found, so that floating-point noise in differences
    of scale means does not hide a tie. R compares the unrounded values.
    """
    d = np.asarray(differences, dtype=float).ravel()
    # Differences of scale means such as 5/3 - 4/3 and 8/3 - 7/3 differ in the
    # last bits, which would hide ties and zeros, so compare them at 10 decimals.
    d = np.round(d[~np.isnan(d)], _DECIMALS)
    had_zeros = bool(np.any(d == 0))
    d = d[d != 0]
    n = d.size
    if n == 0:
        return math.nan, math.nan, NOT_DEFINED

    ranks = stats.rankdata(np.abs(d))
    w_plus = float(ranks[d > 0].sum())
    has_ties = np.unique(np.abs(d)).size < n

    if n < WILCOXON_EXACT_BELOW and not has_ties and not had_zeros:
        result = stats.wilcoxon(d, zero_method="wilcox", method="exact")
        return w_plus, float(result.pvalue), EXACT

    result = stats.wilcoxon(d, zero_method="wilcox", correction=True, method="approx")
    return w_plus, float(result.pvalue), NORMAL_APPROXIMATION


def _rank_biserial(w_plus: float, n: int, confidence: float) -> tuple[float, ...]:
    """Return the matched-pairs rank-biserial r and its Fisher-z CI.

    The CI is NaN when r is -1 or 1: atanh(r) is then infinite, and the Fisher-z
    interval would collapse to [r, r] whatever the number of pairs.
    """
    if n == 0 or math.isnan(w_plus):
        return math.nan, math.nan, math.nan
    total = n * (n + 1) / 2
    r = (w_plus - (total - w_plus)) / total
    if abs(r) == 1:
        return r, math.nan, math.nan
    se = math.sqrt((2 * n**3 + 3 * n**2 + n) / 6) / total
    z = float(stats.norm.ppf(1 - (1 - confidence) / 2))
    with np.errstate(divide="ignore"):
        centre = float(np.arctanh(r))
    return r, float(np.tanh(centre - z * se)), float(np.tanh(centre + z * se))


# --- one pre/post comparison --------------------------------------------------------


def _check_options(test: str, alpha: float) -> None:
    if test not in PAIRED_TESTS:
        raise CodebookError(
            f'Unknown paired test "{test}".',
            hint=f"Use one of: {', '.join(PAIRED_TESTS)}.",
            value=test,
        )
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be between 0 and 1, got {alpha!r}")


def _check_unique_index(values: pd.Series | pd.DataFrame, wave: str) -> None:
    duplicated = values.index[values.index.duplicated()]
    if len(duplicated):
        raise DataFileError(
            f"The {wave} wave has {len(duplicated)} duplicate respondent key(s), "
            f"for example {duplicated[0]!r}, so its answers cannot be paired.",
            hint="Keep one submission per respondent in each wave (input.duplicates "
            "in the study file).",
            value=duplicated[0],
        )


def _pairs(pre: pd.Series, post: pd.Series, measure: str) -> tuple[pd.DataFrame, int]:
    """Align the waves by respondent and count the respondents without a pair."""
    _check_unique_index(pre, "pre")
    _check_unique_index(post, "post")
    joined = pd.concat(
        [
            as_numeric(pre, subject=f'Pre scores of "{measure}"'),
            as_numeric(post, subject=f'Post scores of "{measure}"'),
        ],
        axis=1,
        keys=["pre", "post"],
        join="outer",
    )
    complete = joined.dropna()
    return complete, len(joined) - len(complete)


def _empty_row(measure: str, kind: str, arm: str | None) -> dict:
    row: dict = dict.fromkeys(PAIRED_COLUMNS, math.nan)
    row.update(
        measure=measure,
        kind=kind,
        arm=arm,
        n_pairs=0,
        wilcoxon_method="",
        test_chosen=NOT_TESTED,
        reason="",
        note="",
    )
    return row


def _t_part(d: np.ndarray, confidence: float) -> dict:
    """Paired t-test, the CI of the mean difference, and Cohen's d_z with its CI."""
    n = d.size
    out: dict = {}
    if n < 2:
        return out
    mean = float(d.mean())
    sd = float(d.std(ddof=1))
    df = n - 1
    se = sd / math.sqrt(n)
    half_width = float(stats.t.ppf(1 - (1 - confidence) / 2, df)) * se
    out.update(
        df=float(df), diff_ci_low=mean - half_width, diff_ci_high=mean + half_width
    )
    if not sd > 0:
        return out
    t = mean / se
    tail = (1 - confidence) / 2
    out.update(
        t=t,
        t_p=float(2 * stats.t.sf(abs(t), df)),
        cohen_dz=t / math.sqrt(n),
        dz_ci_low=_noncentrality_bound(t, df, 1 - tail) / math.sqrt(n),
        dz_ci_high=_noncentrality_bound(t, df, tail) / math.sqrt(n),
    )
    return out


def _average_sd_part(pre: np.ndarray, post: np.ndarray) -> dict:
    """Cohen's d_av and Hedges' g_av of Lakens (2013), and the pre-post r."""
    n = pre.size
    if n < 2:
        return {}
    sd_pre = float(pre.std(ddof=1))
    sd_post = float(post.std(ddof=1))
    out: dict = {"sd_pre": sd_pre, "sd_post": sd_post}
    if sd_pre > 0 and sd_post > 0:
        out["r_pre_post"] = float(np.corrcoef(pre, post)[0, 1])
    average_sd = (sd_pre + sd_post) / 2
    if average_sd > 0:
        d_av = float((post.mean() - pre.mean()) / average_sd)
        out["cohen_dav"] = d_av
        if n > 2:
            # NOTE: the correction uses df = n - 1 (the number of pairs minus one).
            # Tools that treat the two waves as independent groups use n1 + n2 - 2.
            out["hedges_gav"] = d_av * (1 - 3 / (4 * (n - 1) - 1))
    return out


def _normality_p(d: np.ndarray) -> float:
    if d.size < 3 or d.size > _SHAPIRO_MAX_N or np.ptp(d) == 0:
        return math.nan
    return float(stats.shapiro(d).pvalue)


def _choose_test(
    row: dict, test: str, alpha: float, normality_max_n: int
) -> tuple[str, str]:
    """Return the chosen test and the reason for it (see paired_comparison)."""
    n = row["n_pairs"]
    t_defined = not math.isnan(row["t"])
    w_defined = not math.isnan(row["wilcoxon_p"])
    if test == "t":
        return T_TEST, "paired t-test requested (test='t')"
    if test == "wilcoxon":
        return WILCOXON, "Wilcoxon signed-rank test requested (test='wilcoxon')"

    if n < 2:
        return NOT_TESTED, f"{n} pair(s): both tests need 2 or more pairs"
    if not t_defined and not w_defined:
        return NOT_TESTED, "all differences are zero: neither test is defined"
    if not t_defined:
        return (
            WILCOXON,
            (
                "all differences are equal, so their variance is zero and t is not "
                "defined: Wilcoxon signed-rank test"
            ),
        )

    if n >= normality_max_n:
        return (
            T_TEST,
            (
                f"{n} pairs >= {normality_max_n}: with this many pairs the t-test is "
                "robust to non-normal differences, so the normality test is not used"
            ),
        )
    if n < 3:
        return (
            T_TEST,
            (
                f"{n} pairs: too few for the Shapiro-Wilk test (needs 3), so normality "
                "cannot be checked: paired t-test"
            ),
        )

    normality_p = row["normality_p"]
    if normality_p >= alpha:
        return (
            T_TEST,
            (
                f"Shapiro-Wilk p = {normality_p:.3g} >= {alpha:g} on the differences: "
                "paired t-test"
            ),
        )
    return (
        WILCOXON,
        (
            f"Shapiro-Wilk p = {normality_p:.3g} < {alpha:g} on the differences, which "
            "are not normal: Wilcoxon signed-rank test"
        ),
    )


def paired_comparison(
    pre: pd.Series,
    post: pd.Series,
    *,
    measure: str,
    kind: str = "scale",
    arm: str | None = None,
    test: str = "auto",
    alpha: float = 0.05,
    normality_max_n: int = 50,
) -> dict:
    """Compare the pre and post scores of the same respondents on one measure.

    Parameters
    ----------
    pre, post
        Scores of the two waves, indexed by respondent key; NaN is a missing score.
        They are aligned by index, and only respondents with both scores are used.
    measure, kind, arm
        Labels written to the ``measure``, ``kind`` (such as ``"scale"`` or
        ``"item"``) and ``arm`` keys.
    test
        ``"auto"`` (the rule in Notes), ``"t"`` or ``"wilcoxon"``. Both tests are
        always computed. ``test`` sets ``test_chosen`` and ``p_value`` only.
    alpha
        Significance level of the Shapiro-Wilk check. The confidence intervals have
        level ``1 - alpha`` (95% by default).
    normality_max_n
        From this many pairs on, ``"auto"`` chooses the t-test without looking at
        the Shapiro-Wilk test.

    Returns
    -------
    dict
        One row with the keys of :data:`PAIRED_COLUMNS`. Statistics that the data
        cannot give are NaN, and ``note`` gives the reason. Nothing is rounded.

    Raises
    ------
    ScoringError
        If a score is text or infinite.
    DataFileError
        If a respondent key appears twice in one wave.
    CodebookError
        If ``test`` is unknown.
    ValueError
        If ``alpha`` is not between 0 and 1.

    Notes
    -----
    Differences are post - pre, so a positive ``mean_diff`` is an increase.

    - ``t``, ``df`` and ``t_p`` are R's ``t.test(post, pre, paired = TRUE)``, and
      ``diff_ci_low``/``diff_ci_high`` its t interval of the mean difference.
    - ``cohen_dz = mean_diff / sd_diff = t / sqrt(n)``, as JASP and jamovi report
      it and R's ``effectsize::cohens_d(paired = TRUE)`` computes it. Its CI
      inverts the noncentral t distribution with df = n - 1 and divides the
      bounds by sqrt(n). pingouin's paired ``cohen-d`` is a different quantity
      (it divides by the root mean square of the two SDs).
    - ``cohen_dav = mean_diff / ((sd_pre + sd_post) / 2)`` and
      ``hedges_gav = cohen_dav * (1 - 3 / (4(n - 1) - 1))`` (Lakens, 2013).
      ``r_pre_post`` is Pearson's r of the pre and post scores.
    - ``wilcoxon_w``, ``wilcoxon_p`` and ``wilcoxon_method`` come from
      :func:`wilcoxon_signed_rank`, which follows R's ``wilcox.test``.
      ``rank_biserial = (W+ - W-) / (W+ + W-)`` over the non-zero differences.
      Its CI is ``tanh(atanh(r) ± z · SE)`` with
      ``SE = sqrt((2n^3 + 3n^2 + n) / 6) / (n(n + 1) / 2)``, as in R's
      ``effectsize::rank_biserial(paired = TRUE)``. When every nonzero difference
      has the same sign, r is -1 or 1, atanh(r) is infinite and the interval
      would be [r, r] for any n, so the bounds are NaN and ``note`` gives the
      reason.
    - ``normality_p`` is the Shapiro-Wilk test of the differences
      (:func:`scipy.stats.shapiro`, as R's ``shapiro.test``). It is NaN for fewer
      than 3 pairs, above 5000 pairs, and when all differences are equal.

    ``test="auto"`` chooses, in this order:

    1. no test with fewer than 2 pairs, or when all differences are zero;
    2. the Wilcoxon test when all differences are equal (t is not defined);
    3. the t-test from ``normality_max_n`` pairs on (default 50), because the mean
       difference is then close to normal whatever the shape of the differences,
       and the Shapiro-Wilk test rejects trivial departures at that size;
    4. the t-test with 2 pairs, which the Shapiro-Wilk test cannot check;
    5. otherwise the t-test if the Shapiro-Wilk p >= ``alpha``, else the Wilcoxon
       test.

    ``reason`` states which step applied.

    References
    ----------
    Lakens, D. (2013). Calculating and reporting effect sizes to facilitate
    cumulative science: a practical primer for t-tests and ANOVAs. Frontiers in
    Psychology, 4, 863.

    Kerby, D. S. (2014). The simple difference formula: an approach to teaching
    nonparametric correlation. Comprehensive Psychology, 3, 11.IT.3.1.
    """
    _check_options(test, alpha)
    row = _empty_row(measure, kind, arm)
    complete, unpaired = _pairs(pre, post, measure)
    notes = []
    if unpaired:
        notes.append(f"{unpaired} respondent(s) without both a pre and a post score")

    pre_values = complete["pre"].to_numpy()
    post_values = complete["post"].to_numpy()
    d = post_values - pre_values
    n = d.size
    row["n_pairs"] = n
    if n == 0:
        row["reason"] = "no respondent has both a pre and a post score"
        row["note"] = "; ".join([*notes, "no pairs"])
        return row

    row.update(
        mean_pre=float(pre_values.mean()),
        mean_post=float(post_values.mean()),
        mean_diff=float(d.mean()),
        normality_p=_normality_p(d),
    )
    confidence = 1 - alpha
    row.update(_average_sd_part(pre_values, post_values))
    row.update(_t_part(d, confidence))

    w_plus, w_p, w_method = wilcoxon_signed_rank(d)
    n_nonzero = int(np.count_nonzero(np.round(d, _DECIMALS)))
    r, r_low, r_high = _rank_biserial(w_plus, n_nonzero, confidence)
    row.update(
        wilcoxon_w=w_plus,
        wilcoxon_p=w_p,
        wilcoxon_method=w_method,
        rank_biserial=r,
        rb_ci_low=r_low,
        rb_ci_high=r_high,
    )

    if n == 1:
        notes.append("1 pair: standard deviations and t are not defined")
    elif n >= 2 and math.isnan(row["t"]):
        notes.append("zero variance of differences: t not defined")
    if w_method == NOT_DEFINED:
        notes.append("all differences are zero: Wilcoxon not defined")
    if abs(r) == 1:
        notes.append(f"r = {r:g}: all nonzero differences have one sign; no interval")

    chosen, reason = _choose_test(row, test, alpha, normality_max_n)
    row["test_chosen"] = chosen
    row["reason"] = reason
    if chosen == T_TEST:
        row["p_value"] = row["t_p"]
    elif chosen == WILCOXON:
        row["p_value"] = row["wilcoxon_p"]
    row["note"] = "; ".join(notes)
    return row


# --- all measures of two waves ------------------------------------------------------


def _arm_labels(arm: pd.Series) -> list:
    if isinstance(arm.dtype, pd.CategoricalDtype):
        return [level for level in arm.cat.categories if (arm == level).any()]
    return sorted(arm.dropna().unique().tolist(), key=str)


def _missing_wave_row(measure: str, kind: str, arm: str, missing_wave: str) -> dict:
    row = _empty_row(measure, kind, arm)
    row["reason"] = f"the column is missing in the {missing_wave} wave"
    row["note"] = f"missing in {missing_wave} wave"
    return row


def paired_comparisons(
    pre: pd.DataFrame,
    post: pd.DataFrame,
    *,
    kind: str,
    arm: pd.Series | None = None,
    test: str = "auto",
    correction: str = "holm",
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Compare every measure of the pre wave with the same column of the post wave.

    Parameters
    ----------
    pre, post
        One column per measure (scale or item), one row per respondent, indexed by
        respondent key. Columns are paired by name.
    kind
        Label of the measures, such as ``"scale"`` or ``"item"``, written to the
        ``kind`` column and used in the family name.
    arm
        Study arm of each respondent (for example intervention and control),
        indexed by respondent key. When given, each arm is compared separately.
        When omitted, all respondents form one arm labelled ``"all"``.
    test, alpha
        As :func:`paired_comparison`.
    correction
        ``"holm"``, ``"fdr_bh"`` or ``"none"``, applied to ``p_value`` within each
        family.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`PAIRED_COLUMNS` plus ``p_adjusted`` and ``family``, one row
        per arm and measure, grouped by arm in category order (sorted for other
        dtypes). Measures come in the order of ``pre``, then the columns that only
        ``post`` has. A column that only one wave has gives a row with ``note``
        ``"missing in post wave"`` (or pre), ``n_pairs`` 0 and no test. A family
        is the measures of one arm in one call, named ``"<arm>: <kind>"``.

    Raises
    ------
    CodebookError
        If ``correction`` or ``test`` is unknown.
    DataFileError
        If a respondent key appears twice in ``pre``, ``post`` or ``arm``.
    ScoringError, ValueError
        As :func:`paired_comparison`.

    Warns
    -----
    SurveyWarning
        When respondents have no arm; they are left out of every comparison.
    """
    check_correction(correction)
    _check_options(test, alpha)
    _check_unique_index(pre, "pre")
    _check_unique_index(post, "post")

    if arm is None:
        keys = pre.index.union(post.index)
        arm = pd.Series("all", index=keys)
    else:
        _check_unique_index(arm, "arm")
        keys = pre.index.union(post.index)
        without_arm = int(arm.reindex(keys).isna().sum())
        if without_arm:
            warnings.warn(
                f"{without_arm} respondent(s) have no study arm and are left out of "
                "the pre/post comparisons. Fill in their arm to include them.",
                SurveyWarning,
                stacklevel=2,
            )

    measures = [*pre.columns, *[c for c in post.columns if c not in pre.columns]]
    rows: list[dict] = []
    for label in _arm_labels(arm):
        members = arm.index[arm == label]
        arm_label = str(label)
        for measure in measures:
            name = str(measure)
            if measure not in post.columns:
                rows.append(_missing_wave_row(name, kind, arm_label, "post"))
                continue
            if measure not in pre.columns:
                rows.append(_missing_wave_row(name, kind, arm_label, "pre"))
                continue
            rows.append(
                paired_comparison(
                    pre[measure][pre.index.isin(members)],
                    post[measure][post.index.isin(members)],
                    measure=name,
                    kind=kind,
                    arm=arm_label,
                    test=test,
                    alpha=alpha,
                )
            )

    table = pd.DataFrame(rows, columns=PAIRED_COLUMNS)
    table["p_adjusted"] = math.nan
    table["family"] = table["arm"].astype(str) + ": " + kind
    for index in table.groupby("family", sort=False).groups.values():
        table.loc[index, "p_adjusted"] = adjust_p(
            table.loc[index, "p_value"].to_numpy(dtype=float), correction
        )
    return table


# --- McNemar's test -----------------------------------------------------------------


def _binary(values: pd.Series, wave: str) -> pd.Series:
    numeric = as_numeric(values, subject=f"{wave.capitalize()} answers")
    observed = numeric.dropna()
    bad = observed[~observed.isin([0.0, 1.0])]
    if len(bad):
        raise ScoringError(
            f"{wave.capitalize()} answers of a binary item must be 0/1 or "
            f"True/False, but {len(bad)} value(s) are not, for example {bad.iloc[0]!r}.",
            hint="Score the item as 1 (yes, correct) and 0 (no, wrong) before "
            "McNemar's test.",
            column=None if values.name is None else str(values.name),
            value=bad.iloc[0],
        )
    return numeric


def mcnemar(pre: pd.Series, post: pd.Series) -> dict:
    """Test whether the share of 1 (yes, correct) answers changed between waves.

    Parameters
    ----------
    pre, post
        Answers to one binary item, as 0/1 or False/True, indexed by respondent
        key; NaN is a missing answer. Only respondents with both answers count.

    Returns
    -------
    dict
        ``n_pairs``; ``b``, the pairs that went from 1 to 0; ``c``, the pairs that
        went from 0 to 1; ``statistic`` and ``df`` (NaN for the exact test);
        ``p_value`` (two-sided); ``method``. With no discordant pair the test is
        not defined: ``p_value`` is NaN and ``method`` says so.

    Raises
    ------
    ScoringError
        If an answer is not 0, 1, True or False.
    DataFileError
        If a respondent key appears twice in one wave.

    Notes
    -----
    With fewer than 25 discordant pairs (b + c < 25, the common rule for a
    chi-square approximation of a binomial with p = 0.5), the p-value is the exact
    binomial test, ``2 · P(X <= min(b, c))`` for X ~ Binomial(b + c, 0.5), capped
    at 1 (R's ``binom.test(b, b + c)``, exact2x2's exact McNemar test). Otherwise
    it is R's ``mcnemar.test(correct = TRUE)``:
    ``chi2 = (|b - c| - 1)^2 / (b + c)`` with 1 df.
    """
    _check_unique_index(pre, "pre")
    _check_unique_index(post, "post")
    joined = pd.concat(
        [_binary(pre, "pre"), _binary(post, "post")], axis=1, keys=["pre", "post"]
    ).dropna()
    b = int(((joined["pre"] == 1) & (joined["post"] == 0)).sum())
    c = int(((joined["pre"] == 0) & (joined["post"] == 1)).sum())
    result: dict = {
        "n_pairs": len(joined),
        "b": b,
        "c": c,
        "statistic": math.nan,
        "df": math.nan,
        "p_value": math.nan,
        "method": "",
    }
    discordant = b + c
    if discordant == 0:
        result["method"] = "not defined: no respondent changed their answer"
        return result
    if discordant < MCNEMAR_EXACT_BELOW:
        p = 2 * float(stats.binom.cdf(min(b, c), discordant, 0.5))
        result.update(p_value=min(p, 1.0), method="exact binomial test")
        return result
    chi2 = (abs(b - c) - 1) ** 2 / discordant
    result.update(
        statistic=float(chi2),
        df=1.0,
        p_value=float(stats.chi2.sf(chi2, 1)),
        method="chi-square with continuity correction",
    )
    return result
