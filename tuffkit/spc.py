"""Run charts and Shewhart control charts that tell a trend from chance, as qicharts2 does.

One entry point, modelled on qicharts2's ``qic()`` (Anhøj & Olesen 2014; Mohammed,
Worthington & Woodall 2008)::

    res = qic(data, x="month", y="hours", chart="i", freeze=12)
    res.frame      # one row per point: x, y, n, part, baseline, cl, lcl, ucl, sigma_signal, runs_signal
    res.summary    # one row per part: n_obs, n_useful, longest_run, longest_run_max,
                   # n_crossings, n_crossings_min, runs_signal, cl, lcl, ucl, sigma_signal

The rules, exactly as qicharts2 (``R/qic.charts.R``) applies them:

- **Runs analysis (Anhøj rules)** around the chart's centre line, per part: points on the
  centre line are not useful (they neither break nor extend a run). An unusually long run
  when the longest run > ``round(log2(n_useful)) + 3``; unusually few crossings when the
  crossings < the 5th percentile of Binomial(n_useful - 1, 0.5) (``scipy.stats.binom.ppf``,
  R's ``qbinom``). Either one is a runs signal.
- **run**: centre line the median. **i**: the mean, sigma from the average moving range
  after removing moving ranges above 3.267 times their mean (Provost & Murray), divided by
  1.128. **p**: ``sum(y) / sum(n)``, sigma ``sqrt(cl (1 - cl) / n)``, limits clipped to
  [0, 1]. **u**: ``sum(y) / sum(n)``, sigma ``sqrt(cl / n)``. **c**: the mean count, sigma
  ``sqrt(cl)``. **mr**: the moving ranges ``|y[t] - y[t-1]|`` within each part (none for the
  first point), centre line their mean, limits 0 and ``3.267 * cl``, no runs signal.
  The frame's ``lcl_95``/``ucl_95`` are the 2-sigma lines, and ``cl=`` gives a known centre
  line, as in qicharts2. Lower limits below zero are set to zero for p, u and c. Limits are 3 sigma
  (``multiply`` scales y and the lines, e.g. 100 for percent).
- ``freeze=k``: the centre line and limits come from the first ``k`` points (the baseline)
  and apply to the whole first part. ``part=[k, ...]`` splits the chart after point ``k``
  (1-based, as qicharts2) and recomputes everything per part; ``part`` can also name a
  column of phase labels. qicharts2 ignores ``freeze`` when ``part`` is given; here the
  baseline applies within the first part.
- ``sigma_signal`` marks points outside the limits; the summary counts them.

Points are the rows of ``data`` in ``x`` order; several rows with the same ``x`` are
aggregated first, as qicharts2 does: ``y`` and ``n`` summed when ``n`` is given and a c chart's
counts summed, else ``y`` averaged. A c chart ignores ``n`` (with a warning, as qicharts2
ignores it): a count per denominator is a rate, charted by a u chart.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from tuffkit.errors import TuffkitError

__all__ = ["qic", "QicResult", "runs_analysis", "runs_limits", "CHARTS", "SpcError"]

CHARTS = ("run", "i", "mr", "p", "u", "c")
SUMMARY_COLUMNS = ["part", "n_obs", "n_useful", "longest_run", "longest_run_max", "n_crossings", "n_crossings_min",
                   "runs_signal", "cl", "lcl", "ucl", "sigma_signal"]


class SpcError(TuffkitError):
    """The arguments of a chart do not fit together or the data cannot be charted."""


@dataclass(frozen=True)
class QicResult:
    """What :func:`qic` computed: the per-point ``frame`` and the per-part ``summary``."""

    frame: pd.DataFrame
    summary: pd.DataFrame
    chart: str

    def _repr_html_(self) -> str:  # a researcher in JupyterLab sees the summary
        return self.summary._repr_html_()


def runs_limits(n_useful: int) -> tuple[int, int]:
    """The Anhøj limits for ``n_useful`` useful points: ``(longest_run_max, n_crossings_min)``.

    Examples
    --------
    >>> runs_limits(24), runs_limits(10)
    ((8, 8), (6, 2))
    """
    if n_useful < 1:
        raise SpcError("the runs limits need at least one useful point")
    # log2(n) is never exactly x.5 for an integer n, so Python's and R's rounding agree
    return int(round(np.log2(n_useful))) + 3, int(stats.binom.ppf(0.05, n_useful - 1, 0.5))


def runs_analysis(y: Sequence[float] | np.ndarray, cl: float | Sequence[float] | np.ndarray) -> dict[str, object]:
    """The Anhøj runs analysis of ``y`` around the centre line ``cl`` (a number or one per point).

    Points on the centre line and missing points are not useful.

    Examples
    --------
    >>> r = runs_analysis([1, 2, 3, 5, 6, 7, 4, 1, 2, 8], cl=4)
    >>> r["n_useful"], r["longest_run"], r["n_crossings"], r["runs_signal"]
    (9, 3, 3, False)
    """
    y = np.asarray(y, dtype=float)
    cl = np.broadcast_to(np.asarray(cl, dtype=float), y.shape)
    side = np.sign(y - cl)
    side = side[~np.isnan(side) & (side != 0)]
    n_useful = len(side)
    if not n_useful:
        return {"n_useful": 0, "longest_run": np.nan, "longest_run_max": np.nan, "n_crossings": np.nan,
                "n_crossings_min": np.nan, "runs_signal": False}
    starts = np.flatnonzero(np.r_[True, side[1:] != side[:-1]])
    lengths = np.diff(np.r_[starts, n_useful])
    longest_max, crossings_min = runs_limits(n_useful)
    longest, crossings = int(lengths.max()), len(lengths) - 1
    return {"n_useful": n_useful, "longest_run": longest, "longest_run_max": longest_max,
            "n_crossings": crossings, "n_crossings_min": crossings_min,
            "runs_signal": bool(longest > longest_max or crossings < crossings_min)}


def _lines(chart: str, y: np.ndarray, ysum: np.ndarray, n: np.ndarray, base: np.ndarray,
           multiplier: float, known: float | None = None) -> tuple[np.ndarray, ...]:
    """Centre line, limits and 2-sigma lines per point of one part (``cl, lcl, ucl, lcl_95,
    ucl_95``); ``base`` marks the points they come from, ``known`` a centre line given."""
    k = len(y)
    none = np.full(k, np.nan)
    if chart == "run":
        cl = known if known is not None else (np.nanmedian(y[base]) if base.any() else np.nan)
        return np.full(k, cl), none, none, none, none
    if chart == "mr":  # y is already the moving range (qicharts2 qic.mr: D4 = 3.267)
        cl = known if known is not None else np.nanmean(y[base])
        d4 = 3.267 if multiplier == 3 else 1 + multiplier * 0.8525 / 1.128
        return (np.full(k, cl), np.zeros(k), np.full(k, d4 * cl), np.zeros(k), np.full(k, 3.267 / 3 * 2 * cl))
    if chart == "i":
        cl = known if known is not None else np.nanmean(y[base])
        mr = np.abs(np.diff(y[base]))
        mr = mr[~np.isnan(mr)]
        amr = mr.mean() if len(mr) else np.nan
        mr = mr[mr < 3.267 * amr]  # screen out large moving ranges (Provost & Murray; qicharts2)
        sigma = np.full(k, (mr.mean() if len(mr) else np.nan) / 1.128)
        return (np.full(k, cl), cl - multiplier * sigma, cl + multiplier * sigma, cl - 2 * sigma, cl + 2 * sigma)
    if chart == "c":
        cl = known if known is not None else np.nanmean(y[base])
        sigma = np.full(k, np.sqrt(cl))
    else:  # p and u: the pooled rate of the baseline
        ok = base & ~np.isnan(ysum) & ~np.isnan(n)
        cl = known if known is not None else (ysum[ok].sum() / n[ok].sum() if ok.any() else np.nan)
        with np.errstate(divide="ignore", invalid="ignore"):
            sigma = np.sqrt(cl * (1 - cl) / n) if chart == "p" else np.sqrt(cl / n)
    lcl, lcl95 = np.maximum(cl - multiplier * sigma, 0), np.maximum(cl - 2 * sigma, 0)
    ucl, ucl95 = cl + multiplier * sigma, cl + 2 * sigma
    if chart == "p":
        ucl, ucl95 = np.minimum(ucl, 1), np.minimum(ucl95, 1)
    return np.full(k, cl), lcl, ucl, lcl95, ucl95


def _parts(d: pd.DataFrame, part: int | Sequence[int] | str | None) -> np.ndarray:
    """The part number (1, 2, ...) of every point."""
    k = len(d)
    if part is None:
        return np.ones(k, dtype=int)
    if isinstance(part, str):
        labels = d["_part"].astype(str).to_numpy()
        return np.cumsum(np.r_[True, labels[1:] != labels[:-1]]).astype(int)
    points = [part] if isinstance(part, (int, np.integer)) else list(part)
    if any(not isinstance(p, (int, np.integer)) or p < 1 or p >= k for p in points):
        raise SpcError(f"part: the points after which to split must be whole numbers from 1 to {k - 1}, "
                       f"got {points}")
    out = np.ones(k, dtype=int)
    for p in sorted(set(points)):
        out[p:] += 1
    return out


def qic(data: pd.DataFrame, x: str, y: str, n: str | None = None, chart: str = "run",
        freeze: int | None = None, part: int | Sequence[int] | str | None = None,
        exclude: Sequence[int] = (), multiply: float = 1, sigma: float = 3, cl: float | None = None,
        agg_fun: str = "mean", y_neg: bool = True, target: float | str | None = None) -> QicResult:
    """A run chart or a Shewhart control chart of ``y`` over ``x``, with the runs analysis.

    Parameters
    ----------
    data
        One row per point, or several per ``x``: a c chart's counts and a p or u chart's
        numerators and denominators are summed over them, a run or I chart's values averaged
        (as in qicharts2).
    x, y, n
        Column names: the subgroup (date, month, number), the value or numerator, and the
        denominator (required for p and u charts; with a run or i chart it makes ``y/n``; a c
        chart ignores it with a warning, as qicharts2 does: a rate per n is a u chart).
    chart
        ``"run"``, ``"i"``, ``"p"``, ``"u"`` or ``"c"``.
    freeze
        The number of baseline points (the last baseline point, 1-based).
    part
        Split after these points (1-based), or the name of a column of phase labels.
    exclude
        Points (1-based) left out of the centre line, the limits and the runs analysis (still
        drawn and marked when outside the limits), as in qicharts2.
    multiply
        A factor for y and the lines (e.g. 100 for percent).
    sigma
        The width of the limits in sigmas (3). The frame's ``lcl_95`` and ``ucl_95`` are the
        2-sigma lines (qicharts2's ``lcl.95``, ``ucl.95``).
    cl
        A known centre line (on the scale of the chart, after ``multiply``), used instead of the
        one computed from the data, as qicharts2's ``cl``: the limits follow from it.
    agg_fun
        How several rows of one ``x`` make a point of a chart without ``n`` (run, i, mr):
        ``"mean"`` (default), ``"median"``, ``"sum"`` or ``"sd"``, as qicharts2's ``agg.fun``.
        A c chart always sums its counts, a p or u chart its numerators and denominators.
    y_neg
        False: lower lines below zero are set to zero when no ``y`` is negative (qicharts2's
        ``y.neg``); p, u and c charts never go below zero.
    target
        A target value, or the name of a column of targets (one per ``x``): the frame's
        ``target`` column, as given (qicharts2 does not scale it by ``multiply`` either).

    Examples
    --------
    >>> d = pd.DataFrame({"month": range(1, 13), "count": [4, 6, 5, 7, 3, 5, 6, 4, 5, 6, 14, 5]})
    >>> res = qic(d, x="month", y="count", chart="c")
    >>> res.summary[["n_obs", "cl", "ucl", "sigma_signal"]].round(2).to_string(index=False)
    ' n_obs   cl   ucl  sigma_signal\\n    12  5.83 13.08             1'
    """
    if chart not in CHARTS:
        raise SpcError(f"chart must be one of {', '.join(CHARTS)}, not {chart!r}")
    for col in (x, y, n):
        if col is not None and col not in data:
            raise SpcError(f"no column {col!r} in the data (columns: {', '.join(map(str, data.columns))})")
    if chart in ("p", "u") and n is None:
        raise SpcError(f"a {chart} chart needs the denominator n")
    if chart == "c" and n is not None:  # qicharts2 ignores n for a c chart; a rate per n is a u chart
        warnings.warn(f"a c chart counts events and ignores the denominator {n!r} (as qicharts2 does); "
                      "for a rate per n use chart='u'", UserWarning, stacklevel=2)
        n = None
    if not (multiply > 0 and sigma > 0):
        raise SpcError("multiply and sigma must be positive")
    if cl is not None and (isinstance(cl, bool) or not isinstance(cl, (int, float, np.floating, np.integer))
                           or not np.isfinite(cl)):
        raise SpcError(f"cl must be a number (a known centre line), not {cl!r}")
    if agg_fun not in ("mean", "median", "sum", "sd"):
        raise SpcError(f"agg_fun must be mean, median, sum or sd, not {agg_fun!r}")
    if isinstance(target, str) and target not in data:
        raise SpcError(f"target: no column {target!r} in the data")
    d = pd.DataFrame({"x": data[x], "y": pd.to_numeric(data[y], errors="coerce")})
    if n is not None:
        d["n"] = pd.to_numeric(data[n], errors="coerce")
        if (d["n"] <= 0).any():
            raise SpcError(f"the denominator {n!r} must be positive")
        bad = d["y"].isna() | d["n"].isna()
        d.loc[bad, ["y", "n"]] = np.nan
    if isinstance(part, str):
        if part not in data:
            raise SpcError(f"part: no column {part!r} in the data")
        d["_part"] = data[part].to_numpy()
    if isinstance(target, str):
        d["_target"] = pd.to_numeric(data[target], errors="coerce").to_numpy()
    if d["x"].isna().any():
        raise SpcError(f"{x!r} has missing values; every point needs its x")
    grouped = d.groupby("x", sort=True)
    # several rows per x: a count (c) or a numerator (p, u) is summed over the subgroup, as in
    # qicharts2; a measurement (run, i) is averaged
    summed = n is not None or chart == "c"
    if summed:
        agg = grouped["y"].sum(min_count=1)
    elif agg_fun == "sum":
        agg = grouped["y"].sum(min_count=1)
    else:
        agg = getattr(grouped["y"], {"mean": "mean", "median": "median", "sd": "std"}[agg_fun])()
    out = pd.DataFrame({"y": agg})
    if isinstance(target, str):
        out["_target"] = grouped["_target"].first()
    if n is not None:
        out["n"] = grouped["n"].sum(min_count=1)
    if isinstance(part, str):
        out["_part"] = grouped["_part"].first()
    d = out.reset_index()
    if chart in ("c",) and (d["y"].dropna() < 0).any():
        raise SpcError("a c chart counts events: y must not be negative")
    if n is not None:
        if chart == "p" and (d["y"] > d["n"]).any():
            at = int(np.flatnonzero((d["y"] > d["n"]).to_numpy())[0]) + 1
            raise SpcError(f"a p chart charts shares: at point {at} the count {y!r} exceeds the denominator {n!r} "
                           "(use a u chart for rates)")
        d["ysum"] = d["y"]
        d["y"] = d["y"] / d["n"]
    else:
        d["n"] = np.nan
        d["ysum"] = d["y"]
    k = len(d)
    if k == 0:
        raise SpcError("no points to chart")
    d["part"] = _parts(d, part)
    d["point"] = np.arange(1, k + 1)
    if freeze is not None:
        first = int((d["part"] == 1).sum())
        if not isinstance(freeze, (int, np.integer)) or not 1 <= freeze <= first:
            raise SpcError(f"freeze must be a whole number of points from 1 to {first} (the first part)")
    bad_ex = [e for e in exclude if not 1 <= e <= k]
    if bad_ex:
        raise SpcError(f"exclude: points must be from 1 to {k}, got {bad_ex}")
    d["baseline"] = (d["point"] <= freeze) if freeze is not None else True
    d["include"] = ~d["point"].isin(list(exclude))
    pieces = []
    rows = []
    for p, g in d.groupby("part", sort=True):
        g = g.copy()
        yv, ys, nv = (g[c].to_numpy(dtype=float) for c in ("y", "ysum", "n"))
        base = (g["baseline"] & g["include"]).to_numpy()
        if not base.any():
            if freeze is not None and p == 1:
                raise SpcError("freeze: every baseline point is excluded; nothing to compute the centre line from")
            base = g["include"].to_numpy()
        if chart == "mr":  # the moving ranges within the part (qicharts2 qic.mr; the first has none)
            yv = np.r_[np.nan, np.abs(np.diff(yv))] if len(yv) else yv
        lines = _lines(chart, yv, ys, nv, base, sigma, None if cl is None else float(cl) / multiply)
        for col, values in zip(("cl", "lcl", "ucl", "lcl_95", "ucl_95"), lines, strict=True):
            g[col] = values * multiply
        g["y"] = yv * multiply
        inc = g["include"].to_numpy()
        runs = runs_analysis(g["y"].to_numpy()[inc], g["cl"].to_numpy()[inc])
        if chart == "mr":  # qicharts2 reports no runs signal on a moving-range chart
            runs["runs_signal"] = False
        outside = (g["y"] > g["ucl"]) | (g["y"] < g["lcl"])
        g["sigma_signal"] = outside.fillna(False).astype(bool)
        g["runs_signal"] = runs["runs_signal"]
        g.loc[g["y"].isna(), ["lcl", "ucl", "lcl_95", "ucl_95"]] = np.nan
        pieces.append(g)
        rows.append({"part": int(p), "n_obs": len(g), **runs,
                     "cl": float(np.nanmean(g["cl"])) if g["cl"].notna().any() else np.nan,
                     "lcl": float(np.nanmean(g["lcl"])) if g["lcl"].notna().any() else np.nan,
                     "ucl": float(np.nanmean(g["ucl"])) if g["ucl"].notna().any() else np.nan,
                     "sigma_signal": int(g["sigma_signal"].sum())})
    frame = pd.concat(pieces, ignore_index=True)
    if not y_neg and not (frame["y"].dropna() < 0).any():  # qicharts2 y.neg = FALSE
        for col in ("lcl", "lcl_95"):
            frame[col] = frame[col].where(~(frame[col] < 0), 0.0)
    if target is not None:  # drawn as given, as qicharts2's target (not scaled by multiply)
        frame["target"] = frame["_target"].astype(float) if isinstance(target, str) else float(target)
    if isinstance(part, str):
        frame["part_label"] = frame["_part"].astype(str)
    frame = frame[["point", "x", "y", "n", "part", *(["part_label"] if isinstance(part, str) else []), "baseline",
                   "include", "cl", "lcl", "ucl", "lcl_95", "ucl_95", *(["target"] if target is not None else []),
                   "sigma_signal", "runs_signal"]]
    if n is None:
        frame = frame.drop(columns="n")
    summary = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    return QicResult(frame, summary, chart)
