"""The files an ingest reads and writes: the export files named by paths and folders, and
the outputs in the processed folder, written so that an interrupted run leaves no half-written
file."""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pandas as pd

from tuffkit.errors import InputFileError, OutputError
from tuffkit.ingest.rawtable import CSV_SUFFIXES, EXCEL_SUFFIXES

__all__ = ["expand_paths", "write_outputs"]


def expand_paths(paths: str | Path | Iterable[str | Path],
                 suffixes: tuple[str, ...] = CSV_SUFFIXES + EXCEL_SUFFIXES) -> list[Path]:
    """Turn files and folders into the list of export files to read (folders: their files
    with one of ``suffixes``, by default ``.csv``/``.txt``/``.tsv``/``.xlsx``/``.xlsm``, sorted;
    hidden files and Excel's ``~$`` lock files are skipped).

    Raises
    ------
    InputFileError
        A path does not exist, a folder holds no export, or no path was given.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            if (p / "ingest.json").exists():
                raise InputFileError(f"{p}: is an output folder of tuffkit ingest, not a folder of exports")
            found = sorted(
                q for q in p.iterdir()
                if q.is_file() and q.suffix.lower() in suffixes and not q.name.startswith(("~$", "."))
            )
            if not found:
                kinds = [s for s in (".csv", ".xlsx", ".json") if s in suffixes]
                named = f"{', '.join(kinds[:-1])} or {kinds[-1]}" if len(kinds) > 1 else "".join(kinds)
                raise InputFileError(f"{p}: the folder holds no {named} file")
            out.extend(found)
        elif p.exists():
            out.append(p)
        else:
            raise InputFileError(f"{p}: no such file or folder")
    if not out:
        raise InputFileError("no input file given")
    return out


def _atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_outputs(out: str | Path, frames: dict[str, pd.DataFrame], record_name: str,
                  record: dict[str, Any]) -> dict[str, Any]:
    """Write an ingest's outputs into ``out``: each of ``frames`` by its name's suffix
    (``.parquet``, or ``.csv`` as semicolon-separated UTF-8 with a byte-order mark, so that
    Excel with Swedish settings opens it with å, ä and ö intact), then ``record`` as the JSON
    file ``record_name``, led by the tuffkit version and the time and closed by the list of
    outputs. Every file is written to a temporary name and renamed: an interrupted run leaves
    no half-written output. Returns the record as written.

    Raises
    ------
    OutputError
        The folder or a file cannot be written.
    """
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, frame in frames.items():
            # what a frame carries in memory (its study: tuffkit.survey.study_of) is not data: a file
            # holds the same bytes for the same rows whatever study file read them
            frame = frame.copy(deep=False)
            frame.attrs = {}
            if name.endswith(".parquet"):
                _atomic_write(out / name, lambda p, f=frame: f.to_parquet(p, index=False))
            else:
                _atomic_write(out / name, lambda p, f=frame: f.to_csv(p, sep=";", index=False, encoding="utf-8-sig"))
        full = {"tuffkit_version": version("tuffkit"),
                "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                **record, "outputs": [*frames, record_name]}
        text = json.dumps(full, ensure_ascii=False, indent=2)
        _atomic_write(out / record_name, lambda p: p.write_text(text + "\n", encoding="utf-8"))
    except OSError as exc:
        raise OutputError(f"{out}: cannot write the outputs ({exc.strerror or exc})") from None
    return full
