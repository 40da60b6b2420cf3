"""Times to an event when some items are still waiting: Kaplan–Meier medians with their
confidence interval, as R's ``survival::survfit`` reports them.

A lead time that has not ended yet (an obstacle still waiting for a decision) is *censored*: we
know only that it is at least as long as it has been so far. Leaving such items out makes a
process look faster than it is (the slow ones are the ones still waiting); the Kaplan–Meier
estimate counts them for as long as they have waited.

The curve and its Greenwood standard error come from :class:`statsmodels.duration.survfunc.SurvfuncRight`.
Two things statsmodels does differently from R are made here as R makes them, so the numbers
equal ``survfit`` (``tests/fixtures/km``):

- the confidence interval of the curve: ``conf.type = "log"`` (R's default:
  ``S·exp(±z·se)``, with ``se`` the Greenwood standard error of the cumulative hazard, capped at
  1) or ``"log-log"``; none where the curve is 0;
- the median (and any quantile) of a curve, and of its two bounds: the first time the curve is
  at or below one half; where it equals one half exactly over a stretch, the midpoint between
  that time and the next drop (R's ``print.survfit``/``summary(fit)$table``). A curve that never
  gets to one half has no median (more than half are still waiting).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import norm
from statsmodels.duration.survfunc import SurvfuncRight

from tuffkit.errors import TuffkitError

__all__ = ["km_median", "curve_quantile"]

_TOL = np.finfo(float).eps ** 0.5  # R: .Machine$double.eps^0.5


def curve_quantile(times: np.ndarray, surv: np.ndarray, p: float = 0.5) -> float:
    """The time the curve ``surv`` (at ``times``) first reaches ``1 - p``, as R's ``survfit``
    table reads its median: the midpoint to the next drop when it sits exactly on ``1 - p``.

    Examples
    --------
    >>> curve_quantile(np.array([1., 2, 3, 4]), np.array([.75, .5, .25, 0.]))
    2.5
    >>> float(curve_quantile(np.array([1., 2]), np.array([.9, .8])))
    nan
    """
    level = 1 - p
    y = np.asarray(surv, dtype=float)
    x = np.asarray(times, dtype=float)
    keep = ~np.isnan(y) & (y < level + _TOL)
    if not keep.any():
        return float("nan")
    x, y = x[keep], y[keep]
    if abs(y[0] - level) < _TOL and (y < y[0]).any():
        return float((x[0] + x[np.flatnonzero(y < y[0])[0]]) / 2)
    return float(x[0])


def km_median(time: np.ndarray | pd.Series, event: np.ndarray | pd.Series, level: float = 0.95,
              conf_type: str = "log") -> dict[str, float]:
    """The Kaplan–Meier median of ``time`` (``event`` 1 where it ended, 0 where censored), its
    confidence interval and the 80th percentile, equal to R's
    ``survfit(Surv(time, event) ~ 1, conf.type = conf_type)``.

    Returns ``n``, ``events``, ``median``, ``lower``, ``upper`` and ``p80`` (NaN where the curve
    or its bound does not get that far).

    Examples
    --------
    >>> r = km_median([5, 10, 20, 30, 40], [1, 1, 0, 1, 0])
    >>> r["median"], r["events"]
    (30.0, 3)
    """
    if conf_type not in ("log", "log-log"):
        raise TuffkitError(f"conf_type must be 'log' or 'log-log', not {conf_type!r}")
    t = np.asarray(time, dtype=float)
    d = np.asarray(event, dtype=float)
    if len(t) != len(d):
        raise TuffkitError("time and event must be equally long")
    if np.isnan(t).any() or (t < 0).any():
        raise TuffkitError("times must be known and not negative")
    out = {"n": int(len(t)), "events": int(d.sum()), "median": np.nan, "lower": np.nan, "upper": np.nan,
           "p80": np.nan}
    if not d.sum():
        return out
    sf = SurvfuncRight(t, d)
    times, s = np.asarray(sf.surv_times, dtype=float), np.asarray(sf.surv_prob, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        se = np.asarray(sf.surv_prob_se, dtype=float) / s  # Greenwood's se of the cumulative hazard
        z = norm.ppf(1 - (1 - level) / 2)
        if conf_type == "log":
            lower, upper = s * np.exp(-z * se), np.minimum(1.0, s * np.exp(z * se))
        else:
            ll = np.log(-np.log(s))
            lower, upper = np.exp(-np.exp(ll - z * se / np.log(s))), np.exp(-np.exp(ll + z * se / np.log(s)))
    lower = np.where(s == 0, np.nan, lower)
    upper = np.where(s == 0, np.nan, upper)
    if conf_type == "log-log":  # R: none where the curve is 1 (log(-log(1)) is -Inf)
        lower = np.where(s == 1, np.nan, lower)
        upper = np.where(s == 1, np.nan, upper)
    out["median"] = curve_quantile(times, s, 0.5)
    out["lower"] = curve_quantile(times, lower, 0.5)
    out["upper"] = curve_quantile(times, upper, 0.5)
    out["p80"] = curve_quantile(times, s, 0.8)
    return out
