"""Descriptive statistics of scale scores, for the whole sample and by group."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
from scipy import stats

from srsurvey.errors import ScoringError, SurveyWarning

__all__ = ["DESCRIBE_KEYS", "describe", "descriptives_table"]

# Keys of ``describe`` in output order; ``descriptives_table`` uses them as columns.
DESCRIBE_KEYS = (
    "n",
    "missing",
    "mean",
    "sd",
    "se",
    "ci_low",
    "ci_high",
    "median",
    "q1",
    "q3",
    "iqr",
    "min",
    "max",
    "skewness",
    "skewness_se",
    "kurtosis",
    "kurtosis_se",
    "shapiro_w",
    "shapiro_p",
)

# scipy.stats.shapiro documents that its p-value may be inaccurate above this n,
# and R's shapiro.test rejects larger samples.
_SHAPIRO_MAX_N = 5000


def as_numeric(values: pd.Series, *, subject: str = "Scores") -> pd.Series:
    """Return ``values`` as float64 with NaN for missing, or raise ScoringError.

    Booleans and numbers are accepted. Text, even text that looks like a number, is
    rejected because it means the answers were never scored.
    """
    name = None if values.name is None else str(values.name)
    if pd.api.types.is_bool_dtype(values) or pd.api.types.is_numeric_dtype(values):
        numeric = values.astype("float64")
    else:
        converted = pd.to_numeric(values, errors="coerce")
        bad = values.notna() & converted.isna()
        if bad.any():
            first = values[bad].iloc[0]
            raise ScoringError(
                f"{subject} must be numbers, but {int(bad.sum())} value(s) are not, "
                f"for example {first!r}.",
                hint="Score the answers with the study file's response scales "
                "before computing statistics.",
                column=name,
                value=first,
            )
        numeric = converted.astype("float64")

    if np.isinf(numeric).any():
        first = numeric[np.isinf(numeric)].iloc[0]
        raise ScoringError(
            f"{subject} contain an infinite value ({first}).",
            hint="Check the scoring of this column: a score must be a finite number.",
            column=name,
            value=first,
        )
    return numeric


def _moments(x: np.ndarray) -> tuple[float, float, float]:
    deviations = x - x.mean()
    return (
        float(np.mean(deviations**2)),
        float(np.mean(deviations**3)),
        float(np.mean(deviations**4)),
    )


def _skewness(x: np.ndarray) -> float:
    n = x.size
    if n < 3:
        return math.nan
    m2, m3, _ = _moments(x)
    if m2 == 0:
        return math.nan
    g1 = m3 / m2**1.5
    return g1 * math.sqrt(n * (n - 1)) / (n - 2)


def _kurtosis(x: np.ndarray) -> float:
    n = x.size
    if n < 4:
        return math.nan
    m2, _, m4 = _moments(x)
    if m2 == 0:
        return math.nan
    g2 = m4 / m2**2 - 3
    return ((n + 1) * g2 + 6) * (n - 1) / ((n - 2) * (n - 3))


def _skewness_se(n: int) -> float:
    if n < 3:
        return math.nan
    return math.sqrt(6 * n * (n - 1) / ((n - 2) * (n + 1) * (n + 3)))


def _kurtosis_se(n: int) -> float:
    if n < 4:
        return math.nan
    return 2 * _skewness_se(n) * math.sqrt((n**2 - 1) / ((n - 3) * (n + 5)))


def _shapiro(x: np.ndarray, name: str | None) -> tuple[float, float]:
    if x.size < 3 or np.ptp(x) == 0:
        return math.nan, math.nan
    if x.size > _SHAPIRO_MAX_N:
        warnings.warn(
            f"{name or 'Scores'}: the Shapiro-Wilk p-value is approximate for "
            f"n = {x.size} > {_SHAPIRO_MAX_N}; judge normality from the skewness, "
            "kurtosis and a histogram instead.",
            SurveyWarning,
            stacklevel=3,
        )
    with warnings.catch_warnings():
        # scipy repeats the large-n caveat above as a UserWarning.
        warnings.simplefilter("ignore", UserWarning)
        result = stats.shapiro(x)
    return float(result.statistic), float(result.pvalue)


def describe(values: pd.Series) -> dict:
    """Compute descriptive statistics of one numeric variable.

    Parameters
    ----------
    values
        Scores of one scale or item; NaN or NA marks a missing score.

    Returns
    -------
    dict
        Keys in :data:`DESCRIBE_KEYS` order. ``n`` and ``missing`` are ints, every
        other value is a float, NaN where the statistic needs more scores than
        there are (see Notes). Nothing is rounded.

    Raises
    ------
    ScoringError
        If a value is text or infinite.

    Notes
    -----
    - ``sd`` is the sample standard deviation (denominator n - 1) and
      ``se = sd / sqrt(n)``. ``ci_low`` and ``ci_high`` bound the 95% confidence
      interval of the mean, ``mean ± t(0.975, n - 1) · se``, as R's
      ``t.test(x)$conf.int`` and jamovi's descriptives give it. They need n ≥ 2.
    - ``q1``, ``median`` and ``q3`` are quantiles of type 7 of Hyndman and Fan
      (1996): linear interpolation between order statistics, the default of R's
      ``quantile()`` and ``summary()``, jamovi and :func:`numpy.quantile`. SPSS
      uses type 6, which gives slightly wider quartiles in small samples.
      ``iqr = q3 - q1``.
    - ``skewness`` is the adjusted Fisher-Pearson coefficient
      ``G1 = g1 · sqrt(n(n - 1)) / (n - 2)`` and ``kurtosis`` the adjusted excess
      kurtosis ``G2 = ((n + 1) g2 + 6)(n - 1) / ((n - 2)(n - 3))``, where
      ``g1 = m3 / m2^1.5`` and ``g2 = m4 / m2^2 - 3`` use central moments with
      denominator n. These are the definitions of SPSS, SAS, jamovi and
      ``psych::describe(type = 2)``, equal to ``scipy.stats.skew`` and
      ``scipy.stats.kurtosis`` with ``bias=False``. Note that psych's default is
      type 3, which prints slightly smaller values.
    - Their standard errors are SPSS's:
      ``skewness_se = sqrt(6n(n - 1) / ((n - 2)(n + 1)(n + 3)))`` and
      ``kurtosis_se = 2 · skewness_se · sqrt((n^2 - 1) / ((n - 3)(n + 5)))``.
      Skewness needs n ≥ 3 and kurtosis n ≥ 4. Both are NaN when all scores are
      equal.
    - ``shapiro_w`` and ``shapiro_p`` come from :func:`scipy.stats.shapiro`
      (Royston's algorithm, as R's ``shapiro.test``). They are NaN for n < 3 or
      when all scores are equal. Above n = 5000 they come with a SurveyWarning,
      because the p-value is then approximate.
    """
    numeric = as_numeric(values)
    x = numeric.dropna().to_numpy()
    n = int(x.size)
    result: dict = dict.fromkeys(DESCRIBE_KEYS, math.nan)
    result["n"] = n
    result["missing"] = int(numeric.isna().sum())
    if n == 0:
        return result

    q1, median, q3 = np.quantile(x, [0.25, 0.5, 0.75])
    result.update(
        mean=float(x.mean()),
        median=float(median),
        q1=float(q1),
        q3=float(q3),
        iqr=float(q3 - q1),
        min=float(x.min()),
        max=float(x.max()),
    )

    if n >= 2:
        sd = float(x.std(ddof=1))
        se = sd / math.sqrt(n)
        margin = float(stats.t.ppf(0.975, n - 1)) * se
        result.update(
            sd=sd,
            se=se,
            ci_low=result["mean"] - margin,
            ci_high=result["mean"] + margin,
        )

    w, p = _shapiro(x, None if values.name is None else str(values.name))
    result.update(
        skewness=_skewness(x),
        skewness_se=_skewness_se(n),
        kurtosis=_kurtosis(x),
        kurtosis_se=_kurtosis_se(n),
        shapiro_w=w,
        shapiro_p=p,
    )
    return result


def _group_categories(column: pd.Series) -> tuple[pd.Series, list]:
    """Return the column as a Categorical and its categories in order."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column, list(column.cat.categories)
    categorical = column.astype("category")
    return categorical, list(categorical.cat.categories)


def check_aligned(scores: pd.DataFrame, groups: pd.DataFrame, name: str) -> None:
    """Raise ValueError unless ``groups`` has the same row labels as ``scores``."""
    if not scores.index.equals(groups.index):
        raise ValueError(
            f"{name} must have the same index as the scores (one row per "
            "respondent, in the same order)"
        )


def descriptives_table(
    scores: pd.DataFrame,
    groups: pd.DataFrame | None = None,
    *,
    labels: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Describe every scale for the whole sample and within each group.

    Parameters
    ----------
    scores
        One column per scale, one row per respondent; NaN is a missing score.
    groups
        One column per group variable, with the same index as ``scores``. Ordered
        Categoricals keep their category order; any other column is converted
        with :meth:`pandas.Series.astype` ``("category")``, which sorts the values.
    labels
        Display names of scales and group variables, keyed by column name. A name
        that is not a key is shown as it is.

    Returns
    -------
    pandas.DataFrame
        Columns ``scale``, ``group``, ``group_value`` and then the keys of
        :func:`describe`. For each scale, the first row describes the whole sample
        (``group`` and ``group_value`` are NA). Rows for each group variable and
        each of its categories follow, in category order, including categories
        without respondents (n = 0). Respondents whose group value is missing
        appear only in the whole-sample row.

    Raises
    ------
    ScoringError
        If a score is text or infinite.
    ValueError
        If ``groups`` has a different index from ``scores``.
    """
    labels = labels or {}
    if groups is not None:
        check_aligned(scores, groups, "groups")

    rows = []
    for scale in scores.columns:
        values = scores[scale]
        scale_label = labels.get(scale, scale)
        rows.append({"scale": scale_label, "group": pd.NA, "group_value": pd.NA})
        rows[-1].update(describe(values))
        if groups is None:
            continue
        for group_name in groups.columns:
            column, categories = _group_categories(groups[group_name])
            for category in categories:
                in_group = values[(column == category).to_numpy()]
                rows.append(
                    {
                        "scale": scale_label,
                        "group": labels.get(group_name, group_name),
                        "group_value": category,
                    }
                )
                rows[-1].update(describe(in_group))

    columns = ["scale", "group", "group_value", *DESCRIBE_KEYS]
    table = pd.DataFrame(rows, columns=columns)
    return table.astype({"n": "int64", "missing": "int64"})
