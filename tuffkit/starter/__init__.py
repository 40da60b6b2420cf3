"""``tuffkit init FOLDER``: a new study folder, ready for its exports.

The folder gets a commented ``study.yaml``, an instrument file to edit (or the name of a
built-in in the study file), an empty ``exports/`` folder, the invited-counts template
``invited.csv`` headed by the study's unit word, ``explore.ipynb`` and a README naming the next
three commands. With ``example=True`` the exports folder holds a small synthetic export of the
instrument file (two units, two waves), so that those commands run at once.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

from tuffkit.config import NOTEBOOKS_DIR
from tuffkit.errors import OutputError
from tuffkit.instrument import builtin_instruments
from tuffkit.study import StudyError

__all__ = ["start_study", "UNIT_WORDS"]

#: The unit words ``tuffkit init --unit-word`` knows, with their plural and English forms.
UNIT_WORDS: dict[str, tuple[str, str, str, str]] = {
    "enhet": ("enhet", "enheter", "unit", "units"),
    "kommun": ("kommun", "kommuner", "municipality", "municipalities"),
    "arbetsplats": ("arbetsplats", "arbetsplatser", "workplace", "workplaces"),
    "boende": ("boende", "boenden", "care home", "care homes"),
    "förvaltning": ("förvaltning", "förvaltningar", "department", "departments"),
    "skola": ("skola", "skolor", "school", "schools"),
}

_EXAMPLE_UNITS = ("Ekbacken", "Lindgården")
_EXAMPLE_WAVES = ("2025", "2026")


def _template(name: str) -> str:
    return resources.files("tuffkit.starter").joinpath(name).read_text(encoding="utf-8")


def _example_export(per_group: int = 8) -> str:
    """A small synthetic export of the starter instrument (3 statements, steps 1-5), ``;``-separated
    as Swedish Excel saves CSV: two units, two waves, ``per_group`` forms each, deterministic."""
    rows = ["Enhet;Omgång;Jag vet vad som förväntas av mig.;Vi testar nya idéer i liten skala.;"
            "Ledningen undanröjer hinder som vi lyfter."]
    k = 0
    for u in _EXAMPLE_UNITS:
        for w_i, w in enumerate(_EXAMPLE_WAVES):
            for _ in range(per_group):
                lift = w_i if k % 3 else 0  # the second wave answers somewhat higher
                rows.append(f"{u};{w};{min(5, (k % 5) + 1 + lift)};{min(5, (k % 4) + 1 + lift)};{(k % 3) + 2}")
                k += 1
    return "\n".join(rows) + "\n"


def start_study(folder: str | Path, *, title: str = "", instrument: str = "", unit_word: str = "enhet",
                lang: str = "sv", example: bool = False) -> list[Path]:
    """Make a new study folder and return the files written.

    Parameters
    ----------
    folder
        The study folder: new, or empty. A folder with files in it is never written into.
    title
        The study's title (default: the folder's name).
    instrument
        A built-in instrument (``lfr19``, ``hme``) to name in ``study.yaml``; "" writes
        ``instrument.yaml``, a small instrument to edit.
    unit_word
        The word for the units, one of :data:`UNIT_WORDS` (default ``enhet``).
    lang
        The reports' language, ``sv`` or ``en``.
    example
        Also write a small synthetic export (and its invited counts) of the starter instrument.

    Raises
    ------
    OutputError
        ``folder`` holds files already, or is a file.
    StudyError
        An unknown built-in instrument, unit word or language, or ``example`` with a built-in.

    Examples
    --------
    >>> import tempfile
    >>> [p.name for p in start_study(Path(tempfile.mkdtemp()) / "pulse", unit_word="boende")]
    ['study.yaml', 'instrument.yaml', 'invited.csv', 'explore.ipynb', 'README.md', 'exports']
    """
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise OutputError(f"{folder} is not an empty folder: tuffkit init starts a study only in a new or empty "
                          "folder (it never writes over files)")
    if instrument and instrument not in builtin_instruments():
        raise StudyError(f"--instrument {instrument}: not a built-in instrument (the built-ins are "
                         f"{', '.join(builtin_instruments())}); leave it out to get instrument.yaml to edit")
    if example and instrument:
        raise StudyError("--example writes an export of the starter instrument: leave out --instrument")
    if unit_word not in UNIT_WORDS:
        raise StudyError(f"--unit-word {unit_word}: one of {', '.join(UNIT_WORDS)}")
    if lang not in ("sv", "en"):
        raise StudyError(f"--lang {lang}: sv or en")
    sv, sv_pl, en, en_pl = UNIT_WORDS[unit_word]
    title = title or folder.resolve().name
    sid = re.sub(r"[^a-z0-9]+", "-", title.lower().translate(str.maketrans("åäöé", "aaoe"))).strip("-") or "study"
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def write(name: str, text: str) -> None:
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)

    invited_line = "invited: invited.csv" if example else "# invited: invited.csv"
    write("study.yaml", _template("study.yaml").format(
        id=sid, title=title.replace('"', "'"), instrument=instrument or "instrument.yaml", unit_sv=sv,
        unit_sv_plural=sv_pl, unit_en=en, unit_en_plural=en_pl, invited_line=invited_line, lang=lang))
    if not instrument:
        write("instrument.yaml", _template("instrument.yaml"))
    counts = [f"{u};{w};{10 + 2 * i}" for i, u in enumerate(_EXAMPLE_UNITS) for w in _EXAMPLE_WAVES]
    write("invited.csv", f"{sv};omgång;inbjudna\n" + ("\n".join(counts) + "\n" if example else ""))
    nb = json.loads((NOTEBOOKS_DIR / "explore_survey.ipynb").read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if "parameters" in cell["metadata"].get("tags", []):
            source = "".join(cell["source"])
            cell["source"] = re.sub(r'^data: str = "[^"]*"', 'data: str = "data/processed"', source, flags=re.M)
    write("explore.ipynb", json.dumps(nb, ensure_ascii=False, indent=1) + "\n")
    instrument_line = (f"- The questionnaire is the built-in instrument `{instrument}`, named in `study.yaml`."
                       if instrument else
                       "- `instrument.yaml`: the questionnaire's statements and answer scale; edit it to yours.")
    write("README.md", _template("README.md").format(title=title, instrument_line=instrument_line, unit_sv=sv))
    exports = folder / "exports"
    exports.mkdir()
    written.append(exports)
    if example:
        (exports / "exempel.csv").write_text(_example_export(), encoding="utf-8")
    return written
