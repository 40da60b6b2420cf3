"""The Anhøj runs analysis: unusually long runs and unusually few crossings of the centre line.

As qicharts2's ``runs.analysis`` (Anhøj & Olesen 2014): points on the centre line and missing
points are not useful (they neither break nor extend a run). An unusually long run is one
longer than ``round(log2(n_useful)) + 3`` (Schilling 2012); unusually few crossings are fewer
than the 5th percentile of Binomial(n_useful - 1, 0.5) (Chen 2010; ``scipy.stats.binom.ppf``,
R's ``qbinom``). Either one is a runs signal.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from scipy import stats

from tuffkit.errors import TuffkitError

__all__ = ["runs_limits", "runs_analysis", "SpcError"]


class SpcError(TuffkitError):
    """The arguments of a chart do not fit together or the data cannot be charted."""


@lru_cache(maxsize=1024)
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
