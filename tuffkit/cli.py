"""The ``tuffkit`` command: parses arguments and calls the library; nothing more.

Errors a user can cause end with one sentence on stderr and exit code 2. An ingest
that ran but kept no respondent at all exits with 1 (its outputs say why).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path

from tuffkit.config import PROCESSED_DIR
from tuffkit.errors import OutputError, TuffkitError

__all__ = ["main"]


def _ingest(args: argparse.Namespace) -> int:
    from tuffkit.io import read_survey, write_ingest

    out = Path(args.out)
    if not args.out.strip():
        raise OutputError("--out needs a folder name")
    for raw in args.paths:
        if Path(raw).resolve() == out.resolve():
            raise OutputError(f"{out}: the output folder must not be an input folder")
    data = read_survey(args.paths, instrument=args.instrument, mapping=args.mapping)
    write_ingest(data, out)
    print(data.summary())
    print()
    print(f"Outputs in {out}/: survey.parquet, respondents.parquet, rejected.csv, problems.csv, ingest.json")
    if len(data.respondents) == 0:
        print(f"tuffkit: error: no respondent was kept; the reasons are in {out / 'rejected.csv'}", file=sys.stderr)
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``tuffkit`` command."""
    parser = argparse.ArgumentParser(
        prog="tuffkit",
        description="Research workbench for systematic development work (TUFF, Leda för Resultat).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {version('tuffkit')}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    ing = sub.add_parser(
        "ingest",
        help="read survey exports (.xlsx/.csv) into tidy files, accounting for every row",
        description=(
            "Read survey exports (.xlsx/.csv files or folders of them) and write survey.parquet, "
            "respondents.parquet, rejected.csv, problems.csv and ingest.json into --out."
        ),
    )
    ing.add_argument("paths", nargs="+", metavar="PATH", help="export files or folders holding them")
    ing.add_argument("--instrument", default="lfr19", metavar="NAME|FILE",
                     help="built-in instrument name or instrument YAML file (default: lfr19)")
    ing.add_argument("--mapping", default=None, metavar="FILE",
                     help="YAML mapping of the export's own headers and codes")
    ing.add_argument("--out", default=str(PROCESSED_DIR), metavar="DIR",
                     help=f"output folder (default: {PROCESSED_DIR})")
    ing.set_defaults(func=_ingest)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except TuffkitError as exc:
        print(f"tuffkit: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("tuffkit: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
