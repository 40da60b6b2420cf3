"""Issue 15: ``qic`` on the measures of a large municipality group in one call over a long frame
with ``facets``, against a loop of single calls (target: the facet call ≤ 0.2x the loop).

The data: ``--series`` series (default 1,000: e.g. 50 measures × 20 units) of ``--points``
monthly points (60), each a u chart's counts and denominators with a shift in some series, in
one long frame (unit, measure, month, y, n). The facet call is ``qic(data, facets=["unit",
"measure"], ...)``; the loop calls ``qic`` once per series on its rows (the rows selected by a
groupby beforehand, so the loop pays for ``qic`` only). Both are checked to give the same
frame. Median of ``--repeat`` runs, in one invocation.

    .venv/bin/python bench/bench_qic.py --repeat 5
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tuffkit.spc import qic  # noqa: E402


def long_frame(series: int, points: int, seed: int = 15) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    units = max(1, series // 50)
    measures = series // units
    months = pd.date_range("2020-01-01", periods=points, freq="MS")
    k = units * measures * points
    rate = rng.uniform(0.02, 0.2, units * measures).repeat(points)
    shift = np.tile((np.arange(points) >= points // 2).astype(float), units * measures)
    rate = rate * (1 + 0.3 * shift * (rng.random(units * measures) < 0.3).repeat(points))
    n = rng.integers(200, 2000, k)
    return pd.DataFrame({"unit": np.repeat([f"enhet {i:03d}" for i in range(units)], measures * points),
                         "measure": np.tile(np.repeat([f"mått {j:02d}" for j in range(measures)], points), units),
                         "month": np.tile(months, units * measures), "y": rng.poisson(rate * n), "n": n})


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--series", type=int, default=1000)
    ap.add_argument("--points", type=int, default=60)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--chart", default="u")
    a = ap.parse_args(argv)
    data = long_frame(a.series, a.points)
    kw = {"x": "month", "y": "y", "n": "n", "chart": a.chart, "freeze": a.points // 2}
    groups = [g for _, g in data.groupby(["unit", "measure"], sort=True)]
    facet_times, loop_times = [], []
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        res = qic(data, facets=["unit", "measure"], **kw)
        facet_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        singles = [qic(g, **kw) for g in groups]
        loop_times.append(time.perf_counter() - t0)
    loop_frame = pd.concat([s.frame for s in singles], ignore_index=True)
    same = np.allclose(res.frame[["y", "cl", "lcl", "ucl"]].to_numpy(float),
                       loop_frame[["y", "cl", "lcl", "ucl"]].to_numpy(float), equal_nan=True) and \
        (res.frame["rules"].to_numpy() == loop_frame["rules"].to_numpy()).all()
    f, lo = statistics.median(facet_times), statistics.median(loop_times)
    print(f"{len(groups)} series x {a.points} points ({len(data)} rows), chart {a.chart}, median of {a.repeat}:")
    print(f"  one call with facets: {f:.3f} s   ({', '.join(f'{t:.3f}' for t in facet_times)})")
    print(f"  loop of single calls: {lo:.3f} s   ({', '.join(f'{t:.3f}' for t in loop_times)})")
    print(f"  facets / loop: {f / lo:.3f}x (target <= 0.2x); same frame: {same}; "
          f"series with a signal: {int(res.summary['signals'].ne('').sum())}")


if __name__ == "__main__":
    main()
