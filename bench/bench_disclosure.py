"""Benchmark of the run's disclosure plan and audit (issue 12) at the size of a national
programme: the synthetic processed data of ``bench_reports.py`` (290 municipalities, about 40
respondents per municipality and wave, three waves, 19 statements).

Measures, in one run, ``--repeat`` times each (the median is printed):

- ``plan_run``: the plan for everything the reports may publish from the data;
- ``audit`` of the planned family itself (every group the plan allows, as ledger lines: the
  most a run of every municipality and the study report can publish), i.e. the upper bound of
  the audit at the end of such a run.

Prints the figures and writes them to ``bench/results/disclosure.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_survey import synthetic  # noqa: E402

from tuffkit.disclosure import audit, plan_run  # noqa: E402
from tuffkit.survey import LFR3_FOLLOWED  # noqa: E402

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--respondents", type=int, default=290 * 40 * 3, help="respondents over all waves")
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args(argv)
    r = synthetic(args.respondents)
    units = r["municipality"].nunique()
    followed = sorted(set(LFR3_FOLLOWED) & set(r["municipality"].astype(str)))
    plans, audits = [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        plan = plan_run(r, 5, followed)
        plans.append(time.perf_counter() - t0)
        family = [{"report": "run", "variable": json.loads(k)[0], "group": json.loads(k)[1]} for k in plan.shown]
        t0 = time.perf_counter()
        found = audit(family, r, 5)
        audits.append(time.perf_counter() - t0)
        assert found == [], found[:3]
    res = {"units": int(units), "respondents": int(r["respondent_id"].nunique()), "groups_shown": len(plan.shown),
           "plan_seconds_median": round(statistics.median(plans), 2), "plan_seconds": [round(x, 2) for x in plans],
           "audit_seconds_median": round(statistics.median(audits), 2), "audit_seconds": [round(x, 2) for x in audits]}
    print(json.dumps(res, indent=2))
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "disclosure.json").write_text(json.dumps(res, indent=2) + "\n")


if __name__ == "__main__":
    main()
