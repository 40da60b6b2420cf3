"""Issue 16: the report batch on a Dask cluster against the local pool, in one run.

Builds the synthetic processed folder of ``bench_reports.py`` (290 municipalities), then renders
the same ``--reports`` municipality reports (default 40) twice, in alternating order over
``--repeat`` pairs: with the local pool of 2 worker processes (``run_reports(jobs=2)``) and on a
``dask.distributed.LocalCluster`` of 2 worker processes with one thread each
(``run_reports(executor=client.get_executor())``). Reports the wall times, the cluster's
throughput relative to the local pool (target: ≥ 0.9x), the scheduler's overhead per report
(the cluster's wall time minus the local pool's, per report; and the round trip of an empty
task through the scheduler, median of 200), and the cluster's start-up, outside the runs.

    .venv/bin/python bench/bench_cluster.py --reports 40 --repeat 2
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from bench_reports import WAVES, build, fresh  # noqa: E402

from tuffkit.batch import plan_units, run_reports  # noqa: E402


def _noop(k: int) -> int:
    return k


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--respondents", type=int, default=35_000)
    p.add_argument("--reports", type=int, default=40)
    p.add_argument("--repeat", type=int, default=2, help="pairs of local and cluster runs, alternating")
    p.add_argument("--json", type=Path, default=HERE / "results" / "cluster.json")
    a = p.parse_args(argv)
    from distributed import Client, LocalCluster

    with tempfile.TemporaryDirectory(prefix="tuffkit-bench-cluster-") as tmp:
        data = Path(tmp) / "data"
        names = build(data, a.respondents)[: a.reports]
        units = plan_units(data, names, False, "sv", 5, "", WAVES)
        t0 = time.perf_counter()
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
        startup = time.perf_counter() - t0
        trips = []
        for k in range(200):
            t = time.perf_counter()
            client.submit(_noop, k, pure=False).result()
            trips.append(time.perf_counter() - t)
        runs: dict[str, list[float]] = {"local": [], "cluster": []}
        try:
            for r in range(a.repeat):
                order = ("local", "cluster") if r % 2 == 0 else ("cluster", "local")
                for how in order:
                    out = Path(tmp) / f"{how}-{r}"
                    fresh(data)
                    t = time.perf_counter()
                    res = run_reports(units, out, data, jobs=2,
                                      executor=client.get_executor() if how == "cluster" else None)
                    runs[how].append(time.perf_counter() - t)
                    assert not res.failed, [u.error for u in res.failed]
                    print(f"  {how:7s} run {r + 1}: {runs[how][-1]:.1f} s", flush=True)
        finally:
            client.close()
            cluster.close()
    local, clus = statistics.median(runs["local"]), statistics.median(runs["cluster"])
    result = {"reports": len(units), "local_s": runs["local"], "cluster_s": runs["cluster"],
              "throughput_ratio": local / clus, "overhead_per_report_s": (clus - local) / len(units),
              "empty_task_round_trip_ms": 1000 * statistics.median(trips), "cluster_startup_s": startup,
              "loadavg": os.getloadavg()}
    print(f"{len(units)} reports, 2 workers, median of {a.repeat}: local pool {local:.1f} s, LocalCluster "
          f"{clus:.1f} s; cluster throughput {result['throughput_ratio']:.2f}x the local pool's (target >= 0.9x)")
    print(f"scheduler overhead per report: {result['overhead_per_report_s'] * 1000:.0f} ms (wall difference); "
          f"an empty task's round trip: {result['empty_task_round_trip_ms']:.1f} ms (median of 200); "
          f"cluster start-up {startup:.1f} s (outside the runs)")
    a.json.parent.mkdir(parents=True, exist_ok=True)
    a.json.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
