"""Benchmark of the run's disclosure plan and audit (issues 12 and 23) at the size of a national
programme, and how much the rule hides on the bundled studies.

Synthetic data (``--units``, default 290; the frame of ``bench_reports.py``: about 40
respondents per unit and wave, three waves, 19 statements), ``--repeat`` times each (the
median is printed):

- ``plan_run``: the plan for everything the reports may publish from the data;
- ``audit`` of the planned family itself (every group the plan allows, as ledger lines: a
  coarsened group's mean, every other group's answers per step; the most a run of every unit
  and the study report can publish), i.e. the upper bound of the audit at the end of such a run.

``--bundled``: ingests the two bundled studies (LfR course round III, the TUFF pulse survey) and
counts the statement groups the plan shows, coarsens and hides with the rules of issue 23
(``protection`` 1 step: rules 6 and 7) and without them (``protection`` 0: rules 1-5, the rule
before issue 23).

Prints the figures and writes them to ``bench/results/disclosure*.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_survey import synthetic  # noqa: E402

from tuffkit.disclosure import RESPONDENTS, audit, plan_run  # noqa: E402
from tuffkit.survey import LFR3_FOLLOWED  # noqa: E402

HERE = Path(__file__).resolve().parent


def _family(plan) -> list[dict]:  # noqa: ANN001
    out = []
    for key in plan.shown:
        variable, group = json.loads(key)
        stat = "mean" if key in plan.coarse or variable == RESPONDENTS else "% 1"
        out.append({"report": "run", "variable": variable, "group": group, "statistic": stat})
    return out


def synthetic_run(args: argparse.Namespace) -> dict:
    r = synthetic(args.units * 40 * 3, municipalities=args.units)
    units = r["unit"].nunique()
    followed = sorted(set(LFR3_FOLLOWED) & set(r["unit"].astype(str)))
    plans, audits = [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        plan = plan_run(r, 5, followed, protection=args.protection, scale=(1.0, 7.0))
        plans.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        found = audit(_family(plan), r, 5, protection=args.protection, scale=(1.0, 7.0))
        audits.append(time.perf_counter() - t0)
        assert found == [], [e.sentence() for e in found[:3]]
    return {"units": int(units), "respondents": int(r["respondent_id"].nunique()), "protection": args.protection,
            "groups_shown": len(plan.shown), "groups_coarsened": len(plan.coarse),
            "plan_seconds_median": round(statistics.median(plans), 2), "plan_seconds": [round(x, 2) for x in plans],
            "audit_seconds_median": round(statistics.median(audits), 2),
            "audit_seconds": [round(x, 2) for x in audits]}


def bundled() -> dict:
    from tuffkit.cli import main as cli
    from tuffkit.config import RAW_DIR
    from tuffkit.report import runcache
    from tuffkit.report.survey import focus_of

    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, raw in (("lfr3", RAW_DIR), ("puls", RAW_DIR / "pulse")):
            data = Path(tmp) / name
            assert cli(["ingest", str(raw), "--out", str(data)]) == 0
            p = runcache.processed(data)
            fol = focus_of(p, p.study.focus)
            sc = (float(p.instrument.scale.min), float(p.instrument.scale.max))
            plans, seconds = {}, {}
            for prot in (0.0, 1.0):
                t0 = time.perf_counter()
                plans[prot] = plan_run(p.responses, p.study.min_n, fol, files=runcache.source_files(data),
                                       protection=prot, scale=sc)
                seconds[prot] = round(time.perf_counter() - t0, 2)

            def items(keys: frozenset) -> set[str]:
                return {k for k in keys if json.loads(k)[0] != RESPONDENTS}

            before, after = items(plans[0.0].shown), items(plans[1.0].shown)
            res = {"statement_groups_shown_before": len(before), "statement_groups_shown_after": len(after),
                   "hidden_by_the_new_rules": len(before - after), "coarsened_after": len(after & plans[1.0].coarse),
                   "coarsened_by_rule_6_only": sum("exact check" not in n and "coarsened" in n
                                                   for n in plans[1.0].notes),
                   "plan_seconds_before": seconds[0.0], "plan_seconds_after": seconds[1.0]}
            out[name] = res
    return out


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--units", type=int, default=290, help="units of the synthetic study")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--protection", type=float, default=1.0)
    p.add_argument("--bundled", action="store_true", help="count what the rule hides on the bundled studies")
    args = p.parse_args(argv)
    res = bundled() if args.bundled else synthetic_run(args)
    print(json.dumps(res, indent=2, ensure_ascii=False))
    (HERE / "results").mkdir(exist_ok=True)
    name = "disclosure-bundled.json" if args.bundled else f"disclosure-{args.units}.json"
    (HERE / "results" / name).write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
