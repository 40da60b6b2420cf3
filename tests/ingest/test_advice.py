"""Every refusal that suggests a mapping, a study-file key or an option is actionable: each test
here reads a file that is refused, follows the advice of the refusal literally (the YAML it
prints, or the key it names), and checks that the file then reads exactly as it was written
(issue 25, item 6). The property test at the end does the same for files of every direction,
start and labelling of the scale."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from tuffkit.errors import InputFileError
from tuffkit.ingest.survey import read_survey

from conftest import BASE_HEADER, make_rows, to_csv_text

HEADER = BASE_HEADER + [f"F{k}" for k in range(1, 20)]


def _csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    path.write_text(to_csv_text(header, rows), encoding="utf-8")
    return path


def _truth(rows: list[list[object]]) -> list[tuple]:
    """What was written: (row, statement, value) for every answer on the scale."""
    return sorted((k, j + 1, int(v)) for k, r in enumerate(rows) for j, v in enumerate(r[4:23])
                  if isinstance(v, int) or (isinstance(v, str) and v.isdigit()))


def _read(data) -> list[tuple]:
    r = data.responses.dropna(subset=["value"])
    row_of = {rid: k for k, rid in enumerate(sorted(data.respondents["respondent_id"]))}
    return sorted((row_of[int(a)], int(b), int(c)) for a, b, c in zip(r["respondent_id"], r["item"], r["value"],
                                                                     strict=True))


def _mapping(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "mapping.yaml"
    p.write_text(text, encoding="utf-8")
    yaml.safe_load(text)  # the advice is valid YAML as printed
    return p


def test_no_municipality_column_advice(tmp_path):
    rows = make_rows(6)
    path = _csv(tmp_path / "x.csv", ["Förvaltning", *HEADER[1:]], rows)
    with pytest.raises(InputFileError, match="name it under 'columns:'") as err:
        read_survey(path, instrument="lfr19")
    assert "no unit column" in str(err.value)
    data = read_survey(path, instrument="lfr19", mapping=_mapping(tmp_path, "columns:\n  municipality: Förvaltning\n"))
    assert _read(data) == _truth(rows)
    assert sorted(set(data.respondents["unit"].astype(str))) == sorted({r[0] for r in rows})


def test_a_column_about_a_field_advice(tmp_path):
    rows = make_rows(6)
    header = [*HEADER[:1], "Din yrkesroll (välj ett)", *HEADER[2:]]
    path = _csv(tmp_path / "x.csv", header, rows)
    with pytest.raises(InputFileError, match="name it under 'columns:' in a mapping file, or list it under 'ignore:'"):
        read_survey(path, instrument="lfr19")
    data = read_survey(path, instrument="lfr19",
                       mapping=_mapping(tmp_path, "columns:\n  function: Din yrkesroll (välj ett)\n"))
    assert _read(data) == _truth(rows)
    assert set(data.respondents["function"].astype(str)) == {"management", "support", "not_stated"}


def test_no_wave_advice(tmp_path):
    rows = [r[:3] + r[4:] for r in make_rows(6)]
    path = _csv(tmp_path / "x.csv", [h for h in HEADER if h != "Omgång"], rows)
    with pytest.raises(InputFileError, match="give the wave with --wave"):
        read_survey(path, instrument="lfr19")
    data = read_survey(path, instrument="lfr19", wave="2014")
    assert _read(data) == _truth([r[:3] + ["2014"] + r[3:] for r in rows])


def test_a_scale_counted_from_zero_advice(tmp_path):
    rows = make_rows(8)
    shifted = [r[:4] + [v - 1 for v in r[4:23]] for r in rows]
    path = _csv(tmp_path / "x.csv", HEADER, shifted)
    with pytest.raises(InputFileError, match="counted from another start") as err:
        read_survey(path, instrument="lfr19")
    assert "give each answer's value under 'values: answers:'" in str(err.value)
    data = read_survey(path, instrument="lfr19", mapping=_mapping(
        tmp_path, "values:\n  answers: {" + ", ".join(f'"{k}": {k + 1}' for k in range(7)) + "}\n"))
    assert _read(data) == _truth(rows)


def test_unknown_scale_labels_advice(tmp_path):
    words = {1: "Stämmer inte alls", 7: "Stämmer helt"}
    rows = make_rows(8)
    labelled = [r[:4] + [words.get(v, v) for v in r[4:23]] for r in rows]
    path = _csv(tmp_path / "x.csv", HEADER, labelled)
    with pytest.raises(InputFileError, match="give their values under 'values: answers:'"):
        read_survey(path, instrument="lfr19")
    data = read_survey(path, instrument="lfr19", mapping=_mapping(
        tmp_path, 'values:\n  answers: {"Stämmer inte alls": 1, "Stämmer helt": 7}\n'))
    assert _read(data) == _truth(rows)


def test_coded_municipality_advice(tmp_path):
    rows = make_rows(6)
    codes = {"Mönsterås": "A1", "Åre-fiktiv": "A2"}
    path = _csv(tmp_path / "x.csv", HEADER, [[codes[r[0]], *r[1:]] for r in rows])
    with pytest.raises(InputFileError, match="name each code under 'values:' in a mapping file"):
        read_survey(path, instrument="lfr19")
    data = read_survey(path, instrument="lfr19", mapping=_mapping(
        tmp_path, "values:\n  municipality: {A1: Mönsterås, A2: Åre-fiktiv}\n"))
    assert _read(data) == _truth(rows)
    assert list(data.respondents["unit"].astype(str)) == [r[0] for r in rows]


def test_a_wave_the_study_does_not_list_advice(tmp_path):
    rows = make_rows(6, wave="2015")
    folder = tmp_path / "s"
    folder.mkdir()
    _csv(folder / "x.csv", HEADER, rows)
    (folder / "study.yaml").write_text("title: T\ninstrument: lfr19\nwaves:\n  - {id: '2014'}\n", encoding="utf-8")
    from tuffkit.study import StudyError

    with pytest.raises(StudyError, match="add it there"):
        read_survey(folder)
    (folder / "study.yaml").write_text("title: T\ninstrument: lfr19\nwaves:\n  - {id: '2014'}\n  - {id: '2015'}\n",
                                       encoding="utf-8")
    assert _read(read_survey(folder)) == _truth(rows)


# ------------------------------------------------------------------ the property
@st.composite
def scale_files(draw):
    """A small file of the 7-step scale as a form might number and label it: from the bottom or
    the top, counted from 0 or 1, labels on no step, the ends, or one cell only; "Vet ej" or not."""
    n = draw(st.integers(3, 10))
    answers = [[draw(st.integers(1, 7)) for _ in range(19)] for _ in range(n)]
    from_top = draw(st.booleans())
    start = draw(st.sampled_from([0, 1]))
    labels = draw(st.sampled_from(["none", "ends", "one cell"]))
    return answers, from_top, start, labels


def _written(v: int, from_top: bool, start: int, label: bool) -> str:
    number = (8 - v if from_top else v) - 1 + start
    if not label:
        return str(number)
    word = {7: "Instämmer helt", 1: "Instämmer inte alls"}.get(v)
    return f"{number} – {word}" if word else str(number)


@given(scale_files())
def test_applied_advice_never_reads_differently_from_the_truth(tmp_path_factory, case):
    """Whatever a refusal suggests, applied literally (each ? filled with the truth), reads the file
    as written; a file read without a refusal is read as written too whenever the file can say
    how it is numbered."""
    answers, from_top, start, labels = case
    rows = []
    first_end = True
    for a in answers:
        cells = []
        for v in a:
            label = labels == "ends" or (labels == "one cell" and v in (1, 7) and first_end)
            if labels == "one cell" and label:
                first_end = False
            cells.append(_written(v, from_top, start, label))
        rows.append(["Ronneby", "Ledning", "Ja", "2014", *cells])
    truth = sorted((k, j + 1, v) for k, a in enumerate(answers) for j, v in enumerate(a))
    folder = tmp_path_factory.mktemp("prop")
    path = _csv(folder / "x.csv", HEADER, rows)
    # what the file itself can say: numbered the instrument's way (1 = the bottom), or labels on
    # its ends; a file of bare numbers counted another way says nothing, and only its refusals'
    # advice is checked
    labelled = labels == "ends" and any(v in (1, 7) for a in answers for v in a)
    knowable = (not from_top and start == 1) or labelled
    try:
        data = read_survey(path, instrument="lfr19")
    except InputFileError as exc:
        text = str(exc)
        m = re.search(r"values: answers: (\{[^}]*\})", text)
        if m is None:  # advice in words: the scale's values under values: answers:
            assert "values: answers:" in text, text
            mapping = {str(_written(v, from_top, start, False)): v for v in range(1, 8)}
            advice = "values:\n  answers: " + yaml.safe_dump(mapping, default_flow_style=True)
        else:
            advice = "values:\n  answers: " + m.group(1) + "\n"
            said = yaml.safe_load(m.group(1))
            if said != {str(_written(v, from_top, start, False)): v for v in range(1, 8)}:
                # the advice is conditional ("if the form numbered its scale from the top"): only
                # ever followed when that is the truth
                assert "If the form numbered its scale from the top" in text
                return
        data = read_survey(path, instrument="lfr19", mapping=_mapping(folder, advice))
    else:
        if not knowable:
            return
    got = sorted((int(a) - 1, int(b), int(c)) for a, b, c in zip(data.responses["respondent_id"],
                 data.responses["item"], data.responses["value"], strict=True))
    assert got == truth
