"""What every report of a run shares, computed once: the processed data, and the summaries
over all units that every unit's report shows beside its own.

A run renders one report per municipality from the same processed folder, one after the other
in a few reused kernels. Without this module every report would read ``survey.parquet`` again
and compute the same all-municipality summaries again. Here:

- :func:`processed` reads a folder once per process and hands out the same
  :class:`~tuffkit.processed.Processed` while the folder's files are unchanged (size,
  modification time and inode of ``survey.parquet`` and ``ingest.json``);
- :func:`shared` computes a summary once and keeps it in ``.tuffkit-cache/`` beside the
  processed data, named by the SHA-256 of ``survey.parquet``, the summary's parameters and the
  tuffkit version. New data has a new hash, so a kept summary is never stale; files of an
  older hash are removed when a new one is written. A folder that cannot be written keeps the
  summaries in memory for the process instead. While one process computes a summary it holds
  a lock on the cache folder, so the run's other workers wait for it and read it: a run
  computes each summary once.

The frames handed out are shared: treat them as read-only (pandas' copy-on-write keeps a
derived frame from writing into them).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pandas as pd

from tuffkit.processed import Processed, read_processed

__all__ = ["processed", "shared", "all_change", "CACHE_DIR"]

#: the cache's folder inside the processed folder
CACHE_DIR = ".tuffkit-cache"
_FILES = ("survey.parquet", "ingest.json")
_PROCESSED: dict[Path, tuple[tuple, Processed]] = {}
_HASHES: dict[Path, tuple[tuple, str]] = {}
_MEMORY: dict[tuple[Path, str], pd.DataFrame] = {}


def _stamp(folder: Path) -> tuple:
    """What changes when an ingest rewrites the folder (an atomic replace changes the inode)."""
    out = []
    for name in _FILES:
        try:
            st = (folder / name).stat()
            out.append((name, st.st_size, st.st_mtime_ns, st.st_ino))
        except OSError:
            out.append((name, None))
    return tuple(out)


def processed(folder: str | Path) -> Processed:
    """The processed folder ``folder``, read once per process while its files are unchanged.

    Examples
    --------
    >>> import tempfile
    >>> from tuffkit import read_survey, write_ingest
    >>> from tuffkit.config import RAW_DIR
    >>> out = tempfile.mkdtemp(); _ = write_ingest(read_survey(RAW_DIR), out)
    >>> processed(out) is processed(out)
    True
    """
    folder = Path(folder).resolve()
    stamp = _stamp(folder)
    hit = _PROCESSED.get(folder)
    if hit is None or hit[0] != stamp:
        hit = (stamp, read_processed(folder))
        _PROCESSED[folder] = hit
    return hit[1]


def _data_hash(folder: Path) -> str:
    stamp = _stamp(folder)
    hit = _HASHES.get(folder)
    if hit is None or hit[0] != stamp:
        h = hashlib.sha256()
        with open(folder / "survey.parquet", "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        hit = (stamp, h.hexdigest())
        _HASHES[folder] = hit
    return hit[1]


def shared(data: Processed, name: str, params: dict[str, Any], compute: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """The summary ``name`` of ``data`` with ``params``: from the cache when it holds it, else
    ``compute()``, kept for the next report.

    Examples
    --------
    >>> import tempfile
    >>> from tuffkit import read_survey, write_ingest
    >>> from tuffkit.config import RAW_DIR
    >>> out = tempfile.mkdtemp(); _ = write_ingest(read_survey(RAW_DIR), out)
    >>> calls = []
    >>> def count():
    ...     calls.append(1)
    ...     return pd.DataFrame({"n": [len(calls)]})
    >>> a = shared(processed(out), "demo", {"k": 1}, count)
    >>> _MEMORY.clear()        # a new process: only the file is left
    >>> b = shared(processed(out), "demo", {"k": 1}, count)
    >>> len(calls), a.equals(b)
    (1, True)
    """
    folder = Path(data.folder).resolve()
    data_hash = _data_hash(folder)
    key = hashlib.sha256(json.dumps([name, params, version("tuffkit")], sort_keys=True, default=str)
                         .encode()).hexdigest()[:16]
    file = f"{name}-{data_hash[:16]}-{key}.parquet"
    if (folder, file) in _MEMORY:
        return _MEMORY[(folder, file)]
    path = folder / CACHE_DIR / file
    frame = _read(path)
    if frame is None:
        with _lock(path.parent):  # another worker computing it: wait, then read what it wrote
            frame = _read(path)
            if frame is None:
                frame = compute()
                _write(path, frame, data_hash[:16])
    _MEMORY[(folder, file)] = frame
    return frame


def _read(path: Path) -> pd.DataFrame | None:
    if not path.exists():
        return None
    try:
        return pd.read_parquet(path)
    except Exception:  # a damaged or half-copied cache file is computed anew
        return None


@contextlib.contextmanager
def _lock(cache: Path) -> Iterator[None]:
    """An exclusive lock on the cache folder between processes (POSIX ``flock``); where the
    folder cannot be made or locking is not available, no lock (each process computes)."""
    try:
        import fcntl

        cache.mkdir(exist_ok=True)
        handle = open(cache / ".lock", "a+b")  # noqa: SIM115 - closed below
    except (ImportError, OSError):
        yield
        return
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        handle.close()  # closing releases the lock


def _write(path: Path, frame: pd.DataFrame, data_hash: str) -> None:
    """Write atomically; remove the files of other data; a folder that cannot be written is no error."""
    try:
        path.parent.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        os.close(fd)
        try:
            frame.to_parquet(tmp, index=False)
            os.replace(tmp, path)
        finally:
            Path(tmp).unlink(missing_ok=True)
        for old in path.parent.glob("*.parquet"):
            if old.stem.split("-")[-2] != data_hash:
                old.unlink(missing_ok=True)
    except OSError:
        pass


def all_change(data: Processed, from_wave: str, to_wave: str, min_n: int) -> pd.DataFrame:
    """:func:`tuffkit.survey.change` over every unit of ``data``, shared by the run's reports."""
    from tuffkit.survey import change

    return shared(data, "change_all", {"from_wave": from_wave, "to_wave": to_wave, "min_n": int(min_n)},
                  lambda: change(data.responses, from_wave, to_wave, min_n=min_n))
