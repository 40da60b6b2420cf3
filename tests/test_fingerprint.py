"""The study's fingerprint key (issue 23): one key however many processes ask for it at once."""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing as mp
from pathlib import Path

from tuffkit.fingerprint import fingerprint, private_dir, secret


def test_processes_starting_together_get_one_key(tmp_path: Path) -> None:
    """The batch's workers start at the same moment on a fresh processed folder: a worker that
    read a half-written key would fingerprint the data differently from the audit."""
    with cf.ProcessPoolExecutor(4, mp_context=mp.get_context("spawn")) as pool:
        keys = list(pool.map(secret, [tmp_path] * 12))
    assert len(set(keys)) == 1 and len(keys[0]) == 32
    assert (private_dir(tmp_path) / "fingerprint.key").stat().st_mode & 0o077 == 0  # its owner's only
    assert fingerprint(tmp_path, "ab" * 32) == fingerprint(tmp_path, "ab" * 32) != fingerprint(tmp_path, "cd" * 32)
