"""The ordered logit (issue 14): how close to R's ``ordinal::clm`` and how fast, against the
statsmodels BFGS fit tuffkit used before.

Accuracy: the largest absolute difference of the coefficients, thresholds and standard errors
from ``clm`` on the two reference data sets in ``tests/fixtures/ordinal`` (wine, and a simulated
set of 300), for tuffkit's Newton fit and for statsmodels' ``OrderedModel(...).fit("bfgs")``.
Speed: ``tuffkit.survey.ordinal_model`` on the example data (19 statements, value ~ wave +
function), and the same 19 models fitted by statsmodels' BFGS, median of ``--repeat`` runs.

    .venv/bin/python bench/bench_ordinal.py --repeat 5
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tuffkit import read_survey  # noqa: E402
from tuffkit.config import RAW_DIR  # noqa: E402
from tuffkit.ordinal import fit_ordered_logit  # noqa: E402
from tuffkit.survey import ordinal_model  # noqa: E402

FIXTURES = HERE.parent / "tests" / "fixtures" / "ordinal"


def _design(frame: pd.DataFrame, outcome: str, terms: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    y = frame[outcome]
    y = y.astype(pd.CategoricalDtype(sorted(y.unique()), ordered=True)).cat.remove_unused_categories()
    parts = []
    for t in terms:
        col = frame[t]
        if pd.api.types.is_numeric_dtype(col):
            parts.append(col.astype(float).rename(t))
        else:
            parts.append(pd.get_dummies(col.astype("category"), prefix=t, prefix_sep="=", drop_first=True, dtype=float))
    return y.cat.codes.to_numpy(), pd.concat(parts, axis=1)


def _statsmodels(y: np.ndarray, x: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        x = x.reset_index(drop=True)
        res = OrderedModel(pd.Series(y), x, distr="logit").fit(method="bfgs", disp=False, maxiter=2000)
    names = list(x.columns)
    return res.params[names].to_numpy(), res.bse[names].to_numpy()


def _clm_design(data: pd.DataFrame, formula: str, names: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """y codes and the design with clm's columns (treatment contrasts, named term+level)."""
    outcome, rhs = (part.strip() for part in formula.split("~"))
    terms = [t.strip() for t in rhs.split("+")]
    cols = {}
    for name in names:
        if name in data:
            cols[name] = data[name].astype(float)
            continue
        term = next(t for t in terms if name.startswith(t))
        cols[name] = (data[term].astype(str) == name[len(term):]).astype(float)
    y = data[outcome].astype(str)
    y = y.astype(pd.CategoricalDtype(sorted(y.unique()), ordered=True))
    return y.cat.codes.to_numpy(), pd.DataFrame(cols)


def accuracy() -> list[dict]:
    ref = json.loads((FIXTURES / "reference.json").read_text(encoding="utf-8"))
    out = []
    for name in ("wine", "simulated"):
        spec = ref[name]
        data = pd.read_csv(FIXTURES / spec["csv"])
        names = list(spec["coefficients"])
        y, x = _clm_design(data, spec["formula"], names)
        fit = fit_ordered_logit(y, x.to_numpy(dtype=float))
        coef_r = np.array([spec["coefficients"][c] for c in names])
        se_r = np.array([spec["se_coefficients"][c] for c in names])
        sm_coef, sm_se = _statsmodels(y, x)
        out.append({"data": name, "newton_coef": float(np.max(np.abs(fit.coef - coef_r))),
                    "newton_se": float(np.max(np.abs(fit.se_coef - se_r))),
                    "bfgs_coef": float(np.max(np.abs(sm_coef - coef_r))),
                    "bfgs_se": float(np.max(np.abs(sm_se - se_r)))})
    return out


def speed(repeat: int) -> dict:
    r = read_survey(RAW_DIR).responses
    r = r[r["wave"] != "2014"]
    new, old = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        ordinal_model(r)
        new.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        d = r.dropna(subset=["value"])
        d = d[d["function"].astype(str).isin(["management", "support"])]
        for _item, g in d.groupby("item", observed=True):
            y, x = _design(g.assign(value=g["value"].astype(int)), "value", ["wave", "function"])
            _statsmodels(y, x)
        old.append(time.perf_counter() - t0)
    return {"newton_19_models_s": statistics.median(new), "bfgs_19_models_s": statistics.median(old)}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=5)
    args = p.parse_args()
    for row in accuracy():
        print(f"{row['data']:>10}: max |coef - clm| Newton {row['newton_coef']:.1e}, BFGS {row['bfgs_coef']:.1e}; "
              f"max |se - clm| Newton {row['newton_se']:.1e}, BFGS {row['bfgs_se']:.1e}")
    s = speed(args.repeat)
    print(f"ordinal_model, 19 statements of the example data (median of {args.repeat}): Newton "
          f"{s['newton_19_models_s']:.2f} s, statsmodels BFGS {s['bfgs_19_models_s']:.2f} s "
          f"({s['bfgs_19_models_s'] / s['newton_19_models_s']:.1f}x)")


if __name__ == "__main__":
    main()
