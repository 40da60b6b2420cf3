"""Benchmark: item means and distributions for every municipality x wave x function in one call,
against the same for a single municipality (issue 3).

A synthetic tidy survey frame of 1,000,000 respondents in 290 municipalities (3 waves, 3
functions, 19 statements: 19,000,000 rows) is built in memory, then, alternating, timed:

- all:  ``item_summary(responses, by=["unit", "wave", "function"])``
- one:  ``item_summary(responses[responses["unit"] == NAME], by=[...the same...])``
  (the filter is part of the call a user makes, so it is timed too)

Target: all 290 cost at most 3x one municipality. Prints every run, the medians and the
ratio of the medians, and writes ``bench/results/survey.json``. Run: ``make bench`` or
``.venv/bin/python bench/bench_survey.py [--respondents N] [--repeats K]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import numpy as np
import pandas as pd

from tuffkit.survey import item_summary
from tuffkit.tidy import FUNCTION_CODES

HERE = Path(__file__).resolve().parent
BY = ["unit", "wave", "function"]


def synthetic(respondents: int, municipalities: int = 290, seed: int = 1) -> pd.DataFrame:
    """A tidy survey frame like read_survey's, built vectorised with a seeded RNG."""
    rng = np.random.default_rng(seed)
    names = [f"Kommun {i:03d}" for i in range(1, municipalities + 1)]
    muni = rng.integers(0, municipalities, respondents)
    wave = rng.integers(0, 3, respondents)
    func = rng.choice(3, respondents, p=[0.5, 0.45, 0.05])
    k = 19
    level = rng.normal(4, 0.8, respondents)
    values = np.clip(np.rint(level[:, None] + rng.normal(0, 1.2, (respondents, k))), 1, 7).astype(np.int8)
    values[rng.random(values.shape) < 0.03] = 0
    flat = values.reshape(-1)

    def spread(x: np.ndarray) -> np.ndarray:
        return np.repeat(x, k)

    return pd.DataFrame({
        "respondent_id": spread(np.arange(1, respondents + 1, dtype=np.int32)),
        "wave": pd.Categorical.from_codes(spread(wave.astype(np.int8)), ["2012-10", "2013-05", "2014"], ordered=True),
        "unit": pd.Categorical.from_codes(spread(muni.astype(np.int16)), names),
        "function": pd.Categorical.from_codes(spread(func.astype(np.int8)), list(FUNCTION_CODES)),
        "in_management_group": pd.array(np.repeat(rng.random(respondents) < 0.5, k), dtype="boolean"),
        "item": np.tile(np.arange(1, k + 1, dtype=np.int16), respondents),
        "value": pd.arrays.IntegerArray(flat, flat == 0),
    })


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", type=Path, default=HERE / "results" / "survey.json")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    r = synthetic(args.respondents)
    print(f"{args.respondents:,} respondents, {r['unit'].nunique()} municipalities, {len(r):,} rows "
          f"(built in {time.perf_counter() - t0:.1f} s)")
    name = str(r["unit"].cat.categories[0])
    item_summary(r.head(1000), by=BY)  # one-time set-up outside the clock
    runs: dict[str, list[float]] = {"all": [], "one": []}
    shapes = {}
    for _ in range(args.repeats):
        for task in ("one", "all"):
            t0 = time.perf_counter()
            if task == "all":
                out = item_summary(r, by=BY)
            else:
                out = item_summary(r[r["unit"] == name], by=BY)
            runs[task].append(time.perf_counter() - t0)
            shapes[task] = (len(out), int(out["unit"].nunique()), int(out["suppressed"].sum()))
    med = {k: statistics.median(v) for k, v in runs.items()}
    ratio = med["all"] / med["one"]
    for task in ("one", "all"):
        rows, munis, sup = shapes[task]
        print(f"{task:>4}: runs {' '.join(f'{x:.3f}' for x in runs[task])} s, median {med[task]:.3f} s; "
              f"{rows:,} summary rows, {munis} municipalities, {sup} suppressed")
    print(f"ratio all / one (medians): {ratio:.2f}x -> target <= 3x {'MET' if ratio <= 3 else 'NOT MET'}")
    # context: what a loop over the units would cost, and pandas' own groupby of the same counts
    loop = med["one"] * r["unit"].nunique()
    t0 = time.perf_counter()
    r.groupby([*BY, "item", "value"], observed=True).size()
    pandas_s = time.perf_counter() - t0
    print(f"for comparison: a loop over the {r['unit'].nunique()} municipalities ~ {loop:.1f} s "
          f"(290 x one); pandas groupby(...).size() of the same counts alone {pandas_s:.2f} s")
    # the floor of any one pass: numpy.bincount alone over a ready-made key, one per row
    key = np.random.default_rng(2).integers(0, 290 * 3 * 3 * 19 * 8, size=len(r), dtype=np.intp)
    floor = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        np.bincount(key, minlength=290 * 3 * 3 * 19 * 8)
        floor.append(time.perf_counter() - t0)
    floor_s = statistics.median(floor)
    print(f"floor: numpy.bincount alone over {len(r):,} ready-made keys, median {floor_s:.3f} s "
          f"= {floor_s / med['one']:.2f}x one municipality")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({
        "respondents": args.respondents, "rows": len(r), "runs_s": runs, "median_s": med, "ratio": ratio,
        "summary_rows": shapes, "loop_estimate_s": loop, "pandas_groupby_size_s": pandas_s,
        "bincount_floor_s": floor_s,
    }, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
