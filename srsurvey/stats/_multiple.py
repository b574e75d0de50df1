"""Adjustment of p-values for multiple comparisons."""

from __future__ import annotations

import numpy as np

from srsurvey.errors import CodebookError

__all__ = ["CORRECTIONS", "adjust_p", "check_correction"]

# Names accepted by ``analysis.correction`` in the study file and by ``adjust_p``.
CORRECTIONS = ("holm", "fdr_bh", "none")


def check_correction(method: str) -> str:
    """Return ``method`` if it names a known correction, else raise CodebookError."""
    if method not in CORRECTIONS:
        raise CodebookError(
            f'Unknown multiple-comparison correction "{method}".',
            hint=f"Set analysis.correction to one of: {', '.join(CORRECTIONS)}.",
            value=method,
        )
    return method


def adjust_p(p_values, method: str = "holm") -> np.ndarray:
    """Adjust p-values for multiple comparisons within one family of tests.

    Parameters
    ----------
    p_values
        Array-like of p-values in [0, 1]. NaN marks a test that did not run.
    method
        ``"holm"`` (Holm 1979 step-down, controls the family-wise error rate),
        ``"fdr_bh"`` (Benjamini-Hochberg 1995 step-up, controls the false discovery
        rate) or ``"none"`` (the p-values are returned unchanged).

    Returns
    -------
    numpy.ndarray
        Adjusted p-values in the input order (flattened to one dimension), capped
        at 1. NaN stays NaN and does not count towards the number of tests m.

    Raises
    ------
    CodebookError
        If ``method`` is not one of the names above.
    ValueError
        If a p-value is outside [0, 1].

    Notes
    -----
    The results equal R's ``stats::p.adjust(p, method = "holm")`` and
    ``p.adjust(p, method = "BH")`` after the NaNs are removed.
    """
    check_correction(method)
    p = np.atleast_1d(np.asarray(p_values, dtype=float)).ravel().copy()
    finite = ~np.isnan(p)
    if np.any((p[finite] < 0) | (p[finite] > 1)):
        bad = p[finite][(p[finite] < 0) | (p[finite] > 1)][0]
        raise ValueError(f"p-values must lie in [0, 1], got {bad!r}")

    if method == "none" or not finite.any():
        return p

    observed = p[finite]
    m = observed.size
    order = np.argsort(observed, kind="mergesort")
    ranked = observed[order]

    if method == "holm":
        # The i-th smallest p (0-based) is multiplied by m - i, then made monotone
        # from the smallest upwards.
        scaled = (m - np.arange(m)) * ranked
        adjusted_sorted = np.minimum(np.maximum.accumulate(scaled), 1.0)
    else:
        # Benjamini-Hochberg: the i-th smallest p (1-based) times m / i, made
        # monotone from the largest downwards.
        scaled = ranked * m / np.arange(1, m + 1)
        adjusted_sorted = np.minimum(np.minimum.accumulate(scaled[::-1])[::-1], 1.0)

    adjusted = np.empty(m)
    adjusted[order] = adjusted_sorted
    p[finite] = adjusted
    return p
