"""The centre line and limits of every chart, on one part of one series, as qicharts2 computes them.

Each chart is a function of the part's aggregated subgroups (:class:`Part`) that returns
:class:`Lines`: the values charted (``y``; the moving range, the SD or the value itself),
the centre line, the 3-sigma limits (``lcl``, ``ucl``) and the 2-sigma lines (``lcl_95``,
``ucl_95``), and, for the zone rules (:mod:`tuffkit.spc.rules`), each point's distance from
the centre in sigmas (``z``). The formulas are qicharts2's (``R/helper.functions.R``:
``qic.run``, ``qic.i``, ... ``qic.g``), which cite Montgomery (2009) and Provost & Murray (2011):

- **run**: the median. **i**: the mean; sigma the average moving range of the baseline after
  removing moving ranges above 3.267 times their mean (Nelson 1982; qicharts2's
  ``qic.screenedmr``), divided by 1.128 (by 3/2.66 with *Making Data Count*'s rules, whose
  limits are the mean ± 2.66 average moving ranges, as NHSRplotthedots draws them). **ip**:
  the prime I chart of a rate with varying denominators: the mean weighted by ``n``, sigma
  ``sqrt(pi/2)·|Δy|/sqrt(1/n₁ + 1/n₂)`` averaged over the part (screened at 3.2665 times its
  mean), times ``sqrt(1/n)``. **mr**: the moving ranges, centre their mean, upper
  limit 3.267 times it. **t**: an I chart of ``y^(1/3.6)``, transformed back.
- **xbar**: the subgroup means, centre line weighted by subgroup size, sigma the mean SD (one
  size) or the pooled SD (sizes vary), limits ``cl ± A3·s`` with A3 from c4. **s**: the
  subgroup SDs, centre the mean or pooled SD, limits ``B3·cl`` and ``B4·cl``.
- **p**, **u**: the pooled rate, sigma ``sqrt(cl(1-cl)/n)`` or ``sqrt(cl/n)``. **pp**, **up**
  (Laney's p' and u'): the same sigma times the between-subgroup spread of the standardised
  values (their screened average moving range / 1.128, or their SD when ``x`` is categorical).
- **c**: the mean count, sigma ``sqrt(cl)``. **g**: the limits from the mean count of
  opportunities, sigma ``sqrt(cl(cl+1))``; the centre line drawn is the median (Provost & Murray).

Lower lines below zero are 0 for t, p, pp, c, u, up and g; upper lines of p and pp at most 1.
Sums and means are made as R makes them (:func:`r_sum`, :func:`r_mean`: long double, R's
two-pass mean), so that a point equal to the centre line lies on it here as in qicharts2.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.special import gammaln

__all__ = ["Part", "Lines", "CHART_LINES", "c4", "c5", "a3", "b3", "b4", "r_sum", "r_mean"]


@dataclass
class Part:
    """One part of one series, one row per subgroup: the aggregated value ``y``, its sum, count,
    mean and SD over the subgroup's rows, the denominator ``n`` (NaN without one), which points
    are ``base`` (baseline and not excluded), a known centre line ``known``, the sigma multiple
    and whether ``x`` is categorical (text), which makes Laney's charts use the SD of z."""

    y: np.ndarray
    ysum: np.ndarray
    ylen: np.ndarray
    ymean: np.ndarray
    ysd: np.ndarray
    n: np.ndarray
    base: np.ndarray
    known: float | None = None
    sigma: float = 3.0
    categorical: bool = False
    d2: float = 1.128


@dataclass
class Lines:
    """What a chart draws for one part: ``y`` charted, ``cl``, ``lcl``/``ucl``, ``lcl_95``/``ucl_95``,
    and ``z``, each point's distance from the centre in sigmas (NaN where there is no sigma)."""

    y: np.ndarray
    cl: np.ndarray
    lcl: np.ndarray
    ucl: np.ndarray
    lcl_95: np.ndarray
    ucl_95: np.ndarray
    z: np.ndarray


def c4(n: np.ndarray) -> np.ndarray:
    """The bias constant c4 of a subgroup of ``n`` (NaN for n ≤ 1).

    >>> float(np.round(c4(np.array([5.0]))[0], 4))
    0.94
    """
    n = np.where(np.asarray(n, dtype=float) <= 1, np.nan, n)
    return np.sqrt(2 / (n - 1)) * np.exp(gammaln(n / 2) - gammaln((n - 1) / 2))


def c5(n: np.ndarray) -> np.ndarray:
    """``sqrt(1 - c4²)``."""
    return np.sqrt(1 - c4(n) ** 2)


def a3(n: np.ndarray, sigma: float = 3) -> np.ndarray:
    """A3: the xbar chart's limit factor on the mean SD (Montgomery table VI: 1.427 for n = 5).

    >>> float(np.round(a3(np.array([5.0]))[0], 3))
    1.427
    """
    n = np.where(np.asarray(n, dtype=float) <= 1, np.nan, n)
    return sigma / (c4(n) * np.sqrt(n))


def b3(n: np.ndarray, sigma: float = 3) -> np.ndarray:
    """B3: the s chart's lower factor (0 up to n = 5; 0.030 for n = 6)."""
    return np.maximum(0, 1 - sigma * c5(n) / c4(n))


def b4(n: np.ndarray, sigma: float = 3) -> np.ndarray:
    """B4: the s chart's upper factor (2.089 for n = 5)."""
    return 1 + sigma * c5(n) / c4(n)


def r_sum(v: np.ndarray) -> float:
    """The sum of the non-missing values as R's ``sum()`` makes it: accumulated in long double,
    in order, then rounded to a double (so a point equal to the centre line is on it in both).

    >>> r_sum(np.array([0.1, 0.2, 0.3])), float(np.sum([0.1, 0.2, 0.3]))   # R: 0.6
    (0.6, 0.6000000000000001)
    """
    v = np.asarray(v, dtype=float)
    v = v[~np.isnan(v)]
    return float(np.cumsum(v.astype(np.longdouble))[-1]) if len(v) else 0.0


def r_mean(v: np.ndarray) -> float:
    """The mean of the non-missing values as R's ``mean()`` makes it: a long double sum divided
    by n, then corrected by the mean of the residuals (R's two passes); NaN when none.

    >>> r_mean(np.array([0.1, 0.2, 0.3])), float(np.mean([0.1, 0.2, 0.3]))
    (0.2, 0.20000000000000004)
    """
    v = np.asarray(v, dtype=float)
    v = v[~np.isnan(v)]
    if not len(v):
        return np.nan
    x = v.astype(np.longdouble)
    s = np.cumsum(x)[-1] / len(v)
    if np.isfinite(s):
        s += np.cumsum(x - s)[-1] / len(v)
    return float(s)


_mean = r_mean


def _div(a: float, b: float) -> float:
    """``a / b`` as R divides: 0/0 is NaN and x/0 infinite, never an error."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.float64(a) / np.float64(b))


def _screened_amr(values: np.ndarray) -> float:
    """The average moving range after removing moving ranges ≥ 3.267 times the average."""
    mr = np.abs(np.diff(values))
    mr = mr[~np.isnan(mr)]
    if not len(mr):
        return np.nan
    kept = mr[mr < 3.267 * r_mean(mr)]
    return r_mean(kept)


def _around(y: np.ndarray, cl: float | np.ndarray, s: np.ndarray | float, k: float,
            clip_low: bool = False, clip_high: bool = False) -> Lines:
    cl = np.broadcast_to(np.asarray(cl, dtype=float), y.shape).copy()
    s = np.broadcast_to(np.asarray(s, dtype=float), y.shape)
    lcl, ucl, lcl95, ucl95 = cl - k * s, cl + k * s, cl - 2 * s, cl + 2 * s
    if clip_low:  # only finite lines, as qicharts2 (a zero denominator's lines stay missing)
        lcl = np.where((lcl < 0) & np.isfinite(lcl), 0.0, lcl)
        lcl95 = np.where((lcl95 < 0) & np.isfinite(lcl95), 0.0, lcl95)
    if clip_high:
        ucl = np.where((ucl > 1) & np.isfinite(ucl), 1.0, ucl)
        ucl95 = np.where((ucl95 > 1) & np.isfinite(ucl95), 1.0, ucl95)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (y - cl) / s
    return Lines(y, cl, lcl, ucl, lcl95, ucl95, z)


def _run(p: Part) -> Lines:
    yb = p.y[p.base]
    cl = p.known if p.known is not None else (float(np.nanmedian(yb)) if (~np.isnan(yb)).any() else np.nan)
    none = np.full(len(p.y), np.nan)
    return Lines(p.y, np.full(len(p.y), cl), none, none, none, none, none.copy())


def _i_on(y: np.ndarray, p: Part) -> Lines:
    cl = p.known if p.known is not None else _mean(y[p.base])
    return _around(y, cl, _screened_amr(y[p.base]) / p.d2, p.sigma)


def _i(p: Part) -> Lines:
    return _i_on(p.y, p)


def _mr(p: Part) -> Lines:
    y = np.r_[np.nan, np.abs(np.diff(p.y))] if len(p.y) else p.y
    cl = p.known if p.known is not None else _mean(y[p.base])
    k = len(y)
    d4 = 1 + p.sigma * 0.8525 / 1.128  # 3.267 at 3 sigma, as qicharts2
    s = (3.267 - 1) / 3 * cl
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (y - cl) / s
    return Lines(y, np.full(k, cl), np.zeros(k), np.full(k, (3.267 if p.sigma == 3 else d4) * cl), np.zeros(k),
                 np.full(k, 3.267 / 3 * 2 * cl), z)


def _t(p: Part) -> Lines:
    lines = _i_on(p.y ** (1 / 3.6), p)
    with np.errstate(invalid="ignore"):  # a negative lower line has no real power: NaN, as in R
        back = {f: getattr(lines, f) ** 3.6 for f in ("y", "cl", "lcl", "ucl", "lcl_95", "ucl_95")}
        back["lcl"] = np.where(np.isnan(back["lcl"]) | (back["lcl"] < 0), 0.0, back["lcl"])
        back["lcl_95"] = np.where(lines.lcl_95 < 0, np.nan, back["lcl_95"])
    return Lines(**back, z=lines.z)


def _xbar(p: Part) -> Lines:
    b = p.base
    var_n = len(np.unique(p.ylen)) > 1
    ok = b & ~np.isnan(p.ymean)
    cl = p.known if p.known is not None else _div(r_sum(p.ylen[ok] * p.ymean[ok]), r_sum(p.ylen[ok])) \
        if ok.any() else np.nan
    if var_n:  # the pooled SD, Montgomery (6.31)
        w = b & ~np.isnan(p.ysd)
        sd = float(np.sqrt(_div(r_sum((p.ylen[w] - 1) * p.ysd[w] ** 2), r_sum(p.ylen[b] - 1))))
    else:
        sd = _mean(p.ysd[b])
    s = a3(p.ylen, 1) * sd
    return _around(p.y, cl, s, p.sigma)


def _s(p: Part) -> Lines:
    b = p.base
    y = p.ysd
    if p.known is not None:
        cl = p.known
    elif len(np.unique(p.ylen)) > 1:
        w = b & ~np.isnan(p.ysd)
        cl = float(np.sqrt(_div(r_sum((p.ylen[w] - 1) * p.ysd[w] ** 2), r_sum(p.ylen[b] - 1))))
    else:
        cl = _mean(y[b])
    k = len(y)
    cls = np.full(k, cl)
    s = c5(p.ylen) / c4(p.ylen) * cl
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (y - cls) / s
    return Lines(y, cls, b3(p.ylen, p.sigma) * cl, b4(p.ylen, p.sigma) * cl, b3(p.ylen, 2) * cl,
                 b4(p.ylen, 2) * cl, z)


def _pooled(p: Part) -> float:
    if p.known is not None:
        return p.known
    ok = p.base & ~np.isnan(p.ysum) & ~np.isnan(p.n)
    return _div(r_sum(p.ysum[ok]), r_sum(p.n[ok])) if ok.any() else np.nan


def _p(p: Part) -> Lines:
    cl = _pooled(p)
    with np.errstate(divide="ignore", invalid="ignore"):
        s = np.sqrt(cl * (1 - cl) / p.n)
    return _around(p.y, cl, s, p.sigma, clip_low=True, clip_high=True)


def _u(p: Part) -> Lines:
    cl = _pooled(p)
    with np.errstate(divide="ignore", invalid="ignore"):
        s = np.sqrt(cl / p.n)
    return _around(p.y, cl, s, p.sigma, clip_low=True)


def _laney(p: Part, s: np.ndarray, cl: float) -> np.ndarray:
    """Laney's sigma_z: the between-subgroup spread of the standardised baseline values."""
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (p.y[p.base] - cl) / s[p.base]
    if p.categorical:
        z = z[~np.isnan(z)]
        sigma_z = float(np.std(z, ddof=1)) if len(z) > 1 else np.nan
    else:
        sigma_z = _screened_amr(z) / 1.128
    return s * sigma_z


def _pp(p: Part) -> Lines:
    cl = _pooled(p)
    with np.errstate(divide="ignore", invalid="ignore"):
        s = np.sqrt(cl * (1 - cl) / p.n)
    return _around(p.y, cl, _laney(p, s, cl), p.sigma, clip_low=True, clip_high=True)


def _up(p: Part) -> Lines:
    cl = _pooled(p)
    with np.errstate(divide="ignore", invalid="ignore"):
        s = np.sqrt(cl / p.n)
    return _around(p.y, cl, _laney(p, s, cl), p.sigma, clip_low=True)


def _ip(p: Part) -> Lines:
    """qicharts2's ``qic.ip``: the prime I chart (rates whose denominators vary)."""
    n = p.n if not np.isnan(p.n).all() else p.ylen
    b = p.base
    if p.known is not None:
        cl = p.known
    else:
        ok = b & ~np.isnan(p.y) & ~np.isnan(n)
        cl = _div(r_sum(p.y[ok] * n[ok]), r_sum(n[ok])) if ok.any() else np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        d1 = np.abs(np.diff(p.y))
        d2 = np.sqrt(1 / n[:-1] + 1 / n[1:])
        s = np.sqrt(np.pi / 2) * d1 / d2
    s = s[~np.isnan(s)]
    if len(s):
        s = s[s < r_mean(s) * 3.2665]  # qicharts2 screens these with 3.2665 (not 3.267)
    with np.errstate(divide="ignore", invalid="ignore"):
        stdev = r_mean(s) * np.sqrt(1 / n)
    return _around(p.y, cl, stdev, p.sigma)


def _c(p: Part) -> Lines:
    y = p.ysum
    cl = p.known if p.known is not None else _mean(y[p.base])
    return _around(y, cl, np.sqrt(cl), p.sigma, clip_low=True)


def _g(p: Part) -> Lines:
    mean = p.known if p.known is not None else _mean(p.y[p.base])
    lines = _around(p.y, mean, np.sqrt(mean * (mean + 1)), p.sigma, clip_low=True)
    # the centre line drawn: the median (Provost & Murray 2011), or 0.693 times a known mean
    yb = p.y[p.base]
    med = 0.693 * p.known if p.known is not None else (float(np.nanmedian(yb)) if (~np.isnan(yb)).any() else np.nan)
    lines.cl = np.full(len(p.y), med)
    return lines


#: chart name -> the function computing its lines on one part
CHART_LINES: dict[str, Callable[[Part], Lines]] = {
    "run": _run, "i": _i, "mr": _mr, "xbar": _xbar, "s": _s, "t": _t,
    "p": _p, "pp": _pp, "c": _c, "u": _u, "up": _up, "g": _g, "ip": _ip,
}
