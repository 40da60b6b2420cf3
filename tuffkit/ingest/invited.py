"""The invited-counts file: the number invited per unit and wave, for the response rate.

Its format is described in :mod:`tuffkit.study`; ``tuffkit init`` writes a template,
``tuffkit ingest`` checks it and copies it into the processed folder.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tuffkit.errors import InputFileError

__all__ = ["read_invited", "INVITED_UNIT_HEADERS"]


#: Headers of the invited-counts file's unit column besides the study's own unit words.
INVITED_UNIT_HEADERS = ("unit", "enhet", "municipality", "kommun", "arbetsplats", "workplace")


def read_invited(path: str | Path | None, unit_words: tuple[str, ...] = ()) -> pd.DataFrame | None:
    """The number invited per unit and wave, for the response rate.

    A CSV (``;`` or ``,``, UTF-8) with a unit column, a wave column and the number invited.
    The unit column is headed by the study's unit word (``enhet``, ``kommun``, ``arbetsplats``,
    singular or plural, Swedish or English: ``unit_words``) or ``unit``; the wave column
    ``omgång`` or ``wave``; the count ``inbjudna`` or ``invited``. Waves are the study's wave ids
    (``2014``, ``2025-10``); units are spelt as in the data. ``tuffkit init`` writes a template,
    ``tuffkit ingest`` checks the file named in the study file and copies it into the processed
    folder. ``None`` or an empty path gives ``None``.

    Returns
    -------
    DataFrame
        Columns ``unit``, ``wave`` (strings) and ``invited`` (int64).

    Raises
    ------
    InputFileError
        Missing file or column, a row without unit or wave, a unit and wave given twice, or an
        ``invited`` value that is not a whole number > 0 (the message names the row).

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "inbjudna.csv"
    >>> _ = p.write_text("boende;omgång;inbjudna\\nEkbacken;2025;12\\n", encoding="utf-8")
    >>> read_invited(p, unit_words=("boende", "boenden")).to_dict("records")
    [{'unit': 'Ekbacken', 'wave': '2025', 'invited': 12}]
    """
    if path is None or str(path) == "":
        return None
    p = Path(path)
    if not p.exists():
        raise InputFileError(f"{p}: no such file")
    try:
        raw = pd.read_csv(p, sep=None, engine="python", dtype=str, encoding="utf-8-sig")
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise InputFileError(f"{p}: cannot be read as CSV ({exc})") from None
    names = {w.lower(): "unit" for w in (*INVITED_UNIT_HEADERS, *unit_words)}
    names |= {"wave": "wave", "omgång": "wave", "invited": "invited", "inbjudna": "invited",
              "antal inbjudna": "invited"}
    raw = raw.rename(columns={c: names.get(str(c).strip().lower(), c) for c in raw.columns})
    heads = {"unit": " or ".join(dict.fromkeys(w.lower() for w in (*unit_words[:1], "unit"))),
             "wave": "omgång or wave", "invited": "inbjudna or invited"}
    for col in ("unit", "wave", "invited"):
        if col not in raw.columns:
            raise InputFileError(f"{p}: no column headed {heads[col]} (the columns are "
                                 f"{', '.join(map(str, raw.columns))})")
    out = raw[["unit", "wave", "invited"]].copy()
    for col in ("unit", "wave"):
        out[col] = out[col].str.strip()
        empty = out[col].isna() | (out[col] == "")
        if empty.any():
            i = int(empty.to_numpy().nonzero()[0][0])
            raise InputFileError(f"{p}, row {i + 2}: no {heads[col].split(' or ')[0]}")
    numbers = pd.to_numeric(out["invited"].str.strip(), errors="coerce")
    bad = numbers.isna() | (numbers <= 0) | (numbers % 1 != 0)
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise InputFileError(f"{p}, row {i + 2}, column 'invited': {out['invited'].iloc[i]!r} "
                             "is not a whole number above 0")
    twice = out.duplicated(["unit", "wave"], keep="first")
    if twice.any():
        i = int(twice.to_numpy().nonzero()[0][0])
        raise InputFileError(f"{p}, row {i + 2}: {out['unit'].iloc[i]} and wave {out['wave'].iloc[i]} are given "
                             "on an earlier row too")
    out["invited"] = numbers.astype("int64")
    return out
