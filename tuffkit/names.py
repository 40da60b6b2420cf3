"""Names as people write them: one normal form for comparing, the Swedish alphabetical
order, and finding a unit by a name that is nearly right.

Every layer uses these (the loaders compare headers and cells, the reports sort and look up
municipalities and units), so they live below all of them.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from tuffkit.errors import InputFileError

__all__ = ["norm", "swedish_sort_key", "find_name", "close_matches", "slugify"]

_SPACE = re.compile(r"\s+")


def norm(text: object) -> str:
    """Normalise a header or a cell for comparison.

    Examples
    --------
    >>> norm("  Sitter du i  ledningsgruppen? ")
    'sitter du i ledningsgruppen'
    """
    s = unicodedata.normalize("NFC", str(text)).replace("\u00a0", " ")
    s = _SPACE.sub(" ", s).strip().strip("\"'").strip()
    s = s.rstrip("?:.").strip()
    return s.casefold()


_SV_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "Å": "{", "Ä": "|", "Ö": "}"})


def swedish_sort_key(name: str) -> str:
    """Sort key that puts å, ä, ö after z, in that order, as Swedish does.

    Examples
    --------
    >>> sorted(["Örebro", "Ängelholm", "Åre", "Zeta"], key=swedish_sort_key)
    ['Zeta', 'Åre', 'Ängelholm', 'Örebro']
    """
    return name.casefold().translate(_SV_ORDER)


def find_name(name: str, names: list[str], what: str, where: str) -> str:
    """``name`` among ``names`` (exact, else ignoring case, accents kept); else an error
    naming the close matches."""
    if name in names:
        return name
    by_norm = {norm(n): n for n in names}
    if norm(name) in by_norm:
        return by_norm[norm(name)]
    near = close_matches(name, names)
    hint = f"; did you mean {', '.join(near)}?" if near else f"; the data has {len(names)} {what} names"
    raise InputFileError(f"{where}: no {what} named {name!r}{hint}")


def close_matches(name: str, names: list[str], n: int = 3) -> list[str]:
    """Up to ``n`` names that look like ``name`` (case and accents forgiven).

    >>> close_matches("Botkyrca", ["Botkyrka", "Borås", "Ronneby"])
    ['Botkyrka']
    """
    keyed = {norm(x): x for x in names}
    return [keyed[k] for k in difflib.get_close_matches(norm(name), list(keyed), n=n, cutoff=0.6)]


#: names Windows refuses for a file, whatever the extension (a share copy of the reports fails)
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{k}" for k in range(1, 10)), *(f"lpt{k}" for k in range(1, 10))}


def slugify(name: str) -> str:
    """A file name from a unit name: lower case ASCII, å/ä/ö kept as a/a/o, never a name
    Windows reserves.

    >>> slugify("Mönsterås kommun"), slugify("<script>"), slugify("CON")
    ('monsteras-kommun', 'script', 'con-unit')
    """
    table = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u", "Å": "a", "Ä": "a", "Ö": "o"})
    s = re.sub(r"[^a-z0-9]+", "-", name.translate(table).lower()).strip("-")
    s = s or "unit"
    return f"{s}-unit" if s in _RESERVED else s
