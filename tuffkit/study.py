"""Studies as data: what a study is, in one YAML file, so that adding a study is writing a file.

A study file names the study's title, its instrument, the word for its units, its role
groups, its waves (with labels and which is the baseline, the end and the follow-up), a
focus group of units, the invited-counts file, ``min_n`` and the default language.
``tuffkit ingest --study FILE`` (or a ``study.yaml`` beside the exports) records it in the
processed folder as ``study.json``; ``tuffkit reports`` and the notebooks take everything
from there. Without a study file everything comes from the instrument given at ingest and
the data: the waves in their order, the neutral unit word "enhet"/"unit", no focus group.

The format (every key optional but ``title``)::

    id: lfr3                                   # short name (default: the file's name)
    title: {sv: ..., en: ...}
    instrument: lfr19                          # built-in name, or a file relative to this one
    mapping: export-mapping.yaml               # the exports' mapping file (as --mapping), relative
    units: {sv: [kommun, kommuner], en: [municipality, municipalities]}
    roles:                                     # labels of the role groups, when the data has them
      management: {sv: Ledning, en: Management}
      support: {sv: Stöd, en: Support}
      not_stated: {sv: Ej angett, en: Not stated}
    waves:                                     # in order; the data's wave ids
      - {id: "2012-10", label: {sv: Oktober 2012, en: October 2012}, role: baseline}
      - {id: "2013-05", label: {sv: Maj 2013, en: May 2013}, role: end}
      - {id: "2014", role: follow-up, in: {sv: under 2014, en: during 2014}}   # in: the form after a verb
    focus:                                     # a focus group of units, when the study has one
      label: {sv: de uppföljda, en: the followed-up}
      units: [Botkyrka, Emmaboda]
    highlight_statement: 8                     # the statement of the study report's Table 1
    role_statements:                           # the study report's role diagrams, in order
      - {group: all, items: [4, 7, 10]}        # (default: the 3 with the largest gap, all and focus)
      - {group: focus, items: [4, 7, 10]}
    invited: invited.csv                       # the number invited per unit and wave (below), relative to this file
    min_n: 5
    protection: 1                              # each person's answer and each small group's mean stay
                                               # at least this many scale steps uncertain (default 1)
    log_titles: false                          # show improvement-log titles in leadership reports
                                               # (titles that name a person are never shown)
    lang: sv

The invited-counts file gives the number invited per unit and wave, from which the reports
give the response rate and flag a low one. It is a CSV (``;`` or ``,``, UTF-8; Excel's "CSV
UTF-8" saves it so) with a header row and one row per unit and wave::

    enhet;omgång;inbjudna
    Ekbacken;2025;12
    Lindgården;2025;15

The first column is headed by the study's unit word (``kommun``, ``enhet``, ``arbetsplats``,
singular or plural, Swedish or English) or ``unit``; the second ``omgång`` or ``wave`` and
holds the data's wave ids; the third ``inbjudna`` or ``invited``, a whole number above 0.
``tuffkit init`` writes a template. ``tuffkit ingest`` reads and checks it (one sentence naming
the row when something is wrong; the summary names units and waves it has that the data has
not) and copies it into the processed folder as ``invited.csv``, so the folder carries it
wherever it is moved; ``tuffkit reports --invited FILE`` uses another for one run.

Examples
--------
>>> s = load_study("data/raw/study.yaml")
>>> s.id, s.baseline, s.end, s.followup, s.unit_word("sv", plural=True)
('lfr3', '2012-10', '2013-05', '2014', 'kommuner')
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from tuffkit.config import LANG, MIN_N, PROTECTION
from tuffkit.errors import TuffkitError
from tuffkit.places import municipality

__all__ = ["Study", "StudyWave", "StudyError", "load_study", "default_study", "write_study", "read_study",
           "find_study_file", "ROLE_KEYS", "WAVE_ROLES"]

#: the role groups of the tidy data (column ``function``)
ROLE_KEYS = ("management", "support", "not_stated")
#: what a wave can be in a study
WAVE_ROLES = ("baseline", "end", "follow-up")
_KEYS = {"id", "title", "instrument", "mapping", "units", "roles", "waves", "focus", "invited", "min_n", "lang",
         "highlight_statement", "role_statements", "protection", "log_titles"}

_DEFAULT_ROLES = {"management": {"sv": "Ledning", "en": "Management"},
                  "support": {"sv": "Stöd", "en": "Support"},
                  "not_stated": {"sv": "Ej angett", "en": "Not stated"}}
_DEFAULT_UNITS = {"sv": ("enhet", "enheter"), "en": ("unit", "units")}


class StudyError(TuffkitError):
    """A study file is missing, unreadable or inconsistent (the message names the file and key)."""


@dataclass(frozen=True)
class StudyWave:
    """One wave of a study: the data's id, its display labels, and its role (or None)."""

    id: str
    label: dict[str, str] = field(default_factory=dict)
    role: str | None = None
    label_in: dict[str, str] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        """The wave's label in ``lang`` (its id when it has none)."""
        return self.label.get(lang) or self.id


#: Swedish words that say "when" on their own, without "i" before them (hösten 2023, våren 2024)
_SV_WHEN = ("hösten", "våren", "sommaren", "vintern", "julen", "början", "slutet", "mitten")
_SV_PREPOSITIONS = ("i", "under", "vid", "efter", "före", "inför", "år", "omgång")
_EN_PREPOSITIONS = ("in", "at", "during", "after", "before", "the")


def when(label: str, lang: str) -> str:
    """A wave's label as it reads after a verb ("svarade … {when}"): "i oktober 2012", "hösten
    2023" (a definite season says when by itself), "år 2024" (a bare year), a label that already
    starts with a preposition as it is; English "in October 2012", "in 2024".

    Examples
    --------
    >>> when("oktober 2012", "sv"), when("hösten 2023", "sv"), when("2024", "sv"), when("2024", "en")
    ('i oktober 2012', 'hösten 2023', 'år 2024', 'in 2024')
    """
    first = label.split(" ", 1)[0].lower() if label else ""
    if lang == "sv":
        if first in _SV_WHEN or first in _SV_PREPOSITIONS:
            return label
        return f"år {label}" if label.isdigit() else f"i {label}"
    return label if first in _EN_PREPOSITIONS else f"in {label}"


@dataclass(frozen=True)
class Study:
    """A study: see the module docstring for each field.

    Examples
    --------
    >>> s = default_study("lfr19", ["2020-10", "2021-02"])
    >>> s.baseline, s.end, s.followup, s.unit_word("en")
    ('2020-10', '2021-02', None, 'unit')
    """

    id: str
    title: dict[str, str]
    instrument: str
    mapping: str = ""
    units: dict[str, tuple[str, str]] = field(default_factory=lambda: dict(_DEFAULT_UNITS))
    roles: dict[str, dict[str, str]] = field(default_factory=lambda: dict(_DEFAULT_ROLES))
    waves: tuple[StudyWave, ...] = ()
    focus: tuple[str, ...] = ()
    focus_label: dict[str, str] = field(default_factory=dict)
    highlight_statement: int | None = None
    role_statements: tuple[tuple[str, tuple[int, ...]], ...] = ()
    invited: str = ""
    min_n: int = MIN_N
    lang: str = LANG
    source: str = ""
    protection: float = PROTECTION
    log_titles: bool = False

    # ------------------------------------------------------------------ waves
    @property
    def wave_ids(self) -> list[str]:
        """The waves in order."""
        return [w.id for w in self.waves]

    def _role(self, role: str) -> str | None:
        return next((w.id for w in self.waves if w.role == role), None)

    @property
    def followup(self) -> str | None:
        """The follow-up wave (None when the study names none)."""
        return self._role("follow-up")

    @property
    def baseline(self) -> str | None:
        """The baseline wave: the one so named, else the first."""
        return self._role("baseline") or (self.wave_ids[0] if self.waves else None)

    @property
    def end(self) -> str | None:
        """The end wave: the one so named, else the last before the follow-up (None with one wave)."""
        named = self._role("end")
        if named:
            return named
        series = [w for w in self.wave_ids if w != self.followup]
        return series[-1] if len(series) > 1 else None

    def wave_when(self, label: str, lang: str) -> str:
        """The wave whose label is ``label`` as it reads after a verb: the study file's ``in:`` form
        when it gives one, else :func:`when` of the label."""
        for w in self.waves:
            if w.text(lang) == label and w.label_in.get(lang):
                return w.label_in[lang]
        return when(label, lang)

    def wave_label(self, wave: str, lang: str) -> str:
        """The display label of ``wave`` in ``lang`` (the id itself when the study gives none)."""
        for w in self.waves:
            if w.id == str(wave):
                return w.text(lang)
        return str(wave)

    # ------------------------------------------------------------------ words
    def unit_word(self, lang: str, plural: bool = False) -> str:
        """The word for one unit (or several) in ``lang``: ``kommun``/``kommuner``."""
        sing, plur = self.units.get(lang) or _DEFAULT_UNITS[lang]
        return plur if plural else sing

    def unit_words(self) -> tuple[str, ...]:
        """Every word the study uses for its units, Swedish and English, singular and plural."""
        words = (w for lang in ("sv", "en") for w in (self.unit_word(lang), self.unit_word(lang, plural=True)))
        return tuple(dict.fromkeys(words))

    def role_label(self, role: str, lang: str) -> str:
        """The label of a role group (``management``, ``support``, ``not_stated``)."""
        return (self.roles.get(role) or _DEFAULT_ROLES[role]).get(lang) or _DEFAULT_ROLES[role][lang]

    def title_text(self, lang: str) -> str:
        return self.title.get(lang) or self.title.get("sv") or self.id

    def with_waves(self, waves: list[str]) -> Study:
        """The study with the data's ``waves`` when it names none itself."""
        if self.waves:
            return self
        return replace(self, waves=tuple(StudyWave(str(w)) for w in waves))

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["units"] = {k: list(v) for k, v in self.units.items()}
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Study:
        d = dict(d)
        d["units"] = {k: tuple(v) for k, v in d.get("units", {}).items()}
        d["waves"] = tuple(StudyWave(**w) for w in d.get("waves", []))
        d["focus"] = tuple(d.get("focus", ()))
        d["role_statements"] = tuple((g, tuple(i)) for g, i in d.get("role_statements", ()))
        return cls(**d)


def _texts(value: Any, where: str, key: str, required: bool = False) -> dict[str, str]:
    if value is None:
        if required:
            raise StudyError(f"{where}: {key} is missing (a text, or {{sv: ..., en: ...}})")
        return {}
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return {"sv": str(value), "en": str(value)}
    if not isinstance(value, dict) or not value or set(value) - {"sv", "en"} or \
            not all(isinstance(v, (str, int)) for v in value.values()):
        raise StudyError(f"{where}: {key} must be a text or a mapping like {{sv: ..., en: ...}}")
    out = {str(k): str(v) for k, v in value.items()}
    out.setdefault("sv", out.get("en", ""))
    out.setdefault("en", out["sv"])
    return out


def _units(value: Any, where: str) -> dict[str, tuple[str, str]]:
    if value is None:
        return dict(_DEFAULT_UNITS)
    if not isinstance(value, dict) or set(value) - {"sv", "en"}:
        raise StudyError(f"{where}: units must be like {{sv: [enhet, enheter], en: [unit, units]}}")
    out = dict(_DEFAULT_UNITS)
    for lang, words in value.items():
        if not isinstance(words, list) or len(words) != 2 or not all(isinstance(w, str) and w.strip() for w in words):
            raise StudyError(f"{where}: units.{lang} must be two words, the singular and the plural "
                             f"(e.g. [kommun, kommuner]), not {words!r}")
        out[lang] = (words[0].strip(), words[1].strip())
    return out


def _waves(value: Any, where: str) -> tuple[StudyWave, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise StudyError(f"{where}: waves must be a list, in order (e.g. - {{id: '2014', role: follow-up}})")
    out = []
    for k, raw in enumerate(value, start=1):
        if isinstance(raw, (str, int)) and not isinstance(raw, bool):
            raw = {"id": raw}
        if not isinstance(raw, dict) or "id" not in raw:
            raise StudyError(f"{where}: wave {k} needs an id (the wave as the data names it)")
        unknown = set(raw) - {"id", "label", "role", "in"}
        if unknown:
            raise StudyError(f"{where}: wave {raw['id']!r} has unknown key(s): {', '.join(sorted(map(str, unknown)))}")
        role = raw.get("role")
        if role is not None and role not in WAVE_ROLES:
            raise StudyError(f"{where}: wave {raw['id']!r} has role {role!r}; a role is one of "
                             f"{', '.join(WAVE_ROLES)}")
        out.append(StudyWave(str(raw["id"]), _texts(raw.get("label"), where, f"the label of wave {raw['id']!r}"),
                             role, _texts(raw.get("in"), where, f"the 'in' form of wave {raw['id']!r}")))
    ids = [w.id for w in out]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise StudyError(f"{where}: wave {dup[0]!r} is listed twice")
    for role in WAVE_ROLES:
        named = [w.id for w in out if w.role == role]
        if len(named) > 1:
            raise StudyError(f"{where}: {len(named)} waves are the {role} ({', '.join(named)}); name one")
    pos = {w.role: k for k, w in enumerate(out) if w.role}
    if "baseline" in pos and "end" in pos and pos["baseline"] >= pos["end"]:
        raise StudyError(f"{where}: the baseline wave must come before the end wave")
    if "follow-up" in pos and pos["follow-up"] <= max(pos.get("end", -1), pos.get("baseline", -1)):
        raise StudyError(f"{where}: the follow-up wave must come after the baseline and the end")
    return tuple(out)


def _parse(doc: Any, where: str, folder: Path | None, name: str) -> Study:
    if not isinstance(doc, dict):
        raise StudyError(f"{where} must be a YAML mapping with at least a title")
    unknown = set(doc) - _KEYS
    if unknown:
        raise StudyError(f"{where} has unknown key(s): {', '.join(sorted(map(str, unknown)))} "
                         f"(known: {', '.join(sorted(_KEYS))})")
    title = _texts(doc.get("title"), where, "title", required=True)
    instrument = str(doc.get("instrument", "lfr19"))
    from tuffkit.instrument import builtin_instruments, load_instrument

    if instrument not in builtin_instruments():
        path = Path(instrument)
        if folder is not None and not path.is_absolute():
            path = folder / path
        if not path.is_file():
            raise StudyError(f"{where}: instrument {instrument!r} is neither a built-in instrument "
                             f"({', '.join(builtin_instruments())}) nor a file (looked for {path})")
        instrument = str(path.resolve())
    try:
        inst = load_instrument(instrument)
    except TuffkitError as exc:
        raise StudyError(f"{where}: {exc}") from None
    roles = dict(_DEFAULT_ROLES)
    raw_roles = doc.get("roles")
    if raw_roles is not None:
        if not isinstance(raw_roles, dict):
            raise StudyError(f"{where}: roles must map {', '.join(ROLE_KEYS)} to their labels")
        bad = sorted(map(str, set(raw_roles) - set(ROLE_KEYS)))
        if bad:
            raise StudyError(f"{where}: roles has unknown key(s) {', '.join(bad)}; the role groups are "
                             f"{', '.join(ROLE_KEYS)}")
        for k, v in raw_roles.items():
            roles[k] = _texts(v, where, f"roles.{k}", required=True)
    focus_units: tuple[str, ...] = ()
    focus_label: dict[str, str] = {}
    focus = doc.get("focus")
    if focus is not None:
        if not isinstance(focus, dict) or not isinstance(focus.get("units"), list) or not focus["units"]:
            raise StudyError(f"{where}: focus needs units: a list of the focus group's units")
        bad = sorted(map(str, set(focus) - {"units", "label"}))
        if bad:
            raise StudyError(f"{where}: focus has unknown key(s) {', '.join(bad)} (known: label, units)")
        # a municipality however the study file writes it ("Halmstads kommun", "1380") is SCB's name
        focus_units = tuple(municipality(str(u))[0] or str(u) for u in focus["units"])
        focus_label = _texts(focus.get("label"), where, "focus.label")
    highlight = doc.get("highlight_statement")
    if highlight is not None:
        if isinstance(highlight, bool) or not isinstance(highlight, int) or highlight not in inst.item_numbers:
            raise StudyError(f"{where}: highlight_statement {highlight!r} is not a statement of instrument "
                             f"{inst.id!r}")
    blocks = []
    for k, b in enumerate(doc.get("role_statements") or [], start=1):
        if not isinstance(b, dict) or b.get("group") not in ("all", "focus") or not isinstance(b.get("items"), list):
            raise StudyError(f"{where}: role_statements entry {k} must be like {{group: all, items: [4, 7]}} "
                             "(group: all or focus)")
        bad = [i for i in b["items"] if i not in inst.item_numbers]
        if bad:
            raise StudyError(f"{where}: role_statements names statement {bad[0]!r}, which instrument "
                             f"{inst.id!r} does not have")
        blocks.append((b["group"], tuple(int(i) for i in b["items"])))
    mapping = doc.get("mapping") or ""
    if mapping:
        mp = Path(str(mapping))
        mp = folder / mp if folder is not None and not mp.is_absolute() else mp
        if not mp.is_file():
            raise StudyError(f"{where}: the mapping file {mp} does not exist")
        mapping = str(mp.resolve())
    invited = doc.get("invited") or ""
    if invited:
        path = Path(str(invited))
        if folder is not None and not path.is_absolute():
            path = folder / path
        if not path.is_file():
            raise StudyError(f"{where}: the invited file {path} does not exist")
        invited = str(path.resolve())
    min_n = doc.get("min_n", MIN_N)
    if isinstance(min_n, bool) or not isinstance(min_n, int) or min_n < 3:
        raise StudyError(f"{where}: min_n must be a whole number of at least 3, not {min_n!r}")
    lang = doc.get("lang", LANG)
    if lang not in ("sv", "en"):
        raise StudyError(f"{where}: lang must be sv or en, not {lang!r}")
    protection = doc.get("protection", PROTECTION)
    if isinstance(protection, bool) or not isinstance(protection, (int, float)) or not 0 < protection <= 10:
        raise StudyError(f"{where}: protection must be a number of scale steps above 0 (default 1), "
                         f"not {protection!r}")
    log_titles = doc.get("log_titles", False)
    if not isinstance(log_titles, bool):
        raise StudyError(f"{where}: log_titles must be true or false, not {log_titles!r}")
    return Study(id=str(doc.get("id") or name), title=title, instrument=instrument, mapping=str(mapping),
                 units=_units(doc.get("units"), where), roles=roles, waves=_waves(doc.get("waves"), where),
                 focus=focus_units, focus_label=focus_label, highlight_statement=highlight,
                 role_statements=tuple(blocks), invited=str(invited), min_n=min_n, lang=lang, source=where,
                 protection=float(protection), log_titles=log_titles)


def waves_present(responses: Any) -> list[str]:
    """The waves with answers in ``responses`` (a survey frame), in the order of its categories.

    Examples
    --------
    >>> import pandas as pd
    >>> waves_present(pd.DataFrame({"wave": pd.Categorical(["b", "a"], categories=["a", "b", "c"])}))
    ['a', 'b']
    """
    col = responses["wave"]
    present = set(col.dropna().astype(str).unique())
    cats = [str(c) for c in col.cat.categories] if hasattr(col, "cat") else sorted(present)
    return [w for w in cats if w in present]


def carried(responses: Any, instrument: str, study: Study | None = None) -> dict[str, Any]:
    """What a survey frame carries about its study in its ``attrs["tuffkit"]`` (read by
    :func:`tuffkit.survey.study_of`): the ``instrument`` (a name :func:`tuffkit.load_instrument`
    takes), the ``waves`` with answers, whether role groups are known (``roles``) and, with a
    study, its ``focus`` units and its ``baseline``, ``end`` and ``follow_up`` waves. Kept in
    memory only: the processed files hold the rows alone.
    """
    info: dict[str, Any] = {"instrument": instrument}
    if "wave" in responses:
        info["waves"] = waves_present(responses)
    if "function" in responses:
        info["roles"] = bool(responses["function"].isin(["management", "support"]).any())
    if study is not None:
        info.update(focus=list(study.focus), baseline=study.baseline, end=study.end, follow_up=study.followup)
    return info


def load_study(path: str | Path) -> Study:
    """Read and check a study file.

    Parameters
    ----------
    path
        A YAML file in the format of this module's docstring; relative paths in it are
        relative to the file.

    Raises
    ------
    StudyError
        The file is missing, not YAML, or inconsistent: the message names the file and key.

    Examples
    --------
    >>> load_study("data/raw/pulse/study.yaml").unit_word("sv", plural=True)
    'enheter'
    """
    p = Path(path)
    if not p.is_file():
        raise StudyError(f"study file {p} does not exist")
    try:
        doc = yaml.safe_load(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise StudyError(f"study file {p} cannot be read: {exc}") from None
    except yaml.YAMLError as exc:
        raise StudyError(f"study file {p} is not valid YAML: {exc}".replace("\n", " ")) from None
    return _parse(doc, f"study file {p}", p.parent, p.stem if p.stem != "study" else p.parent.name)


def default_study(instrument: Any, waves: list[str] | tuple[str, ...] = ()) -> Study:
    """The study of a data set read without a study file: the instrument's title, the waves in
    their order, the neutral unit word, no focus group. ``instrument``: an
    :class:`~tuffkit.instrument.Instrument`, a built-in name or a file."""
    from tuffkit.instrument import load_instrument

    inst = load_instrument(instrument)
    title = dict(inst.title) or {"sv": inst.id, "en": inst.id}
    return Study(id=inst.id, title=title, instrument=inst.id, waves=tuple(StudyWave(str(w)) for w in waves),
                 source="(no study file)")


def find_study_file(paths: list[str | Path]) -> Path | None:
    """A ``study.yaml`` beside the exports (in the folder given, or beside the files given), else
    in the current folder (a study folder made by ``tuffkit init``, its exports in ``exports/``)."""
    for raw in paths:
        p = Path(raw)
        cand = p / "study.yaml" if p.is_dir() else p.parent / "study.yaml"
        if cand.is_file():
            return cand
    here = Path("study.yaml")
    return here if here.is_file() else None


def write_study(study: Study, folder: str | Path) -> Path:
    """Record ``study`` in a processed folder as ``study.json``."""
    out = Path(folder) / "study.json"
    out.write_text(json.dumps(study.as_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
    return out


def read_study(folder: str | Path, waves: list[str] | None = None, instrument: Any = None) -> Study:
    """The study recorded in a processed folder; without one, :func:`default_study` of the
    folder's instrument and ``waves``."""
    p = Path(folder) / "study.json"
    if p.is_file():
        try:
            study = Study.from_dict(json.loads(p.read_text(encoding="utf-8")))
        except (json.JSONDecodeError, TypeError, KeyError) as exc:
            raise StudyError(f"{p}: is not a study record of tuffkit ({exc})") from None
        if study.invited and not Path(study.invited).is_absolute():  # the copy made at ingest
            study = replace(study, invited=str(Path(folder).resolve() / study.invited))
        return study.with_waves(list(waves or []))
    return default_study(instrument or "lfr19", waves or [])
