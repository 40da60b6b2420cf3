"""Ordered (cumulative) logit fitted by Newton–Raphson with the analytic gradient and Hessian.

The model is the proportional-odds model in the parameterisation of R's ``ordinal::clm``
(and of statsmodels' ``OrderedModel``)::

    P(Y <= j | x) = logistic(theta_j - x'beta),    j = 0, ..., K-2,

with increasing cutpoints ``theta`` and no intercept in ``x``. The log-likelihood is concave
in ``(theta, beta)`` (Pratt 1981), so Newton–Raphson with step halving from a simple start
reaches the maximum in a handful of iterations, to a gradient of about 1e-10 — unlike a
quasi-Newton optimiser that stops as soon as the relative change is small. The covariance
is the inverse of the negative analytic Hessian at the maximum, as ``vcov(clm(...))``.

Every probability is computed on the log scale (``log F(u) + log F(-l) + log(1 - e^(l-u))``)
so that fitted probabilities close to 0 or 1 neither underflow nor cancel.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.linalg import solve_triangular
from scipy.special import expit, log_expit

__all__ = ["OrderedFit", "fit_ordered_logit"]

#: A converged fit's last Newton step must be below this (in every parameter); along a
#: direction of (quasi-)separation the gradient vanishes while the step stays about 1.
_STEP_TOL = 1e-6
#: Step halvings tried per iteration before giving up.
_MAX_HALVINGS = 40


@dataclass(frozen=True)
class OrderedFit:
    """The result of :func:`fit_ordered_logit`.

    Attributes
    ----------
    thresholds : numpy.ndarray
        The K-1 cutpoints ``theta_j`` (increasing), on the logit scale.
    coef : numpy.ndarray
        The p coefficients ``beta``: a positive value shifts answers upwards.
    cov : numpy.ndarray
        The (K-1+p, K-1+p) covariance of ``(thresholds, coef)``, in that order: the inverse
        of the negative Hessian of the log-likelihood (NaN where that is not invertible).
    se_thresholds, se_coef : numpy.ndarray
        Standard errors: square roots of the diagonal of ``cov``.
    loglik : float
        The maximised log-likelihood.
    n_iter : int
        Newton iterations taken.
    converged : bool
        ``max_grad < tol``, the last Newton step is negligible and the Hessian is negative
        definite. False for (quasi-)separated data, where some estimate is infinite.
    max_grad : float
        The largest absolute element of the gradient at the returned estimates.
    """

    thresholds: np.ndarray
    coef: np.ndarray
    cov: np.ndarray
    se_thresholds: np.ndarray
    se_coef: np.ndarray
    loglik: float
    n_iter: int
    converged: bool
    max_grad: float


def _loglik_parts(
    params: np.ndarray, y: np.ndarray, X: np.ndarray, n_thr: int, derivatives: bool
) -> tuple[float, np.ndarray | None, np.ndarray | None]:
    """Log-likelihood and, with ``derivatives``, its gradient and Hessian in ``(theta, beta)``."""
    theta, beta = params[:n_thr], params[n_thr:]
    if n_thr > 1 and not np.all(np.diff(theta) > 0):
        return -np.inf, None, None
    cut = np.concatenate(([-np.inf], theta, [np.inf]))
    xb = X @ beta
    u = cut[y + 1] - xb  # upper bound of the observed category (inf for the top one)
    lo = cut[y] - xb  # lower bound (-inf for the bottom one)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        # log(F(u) - F(l)) = log F(u) + log F(-l) + log(1 - exp(l - u)), exact for the logistic F
        log_p = log_expit(u) + log_expit(-lo) + np.log(-np.expm1(lo - u))
    ll = float(np.sum(log_p))
    if not np.isfinite(ll):
        return -np.inf, None, None
    if not derivatives:
        return ll, None, None
    # d log P / du = f(u)/P and d log P / dl = -f(l)/P, with f = F(1 - F) the logistic density
    g_u = np.exp(log_expit(u) + log_expit(-u) - log_p)
    g_l = np.exp(log_expit(lo) + log_expit(-lo) - log_p)
    h_uu = g_u * (1 - 2 * expit(u)) - g_u**2  # f'(u)/P - (f(u)/P)^2
    h_ll = -g_l * (1 - 2 * expit(lo)) - g_l**2  # -f'(l)/P - (f(l)/P)^2
    h_ul = g_u * g_l
    # Jacobians of u and l in (theta, beta): one-hot rows for the cutpoint, then -x
    n = len(y)
    rows = np.arange(n)
    du = np.zeros((n, n_thr + X.shape[1]))
    dl = np.zeros_like(du)
    top, bottom = y < n_thr, y > 0
    du[rows[top], y[top]] = 1.0
    dl[rows[bottom], y[bottom] - 1] = 1.0
    du[:, n_thr:] = -X
    dl[:, n_thr:] = -X
    grad = du.T @ g_u - dl.T @ g_l
    cross = du.T @ (h_ul[:, None] * dl)
    hess = du.T @ (h_uu[:, None] * du) + dl.T @ (h_ll[:, None] * dl) + cross + cross.T
    return ll, grad, hess


def _simple_start(y: np.ndarray, n_levels: int, p: int) -> np.ndarray:
    """Cutpoints at the marginal cumulative logits, coefficients zero."""
    cum = np.cumsum(np.bincount(y, minlength=n_levels))[:-1] / len(y)
    return np.concatenate((np.log(cum / (1 - cum)), np.zeros(p)))


def fit_ordered_logit(
    y: np.ndarray,
    X: np.ndarray,
    start: np.ndarray | None = None,
    tol: float = 1e-10,
    max_iter: int = 100,
) -> OrderedFit:
    """Fit the ordered logit ``P(Y <= j) = logistic(theta_j - x'beta)`` by Newton–Raphson.

    Newton steps use the analytic gradient and Hessian of the log-likelihood in the
    cutpoints and coefficients directly; a step is halved until the log-likelihood does not
    decrease and the cutpoints stay increasing. The iteration stops when the largest
    absolute gradient element is below ``tol``, after ``max_iter`` iterations, or when no
    halved step helps. Non-convergence (including separated data, where the maximum is at
    infinity) is reported by ``converged=False``, never raised.

    Parameters
    ----------
    y : numpy.ndarray
        Integer category codes ``0, ..., K-1`` (K >= 2), each level present at least once.
    X : numpy.ndarray
        The (n, p) design, without an intercept column (p may be 0).
    start : numpy.ndarray, optional
        Starting values ``(theta_0, ..., theta_{K-2}, beta_1, ..., beta_p)``, cutpoints
        increasing. By default the marginal cumulative logits and zero coefficients.
    tol : float, default 1e-10
        Convergence threshold for the largest absolute element of the gradient of the
        (summed, not averaged) log-likelihood. Rounding in that sum is about ``n * 1e-16``,
        so for very large samples (millions of rows) a larger ``tol`` is needed.
    max_iter : int, default 100
        The most Newton iterations to take.

    Returns
    -------
    OrderedFit
        Cutpoints, coefficients, their covariance and standard errors, the log-likelihood
        and the convergence diagnostics.

    Raises
    ------
    ValueError
        If ``y`` is not integer codes 0..K-1 with every level present, K < 2, ``X`` does not
        have one row per answer, the data are not finite, or ``start`` has the wrong length.

    Notes
    -----
    The parameterisation, estimates and standard errors are those of R's
    ``ordinal::clm(y ~ x)`` (logit link, flexible thresholds) and, at its optimum, of
    statsmodels' ``OrderedModel(y, X, distr="logit")``; ``thresholds`` are the cutpoints
    themselves, not statsmodels' exponential-increment parameters.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(1)
    >>> x = rng.normal(size=(200, 1))
    >>> latent = 0.8 * x[:, 0] + rng.logistic(size=200)
    >>> y = np.digitize(latent, [-1.0, 0.5, 2.0])
    >>> fit = fit_ordered_logit(y, x)
    >>> fit.converged, fit.n_iter < 10
    (True, True)
    >>> print(np.round(fit.coef, 3), np.round(fit.thresholds, 3))
    [0.97] [-0.629  0.667  2.049]
    >>> bool(np.allclose(fit.se_coef, np.sqrt(np.diag(fit.cov))[3:]))
    True
    """
    y = np.asarray(y)
    X = np.asarray(X, dtype=float)
    if X.ndim == 1:
        X = X[:, None]
    if y.ndim != 1 or X.ndim != 2 or len(y) != X.shape[0]:
        raise ValueError("y must be 1-D and X 2-D with one row per element of y")
    if y.size == 0 or y.dtype.kind not in "iuf" or not np.all(np.mod(y, 1) == 0):
        raise ValueError("y must be integer category codes")
    y = y.astype(np.intp)
    n_levels = int(y.max()) + 1
    if y.min() != 0 or n_levels < 2 or np.bincount(y, minlength=n_levels).min() == 0:
        raise ValueError("y must hold the codes 0..K-1 (K >= 2), every level at least once")
    if not np.all(np.isfinite(X)):
        raise ValueError("X must be finite")
    n_thr, p = n_levels - 1, X.shape[1]
    params = _simple_start(y, n_levels, p) if start is None else np.asarray(start, dtype=float).copy()
    if params.shape != (n_thr + p,):
        raise ValueError(f"start must have {n_thr + p} values (K-1 cutpoints, then p coefficients)")

    ll, grad, hess = _loglik_parts(params, y, X, n_thr, derivatives=True)
    if grad is None:  # the given start is not admissible: fall back to the simple one
        params = _simple_start(y, n_levels, p)
        ll, grad, hess = _loglik_parts(params, y, X, n_thr, derivatives=True)
    assert grad is not None and hess is not None
    n_iter, step, stuck = 0, np.full_like(params, np.inf), False
    while n_iter < max_iter and np.max(np.abs(grad), initial=0.0) >= tol:
        try:
            chol = np.linalg.cholesky(-hess)
        except np.linalg.LinAlgError:
            stuck = True  # Hessian not negative definite: no Newton direction
            break
        step = _chol_solve(chol, grad)
        if not np.all(np.isfinite(step)):
            stuck = True
            break
        n_iter += 1
        # Changes below rounding noise in the summed log-likelihood count as no decrease.
        slack = 64 * np.finfo(float).eps * (1.0 + abs(ll))
        for _ in range(_MAX_HALVINGS):
            new_ll, _g, _h = _loglik_parts(params + step, y, X, n_thr, derivatives=False)
            if new_ll >= ll - slack:
                break
            step = step / 2
        else:
            stuck = True
            break
        params = params + step
        ll, grad, hess = _loglik_parts(params, y, X, n_thr, derivatives=True)
        assert grad is not None and hess is not None

    max_grad = float(np.max(np.abs(grad), initial=0.0))
    cov = np.full((n_thr + p, n_thr + p), np.nan)
    newton_step = np.full_like(params, np.inf)
    try:
        chol = np.linalg.cholesky(-hess)
        inv_chol = np.linalg.inv(chol)
        cov = inv_chol.T @ inv_chol
        newton_step = _chol_solve(chol, grad)
    except np.linalg.LinAlgError:
        pass
    converged = bool(
        not stuck
        and max_grad < tol
        and np.all(np.isfinite(cov))
        and np.max(np.abs(newton_step), initial=0.0) < _STEP_TOL
    )
    se = np.sqrt(np.diag(cov))
    return OrderedFit(
        thresholds=params[:n_thr],
        coef=params[n_thr:],
        cov=cov,
        se_thresholds=se[:n_thr],
        se_coef=se[n_thr:],
        loglik=ll,
        n_iter=n_iter,
        converged=converged,
        max_grad=max_grad,
    )


def _chol_solve(chol: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Solve ``(L L') z = b`` for a lower-triangular Cholesky factor ``L``."""
    return solve_triangular(chol.T, solve_triangular(chol, b, lower=True), lower=False)
