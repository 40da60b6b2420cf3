"""What every report of a run shares, computed once: the processed data, and the summaries
over all units that every unit's report shows beside its own.

A run renders one report per municipality from the same processed folder, one after the other
in a few reused kernels. Without this module every report would read ``survey.parquet`` again
and compute the same all-municipality summaries again. Here:

- :func:`processed` reads a folder once per process while its files are unchanged (size,
  modification time and inode of ``survey.parquet`` and ``ingest.json``) and hands each
  caller its own shallow copy (free under pandas' copy-on-write: what a report changes in its
  copy never reaches the next report);
- :func:`shared` computes a summary once, always from the frame this module read itself (never
  from a caller's possibly changed copy), and keeps it in ``.tuffkit-cache/`` beside the
  processed data, named by the SHA-256 of the very ``survey.parquet`` that was read, the
  summary's parameters and a fingerprint of the code that computes it (tuffkit's statistics
  modules and instruments). New data or new code gives a new name, so a kept summary is never
  stale; files of other data are removed when a new one is written. While one process
  computes a summary it holds a lock on the cache folder, so the run's other workers wait for
  it and read it: a run computes each summary once. A folder that cannot be written keeps the
  summaries in memory for the process instead.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd

from tuffkit.config import PROTECTION
from tuffkit.disclosure import Plan
from tuffkit.processed import Processed, read_processed

__all__ = ["processed", "shared", "all_change", "plan", "source_files", "data_hash", "plan_of",
           "CACHE_DIR"]

#: the cache's folder inside the processed folder
CACHE_DIR = ".tuffkit-cache"
_FILES = ("survey.parquet", "ingest.json")
#: the code whose results are cached: a change to any of these gives the summaries new names
_CODE = ("survey.py", "privacy.py", "disclosure.py", "feasible.py", "instrument.py", "instruments/*.yaml",
         "report/runcache.py", "report/releases.py")
_NAME = re.compile(r"^(?P<name>\w+)-(?P<data>[0-9a-f]{16})-(?P<key>[0-9a-f]{16})\.parquet$")


class _Read:
    """A folder as read: its stamp, the SHA-256 of the survey file parsed, the pristine data."""

    def __init__(self, folder: Path) -> None:
        for _ in range(5):  # an ingest replacing the files meanwhile: read again
            stamp = _stamp(folder)
            digest = _sha256(folder / "survey.parquet")
            data = read_processed(folder)
            if _stamp(folder) == stamp:
                break
        self.stamp, self.hash, self.data = stamp, digest, data


_READ: dict[Path, _Read] = {}
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


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    except OSError:  # read_processed says what is wrong with the folder
        return ""
    return h.hexdigest()


def _code_fingerprint() -> str:
    root = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for pattern in _CODE:
        for path in sorted(root.glob(pattern)):
            h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


_CODE_FINGERPRINT = _code_fingerprint()


def _current(folder: Path) -> _Read:
    hit = _READ.get(folder)
    if hit is None or hit.stamp != _stamp(folder):
        hit = _READ[folder] = _Read(folder)
    return hit


def processed(folder: str | Path) -> Processed:
    """The processed folder ``folder``, read once per process while its files are unchanged;
    each call gets its own shallow copy of the data.

    Examples
    --------
    >>> import tempfile
    >>> from tuffkit import read_survey, write_ingest
    >>> from tuffkit.config import RAW_DIR
    >>> out = tempfile.mkdtemp(); _ = write_ingest(read_survey(RAW_DIR), out)
    >>> a, b = processed(out), processed(out)
    >>> a is b, a.responses.equals(b.responses)
    (False, True)
    """
    pristine = _current(Path(folder).resolve()).data
    return replace(pristine, responses=pristine.responses.copy(deep=False), ingest=dict(pristine.ingest))


def shared(folder: str | Path, name: str, params: dict[str, Any],
           compute: Callable[[pd.DataFrame], pd.DataFrame]) -> pd.DataFrame:
    """The summary ``name`` with ``params`` of the processed folder's answers: from the cache
    when it holds it, else ``compute(responses)`` on the answers as read, kept for the next
    report. Returns a shallow copy.

    Examples
    --------
    >>> import tempfile
    >>> from tuffkit import read_survey, write_ingest
    >>> from tuffkit.config import RAW_DIR
    >>> out = tempfile.mkdtemp(); _ = write_ingest(read_survey(RAW_DIR), out)
    >>> calls = []
    >>> def count(r):
    ...     calls.append(1)
    ...     return pd.DataFrame({"rows": [len(r)]})
    >>> a = shared(out, "demo", {"k": 1}, count)
    >>> _MEMORY.clear()        # a new process: only the file is left
    >>> b = shared(out, "demo", {"k": 1}, count)
    >>> len(calls), a.equals(b)
    (1, True)
    """
    folder = Path(folder).resolve()
    read = _current(folder)
    key = hashlib.sha256(json.dumps([name, params, _CODE_FINGERPRINT], sort_keys=True, default=str)
                         .encode()).hexdigest()[:16]
    file = f"{name}-{read.hash[:16]}-{key}.parquet"
    if (folder, file) not in _MEMORY:
        path = folder / CACHE_DIR / file
        frame = _load(path)
        if frame is None:
            with _lock(path.parent):  # another worker computing it: wait, then read what it wrote
                frame = _load(path)
                if frame is None:
                    frame = compute(read.data.responses)
                    _write(path, frame, read.hash[:16])
        _MEMORY[(folder, file)] = frame
    return _MEMORY[(folder, file)].copy(deep=False)


def _load(path: Path) -> pd.DataFrame | None:
    if not path.exists():
        return None
    try:
        return pd.read_parquet(path)
    except Exception:  # a damaged or half-copied cache file is computed anew
        return None


@contextlib.contextmanager
def _lock(cache: Path) -> Iterator[None]:
    """An exclusive lock on the cache folder between processes (POSIX ``flock``); where the
    folder cannot be made or locking is not available, no lock (each process computes).
    Not re-entrant: a ``compute`` must not call :func:`shared` itself."""
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
    """Write atomically; remove the summaries of other data and left-over temporary files;
    a folder that cannot be written is no error."""
    try:
        path.parent.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        try:
            frame.to_parquet(tmp, index=False)
            os.replace(tmp, path)
        finally:
            Path(tmp).unlink(missing_ok=True)
        for old in path.parent.iterdir():
            m = _NAME.match(old.name)
            if (m and m["data"] != data_hash) or (old.name.endswith(".tmp") and old.name != Path(tmp).name):
                old.unlink(missing_ok=True)
    except OSError:
        pass


def all_change(folder: str | Path, from_wave: str, to_wave: str, min_n: int) -> pd.DataFrame:
    """:func:`tuffkit.survey.change` over every unit of the processed folder, shared by the
    run's reports."""
    from tuffkit.survey import change

    inst = processed(folder).instrument
    return shared(folder, "change_all", {"from_wave": from_wave, "to_wave": to_wave, "min_n": int(min_n),
                                         "instrument": inst.id},
                  lambda r: change(r, from_wave, to_wave, min_n=min_n, instrument=inst))


def all_levels(folder: str | Path, min_n: int) -> pd.DataFrame:
    """:func:`tuffkit.survey.item_summary` by wave over every unit of the processed folder,
    shared by the run's reports."""
    from tuffkit.survey import item_summary

    inst = processed(folder).instrument
    return shared(folder, "levels_all", {"min_n": int(min_n), "instrument": inst.id},
                  lambda r: item_summary(r, by=["wave"], min_n=min_n, instrument=inst))


def plan(folder: str | Path, min_n: int, followed: Sequence[str] = (), protection: float | None = None) -> Plan:
    """The run's disclosure plan (:func:`tuffkit.disclosure.plan_run`) for the processed folder:
    computed once per data, settings and code, and the same for every report that asks.
    ``protection``: None takes the study's."""
    from tuffkit.disclosure import plan_run

    folder = Path(folder).resolve()
    fol = sorted({str(m) for m in followed})
    pro = processed(folder)
    prot = float(pro.study.protection if protection is None else protection)
    scale = (float(pro.instrument.scale.min), float(pro.instrument.scale.max))

    def compute(responses: pd.DataFrame) -> pd.DataFrame:
        return plan_run(responses, min_n, fol, files=source_files(folder), protection=prot, scale=scale).to_frame()

    files = folder / "respondents.parquet"  # the source files' counts depend on it too
    stamp = _sha256(files)[:16] if files.exists() else ""
    params = {"min_n": int(min_n), "followed": fol, "files": stamp, "protection": prot}
    base = Plan.from_frame(shared(folder, "plan", params, compute), min_n, fol)
    from tuffkit.report import releases

    state = releases.state(folder)
    if not state:
        return base

    def against(responses: pd.DataFrame) -> pd.DataFrame:  # what the study's earlier releases make unsafe
        earlier = releases.earlier_sets(folder, responses)[0]
        p = releases.against_releases(base, responses, source_files(folder), earlier)
        hidden = sorted(base.shown - p.shown)
        notes = [n for n in p.notes if n not in base.notes]
        return pd.DataFrame({"kind": ["hidden"] * len(hidden) + ["note"] * len(notes), "text": hidden + notes})

    extra = shared(folder, "plan_releases", {**params, "releases": state}, against)
    hidden = set(extra.loc[extra["kind"] == "hidden", "text"].astype(str))
    notes = tuple(extra.loc[extra["kind"] == "note", "text"].astype(str))
    return Plan(base.min_n, base.followed, base.shown - hidden, notes, coarse=base.coarse - hidden)


def source_files(folder: str | Path) -> pd.DataFrame | None:
    """``respondent_id, source_file`` from the processed ``respondents.parquet``; None without it."""
    path = Path(folder) / "respondents.parquet"
    if not path.exists():
        return None
    return pd.read_parquet(path, columns=["respondent_id", "source_file"])


def data_hash(folder: str | Path) -> str:
    """The SHA-256 of the processed folder's ``survey.parquet`` as this process read it."""
    return _current(Path(folder).resolve()).hash


_PLANS: dict[tuple, Plan] = {}


def plan_of(responses: pd.DataFrame, min_n: int, followed: Sequence[str] = (),
            files: pd.DataFrame | None = None, protection: float = PROTECTION,
            scale: tuple[float, float] | None = None) -> Plan:
    """:func:`tuffkit.disclosure.plan_run` for answers held in memory (e.g. a changed
    :class:`~tuffkit.processed.Processed`), kept per process under a hash of their content: the
    same answers give the same plan without computing it again, changed answers a new one."""
    from tuffkit.disclosure import plan_run

    cols = [c for c in ("respondent_id", "wave", "unit", "function", "item", "value") if c in responses]
    digest = hashlib.sha256(pd.util.hash_pandas_object(responses[cols], index=False).to_numpy().tobytes())
    if files is not None:
        digest.update(pd.util.hash_pandas_object(files, index=False).to_numpy().tobytes())
    key = (digest.hexdigest(), int(min_n), tuple(sorted(followed)), float(protection), scale)
    if key not in _PLANS:
        if len(_PLANS) > 16:
            _PLANS.clear()
        _PLANS[key] = plan_run(responses, min_n, followed, files=files, protection=protection, scale=scale)
    return _PLANS[key]
