"""Ingest benchmark: ``tuffkit.read_survey`` against a bare ``pandas.read_csv(engine="pyarrow")``.

What it does, in one run:

1. Writes a synthetic web-survey export (deterministic, seeded): semicolon-separated
   UTF-8 with a byte-order mark, one title row above the header, the columns
   ``Svars-ID; Kommun; Funktion; Sitter du i ledningsgruppen?; Omgång; F1 .. F19``
   and ``--rows`` respondents (default 1,000,000). Answers are mostly ``1``..``7``,
   about 3 % blank, about 1 % ``Vet ej`` and a few ``7 - Instämmer helt`` labels.
2. Measures, each in a fresh Python subprocess so that peak memory is per task,
   alternating the two, ``--repeats`` times (default 3):

   * ``bare``: ``pandas.read_csv(path, engine="pyarrow", sep=";", skiprows=1)``;
   * ``tuffkit``: ``tuffkit.read_survey(path)`` (instrument ``lfr19``).

   Time is the wall time of the call only (``time.perf_counter``; imports and file
   generation are outside it). Peak memory is ``ru_maxrss`` of the subprocess at its
   end; it includes the interpreter and the imports, so the RSS after the imports
   (before the call) is reported as the baseline too.
3. Prints a table with every run, the medians and the ratio of the medians, says
   whether the targets (ratio <= 3, peak <= 3 GB) are met, and writes the figures to
   ``bench/results/ingest.json``. The tuffkit subprocess also checks that every row
   was kept and that ``responses`` has ``rows x 19`` rows.

It exits 0 whatever the figures (a measurement, not a test); it exits 1 when a
subprocess fails and 2 when the tuffkit result has the wrong number of rows.

Run: ``make bench`` or ``.venv/bin/python bench/bench_ingest.py [--rows N] [--repeats K]``.
``--profile`` additionally runs ``read_survey`` once under cProfile and prints the hot spots.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
RESULTS_DIR = HERE / "results"
SEED = 20121015
N_ITEMS = 19
TARGET_RATIO = 3.0
TARGET_PEAK_BYTES = 3 * 10**9  # 3 GB (decimal)
RESULT_TAG = "BENCH_RESULT "

# A few real municipality names with å, ä and ö; the rest are generated "Kommun NNN".
_NAMED = [
    "Håbo", "Mölndal", "Örebro", "Älvkarleby", "Skövde", "Västerås", "Jönköping", "Luleå",
    "Umeå", "Malmö", "Borås", "Växjö", "Täby", "Sölvesborg", "Åre", "Östersund", "Härnösand",
    "Mönsterås", "Botkyrka", "Halmstad",
]
MUNICIPALITIES = _NAMED + [f"Kommun {i:03d}" for i in range(len(_NAMED) + 1, 291)]
FUNCTIONS = ["Ledning", "Stöd", ""]
FUNCTION_P = [0.45, 0.50, 0.05]
MGMT = ["Ja", "Nej", ""]
MGMT_P = [0.40, 0.55, 0.05]
WAVES = ["2012-10", "2013-05", "2014"]
WAVE_P = [0.40, 0.35, 0.25]
# answer codes 0..6 -> "1".."7"; 7 blank; 8 "Vet ej"; 9 the labelled top answer
ANSWERS = [str(v) for v in range(1, 8)] + ["", "Vet ej", "7 - Instämmer helt"]
P_BLANK, P_DONT_KNOW, P_LABEL_OF_SEVEN = 0.03, 0.01, 0.05


# --------------------------------------------------------------------------- data


def write_survey_csv(path: Path, rows: int, seed: int = SEED) -> dict[str, Any]:
    """Write the synthetic export to ``path`` (vectorised; a few seconds for 1,000,000 rows).

    Returns a short description of the file (rows, bytes, encoding, seconds taken).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    t0 = time.perf_counter()
    rng = np.random.default_rng(seed)

    def pick(choices: list[str], p: list[float]) -> pa.Array:
        codes = rng.choice(len(choices), size=rows, p=p).astype(np.int32)
        return pc.take(pa.array(choices, pa.string()), pa.array(codes))

    ids = pc.utf8_lpad(pa.array(np.arange(1, rows + 1, dtype=np.int64)).cast(pa.string()), 7, "0")
    columns: list[pa.Array] = [
        pc.binary_join_element_wise("R", ids, ""),
        pc.take(pa.array(MUNICIPALITIES), pa.array(rng.integers(0, len(MUNICIPALITIES), rows, dtype=np.int32))),
        pick(FUNCTIONS, FUNCTION_P),
        pick(MGMT, MGMT_P),
        pick(WAVES, WAVE_P),
    ]

    # answers: a respondent level, a statement offset and noise, rounded onto 1..7
    level = rng.normal(4.2, 0.8, size=(rows, 1))
    offset = rng.normal(0.0, 0.4, size=(1, N_ITEMS))
    answers = np.clip(np.rint(level + offset + rng.normal(0.0, 1.2, size=(rows, N_ITEMS))), 1, 7).astype(np.int8) - 1
    u = rng.random(size=(rows, N_ITEMS))
    answers[(answers == 6) & (rng.random(size=(rows, N_ITEMS)) < P_LABEL_OF_SEVEN)] = 9
    answers[u < P_BLANK + P_DONT_KNOW] = 8
    answers[u < P_BLANK] = 7
    answer_dict = pa.array(ANSWERS, pa.string())
    for j in range(N_ITEMS):
        columns.append(pc.take(answer_dict, pa.array(answers[:, j].astype(np.int32))))
    del level, answers, u

    lines = pc.binary_join_element_wise(*columns, ";")
    lines = pc.binary_join_element_wise(lines, "\n", "")  # each record ends with a newline
    lines = lines.combine_chunks() if isinstance(lines, pa.ChunkedArray) else lines
    assert lines.null_count == 0 and lines.offset == 0
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int32, count=rows + 1)
    body = memoryview(lines.buffers()[2])[offsets[0] : offsets[-1]]

    title = f"Leda för Resultat – export från webbenkät (SYNTETISKA BENCHMARKDATA, {rows} svar)\n"
    header = ";".join(
        ["Svars-ID", "Kommun", "Funktion", "Sitter du i ledningsgruppen?", "Omgång"]
        + [f"F{i}" for i in range(1, N_ITEMS + 1)]
    ) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        f.write(b"\xef\xbb\xbf" + title.encode("utf-8") + header.encode("utf-8"))
        f.write(body)
    return {
        "path": str(path),
        "rows": rows,
        "bytes": path.stat().st_size,
        "encoding": "utf-8 with BOM",
        "separator": ";",
        "seed": seed,
        "seconds_to_write": round(time.perf_counter() - t0, 2),
    }


# --------------------------------------------------------------------------- worker (subprocess)


def _rss_now_kib() -> int:
    """The current resident set size in KiB (Linux ``/proc``; 0 elsewhere)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    except (OSError, ValueError, IndexError):
        return 0


def worker(task: str, csv_path: Path, rows: int, profile: Path | None) -> dict[str, Any]:
    """Run one task in this (fresh) process and return its figures."""
    import pandas as pd
    import pyarrow.csv  # noqa: F401 - imported up front in both tasks, so neither call pays for it

    if task == "tuffkit":
        import tuffkit

        def call() -> Any:
            return tuffkit.read_survey(csv_path)
    else:

        def call() -> Any:
            return pd.read_csv(csv_path, engine="pyarrow", sep=";", skiprows=1)

    baseline_rss = _rss_now_kib()
    baseline_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    profiler = None
    if profile is not None:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    t0 = time.perf_counter()
    result = call()
    seconds = time.perf_counter() - t0
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # the same call again in the same process: without one-time set-up (pandera registers
    # its backends and imports on first use, ~0.2-0.3 s), as in a JupyterLab session
    del result
    t0 = time.perf_counter()
    result = call()
    seconds_warm = time.perf_counter() - t0

    out: dict[str, Any] = {
        "task": task,
        "seconds": seconds,
        "seconds_warm": seconds_warm,
        "peak_rss_kib": peak,
        "baseline_rss_kib": baseline_rss,
        "baseline_peak_rss_kib": baseline_peak,
    }
    if task == "tuffkit":
        kept = int(result.files["rows_kept"].sum())
        n_resp = len(result.responses)
        out["check"] = {
            "rows_kept": kept,
            "rows_rejected": int(result.files["rows_rejected"].sum()),
            "cell_problems": len(result.problems),
            "responses": n_resp,
            "ok": kept == rows and n_resp == rows * N_ITEMS,
        }
    else:
        out["check"] = {"shape": list(result.shape), "ok": result.shape == (rows, 5 + N_ITEMS)}
    return out


def run_worker(task: str, csv_path: Path, rows: int, profile: Path | None = None) -> dict[str, Any]:
    """Run :func:`worker` for ``task`` in a fresh interpreter and return its figures."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", task, "--csv", str(csv_path), "--rows", str(rows)]
    if profile is not None:
        cmd += ["--profile-out", str(profile)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    for line in proc.stdout.splitlines():
        if line.startswith(RESULT_TAG):
            return json.loads(line[len(RESULT_TAG) :])
    raise RuntimeError(
        f"the {task} subprocess failed (exit {proc.returncode}):\n{proc.stderr.strip()[-3000:]}"
    )


# --------------------------------------------------------------------------- report


def machine() -> dict[str, Any]:
    """Where the figures were measured: CPU, memory, versions, git commit."""
    import pandas as pd
    import pyarrow as pa

    cpu = platform.processor() or platform.machine()
    mem_kib = 0
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_kib = int(line.split()[1])
                break
    except OSError:
        pass
    try:
        commit = subprocess.run(
            ["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        commit = ""
    from importlib.metadata import version

    return {
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "memory_gb": round(mem_kib * 1024 / 1e9, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "pandas": pd.__version__,
        "pyarrow": pa.__version__,
        "numpy": np.__version__,
        "tuffkit": version("tuffkit"),
        "git_commit": commit,
    }


def _mb(kib: float) -> float:
    return kib * 1024 / 1e6


def summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians per task, the ratio of the medians and the target verdicts."""
    out: dict[str, Any] = {}
    for task in ("bare", "tuffkit"):
        rs = [r for r in runs if r["task"] == task]
        out[task] = {
            "seconds": [round(r["seconds"], 3) for r in rs],
            "median_seconds": round(statistics.median(r["seconds"] for r in rs), 3),
            "seconds_warm": [round(r["seconds_warm"], 3) for r in rs],
            "median_seconds_warm": round(statistics.median(r["seconds_warm"] for r in rs), 3),
            "peak_mb": [round(_mb(r["peak_rss_kib"]), 1) for r in rs],
            "max_peak_mb": round(_mb(max(r["peak_rss_kib"] for r in rs)), 1),
            "baseline_rss_mb": round(_mb(statistics.median(r["baseline_rss_kib"] for r in rs)), 1),
            "max_peak_above_baseline_mb": round(
                _mb(max(r["peak_rss_kib"] - r["baseline_rss_kib"] for r in rs)), 1
            ),
        }
    ratio = out["tuffkit"]["median_seconds"] / out["bare"]["median_seconds"]
    peak_bytes = out["tuffkit"]["max_peak_mb"] * 1e6
    out["ratio_of_medians"] = round(ratio, 2)
    out["ratio_of_medians_warm"] = round(
        out["tuffkit"]["median_seconds_warm"] / out["bare"]["median_seconds_warm"], 2
    )
    out["targets"] = {
        "ratio_at_most": TARGET_RATIO,
        "ratio_met": ratio <= TARGET_RATIO,
        "peak_at_most_gb": TARGET_PEAK_BYTES / 1e9,
        "peak_met": peak_bytes <= TARGET_PEAK_BYTES,
    }
    return out


def print_report(data: dict[str, Any], summary: dict[str, Any], runs: list[dict[str, Any]]) -> None:
    """Print the runs, the medians, the ratio and the verdicts."""
    print(f"\nFile: {data['rows']:,} respondents x {N_ITEMS} statements, {data['bytes'] / 1e6:.1f} MB "
          f"({data['encoding']}, '{data['separator']}'), written in {data['seconds_to_write']} s\n")
    print(f"{'run':>3}  {'task':<8} {'first s':>8} {'second s':>9} {'peak RSS MB':>12} {'RSS after imports MB':>21}")
    for i, r in enumerate(runs, 1):
        print(f"{(i + 1) // 2:>3}  {r['task']:<8} {r['seconds']:>8.2f} {r['seconds_warm']:>9.2f} "
              f"{_mb(r['peak_rss_kib']):>12.0f} {_mb(r['baseline_rss_kib']):>21.0f}")
    b, t = summary["bare"], summary["tuffkit"]
    print()
    print(f"{'':<10} {'median s':>9} {'2nd call':>9} {'max peak MB':>12} {'after imports MB':>17} "
          f"{'peak - imports MB':>18}")
    for name, s in (("bare", b), ("tuffkit", t)):
        print(f"{name:<10} {s['median_seconds']:>9.2f} {s['median_seconds_warm']:>9.2f} {s['max_peak_mb']:>12.0f} "
              f"{s['baseline_rss_mb']:>17.0f} {s['max_peak_above_baseline_mb']:>18.0f}")
    tg = summary["targets"]
    print(f"\nratio tuffkit / bare (medians, first call in a fresh process): {summary['ratio_of_medians']:.2f}x  "
          f"-> target <= {tg['ratio_at_most']:.0f}x {'MET' if tg['ratio_met'] else 'NOT MET'}")
    print(f"ratio tuffkit / bare (medians, second call in the same process): {summary['ratio_of_medians_warm']:.2f}x")
    print(f"tuffkit peak memory: {t['max_peak_mb'] / 1000:.2f} GB  "
          f"-> target <= {tg['peak_at_most_gb']:.0f} GB {'MET' if tg['peak_met'] else 'NOT MET'}")
    checks = [r["check"] for r in runs if r["task"] == "tuffkit"]
    c = checks[0]
    verdict = "OK" if all(x["ok"] for x in checks) else "WRONG"
    print(f"correctness (tuffkit): rows kept {c['rows_kept']:,} of {data['rows']:,}, "
          f"responses {c['responses']:,} (expected {data['rows'] * N_ITEMS:,}), "
          f"rejected {c['rows_rejected']}, cell problems {c['cell_problems']} -> {verdict}")


def print_profile(prof: Path, top: int = 25) -> None:
    """Print the ``top`` functions by own time and by cumulative time from a cProfile dump."""
    import pstats

    stats = pstats.Stats(str(prof))
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


# --------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=1_000_000, help="respondents in the synthetic file (default 1,000,000)")
    ap.add_argument("--repeats", type=int, default=3, help="runs of each task, alternating (default 3)")
    ap.add_argument("--csv", type=Path, help="write (and keep) the synthetic file here instead of a temporary folder")
    ap.add_argument("--json", type=Path, default=RESULTS_DIR / "ingest.json", help="where to write the figures")
    ap.add_argument("--profile", action="store_true", help="also run read_survey once under cProfile")
    ap.add_argument("--worker", choices=["bare", "tuffkit"], help=argparse.SUPPRESS)
    ap.add_argument("--profile-out", type=Path, help=argparse.SUPPRESS)
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        res = worker(args.worker, args.csv, args.rows, args.profile_out)
        print(RESULT_TAG + json.dumps(res), flush=True)
        return 0

    with tempfile.TemporaryDirectory(prefix="tuffkit-bench-") as tmp:
        csv_path = args.csv or Path(tmp) / "survey_bench.csv"
        print(f"Writing {args.rows:,} respondents to {csv_path} ...", flush=True)
        data = write_survey_csv(csv_path, args.rows)
        runs: list[dict[str, Any]] = []
        try:
            for i in range(args.repeats):
                for task in ("bare", "tuffkit"):
                    r = run_worker(task, csv_path, args.rows)
                    print(f"  run {i + 1}/{args.repeats} {task:<8} {r['seconds']:7.2f} s  "
                          f"peak {_mb(r['peak_rss_kib']):6.0f} MB", flush=True)
                    runs.append(r)
        except RuntimeError as exc:
            print(exc, file=sys.stderr)
            return 1
        prof = None
        if args.profile:
            prof = RESULTS_DIR / "read_survey.prof"
            RESULTS_DIR.mkdir(parents=True, exist_ok=True)
            print("Profiling read_survey (cProfile; slower than the timed runs) ...", flush=True)
            run_worker("tuffkit", csv_path, args.rows, profile=prof)

    summary = summarise(runs)
    print_report(data, summary, runs)
    report = {
        "benchmark": "ingest: tuffkit.read_survey vs pandas.read_csv(engine='pyarrow')",
        "measured": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine(),
        "file": data,
        "repeats": args.repeats,
        "notes": (
            "seconds: wall time of the call only (perf_counter), each run in a fresh subprocess, "
            "bare and tuffkit alternating; peak: ru_maxrss of the subprocess at its end, including "
            "the interpreter and imports (baseline_rss_mb: RSS after the imports); MB/GB are decimal."
        ),
        "summary": summary,
        "runs": runs,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nFigures written to {args.json}")
    if prof is not None:
        print(f"\ncProfile of one read_survey run ({prof}):")
        print_profile(prof)
    if not all(r["check"]["ok"] for r in runs):
        print("The result has the wrong number of rows; the timings are not meaningful.", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
