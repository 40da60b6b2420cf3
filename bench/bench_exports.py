"""Reading a web survey tool's export whose waves come from its timestamps, against the same
file with a wave column instead (issue 13).

    .venv/bin/python bench/bench_exports.py                 # 100,000 responses, 5 runs each
    .venv/bin/python bench/bench_exports.py --rows 20000 --repeats 3

The file is a Google Forms CSV download (``Tidstämpel`` as ``2014/02/03 2:39:31 PM GMT+1``,
question-form metadata headers, ``Question [statement]`` grid columns), written by
``tests/ingest/exports.py``; the second file replaces the timestamp column by ``Omgång``
= ``2014``. Both are read in one process, alternating, after one warm-up read each; the
medians and their ratio are printed. A measurement, not a test: it exits 0 whatever the
figures (1 if a read keeps the wrong number of respondents).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from ingest.exports import sample_respondents, write_google_forms_csv  # noqa: E402

from tuffkit.ingest.survey import read_survey  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="tuffkit-bench-"))
    stamped = write_google_forms_csv(folder / "forms.csv", sample_respondents(args.rows, seed=1))
    lines = stamped.read_text(encoding="utf-8").splitlines()
    waved = folder / "forms_wave.csv"
    waved.write_text("\n".join(["Omgång," + lines[0].split(",", 1)[1]]
                               + ["2014," + x.split(",", 1)[1] for x in lines[1:]]) + "\n", encoding="utf-8")
    times: dict[str, list[float]] = {"timestamps": [], "wave column": []}
    for path in (stamped, waved):
        read_survey(path)  # warm-up: imports, first-call set-up
    for _ in range(args.repeats):
        for name, path in (("timestamps", stamped), ("wave column", waved)):
            start = time.perf_counter()
            data = read_survey(path)
            times[name].append(time.perf_counter() - start)
            if len(data.respondents) != args.rows:
                print(f"{name}: kept {len(data.respondents)} of {args.rows}", file=sys.stderr)
                return 1
    size = stamped.stat().st_size / 1e6
    print(f"{args.rows:,} responses, {size:.1f} MB; {args.repeats} runs each (s):")
    for name, ts in times.items():
        print(f"  {name:<12} {' / '.join(f'{t:.2f}' for t in ts)}   median {statistics.median(ts):.2f}")
    ratio = statistics.median(times["timestamps"]) / statistics.median(times["wave column"])
    print(f"ratio of the medians (timestamps / wave column): {ratio:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
