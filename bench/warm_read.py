"""Warm calls of ``read_survey`` on one file in one process: for comparing two versions of the
code back to back on a noisy machine (run it once per version, alternating).

    .venv/bin/python bench/bench_ingest.py --repeats 1 --csv /tmp/bench1m.csv   # write the file once
    .venv/bin/python bench/warm_read.py /tmp/bench1m.csv                         # this code
    PYTHONPATH=/tmp/old .venv/bin/python bench/warm_read.py /tmp/bench1m.csv     # a git worktree of the old code

One warm-up call, then ``--calls`` timed calls (wall time of the call alone); a measurement,
not a test.
"""

from __future__ import annotations

import argparse
import time

from tuffkit.ingest.survey import read_survey


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--calls", type=int, default=3)
    args = parser.parse_args(argv)
    read_survey(args.path)
    times = []
    for _ in range(args.calls):
        start = time.perf_counter()
        read_survey(args.path)
        times.append(time.perf_counter() - start)
    import tuffkit

    print(f"{tuffkit.__file__}: warm calls {' / '.join(f'{t:.2f}' for t in times)} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
