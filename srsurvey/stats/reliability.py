"""Cronbach's alpha, McDonald's omega and item statistics of one scale.

The functions take a respondents x items DataFrame of numbers that are already
reverse-keyed, with NaN for a missing answer, and return plain numbers or a
:class:`ReliabilityResult`. The formulas follow R's ``psych::alpha`` and, for omega,
JASP's one-factor model. The tests compare them with values that R psych, JASP and
pingouin publish.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from srsurvey.errors import CodebookError, ScoringError, SurveyWarning
from srsurvey.stats._factor import fit_one_factor_ml

__all__ = [
    "MISSING_RULES",
    "ReliabilityResult",
    "cronbach_alpha",
    "omega_total",
    "reliability",
]

MISSING_RULES = ("pairwise", "listwise")


@dataclass
class ReliabilityResult:
    """Reliability of one scale.

    Attributes
    ----------
    summary
        Scale statistics with the keys ``n`` (respondents used), ``n_items``,
        ``alpha``, ``alpha_ci_low``, ``alpha_ci_high`` (Feldt interval),
        ``alpha_std``, ``omega_total``, ``mean_inter_item_r`` and ``missing_rule``
        (``"pairwise"`` or ``"listwise"``).
    items
        One row per item in input order, with the columns ``item``, ``n`` (answers
        used), ``mean``, ``sd`` (ddof = 1), ``item_rest_r`` and
        ``alpha_if_deleted``.
    warnings
        Caveats for the user, such as an item that correlates negatively with the
        rest of the scale. Each one was also issued as a :class:`SurveyWarning`.
    """

    summary: dict[str, float | int | str]
    items: pd.DataFrame
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Prepared:
    """Validated data of one scale and its covariance matrix."""

    data: pd.DataFrame
    cov: np.ndarray
    n: int
    label: str


def reliability(
    items: pd.DataFrame,
    *,
    missing: str = "pairwise",
    ci: float = 0.95,
    scale: str | None = None,
) -> ReliabilityResult:
    """Compute alpha, its Feldt interval, omega and item statistics of one scale.

    Parameters
    ----------
    items
        Respondents x items, numeric, already reverse-keyed, NaN for missing.
    missing
        ``"pairwise"`` (the default of R ``psych::alpha`` and pingouin) computes
        each covariance from the respondents who answered both items.
        ``"listwise"`` keeps only the respondents who answered every item.
    ci
        Level of the confidence interval of alpha, between 0 and 1.
    scale
        Scale name used in messages and warnings.

    Returns
    -------
    ReliabilityResult
        Scale summary, item table and warnings.

    Raises
    ------
    CodebookError
        If ``missing`` or ``ci`` is invalid.
    ScoringError
        If there are fewer than 2 items, a column is not numeric or has infinite
        values, an item has no variance or fewer than 2 answers, two items have
        fewer than 2 respondents in common, or fewer than 2 respondents remain.

    Warns
    -----
    SurveyWarning
        For each item with a negative item-rest correlation, and when omega cannot
        be estimated or the one-factor fit is a Heywood case.

    Notes
    -----
    ``n`` is the number of respondents who answered at least one item of the scale
    under ``"pairwise"`` and the number of complete cases under ``"listwise"``. The
    Feldt interval uses this ``n``. R ``psych::alpha`` uses the number of rows of
    its input instead, so the intervals agree unless some rows answered no item.
    Under ``"listwise"`` they agree with ``psych::alpha`` run on the complete
    cases, but not with ``psych::alpha(use = "complete.obs")``, which still counts
    every row.

    All statistics come from one covariance matrix ``C`` of the items, computed
    pairwise or listwise, as ``psych::alpha`` does:

    - alpha is ``k / (k - 1) * (1 - trace(C) / sum(C))``.
    - ``alpha_std`` and ``mean_inter_item_r`` use ``R = cov2cor(C)``. The mean
      inter-item correlation is the mean of the off-diagonal elements of ``R``, and
      ``alpha_std = k * r / (1 + (k - 1) * r)`` (psych's ``std.alpha`` and
      ``average_r``).
    - ``item_rest_r`` is the correlation of an item with the sum of the other items,
      computed from ``C`` as ``(sum(C[:, i]) - C[i, i]) / sqrt(C[i, i] *
      sum(C[-i, -i]))``. This is psych's ``r.drop``. Under ``"pairwise"`` every
      element of ``C`` uses its own set of respondents, so no respondent is dropped
      for a missing answer to another item.
    - ``alpha_if_deleted`` is alpha of ``C`` without item ``i`` (psych's
      ``raw_alpha`` under "Reliability if an item is dropped"). It is NaN for a
      2-item scale, because one item has no alpha.
    - ``mean`` and ``sd`` of an item use every answer that the rule keeps.

    ``omega_total`` is :func:`omega_total` with the same rule and
    ``standardized=False``, so it is the omega of the raw sum score.

    References
    ----------
    Feldt, L. S., Woodruff, D. J., & Salih, F. A. (1987). Statistical inference for
    coefficient alpha. Applied Psychological Measurement, 11(1), 93-103.

    Revelle, W. psych: Procedures for Psychological, Psychometric, and Personality
    Research. R package, function ``alpha``.
    """
    prepared = _prepare(items, missing=missing, scale=scale)
    low, high = _feldt_interval(_alpha_of(prepared.cov), prepared.n, prepared.cov, ci)
    messages: list[str] = []

    item_table = _item_table(prepared)
    for row in item_table.itertuples(index=False):
        if row.item_rest_r < 0:
            messages.append(
                f"Item {row.item} correlates negatively with the rest of "
                f"{prepared.label} (r = {row.item_rest_r:.2f}): check whether it "
                "should be reverse-keyed."
            )

    omega, omega_messages = _omega_from_cov(
        prepared.cov, label=prepared.label, standardized=False
    )
    messages.extend(omega_messages)

    mean_r = _mean_inter_item_r(prepared.cov)
    summary: dict[str, float | int | str] = {
        "n": prepared.n,
        "n_items": prepared.cov.shape[0],
        "alpha": _alpha_of(prepared.cov),
        "alpha_ci_low": low,
        "alpha_ci_high": high,
        "alpha_std": _standardized_alpha(mean_r, prepared.cov.shape[0]),
        "omega_total": omega,
        "mean_inter_item_r": mean_r,
        "missing_rule": missing,
    }
    for message in messages:
        warnings.warn(message, SurveyWarning, stacklevel=2)
    return ReliabilityResult(summary=summary, items=item_table, warnings=messages)


def cronbach_alpha(
    items: pd.DataFrame, *, missing: str = "pairwise", ci: float = 0.95
) -> tuple[float, float, float]:
    """Compute Cronbach's alpha and its Feldt confidence interval.

    Parameters
    ----------
    items
        Respondents x items, numeric, already reverse-keyed, NaN for missing.
    missing
        ``"pairwise"`` or ``"listwise"``, as in :func:`reliability`.
    ci
        Level of the confidence interval, between 0 and 1.

    Returns
    -------
    tuple of float
        ``(alpha, ci_low, ci_high)``.

    Raises
    ------
    CodebookError, ScoringError
        As :func:`reliability` does.

    Notes
    -----
    The interval is Feldt's: with ``n`` respondents, ``k`` items and
    ``p = 1 - ci``, ``low = 1 - (1 - alpha) * F(1 - p/2; n - 1, (n - 1)(k - 1))``
    and ``high = 1 - (1 - alpha) * F(p/2; n - 1, (n - 1)(k - 1))``, where ``F`` is
    the quantile function of the F distribution. This is R ``psych::alpha.ci``.
    ``n`` is defined as in :func:`reliability`.

    pingouin 0.7.0 ``cronbach_alpha`` gives the same alpha, but its interval is
    rounded to 3 decimals and, with ``nan_policy="listwise"``, uses the number of
    rows before the incomplete ones are dropped. This function therefore computes
    the interval itself, with the number of complete cases under ``"listwise"``.
    """
    prepared = _prepare(items, missing=missing, scale=None)
    alpha = _alpha_of(prepared.cov)
    low, high = _feldt_interval(alpha, prepared.n, prepared.cov, ci)
    return alpha, low, high


def omega_total(
    items: pd.DataFrame, *, missing: str = "pairwise", standardized: bool = False
) -> float:
    """Compute McDonald's omega total from a one-factor model.

    Parameters
    ----------
    items
        Respondents x items, numeric, already reverse-keyed, NaN for missing.
    missing
        ``"pairwise"`` or ``"listwise"``, as in :func:`reliability`.
    standardized
        If False (the default), omega is the reliability of the sum of the raw
        item scores. If True, it is the reliability of the sum of the standardised
        items, computed from the correlation matrix.

    Returns
    -------
    float
        Omega total, or NaN with a :class:`SurveyWarning` when the scale has only 2
        items or its correlation matrix is not positive definite.

    Raises
    ------
    CodebookError, ScoringError
        As :func:`reliability` does.

    Notes
    -----
    One common factor is fitted by maximum likelihood to the correlation matrix
    ``R = cov2cor(C)``, as ``stats::factanal`` does. This gives standardised
    loadings ``l`` and uniquenesses ``u``. With item standard deviations ``s`` the
    raw-score loadings are ``l * s`` and the raw-score uniquenesses are
    ``u * s**2``, and

    ``omega = sum(loadings)**2 / (sum(loadings)**2 + sum(uniquenesses))``

    is computed from the raw-score or, with ``standardized=True``, from the
    standardised values. This is the CFA-based coefficient omega of JASP's
    unidimensional reliability analysis (``omegaEstimationMethod = "cfa"``, with
    ``coefficientType = "unstandardized"`` or ``"standardized"``), and the
    tests reproduce JASP's published values.

    R ``psych::omega(x, nfactors = 1)``, which jamovi reports, fits the model by
    minimum residual (unweighted least squares) instead and divides by the sum of
    the observed correlation matrix. Its value usually differs from this one in
    the second or third decimal.

    A model with one factor and 2 items is not identified, so 2-item scales get
    NaN. When a uniqueness reaches its lower bound of 0.005 (a Heywood case), the
    value is returned with a warning.

    References
    ----------
    McDonald, R. P. (1999). Test theory: A unified treatment. Lawrence Erlbaum.
    """
    prepared = _prepare(items, missing=missing, scale=None)
    omega, messages = _omega_from_cov(
        prepared.cov, label=prepared.label, standardized=standardized
    )
    for message in messages:
        warnings.warn(message, SurveyWarning, stacklevel=2)
    return omega


def _prepare(items: pd.DataFrame, *, missing: str, scale: str | None) -> _Prepared:
    """Validate the items, apply the missing-data rule and compute the covariances."""
    label = f"scale {scale}" if scale else "the scale"
    if missing not in MISSING_RULES:
        raise CodebookError(
            f"Missing-data rule {missing!r} is invalid.",
            hint='Use "pairwise" or "listwise".',
            value=missing,
        )
    if not isinstance(items, pd.DataFrame):
        raise TypeError(f"items must be a pandas DataFrame, not {type(items).__name__}")
    if items.shape[1] < 2:
        raise ScoringError(
            f"Reliability of {label} needs at least 2 items, but it has "
            f"{items.shape[1]}.",
            hint="Add items to the scale or leave it out of the reliability analysis.",
        )
    if not items.columns.is_unique:
        duplicated = items.columns[items.columns.duplicated()].tolist()
        raise ScoringError(
            f"Items of {label} have duplicate names: {duplicated}.",
            hint="Give every item a unique column name.",
        )

    data = _to_float(items, label)
    if missing == "listwise":
        data = data.dropna(axis=0, how="any")
    else:
        data = data.dropna(axis=0, how="all")
    n = len(data)
    if n < 2:
        hint = (
            'Use missing: "pairwise" or check the item columns.'
            if missing == "listwise"
            else "Check that the item columns contain the answers."
        )
        raise ScoringError(
            f"Reliability of {label} needs at least 2 respondents, but {n} remain "
            f"after the {missing} missing-data rule.",
            hint=hint,
        )

    _check_items(data, label)
    cov = data.cov(min_periods=2).to_numpy()
    _check_pairs(cov, data.columns, label)
    return _Prepared(data=data, cov=cov, n=n, label=label)


def _to_float(items: pd.DataFrame, label: str) -> pd.DataFrame:
    columns = {}
    for name in items.columns:
        column = items[name]
        if not (
            pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column)
        ):
            first = column.dropna().iloc[0] if column.notna().any() else None
            raise ScoringError(
                f"Item {name} of {label} is not numeric (first value {first!r}).",
                hint="Score the answers as numbers before the reliability analysis.",
                column=str(name),
                value=first,
            )
        values = column.to_numpy(dtype=float, na_value=np.nan)
        if np.isinf(values).any():
            raise ScoringError(
                f"Item {name} of {label} contains an infinite value.",
                hint="Replace it with a valid score or leave the cell empty.",
                column=str(name),
                value=float(values[np.isinf(values)][0]),
            )
        columns[name] = values
    return pd.DataFrame(columns, index=items.index)


def _check_items(data: pd.DataFrame, label: str) -> None:
    for name in data.columns:
        answers = data[name].dropna()
        if len(answers) < 2:
            raise ScoringError(
                f"Item {name} of {label} has {len(answers)} answer(s), and "
                "reliability needs at least 2.",
                hint="Remove the item from the scale or check its column.",
                column=str(name),
            )
        if answers.nunique() == 1:
            raise ScoringError(
                f"Item {name} of {label} has the same answer "
                f"({answers.iloc[0]:g}) from every respondent, so its variance is 0 "
                "and it cannot take part in the reliability analysis.",
                hint="Remove the item from the scale.",
                column=str(name),
                value=float(answers.iloc[0]),
            )


def _check_pairs(cov: np.ndarray, names: pd.Index, label: str) -> None:
    rows, cols = np.nonzero(np.isnan(cov))
    for i, j in zip(rows, cols):
        if i < j:
            raise ScoringError(
                f"Items {names[i]} and {names[j]} of {label} were both answered by "
                "fewer than 2 respondents, so their covariance is undefined.",
                hint='Use missing: "listwise" or remove one of the two items.',
            )


def _alpha_of(cov: np.ndarray) -> float:
    k = cov.shape[0]
    total = cov.sum()
    if total <= 0:
        # NOTE: only strongly negative covariances make the total variance 0 or
        # less. alpha is then undefined and reported as NaN, with no own warning.
        return float("nan")
    return float(k / (k - 1) * (1.0 - np.trace(cov) / total))


def _correlations(cov: np.ndarray) -> np.ndarray:
    sd = np.sqrt(np.diag(cov))
    return cov / np.outer(sd, sd)


def _mean_inter_item_r(cov: np.ndarray) -> float:
    k = cov.shape[0]
    corr = _correlations(cov)
    return float((corr.sum() - k) / (k * (k - 1)))


def _standardized_alpha(mean_r: float, k: int) -> float:
    return float(k * mean_r / (1.0 + (k - 1) * mean_r))


def _feldt_interval(
    alpha: float, n: int, cov: np.ndarray, ci: float
) -> tuple[float, float]:
    if isinstance(ci, bool) or not isinstance(ci, int | float) or not 0 < ci < 1:
        raise CodebookError(
            f"Confidence level {ci!r} is not between 0 and 1.",
            hint="Use a level such as 0.95.",
            value=ci,
        )
    k = cov.shape[0]
    df1 = n - 1
    df2 = (n - 1) * (k - 1)
    tail = (1.0 - ci) / 2.0
    low = 1.0 - (1.0 - alpha) * stats.f.isf(tail, df1, df2)
    high = 1.0 - (1.0 - alpha) * stats.f.ppf(tail, df1, df2)
    return float(low), float(high)


def _item_table(prepared: _Prepared) -> pd.DataFrame:
    cov = prepared.cov
    k = cov.shape[0]
    rest_r = np.empty(k)
    if_deleted = np.full(k, np.nan)
    for i in range(k):
        keep = np.arange(k) != i
        rest_cov = cov[np.ix_(keep, keep)]
        rest_r[i] = (cov[:, i].sum() - cov[i, i]) / np.sqrt(cov[i, i] * rest_cov.sum())
        if k > 2:
            if_deleted[i] = _alpha_of(rest_cov)

    data = prepared.data
    return pd.DataFrame(
        {
            "item": [str(name) for name in data.columns],
            "n": data.notna().sum().to_numpy(dtype=int),
            "mean": data.mean().to_numpy(),
            "sd": data.std(ddof=1).to_numpy(),
            "item_rest_r": rest_r,
            "alpha_if_deleted": if_deleted,
        }
    )


def _omega_from_cov(
    cov: np.ndarray, *, label: str, standardized: bool
) -> tuple[float, list[str]]:
    """Return omega total of a covariance matrix and the warnings it raised."""
    k = cov.shape[0]
    if k < 3:
        message = (
            f"Omega of {label} is not reported: a one-factor model needs at least 3 "
            f"items, and the scale has {k}."
        )
        return float("nan"), [message]

    corr = _correlations(cov)
    try:
        fit = fit_one_factor_ml(corr)
    except ValueError:
        message = (
            f"Omega of {label} is not reported: the correlation matrix of its items "
            "is not positive definite, which pairwise deletion can cause. Use "
            'missing: "listwise" to estimate it.'
        )
        return float("nan"), [message]

    if standardized:
        loadings, uniquenesses = fit.loadings, fit.uniquenesses
    else:
        sd = np.sqrt(np.diag(cov))
        loadings, uniquenesses = fit.loadings * sd, fit.uniquenesses * sd**2
    common = loadings.sum() ** 2
    omega = float(common / (common + uniquenesses.sum()))

    messages = []
    if fit.heywood or not fit.converged:
        messages.append(
            f"Omega of {label} comes from a one-factor fit in which an item has a "
            "loading close to 1 (a Heywood case) or the fit did not converge, so "
            "treat it with caution."
        )
    return omega, messages
