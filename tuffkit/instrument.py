"""Survey instruments as data: statements, themes and the answer scale.

An instrument is a YAML file. tuffkit ships ``lfr19`` (the Leda för Resultat
self-assessment); a researcher can load an instrument file of their own. The
format (every key required unless marked optional)::

    id: my_survey                  # short name, used in outputs
    title: {sv: ..., en: ...}      # optional
    stem: {sv: ..., en: ...}       # optional: the question stem above the statements
    scale:
      min: 1                       # lowest answer (integer)
      max: 5                       # highest answer (integer)
      neutral: 3                   # optional: the middle step
      labels:                      # optional: labels of some or all steps
        5: {sv: Stämmer helt, en: Fully true}
        1: {sv: Stämmer inte alls, en: Not true at all}
      missing:                     # optional: answer texts that mean "no answer"
        - {sv: Vet ej, en: Don't know}
    themes:                        # optional: groups of statements
      - {id: t1, sv: Tema, en: Theme}
    items:                         # the statements, numbered as on the form
      - {number: 1, theme: t1, sv: Svensk text., en: English text.}
    indexes:                       # optional: indexes of several statements (e.g. HME's)
      rescale: {from: [1, 5], to: [0, 100]}   # optional: answers mapped linearly first
      min_answered: 9              # optional: a respondent's index needs this many of its answers
      list:
        - {id: total, sv: Index, en: Index, items: [1, 2, 3]}

Statement numbers are positive integers, unique within the instrument; they
are what ``F1``, ``Q1`` or ``Påstående 1`` in an export's header refer to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from tuffkit.errors import InstrumentError

__all__ = ["Instrument", "Item", "Index", "Theme", "Scale", "load_instrument", "builtin_instruments"]


@dataclass(frozen=True)
class Item:
    """One statement of an instrument."""

    number: int
    theme: str | None
    sv: str
    en: str


@dataclass(frozen=True)
class Theme:
    """A group of statements."""

    id: str
    sv: str
    en: str


@dataclass(frozen=True)
class Scale:
    """The answer scale: integers ``min..max`` with optional labels."""

    min: int
    max: int
    neutral: int | None = None
    labels: dict[int, dict[str, str]] = field(default_factory=dict)
    missing: tuple[dict[str, str], ...] = ()

    @property
    def steps(self) -> list[int]:
        """The scale's steps in ascending order."""
        return list(range(self.min, self.max + 1))

    def halves(self) -> tuple[list[int], int | None, list[int]]:
        """The steps below the middle, the middle step (the neutral one; with an odd number of
        steps and none named, the middle one; else None) and the steps above it.

        >>> Scale(1, 4).halves(), Scale(1, 5, neutral=3).halves(), Scale(0, 10).halves()[1]
        (([1, 2], None, [3, 4]), ([1, 2], 3, [4, 5]), 5)
        """
        steps = self.steps
        mid = self.neutral if self.neutral is not None else (
            steps[len(steps) // 2] if len(steps) % 2 else None)
        if mid is None:
            half = len(steps) // 2
            return steps[:half], None, steps[half:]
        return [s for s in steps if s < mid], mid, [s for s in steps if s > mid]

    def label(self, step: int, lang: str = "sv") -> str:
        """The label of ``step`` in ``lang``, or the number itself when the step has none."""
        return self.labels.get(step, {}).get(lang, str(step))


@dataclass(frozen=True)
class Index:
    """An index of several statements (e.g. HME's Motivation index)."""

    id: str
    sv: str
    en: str
    items: tuple[int, ...]
    min_answered: int | None = None


@dataclass(frozen=True)
class Instrument:
    """A survey instrument: statements, themes and scale.

    Examples
    --------
    >>> from tuffkit import load_instrument
    >>> lfr = load_instrument("lfr19")
    >>> len(lfr.items), lfr.scale.max, lfr.item(8).theme
    (19, 7, 'basic_structures')
    """

    id: str
    items: tuple[Item, ...]
    scale: Scale
    themes: tuple[Theme, ...] = ()
    title: dict[str, str] = field(default_factory=dict)
    stem: dict[str, str] = field(default_factory=dict)
    source: str = ""
    indexes: tuple[Index, ...] = ()
    rescale: tuple[float, float, float, float] | None = None

    def as_dict(self) -> dict[str, Any]:
        """The instrument in the YAML format of this module (``load_instrument`` reads it back)."""
        d: dict[str, Any] = {"id": self.id}
        if self.title:
            d["title"] = dict(self.title)
        if self.stem:
            d["stem"] = dict(self.stem)
        sc = self.scale
        d["scale"] = {"min": sc.min, "max": sc.max, **({"neutral": sc.neutral} if sc.neutral is not None else {}),
                      "labels": {k: dict(v) for k, v in sc.labels.items()}, "missing": [dict(m) for m in sc.missing]}
        if self.themes:
            d["themes"] = [{"id": t.id, "sv": t.sv, "en": t.en} for t in self.themes]
        d["items"] = [{"number": i.number, **({"theme": i.theme} if i.theme else {}), "sv": i.sv, "en": i.en}
                      for i in self.items]
        if self.indexes:
            d["indexes"] = {"list": [{"id": x.id, "sv": x.sv, "en": x.en, "items": list(x.items),
                                      **({"min_answered": x.min_answered} if x.min_answered else {})}
                                     for x in self.indexes]}
            if self.rescale:
                d["indexes"]["rescale"] = {"from": list(self.rescale[:2]), "to": list(self.rescale[2:])}
        return d

    @property
    def item_numbers(self) -> list[int]:
        """Statement numbers in form order."""
        return [it.number for it in self.items]

    def item(self, number: int) -> Item:
        """The statement numbered ``number``."""
        for it in self.items:
            if it.number == number:
                return it
        raise InstrumentError(f"instrument {self.id!r} has no statement {number}")

    def theme(self, theme_id: str) -> Theme:
        """The theme with id ``theme_id``."""
        for th in self.themes:
            if th.id == theme_id:
                return th
        raise InstrumentError(f"instrument {self.id!r} has no theme {theme_id!r}")

    def items_frame(self) -> pd.DataFrame:
        """One row per statement: ``item, theme, theme_sv, theme_en, text_sv, text_en``.

        Examples
        --------
        >>> load_instrument("lfr19").items_frame().loc[0, "theme_sv"]
        'Tid och energi'
        """
        themes = {th.id: th for th in self.themes}
        rows = [
            {
                "item": it.number,
                "theme": it.theme,
                "theme_sv": themes[it.theme].sv if it.theme else None,
                "theme_en": themes[it.theme].en if it.theme else None,
                "text_sv": it.sv,
                "text_en": it.en,
            }
            for it in self.items
        ]
        return pd.DataFrame(rows)


@cache
def _builtin(name: str) -> Instrument:
    res = resources.files("tuffkit") / "instruments" / f"{name}.yaml"
    return _parse(res.read_text(encoding="utf-8"), f"built-in instrument {name}")


def builtin_instruments() -> list[str]:
    """Names of the instruments shipped with tuffkit."""
    folder = resources.files("tuffkit") / "instruments"
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml"))


def load_instrument(name_or_path: str | Path) -> Instrument:
    """Load a built-in instrument by name, or an instrument file by path.

    Parameters
    ----------
    name_or_path
        ``"lfr19"`` (see :func:`builtin_instruments`) or the path of a YAML file in the
        format described in this module's docstring.

    Returns
    -------
    Instrument

    Raises
    ------
    InstrumentError
        The name is unknown, or the file is missing or inconsistent (the message names
        the file and the key).

    Examples
    --------
    >>> load_instrument("lfr19").item(1).sv
    'Ledningsfunktionen lägger tillräckligt med tid på strategiska frågor.'
    """
    if isinstance(name_or_path, Instrument):
        return name_or_path
    text_name = str(name_or_path)
    if text_name in _REGISTERED:
        return _REGISTERED[text_name]
    if text_name in builtin_instruments():
        return _builtin(text_name)
    path = Path(name_or_path)
    if not path.suffix and not path.exists():
        known = ", ".join(builtin_instruments())
        raise InstrumentError(f"unknown instrument {text_name!r}: use one of {known} or a YAML file")
    if not path.is_file():
        raise InstrumentError(f"instrument file {path} does not exist")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InstrumentError(f"instrument file {path} cannot be read: {exc}") from None
    return _parse_cached(text, f"instrument file {path}")


#: instruments read in this session, by :func:`instrument_key` (a frame carries the key, not the object)
_REGISTERED: dict[str, Instrument] = {}


def instrument_key(inst: Instrument) -> str:
    """A short name of ``inst`` that :func:`load_instrument` gives back in this session: a built-in's
    name, else ``"<id>#<digest of its content>"`` (what a survey frame carries in its attrs).

    Examples
    --------
    >>> instrument_key(load_instrument("lfr19"))
    'lfr19'
    """
    if inst.id in builtin_instruments() and _builtin(inst.id) == inst:
        return inst.id
    import hashlib
    import json

    text = json.dumps(inst.as_dict(), sort_keys=True, default=str)
    key = f"{inst.id}#" + hashlib.sha256(text.encode()).hexdigest()[:12]
    _REGISTERED.setdefault(key, inst)
    return key


@lru_cache(maxsize=64)
def _parse_cached(text: str, where: str) -> Instrument:
    """An instrument file read once per text (a frame that carries its study names the file)."""
    return _parse(text, where)


def _texts(value: Any, where: str, key: str) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, str):
        return {"sv": value, "en": value}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise InstrumentError(f"{where}: {key} must be a text or a mapping like {{sv: ..., en: ...}}")
    texts = {str(k): v for k, v in value.items()}
    if "sv" not in texts and "en" in texts:
        texts["sv"] = texts["en"]
    if "en" not in texts and "sv" in texts:
        texts["en"] = texts["sv"]
    return texts


def _int(value: Any, where: str, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InstrumentError(f"{where}: {key} must be a whole number, got {value!r}")
    return value


def _parse(text: str, where: str) -> Instrument:
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InstrumentError(f"{where} is not valid YAML: {exc}".replace("\n", " ")) from None
    if not isinstance(doc, dict):
        raise InstrumentError(f"{where} must be a YAML mapping with id, scale and items")
    for key in ("id", "scale", "items"):
        if key not in doc:
            raise InstrumentError(f"{where} has no {key!r} key")
    unknown = set(doc) - {"id", "title", "stem", "scale", "themes", "items", "indexes"}
    if unknown:
        raise InstrumentError(f"{where} has unknown key(s): {', '.join(sorted(unknown))}")

    sc = doc["scale"]
    if not isinstance(sc, dict) or "min" not in sc or "max" not in sc:
        raise InstrumentError(f"{where}: scale needs min and max")
    smin, smax = _int(sc["min"], where, "scale.min"), _int(sc["max"], where, "scale.max")
    if smin >= smax:
        raise InstrumentError(f"{where}: scale.min ({smin}) must be below scale.max ({smax})")
    neutral = sc.get("neutral")
    if neutral is not None:
        neutral = _int(neutral, where, "scale.neutral")
        if not smin <= neutral <= smax:
            raise InstrumentError(f"{where}: scale.neutral {neutral} is outside {smin}..{smax}")
    labels: dict[int, dict[str, str]] = {}
    for step, lab in (sc.get("labels") or {}).items():
        step = _int(step, where, "a scale.labels key")
        if not smin <= step <= smax:
            raise InstrumentError(f"{where}: scale label for {step} is outside {smin}..{smax}")
        labels[step] = _texts(lab, where, f"scale.labels.{step}")
    missing = tuple(_texts(m, where, "scale.missing") for m in (sc.get("missing") or []))
    scale = Scale(min=smin, max=smax, neutral=neutral, labels=labels, missing=missing)

    themes: list[Theme] = []
    for th in doc.get("themes") or []:
        if not isinstance(th, dict) or "id" not in th:
            raise InstrumentError(f"{where}: every theme needs an id")
        t = _texts({k: v for k, v in th.items() if k != "id"}, where, f"theme {th['id']}")
        themes.append(Theme(id=str(th["id"]), sv=t.get("sv", str(th["id"])), en=t.get("en", str(th["id"]))))
    theme_ids = {th.id for th in themes}
    if len(theme_ids) != len(themes):
        raise InstrumentError(f"{where}: theme ids must be unique")

    if not isinstance(doc["items"], list) or not doc["items"]:
        raise InstrumentError(f"{where}: items must be a non-empty list")
    items: list[Item] = []
    for raw in doc["items"]:
        if not isinstance(raw, dict) or "number" not in raw:
            raise InstrumentError(f"{where}: every item needs a number")
        number = _int(raw["number"], where, "item number")
        if number < 1:
            raise InstrumentError(f"{where}: item number {number} must be 1 or more")
        theme = raw.get("theme")
        if theme is not None and str(theme) not in theme_ids:
            raise InstrumentError(f"{where}: item {number} names unknown theme {theme!r}")
        t = _texts({k: v for k, v in raw.items() if k in ("sv", "en")}, where, f"item {number}")
        if not t:
            raise InstrumentError(f"{where}: item {number} has no text (sv or en)")
        items.append(Item(number=number, theme=None if theme is None else str(theme), sv=t["sv"], en=t["en"]))
    numbers = [it.number for it in items]
    if len(set(numbers)) != len(numbers):
        raise InstrumentError(f"{where}: item numbers must be unique")

    indexes, rescale = _indexes(doc.get("indexes"), where, set(numbers))
    return Instrument(
        indexes=indexes,
        rescale=rescale,
        id=str(doc["id"]),
        items=tuple(items),
        scale=scale,
        themes=tuple(themes),
        title=_texts(doc.get("title"), where, "title"),
        stem=_texts(doc.get("stem"), where, "stem"),
        source=where,
    )


def _indexes(raw: Any, where: str, numbers: set[int]) -> tuple[tuple[Index, ...], tuple | None]:
    if raw is None:
        return (), None
    if not isinstance(raw, dict) or not isinstance(raw.get("list"), list):
        raise InstrumentError(f"{where}: indexes needs list: the indexes, each with id, sv, en and items")
    unknown = set(raw) - {"list", "rescale", "min_answered"}
    if unknown:
        raise InstrumentError(f"{where}: indexes has unknown key(s): {', '.join(sorted(map(str, unknown)))}")
    rescale = None
    if raw.get("rescale") is not None:
        r = raw["rescale"]
        try:
            (a, b), (c, d) = r["from"], r["to"]
            rescale = (float(a), float(b), float(c), float(d))
        except (KeyError, TypeError, ValueError):
            raise InstrumentError(f"{where}: indexes.rescale must be like {{from: [1, 5], to: [0, 100]}}") from None
        if a == b:
            raise InstrumentError(f"{where}: indexes.rescale.from must be two different values")
    default_min = raw.get("min_answered")
    out = []
    for k, x in enumerate(raw["list"], start=1):
        if not isinstance(x, dict) or "id" not in x or not isinstance(x.get("items"), list) or not x["items"]:
            raise InstrumentError(f"{where}: index {k} needs an id and items (statement numbers)")
        bad = [i for i in x["items"] if i not in numbers]
        if bad:
            raise InstrumentError(f"{where}: index {x['id']!r} names statement {bad[0]!r}, which the instrument "
                                  "does not have")
        t = _texts({k2: v for k2, v in x.items() if k2 in ("sv", "en")} or str(x["id"]), where, f"index {x['id']}")
        m = x.get("min_answered", default_min)
        if m is not None and (isinstance(m, bool) or not isinstance(m, int) or not 1 <= m <= len(x["items"])):
            raise InstrumentError(f"{where}: min_answered of index {x['id']!r} must be 1..{len(x['items'])}")
        out.append(Index(str(x["id"]), t["sv"], t["en"], tuple(int(i) for i in x["items"]), m))
    return tuple(out), rescale
