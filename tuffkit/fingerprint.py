"""Keyed fingerprints of the study's files: what a report or a manifest may print instead of a hash.

A SHA-256 of a small export can be reversed: for a one-respondent file of an 8-statement
instrument, trying every possible answer row finds the file's hash in about a minute. So no
report and nothing in ``--out`` prints a raw hash. Where a file must be recognisable (the method
box's list of source files, the manifest), it gets a *keyed* fingerprint: HMAC-SHA-256 of the
file's SHA-256 under a secret that lives only in the study's private folder
(``<processed>/private/fingerprint.key``, made on first use, readable by its owner only). The
same file gives the same fingerprint in every report of the study, and nobody without the key
can test a guess against it.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import tempfile
from pathlib import Path

__all__ = ["PRIVATE_DIR", "private_dir", "secret", "fingerprint"]

#: the study's private folder inside the processed folder: never part of what readers get
PRIVATE_DIR = "private"
_KEY = "fingerprint.key"


def private_dir(folder: str | Path) -> Path:
    """The private folder of the processed folder ``folder`` (not created here)."""
    return Path(folder) / PRIVATE_DIR


def secret(folder: str | Path) -> bytes:
    """The study's fingerprint key, made (32 random bytes, mode 0600) the first time it is asked
    for; a folder that cannot be written gives a key for this process only.

    >>> import tempfile
    >>> d = tempfile.mkdtemp()
    >>> secret(d) == secret(d), len(secret(d))
    (True, 32)
    """
    path = private_dir(folder) / _KEY
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
    except OSError:
        pass
    key = os.urandom(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # written whole under a temporary name, then linked in place: a process starting at the same
        # moment (the batch's workers) never reads a half-written key, and the first one made wins
        fd, tmp = tempfile.mkstemp(prefix=".fingerprint.", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(key)
            os.chmod(tmp, 0o600)
            os.link(tmp, path)
        except FileExistsError:
            return path.read_bytes()
        finally:
            os.unlink(tmp)
    except OSError:
        return _FALLBACK.setdefault(str(Path(folder).resolve()), key)
    return key


_FALLBACK: dict[str, bytes] = {}


def fingerprint(folder: str | Path, digest: str, length: int = 12) -> str:
    """The keyed fingerprint of a file whose SHA-256 is ``digest`` (hex), for the study whose
    processed folder is ``folder``: the first ``length`` hex digits of HMAC-SHA-256; "" for no
    digest.

    >>> import tempfile
    >>> d = tempfile.mkdtemp()
    >>> raw = hashlib.sha256(b"7;7;6").hexdigest()
    >>> fp = fingerprint(d, raw)
    >>> len(fp), fp == raw[:12], fp == fingerprint(d, raw)
    (12, False, True)
    """
    if not digest:
        return ""
    return hmac.new(secret(folder), str(digest).encode("ascii"), hashlib.sha256).hexdigest()[:length]
