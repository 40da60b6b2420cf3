"""Benchmark: how fast the command line answers (issue 11).

Times, alternating and in fresh processes, ``tuffkit --help``, ``python -c pass`` (the
interpreter's own start) and ``python -c "import pandas"`` (what a command that loads the
scientific stack pays before it does anything). Targets: ``tuffkit --help`` at most 0.3 s
and at most 25 % of ``import pandas``. Also times ``tuffkit reports --nonsense`` (an argument
error) and ``python -c "import tuffkit"``. Prints every median and the ratios, and writes
``bench/results/cli.json``. Run: ``make bench`` or ``.venv/bin/python bench/bench_cli.py [--repeats K]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent

COMMANDS = {
    "tuffkit --help": [str(BIN / "tuffkit"), "--help"],
    "tuffkit reports --nonsense": [str(BIN / "tuffkit"), "reports", "--nonsense"],
    "import tuffkit": [sys.executable, "-c", "import tuffkit"],
    "python -c pass": [sys.executable, "-c", "pass"],
    "import pandas": [sys.executable, "-c", "import pandas"],
}


def once(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, capture_output=True, check=False)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeats", type=int, default=15)
    p.add_argument("--json", type=Path, default=HERE / "results" / "cli.json")
    args = p.parse_args(argv)
    for cmd in COMMANDS.values():  # warm the file cache once
        once(cmd)
    runs: dict[str, list[float]] = {k: [] for k in COMMANDS}
    load = os.getloadavg()
    for _ in range(args.repeats):
        for name, cmd in COMMANDS.items():
            runs[name].append(once(cmd))
    med = {k: statistics.median(v) for k, v in runs.items()}
    for k, v in med.items():
        print(f"{k:28s} median {v:.3f} s  (min {min(runs[k]):.3f}, max {max(runs[k]):.3f})")
    ratio = med["tuffkit --help"] / med["import pandas"]
    print(f"tuffkit --help = {ratio:.0%} of import pandas (target <= 25 %), "
          f"{med['tuffkit --help']:.3f} s (target <= 0.3 s); "
          f"{med['tuffkit --help'] / med['python -c pass']:.1f}x python -c pass; "
          f"load average {load[0]:.2f} before, {os.getloadavg()[0]:.2f} after")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"runs": runs, "medians": med, "help_vs_pandas": ratio,
                                     "loadavg": [load, os.getloadavg()]}, indent=2) + "\n")


if __name__ == "__main__":
    main()
