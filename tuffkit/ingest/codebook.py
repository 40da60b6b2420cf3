"""Answer codes and the codebooks that say what they mean.

Survey tools can export the codes of answers instead of their texts: LimeSurvey's
``A1``/``AO01``, Qualtrics' and SurveyMonkey's numeric values, SPSS's numbers. A code is
never taken for a name or an answer: :func:`code_kind` tells a column of codes from one
of texts, and the ingest refuses it (one sentence) unless a codebook resolves it:

- an SPSS file's value labels (:mod:`tuffkit.ingest.sav`);
- a LimeSurvey survey structure file, ``.lss`` (XML) or ``.txt`` (tab-separated), beside
  the export or given with ``--codebook`` (:func:`read_limesurvey_structure`);
- a Qualtrics numeric export beside its choice-text export (the text twin is read), or beside
  its survey file ``.qsf`` (:func:`read_qualtrics_qsf`: the recode values, in any order);
- a ``values:`` section in the mapping file, for the municipality or any column by header.

Statement columns go through the same codebooks. Their labels are read on the
instrument's scale, and :func:`answer_codes` checks the direction: codes numbered 1..7
whose labels say 1 is "Instämmer helt" are read as 7, never as 1.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tuffkit.errors import InputFileError
from tuffkit.names import norm

__all__ = [
    "Structure",
    "code_kind",
    "answer_codes",
    "reversed_numbering",
    "reverse_tables",
    "title_direction",
    "check_scale_use",
    "read_limesurvey_structure",
    "read_qualtrics_qsf",
    "read_redcap_dictionary",
    "read_xlsform",
    "read_structure",
    "is_structure_file",
]

_LETTER_CODE = re.compile(r"^[a-z]{1,3}\d{1,4}$", re.IGNORECASE)  # A1, AO01, SQ001
_DIGITS = re.compile(r"^\d{1,4}$")


def code_kind(values: list[str], field: str) -> str | None:
    """``"letter codes (A1, A2, …)"``-like description when a metadata column's values are a
    tool's answer codes rather than names, else ``None``.

    ``field`` is ``municipality`` (any all-number column is codes: no municipality is
    called 3), ``function``, ``in_management_group`` (0/1 is yes/no, other numbers are
    codes) or ``statement`` (only letter codes: numbers are answers).

    Examples
    --------
    >>> code_kind(["A1", "A2", "A7"], "municipality")
    'answer codes (A1, A2, A7)'
    >>> code_kind(["1", "2"], "in_management_group"), code_kind(["Botkyrka"], "municipality")
    ('answer codes (1, 2)', None)
    """
    vals = sorted({v.strip() for v in values if v and v.strip()}, key=lambda v: (len(v), v))
    if not vals:
        return None
    letters = all(_LETTER_CODE.match(v) for v in vals) and not all(norm(v) in ("y", "n") for v in vals)
    digits = all(_DIGITS.match(v) for v in vals)
    coded = letters or (digits and (
        field in ("municipality", "function")
        or (field == "in_management_group" and not set(vals) <= {"0", "1"})
    ))
    if not coded:
        return None
    shown = ", ".join(vals[:3]) + (", …" if len(vals) > 3 else "")
    return f"answer codes ({shown})"


def answer_codes(labels: dict[str, str], parse: Callable[[str], tuple[Any, str | None]],
                 lo: int, hi: int, where: str, present: list[str] | None = None,
                 header: str = "") -> dict[str, str]:
    """The text to read for each code of a statement column whose codebook is ``labels``
    (code -> label), with the direction checked.

    Each label is read on the scale (``parse``), in whatever order the codes run (a Qualtrics
    scale edited after responses came in keeps its old recode values: 1, 2, 3, 4, 7, 5, 6).
    Numeric codes without a label are read as the step the labelled codes imply: ``code +
    shift`` when every labelled code is its step shifted alike (0 when the codes are the steps;
    1 for a scale coded from 0), ``total - code`` when every one runs the other way. When the
    labelled codes run no one way, or a single labelled code is not its own step, nothing is
    implied: a code among ``present`` (the column's texts) without a label is an error whose
    advice, a ``values:`` table for the column (``header``) with the known codes filled in,
    makes the column read right.

    Raises
    ------
    InputFileError
        A label is not an answer on the scale, or a code present has no label and none can be
        implied.

    Examples
    --------
    >>> from tuffkit import load_instrument
    >>> from tuffkit.ingest.cells import AnswerParser
    >>> p = AnswerParser(load_instrument("lfr19").scale)
    >>> answer_codes({"1": "Instämmer helt", "7": "Instämmer inte alls"}, p, 1, 7, "x")["2"]
    '6'
    """
    out: dict[str, str] = {}
    steps: dict[int, int] = {}
    # labels numbered as the form numbered them ("1 Instämmer helt", "2", ..., "7 Instämmer inte alls"
    # on a scale printed from the top): the words of the numbered ones say which way the numbers run
    said = {}
    for code, label in labels.items():
        m = _NUMBERED.match(str(label).strip())
        if m and m.group(2).strip() and isinstance(words := parse(m.group(2))[0], int):
            said[code] = (int(m.group(1)), words)
    from_top = {n != w and lo + hi - n == w for n, w in said.values() if n != w or lo + hi - n != w}
    if from_top == {True, False}:
        raise InputFileError(f"{where}: the labels are numbered both ways along the scale; give every code's value "
                             "under 'values:' in a mapping file")
    top = from_top == {True}
    for code, label in labels.items():
        value, problem = parse(label)
        if code in said:
            value, problem = said[code][1], None
        elif top and isinstance(value, int) and _DIGITS.match(str(label).strip()):
            value = lo + hi - value  # a bare number on a scale numbered from the top
        if problem:
            raise InputFileError(f"{where}: the code {code!r} means {label!r}, which is not an answer on the "
                                 f"scale {lo}..{hi} ({problem})")
        out[code] = str(value) if isinstance(value, int) else label
        if isinstance(value, int) and _DIGITS.match(code.strip()):
            steps[int(code)] = value
    if not steps:
        return out
    shifts = {s - c for c, s in steps.items()}  # step = code + shift (0: the codes are the steps)
    sums = {s + c for c, s in steps.items()}  # step = sum - code (the codes run the other way)
    step_of: Callable[[int], int] | None = None
    if len(steps) == 1 and shifts != {0}:
        step_of = None  # one labelled code cannot say what the others mean
    elif len(shifts) == 1:
        shift = shifts.pop()
        step_of = lambda c: c + shift  # noqa: E731
    elif len(sums) == 1:
        total = sums.pop()
        step_of = lambda c: total - c  # noqa: E731
    if step_of is not None:
        for c in range(lo - hi, 2 * hi + 1):  # every whole-number code that lands on the scale
            if lo <= step_of(c) <= hi:
                out.setdefault(str(c), str(step_of(c)))
        return out
    unlabelled = sorted({t.strip() for t in present or () if _DIGITS.match(t.strip()) and t.strip() not in out},
                        key=int)
    if unlabelled:
        pairs = ", ".join(f"{c} = {s}" for c, s in sorted(steps.items()))
        table = {**{c: (int(v) if v.isdigit() else v) for c, v in sorted(out.items(), key=lambda kv: kv[0])},
                 **dict.fromkeys(unlabelled, "?")}
        inner = ", ".join(f"{json.dumps(c)}: {json.dumps(v, ensure_ascii=False) if v != '?' else '?'}"
                          for c, v in table.items())
        raise InputFileError(
            f"{where}: the labelled codes do not run one way along the scale ({pairs}), so the code(s) "
            f"{', '.join(unlabelled)} without a label cannot be read; give the column's codes in a mapping file, "
            f"values: {{{json.dumps(header or 'header', ensure_ascii=False)}: {{{inner}}}}}, with each ? replaced "
            "by its step (or \"Vet ej\")"
        )
    return out


@dataclass
class Question:
    """One question of a survey structure: its code, text, answers and subquestions."""

    code: str
    text: str
    kind: str = ""
    answers: dict[str, str] = field(default_factory=dict)
    subquestions: dict[str, str] = field(default_factory=dict)


@dataclass
class Structure:
    """A survey's structure (a LimeSurvey ``.lss``/``.txt``, a Qualtrics ``.qsf``): its
    questions by the code its export heads their columns with."""

    path: Path
    questions: dict[str, Question]
    tool: str = "LimeSurvey"

    def column(self, header: str) -> tuple[Question, str | None] | None:
        """The question (and subquestion code) of an export column headed by a code
        (``kommun``, ``LFR[SQ001]``, ``LFR_SQ001``, ``kommun. Text``) or by the question's text
        (``Text``, ``Text [Subquestion]``)."""
        h = header.strip()
        if self.tool == "REDCap" and (m := re.fullmatch(r"([A-Za-z][A-Za-z0-9_]*)___([A-Za-z0-9_-]+)", h)) \
                and m.group(1) in self.questions:  # a checkbox's choice column
            return self.questions[m.group(1)], m.group(2)
        if self.tool == "KoboToolbox" and h not in self.questions:  # group paths: "grp_lfr/p1", ODK "grp-p1"
            tail = h.rsplit("/", 1)[-1]
            if tail in self.questions:
                return self.questions[tail], None
            parts = h.split("-")
            for k in range(1, len(parts)):
                if "-".join(parts[k:]) in self.questions:
                    return self.questions["-".join(parts[k:])], None
        m = re.match(r"^([A-Za-z][A-Za-z0-9_]*?)(?:\[([A-Za-z0-9_]+)\]|_([A-Za-z0-9]+))?(?:\.\s.*)?$", h)
        if m and m.group(1) in self.questions:
            q = self.questions[m.group(1)]
            sub = m.group(2) or m.group(3)
            if sub is None or sub in q.subquestions:
                return q, sub
        if m and m.group(1) + "_" + (m.group(3) or "") in self.questions:  # a code with "_" in it
            return self.questions[m.group(1) + "_" + m.group(3)], None
        if self.tool != "LimeSurvey":  # a dictionary or form knows its export by the field names
            return None
        nh = norm(h)
        for q in self.questions.values():
            if nh == norm(q.text):
                return q, None
            for code, text in q.subquestions.items():
                if nh in (norm(f"{q.text} [{text}]"), norm(f"[{text}] {q.text}")):
                    return q, code
        return None

    def header(self, header: str) -> str | None:
        """The column's header in words (``Text [Subquestion]``), or ``None`` when the
        structure does not know the column."""
        found = self.column(header)
        if found is None:
            return None
        q, sub = found
        if sub and self.tool == "REDCap":  # as REDCap's labels export heads a checkbox's choice
            return f"{q.text} (choice={q.subquestions[sub]})"
        return f"{q.text} [{q.subquestions[sub]}]" if sub else q.text


def _first_line(path: Path) -> str:
    try:
        with path.open("rb") as f:
            return f.read(4096).decode("utf-8-sig", errors="ignore").splitlines()[0] if path.stat().st_size else ""
    except (OSError, IndexError):
        return ""


def _is_redcap_dictionary(path: Path) -> bool:
    head = norm(_first_line(path))
    return "variable / field name" in head and "field type" in head


def _is_xlsform(path: Path) -> bool:
    """An XLSForm (KoboToolbox's and ODK's form definition): sheets ``survey`` and ``choices``."""
    try:
        import zipfile

        with zipfile.ZipFile(path) as z:
            book = z.read("xl/workbook.xml").decode("utf-8", errors="ignore")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    names = {n.casefold() for n in re.findall(r'<sheet[^>]*\bname="([^"]+)"', book)}
    return {"survey", "choices"} <= names


def is_structure_file(path: Path) -> bool:
    """Whether ``path`` is a survey structure, never survey data: a LimeSurvey ``.lss``, or a
    ``.txt`` whose header has ``class``, ``type/scale`` and ``name``; a Qualtrics survey file
    ``.qsf``; a REDCap Data Dictionary (``.csv`` headed ``Variable / Field Name``, ``Field
    Type``...); an XLSForm (``.xlsx`` with sheets ``survey`` and ``choices``)."""
    suffix = path.suffix.lower()
    if suffix in (".lss", ".qsf"):
        return True
    if suffix == ".csv":
        return _is_redcap_dictionary(path)
    if suffix == ".xlsx":
        return _is_xlsform(path)
    if suffix != ".txt":
        return False
    try:
        first = path.read_bytes()[:2048].decode("utf-8-sig", errors="ignore").splitlines()[:1]
    except OSError:
        return False
    cells = first[0].split("\t") if first else []
    return {"class", "type/scale", "name"} <= {c.strip().lower() for c in cells}


def _strip_html(text: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", text or "").replace("&nbsp;", " ").split())


def read_structure(path: str | Path) -> Structure:
    """Read a survey structure file (see :func:`is_structure_file`)."""
    p = Path(path)
    if p.suffix.lower() == ".qsf":
        return read_qualtrics_qsf(p)
    if p.suffix.lower() == ".csv":
        return read_redcap_dictionary(p)
    if p.suffix.lower() == ".xlsx":
        return read_xlsform(p)
    return read_limesurvey_structure(p)


def _choices(text: str) -> dict[str, str]:
    """REDCap's choices, ``1, Instämmer inte alls | 2, 2 | ...`` -> ``{"1": "Instämmer inte alls", ...}``."""
    out = {}
    for part in (text or "").split("|"):
        code, sep, label = part.partition(",")
        if sep and code.strip():
            out[code.strip()] = _strip_html(label.strip())
    return out


def read_redcap_dictionary(path: str | Path) -> Structure:
    """Read a REDCap Data Dictionary (Project Setup > Data Dictionary > Download, a CSV with
    ``Variable / Field Name``, ``Form Name``, ``Field Type``, ``Field Label``, ``Choices,
    Calculations, OR Slider Labels``...). Each field is a question keyed by its name; a
    ``radio``/``dropdown`` field's answers are its choices (``code, label | ...``, codes from 0
    or 1 as the project numbered them), ``yesno`` is 1 = Yes, 0 = No, ``truefalse`` 1 = True,
    0 = False; a ``checkbox`` field's choices are its columns (``name___code``, 1 = checked).

    Raises
    ------
    InputFileError
        The file is not a readable Data Dictionary.
    """
    p = Path(path)
    try:
        text = p.read_bytes().decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputFileError(f"{p}: not a readable REDCap Data Dictionary ({exc})") from None
    questions: dict[str, Question] = {}
    for r in rows:
        r = {norm(k or ""): (v or "") for k, v in r.items()}
        name = r.get("variable / field name", "").strip()
        kind = r.get("field type", "").strip().casefold()
        if not name or kind == "descriptive":
            continue
        q = Question(name, _strip_html(r.get("field label", "")), kind)
        if kind in ("radio", "dropdown"):
            q.answers = _choices(r.get("choices, calculations, or slider labels", ""))
        elif kind == "yesno":
            q.answers = {"1": "Ja", "0": "Nej"}
        elif kind == "truefalse":
            q.answers = {"1": "True", "0": "False"}
        elif kind == "checkbox":
            q.subquestions = _choices(r.get("choices, calculations, or slider labels", ""))
        questions[name] = q
    if not questions:
        raise InputFileError(f"{p}: the REDCap Data Dictionary has no fields")
    return Structure(p, questions, tool="REDCap")


def read_xlsform(path: str | Path) -> Structure:
    """Read an XLSForm (the form definition of KoboToolbox and ODK: sheet ``survey`` with
    ``type``, ``name``, ``label`` or ``label::Svenska (sv)``; sheet ``choices`` with ``list_name``,
    ``name``, ``label``). A ``select_one LIST`` question's answers map each choice's name (the
    XML value an export without labels holds) to its label (Swedish where the form has it).

    Raises
    ------
    InputFileError
        The file is not a readable XLSForm.
    """
    import openpyxl

    p = Path(path)
    try:
        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
        sheets = {ws.title.casefold(): [[("" if c is None else str(c)) for c in row] for row in ws.iter_rows(
            values_only=True)] for ws in wb.worksheets if ws.title.casefold() in ("survey", "choices")}
        wb.close()
    except Exception as exc:  # openpyxl raises many types on damaged parts
        raise InputFileError(f"{p}: not a readable XLSForm ({type(exc).__name__}: {exc})") from None

    def table(rows: list[list[str]]) -> list[dict[str, str]]:
        if not rows:
            return []
        head = [h.strip().casefold() for h in rows[0]]
        label = next((h for h in head if h.startswith("label") and ("svenska" in h or "(sv)" in h)), None) or \
            next((h for h in head if h.startswith("label")), "label")
        return [{**dict(zip(head, r, strict=False)), "label": dict(zip(head, r, strict=False)).get(label, "")}
                for r in rows[1:]]

    lists: dict[str, dict[str, str]] = {}
    for c in table(sheets.get("choices", [])):
        listname = (c.get("list_name") or c.get("list name") or "").strip()
        if listname and c.get("name", "").strip():
            lists.setdefault(listname, {})[c["name"].strip()] = _strip_html(c.get("label", ""))
    questions: dict[str, Question] = {}
    for q in table(sheets.get("survey", [])):
        kind, name = q.get("type", "").strip(), q.get("name", "").strip()
        if not name or kind.split(" ")[0] in ("begin_group", "end_group", "begin", "end", "note", "calculate"):
            continue
        question = Question(name, _strip_html(q.get("label", "")), kind)
        parts = kind.split()
        if parts and parts[0] in ("select_one", "select_multiple") and len(parts) > 1:
            question.answers = dict(lists.get(parts[1], {}))
        questions[name] = question
    if not questions:
        raise InputFileError(f"{p}: the XLSForm has no questions")
    return Structure(p, questions, tool="KoboToolbox")


def read_qualtrics_qsf(path: str | Path) -> Structure:
    """Read a Qualtrics survey file (``.qsf``, Survey > Tools > Import/Export > Export survey):
    JSON whose ``SurveyElements`` of kind ``SQ`` are the questions.

    Each question is keyed by its ``DataExportTag`` (the export's column id: ``Q1``; a matrix's
    rows are ``Q4_1``..., by the row's ``ChoiceDataExportTags`` or its choice id). Its answers
    map the export's numeric values to their texts: a choice's (a matrix's scale point's)
    ``RecodeValues`` entry, or its id when it has none, to its ``Display`` text — in whatever
    order the recode values run.

    Raises
    ------
    InputFileError
        The file is not a readable survey file.
    """
    p = Path(path)
    try:
        doc = json.loads(p.read_bytes().decode("utf-8-sig"))
        elements = doc["SurveyElements"]
    except OSError as exc:
        raise InputFileError(f"{p}: cannot be read ({exc.strerror})") from None
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as exc:
        raise InputFileError(f"{p}: not a readable Qualtrics survey file ({exc})") from None
    questions: dict[str, Question] = {}
    for el in elements:
        if not isinstance(el, dict) or el.get("Element") != "SQ" or not isinstance(el.get("Payload"), dict):
            continue
        q = el["Payload"]
        tag = str(q.get("DataExportTag") or q.get("QuestionID") or "")
        if not tag:
            continue
        recode = {str(k): str(v) for k, v in (q.get("RecodeValues") or {}).items()}
        choices = q.get("Choices") or {}
        choices = choices if isinstance(choices, dict) else {str(i + 1): c for i, c in enumerate(choices)}
        text = _strip_html(str(q.get("QuestionText") or ""))
        kind = str(q.get("QuestionType") or "")
        question = Question(tag, text, kind)
        if kind == "Matrix":
            answers = q.get("Answers") or {}
            answers = answers if isinstance(answers, dict) else {str(i + 1): a for i, a in enumerate(answers)}
            tags = q.get("ChoiceDataExportTags") or {}
            tags = tags if isinstance(tags, dict) else {}
            for cid, c in choices.items():
                sub = str(tags.get(cid) or cid)
                sub = sub[len(tag) + 1:] if sub.startswith(tag + "_") else sub
                question.subquestions[sub] = _strip_html(str((c or {}).get("Display", "")))
            for aid, a in answers.items():
                question.answers[recode.get(str(aid), str(aid))] = _strip_html(str((a or {}).get("Display", "")))
        else:
            for cid, c in choices.items():
                question.answers[recode.get(str(cid), str(cid))] = _strip_html(str((c or {}).get("Display", "")))
        questions[tag] = question
    if not questions:
        raise InputFileError(f"{p}: the Qualtrics survey file has no questions")
    return Structure(p, questions, tool="Qualtrics")


def read_limesurvey_structure(path: str | Path) -> Structure:
    """Read a LimeSurvey survey structure file (``.lss`` from LimeSurvey 2 to 6, or the
    tab-separated ``.txt``).

    Raises
    ------
    InputFileError
        The file is not a readable survey structure.
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise InputFileError(f"{p}: cannot be read ({exc.strerror})") from None
    try:
        qs = _read_lss(raw) if p.suffix.lower() == ".lss" else _read_structure_txt(raw)
    except (ET.ParseError, UnicodeDecodeError, KeyError, ValueError) as exc:
        raise InputFileError(f"{p}: not a readable LimeSurvey survey structure ({exc})") from None
    if not qs:
        raise InputFileError(f"{p}: the survey structure has no questions")
    return Structure(p, qs)


def _read_structure_txt(raw: bytes) -> dict[str, Question]:
    text = raw.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter="\t"))
    head = [c.strip().lower() for c in rows[0]]
    col = {name: head.index(name) for name in ("class", "name", "text")}
    lang_col = head.index("language") if "language" in head else None
    questions: dict[str, Question] = {}
    current: Question | None = None
    first_lang: str | None = None
    for r in rows[1:]:
        if len(r) <= max(col.values()):
            continue
        kind, name, txt = r[col["class"]].strip(), r[col["name"]].strip(), _strip_html(r[col["text"]])
        if lang_col is not None and lang_col < len(r) and r[lang_col].strip():
            first_lang = first_lang or r[lang_col].strip()
            if r[lang_col].strip() != first_lang:
                continue  # the other languages' texts of the same question
        if kind == "Q":
            current = questions.setdefault(name, Question(name, txt, r[head.index("type/scale")].strip()))
        elif kind == "SQ" and current is not None:
            current.subquestions.setdefault(name, txt)
        elif kind == "A" and current is not None:
            current.answers.setdefault(name, txt)
    return questions


def _rows(root: ET.Element, table: str) -> list[dict[str, str]]:
    node = root.find(table)
    if node is None:
        return []
    return [{c.tag: (c.text or "") for c in row} for row in node.iter("row")]


def _read_lss(raw: bytes) -> dict[str, Question]:
    root = ET.fromstring(raw)
    qrows = _rows(root, "questions")
    qtext = {r["qid"]: r.get("question", "") for r in _rows(root, "question_l10ns")}
    by_qid: dict[str, Question] = {}
    for r in qrows:
        if r.get("parent_qid", "0") in ("0", ""):
            by_qid.setdefault(r["qid"], Question(r["title"], _strip_html(r.get("question") or qtext.get(r["qid"], "")),
                                                 r.get("type", "")))
    for r in qrows + _rows(root, "subquestions"):
        parent = r.get("parent_qid", "0")
        if parent not in ("0", "") and parent in by_qid:
            by_qid[parent].subquestions.setdefault(
                r["title"], _strip_html(r.get("question") or qtext.get(r["qid"], "")))
    atext = {r["aid"]: r.get("answer", "") for r in _rows(root, "answer_l10ns")}
    for r in _rows(root, "answers"):
        q = by_qid.get(r["qid"])
        if q is not None:
            label = r.get("answer") or atext.get(r.get("aid", ""), "")
            q.answers.setdefault(r["code"], _strip_html(label))
    return {q.code: q for q in by_qid.values()}


_NUMBERED = re.compile(r"^([+-]?\d+)(?:\s*[-–—:.)]\s*|\s+|$)(.*)$")


def reversed_numbering(columns: dict[int, list[str]], labels: dict[str, int], lo: int, hi: int,
                       where: str) -> dict[int, dict[str, str]]:
    """For a file whose numbered answers run the other way (``1 – Instämmer helt``), each
    statement column's texts with the step they mean (``{"1 – Instämmer helt": "7", "2": "6"}``);
    empty when they run the instrument's way, or when too little says otherwise.

    ``columns`` maps statement numbers to their distinct texts; ``labels`` maps normalised
    label texts to their steps. The file is read reversed only on firm evidence: numbered
    labels that disagree in the reversed way, two different ones or one in three columns, and
    none that agrees. Its bare numbers are then read reversed too. A lone reversed label with
    others that agree is a keying error (listed as a problem); one with none that agrees cannot
    tell a keying error from a small file numbered from the top, and is refused.

    Raises
    ------
    InputFileError
        Numbered labels run one way in some places and the other way in others, or too few
        labels say which way they run.

    Examples
    --------
    >>> reversed_numbering({1: ["1 – Instämmer helt", "2", "7 – Instämmer inte alls"]},
    ...                    {"instämmer helt": 7, "instämmer inte alls": 1}, 1, 7, "x")
    {1: {'1 – Instämmer helt': '7', '2': '6', '7 – Instämmer inte alls': '1'}}
    """
    agree, flipped = [], []
    for number, texts in columns.items():
        for t in texts:
            m = _NUMBERED.match(norm(t))
            if m and m.group(2).strip() in labels:
                n, step = int(m.group(1)), labels[m.group(2).strip()]
                if n == step:
                    agree.append((number, t))
                elif lo + hi - n == step:
                    flipped.append((number, t))
    firm = len({t for _, t in flipped}) >= 2 or len({c for c, _ in flipped}) >= 3
    if flipped and not firm and not agree:  # too little to tell which way the bare numbers run: never guessed
        steps = ", ".join(f'"{k}": {lo + hi - k}' for k in range(lo, hi + 1))
        raise InputFileError(
            f"{where}: the only numbered label among the answers is {flipped[0][1]!r} (in {len(flipped)} place(s)), "
            f"which numbers the scale from its other end; too few labels to tell which way the bare numbers run. "
            f"If the form numbered its scale from the top, give values: answers: {{{steps}}} in a mapping file; "
            "if it is a keying error, correct that cell"
        )
    if not firm:
        return {}
    if agree:
        shown = ", ".join(repr(t) for t in dict.fromkeys([agree[0][1], flipped[0][1]]))
        raise InputFileError(f"{where}: its numbered answers run both ways along the scale ({shown}); give "
                             "each answer's value under 'values: answers:' in a mapping file")
    return reverse_tables(columns, labels, lo, hi)


def reverse_tables(columns: dict[int, list[str]], labels: dict[str, int], lo: int,
                   hi: int) -> dict[int, dict[str, str]]:
    """Each statement column's numbered texts read from the other end (``"2"`` -> ``"6"``)."""
    out: dict[int, dict[str, str]] = {}
    for number, texts in columns.items():
        table = {}
        for t in texts:
            m = _NUMBERED.match(norm(t))
            if m and lo <= int(m.group(1)) <= hi and (not m.group(2).strip() or m.group(2).strip() in labels):
                table[t] = str(lo + hi - int(m.group(1)))
        if table:
            out[number] = table
    return out


def title_direction(title: list[str], labels: dict[str, int], lo: int, hi: int) -> tuple[bool | None, str]:
    """What the lines above a header say of the scale's numbering (a hand-typed sheet's "Skala: 1 =
    Instämmer helt, 7 = Instämmer inte alls"): ``(True, line)`` numbered from the top, ``(False, line)``
    the instrument's way, ``(None, "")`` nothing said.

    Raises
    ------
    InputFileError
        The lines say both.
    """
    agree, flipped = [], []
    for line in title:
        for m in re.finditer(r"(?<![\d,.])([+-]?\d+)\s*(?:=|:|–|-|är|betyder)\s*([^\W\d_][^,;.()=]*)", line):
            words = norm(m.group(2))
            step = next((s for lab, s in sorted(labels.items(), key=lambda kv: -len(kv[0])) if words.startswith(lab)),
                        None)
            if step is None:
                continue
            n = int(m.group(1))
            if n == step:
                agree.append(line)
            elif lo + hi - n == step:
                flipped.append(line)
    if agree and flipped:
        raise InputFileError(f"the lines above the header say the scale both ways ({flipped[0]!r}); give each "
                             "answer's value under 'values: answers:' in a mapping file")
    if flipped:
        return True, flipped[0]
    if agree:
        return False, agree[0]
    return None, ""


def check_scale_use(columns: dict[int, list[str]], read: Callable[[str], tuple[Any, str | None]],
                    lo: int, hi: int, where: str) -> None:
    """Refuse a file whose statement answers are on another scale than the instrument's.

    ``columns`` maps statement numbers to their columns' distinct texts (already through any
    codebook). Two patterns are refused, with one sentence each: whole numbers below ``lo``
    while none reaches ``hi`` (or above ``hi`` while none is ``lo``), a scale counted from another
    start (``0..6`` read as ``1..7`` would shift every answer; a stray ``0`` beside answers at the
    top is a keying error, listed as a problem); and the same unknown
    text in three or more statement columns, a scale label the instrument does not know
    (dropping it would drop one end of the scale).

    Raises
    ------
    InputFileError
        One of the two patterns.
    """
    whole: set[int] = set()
    ends: set[int] = set()  # the scale's ends as labelled answers say them ("Stämmer inte alls" is 1)
    unknown: dict[str, set[int]] = {}
    for number, texts in columns.items():
        for t in texts:
            value, problem = read(t)
            m = _NUMBERED.match(t.strip())
            if m and not m.group(2).strip():
                whole.add(int(m.group(1)))
            elif isinstance(value, int) and problem is None:
                ends.add(value)
            if problem and re.search(r"[^\W\d_]", t):
                unknown.setdefault(norm(t), set()).add(number)
    # (a negative number alone is a tool's code for no answer; beside a 0 it is a centred scale)
    below = {v for v in whole if lo - (hi - lo) <= v < lo and (v >= 0 or 0 in whole)}
    above = {v for v in whole if v > hi}
    # answers below the scale and never its top (or above it and never its bottom): counted from
    # another start, however few steps were used; a stray 0 beside answers at the top is a keying error
    if (below and hi not in whole | ends) or (above and lo not in whole | ends):
        raise InputFileError(
            f"{where}: the statements' answers run {min(whole)}..{max(whole)} where the scale is {lo}..{hi} "
            "(counted from another start?); give each answer's value under 'values: answers:' in a mapping file"
        )
    recurring = sorted((t for t, cols in unknown.items() if len(cols) >= 3), key=lambda t: -len(unknown[t]))
    if recurring:
        shown = ", ".join(repr(t) for t in recurring[:3])
        raise InputFileError(
            f"{where}: answers that are not on the scale recur in {len(unknown[recurring[0]])} statement columns "
            f"({shown}): labels of a scale the instrument does not know; give their values under "
            "'values: answers:', or list them under 'missing:' if they mean no answer, in a mapping file"
        )
