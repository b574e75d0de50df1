"""Maximum-likelihood fit of a one-factor model, used by McDonald's omega.

The fit follows ``factanal.fit.mle`` of R's stats package. It finds the uniquenesses
by L-BFGS-B minimisation of the ML discrepancy, in which the loadings for given
uniquenesses come from an eigendecomposition (Joreskog, 1967).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import optimize

__all__ = ["OneFactorFit", "fit_one_factor_ml"]

# Bounds of the uniquenesses, the defaults of R's factanal.fit.mle.
UNIQUENESS_LOWER = 0.005
UNIQUENESS_UPPER = 1.0


@dataclass
class OneFactorFit:
    """Standardised one-factor solution of a correlation matrix.

    Attributes
    ----------
    loadings
        Factor loadings, signed so that their sum is positive.
    uniquenesses
        Fitted unique variances. They equal ``1 - loadings**2`` unless the fit is a
        Heywood case.
    heywood
        True when a uniqueness ended at the lower bound, which means the model
        wants a loading of 1 or more (a Heywood case).
    converged
        Whether the optimiser reported convergence.
    """

    loadings: np.ndarray
    uniquenesses: np.ndarray
    heywood: bool
    converged: bool


def _loadings_for(uniquenesses: np.ndarray, corr: np.ndarray) -> np.ndarray:
    """Return the ML loadings that belong to fixed uniquenesses."""
    scale = 1.0 / np.sqrt(uniquenesses)
    scaled = corr * np.outer(scale, scale)
    eigenvalues, eigenvectors = np.linalg.eigh(scaled)
    first = eigenvectors[:, -1] * np.sqrt(max(eigenvalues[-1] - 1.0, 0.0))
    return np.sqrt(uniquenesses) * first


def _discrepancy(uniquenesses: np.ndarray, corr: np.ndarray) -> float:
    # ML discrepancy with the loadings concentrated out, as in factanal's FAfn. It
    # sums (e - log e - 1) over every eigenvalue e except the largest.
    scale = 1.0 / np.sqrt(uniquenesses)
    eigenvalues = np.linalg.eigvalsh(corr * np.outer(scale, scale))[:-1]
    return float(np.sum(eigenvalues - np.log(eigenvalues) - 1.0))


def _gradient(uniquenesses: np.ndarray, corr: np.ndarray) -> np.ndarray:
    loadings = _loadings_for(uniquenesses, corr)
    residual_diagonal = loadings**2 + uniquenesses - np.diag(corr)
    return residual_diagonal / uniquenesses**2


def fit_one_factor_ml(corr: np.ndarray) -> OneFactorFit:
    """Fit one common factor to a correlation matrix by maximum likelihood.

    Parameters
    ----------
    corr
        A symmetric positive definite correlation matrix of at least 3 items.

    Returns
    -------
    OneFactorFit
        The standardised loadings and uniquenesses.

    Raises
    ------
    ValueError
        If ``corr`` has fewer than 3 rows or is not positive definite. Callers turn
        this into a message about the items.

    Notes
    -----
    ML estimates do not depend on the scale of the items, so fitting the
    correlation matrix gives the standardised solution of the covariance matrix.
    The start values are ``1 - 0.5 / p`` divided by the diagonal of the inverse
    correlation matrix, as in factanal.
    """
    corr = np.asarray(corr, dtype=float)
    n_items = corr.shape[0]
    if corr.ndim != 2 or corr.shape != (n_items, n_items) or n_items < 3:
        raise ValueError("a one-factor model needs a square matrix of 3 or more items")
    if np.linalg.eigvalsh(corr)[0] <= 0:
        raise ValueError("the correlation matrix is not positive definite")

    start = (1.0 - 0.5 / n_items) / np.diag(np.linalg.inv(corr))
    start = np.clip(start, UNIQUENESS_LOWER, UNIQUENESS_UPPER)
    result = optimize.minimize(
        _discrepancy,
        start,
        args=(corr,),
        jac=_gradient,
        method="L-BFGS-B",
        bounds=[(UNIQUENESS_LOWER, UNIQUENESS_UPPER)] * n_items,
        options={"ftol": 1e-15, "gtol": 1e-12, "maxiter": 2000},
    )

    uniquenesses = result.x
    loadings = _loadings_for(uniquenesses, corr)
    if loadings.sum() < 0:
        loadings = -loadings
    heywood = bool(np.any(uniquenesses <= UNIQUENESS_LOWER * (1 + 1e-6)))
    return OneFactorFit(
        loadings=loadings,
        uniquenesses=uniquenesses,
        heywood=heywood,
        converged=_converged(result),
    )


def _converged(result: optimize.OptimizeResult) -> bool:
    """Accept a fit whose gradient vanished even if the line search then failed.

    With tolerances this tight, L-BFGS-B often stops with "ABNORMAL" in its line
    search at a point where the gradient is already below 1e-8, which is a solution.
    """
    if result.success:
        return True
    gradient = np.asarray(result.jac, dtype=float)
    return bool(np.all(np.isfinite(gradient)) and np.abs(gradient).max() < 1e-6)
