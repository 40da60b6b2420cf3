"""The ``tuffkit`` command, run as a user runs it: a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tuffkit.cli import main
from tuffkit.ingest.survey import read_survey
from tuffkit.study import load_study

from conftest import ROOT, make_rows

EXE = str(Path(sys.executable).with_name("tuffkit"))


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([EXE, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_ingest_writes_all_outputs(write_csv, f_header, tmp_path):
    rows = make_rows(6)
    rows[0][0] = ""
    rows[1][5] = "8"
    src = write_csv(f_header, rows)
    out = tmp_path / "out"
    res = run("ingest", str(src), "--out", str(out))
    assert res.returncode == 0, res.stderr
    assert "6 rows in, 5 kept, 1 rejected" in res.stdout
    assert "no unit: 1" in res.stdout
    assert {p.name for p in out.iterdir()} == {
        "survey.parquet", "respondents.parquet", "rejected.csv", "problems.csv", "ingest.json", "study.json",
        "instrument.yaml"}
    survey = pd.read_parquet(out / "survey.parquet")
    assert len(survey) == 5 * 19 and str(survey["value"].dtype) == "Int8"
    assert survey["wave"].dtype.ordered
    report = json.loads((out / "ingest.json").read_text(encoding="utf-8"))
    f = report["files"][0]
    assert f["rows_in"] == f["rows_kept"] + f["rows_rejected"] == 6
    assert report["total"]["cell_problems"] == 1 and report["rejected_by_reason"] == {"no unit": 1}
    rejected = pd.read_csv(out / "rejected.csv", sep=";", encoding="utf-8-sig")
    assert rejected.row.tolist() == [2]
    problems = pd.read_csv(out / "problems.csv", sep=";", encoding="utf-8-sig", dtype=str)
    assert problems[["row", "column", "field", "reason"]].values.tolist() == [
        ["3", "F2", "item 2", "outside the scale 1..7"]]
    assert not list(out.glob(".*")), "no temporary files left behind"


def test_instrument_and_mapping_options(tmp_path, write_csv):
    from test_instrument import MINI

    inst = tmp_path / "mini.yaml"
    inst.write_text(MINI, encoding="utf-8")
    m = tmp_path / "m.yaml"
    m.write_text("constants: {wave: '2021'}\n", encoding="utf-8")
    src = write_csv(["Kommun", "1", "2", "3"], [["Uddevalla", 1, 2, 3]])
    res = run("ingest", str(src), "--instrument", str(inst), "--mapping", str(m), "--out", str(tmp_path / "o"))
    assert res.returncode == 0, res.stderr
    assert "instrument mini3" in res.stdout


def _one_clear_sentence(res: subprocess.CompletedProcess) -> str:
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tuffkit: error: ")
    return lines[0]


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda d: d / "saknas.csv", "saknas.csv: no such file"),
        (lambda d: _write(d / "trasig.xlsx", b"PK\x03\x04broken"), "trasig.xlsx: not a readable .xlsx workbook"),
        (lambda d: _write(d / "fel.csv", "Namn;Ålder\nA;3\n".encode()), "fel.csv: no recognisable header row"),
        (lambda d: _write(d / "gammal.xls", b"\xd0\xcf\x11\xe0"), "gammal.xls: the .xls format is not supported"),
        (lambda d: _write(d / "tom.csv", b""), "tom.csv: the file is empty"),
        (lambda d: d, "the folder holds no .csv or .xlsx file"),
    ],
    ids=["missing", "corrupt-xlsx", "no-statements", "xls", "empty", "empty-folder"],
)
def test_bad_inputs_give_one_sentence_and_exit_2(tmp_path, make, expected):
    target = make(tmp_path)
    line = _one_clear_sentence(run("ingest", str(target), "--out", str(tmp_path / "o")))
    assert expected in line
    assert not (tmp_path / "o").exists(), "nothing is written when the input is bad"


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_bad_mapping_and_instrument(tmp_path, write_csv, f_header):
    src = write_csv(f_header, make_rows(2))
    bad = _write(tmp_path / "m.yaml", b"columns: {kommun: X}\n")
    assert "unknown field" in _one_clear_sentence(run("ingest", str(src), "--mapping", str(bad)))
    assert "unknown instrument 'nope'" in _one_clear_sentence(run("ingest", str(src), "--instrument", "nope"))


def test_usage_errors_exit_2():
    res = run("ingest")
    assert res.returncode == 2 and "Traceback" not in res.stderr
    res = run("--help")
    assert res.returncode == 0 and "ingest" in res.stdout


def test_unwritable_output_folder(write_csv, f_header, tmp_path):
    src = write_csv(f_header, make_rows(2))
    blocker = _write(tmp_path / "fil", b"a file where a folder should be")
    line = _one_clear_sentence(run("ingest", str(src), "--out", str(blocker / "out")))
    assert "cannot write the outputs" in line


def test_nothing_kept_exits_1(write_csv, f_header, tmp_path):
    rows = make_rows(2)
    for r in rows:
        r[0] = ""
    res = run("ingest", str(write_csv(f_header, rows)), "--out", str(tmp_path / "o"))
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert "no respondent was kept" in res.stderr and "no unit: 2" in res.stdout


def test_summary_says_what_was_not_used(write_csv, tmp_path):
    header = ["Kommun", "Omgång", "Kommentar", *[f"F{k}" for k in range(1, 19)]]
    res = run("ingest", str(write_csv(header, [["Ronneby", "2014", "bra", *[4] * 18]])), "--out", str(tmp_path / "o"))
    assert res.returncode == 0, res.stderr
    assert "columns not used: 'Kommentar'" in res.stdout
    assert "no column for statement(s) 19" in res.stdout
    assert "no column for function or in_management_group" in res.stdout


def test_output_folder_is_not_an_input(write_csv, f_header, tmp_path):
    src = write_csv(f_header, make_rows(2))
    out = tmp_path / "o"
    assert run("ingest", str(src), "--out", str(out)).returncode == 0
    assert "is an output folder of tuffkit ingest" in _one_clear_sentence(
        run("ingest", str(out), "--out", str(tmp_path / "o2")))
    assert "must not be an input folder" in _one_clear_sentence(run("ingest", str(tmp_path), "--out", str(tmp_path)))
    assert "needs a folder name" in _one_clear_sentence(run("ingest", str(src), "--out", ""))


def test_ingest_log_writes_all_outputs(tmp_path):
    from tuffkit.config import RAW_DIR

    out = tmp_path / "out"
    r = run("ingest-log", str(RAW_DIR / "projectlog"), "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "Read 2 log file(s): 68 rows in, 66 kept, 2 rejected" in r.stdout
    for name in ("project_log.parquet", "project_log_rejected.csv", "project_log_problems.csv", "project_log.json"):
        assert (out / name).exists()
    meta = json.loads((out / "project_log.json").read_text(encoding="utf-8"))
    assert meta["total"]["rows_in"] == meta["total"]["rows_kept"] + meta["total"]["rows_rejected"]


def test_ingest_log_bad_input_is_one_sentence(tmp_path):
    bad = tmp_path / "x.csv"
    bad.write_text("a;b\n1;2\n", encoding="utf-8")
    r = run("ingest-log", str(bad), "--out", str(tmp_path / "o"))
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert "x.csv: no row among the first 30 has an id, a unit and a kind" in r.stderr
    empty = tmp_path / "e.csv"
    empty.write_text("ID;Enhet;Typ\n;Norrtull;Idé\n", encoding="utf-8")
    r = run("ingest-log", str(empty), "--out", str(tmp_path / "o2"))
    assert r.returncode == 1 and "no entry was kept" in r.stderr


def test_ingest_measures_writes_all_outputs_and_bad_input_is_one_sentence(tmp_path):
    from tuffkit.config import RAW_DIR

    out = tmp_path / "out"
    r = run("ingest-measures", str(RAW_DIR / "measures"), "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "Read 5 measure file(s)" in r.stdout and "Points per unit and measure" in r.stdout
    for name in ("measures.parquet", "measures_rejected.csv", "measures_problems.csv", "measures.json"):
        assert (out / name).exists()
    bad = tmp_path / "k.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    r = run("ingest-measures", str(bad), "--out", str(tmp_path / "o"))
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "k.json: not a saved Kolada response" in r.stderr


@pytest.mark.parametrize(("target", "command", "error"), [
    ("tuffkit.ingest.survey.read_survey", ["ingest", "in.csv"], PermissionError(13, "Permission denied", "in.csv")),
    ("tuffkit.ingest.projectlog.read_project_log", ["ingest-log", "log"], PermissionError(13, "Permission denied",
                                                                                          "log/a.csv")),
    ("tuffkit.batch.run_reports", ["reports", "--program"], OSError(30, "Read-only file system", "reports/x.html")),
    ("tuffkit.batch.run_reports", ["reports", "--program"], OSError(28, "No space left on device", "reports/y")),
])
def test_a_refused_file_or_folder_is_one_sentence(monkeypatch, tmp_path, capsys, target, command, error):
    """What the operating system refuses (read-only or full --out, an unreadable input) ends
    in one sentence naming the path, never a traceback."""
    from tuffkit.config import RAW_DIR
    from tuffkit.ingest.survey import read_survey, write_ingest

    data = tmp_path / "data"
    write_ingest(read_survey(RAW_DIR), data)

    def refuse(*a, **k):
        raise error

    monkeypatch.setattr(target, refuse)
    argv = [*command, "--out", str(tmp_path / "out")] + (["--data", str(data), "--quiet"] if command[0] == "reports"
                                                          else [])
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.strip().count("\n") == 0 and "Traceback" not in err
    assert error.filename in err and error.strerror in err


def test_a_closed_pipe_is_one_sentence_and_no_traceback(tmp_path):
    """`tuffkit ingest ... | head`: the reader is gone before the summary is printed."""
    import os
    import subprocess
    import sys

    from tuffkit.config import RAW_DIR

    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # stdout buffered, as usual
    proc = subprocess.Popen([sys.executable, "-c", "from tuffkit.cli import main; raise SystemExit(main())",
                             "ingest", str(RAW_DIR), "--out", str(tmp_path / "out")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    proc.stdout.close()  # as `head` does once it has its lines
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 1
    assert "Traceback" not in err and "Exception ignored" not in err
    assert err.strip() == "tuffkit: error: the output was closed before all of it was written"


def test_a_header_without_rows_says_so(write_csv, f_header, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """Nothing kept and nothing rejected: the file holds a header only, and the sentence says that
    (not that reasons are in rejected.csv, which is empty)."""
    path = write_csv(f_header, [])
    assert main(["ingest", str(path), "--instrument", "lfr19", "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"tuffkit: error: {path.name}: no rows below the header; no respondent to read"]


def test_a_cell_of_a_megabyte_does_not_hide_the_header(write_csv, f_header, tmp_path: Path) -> None:
    """A 1 MB cell (a pasted document in a comment) is beyond the csv module's field limit: the
    header above it is still found and every row is read or accounted for."""
    rows = make_rows(6)
    header = [*f_header, "Övriga kommentarer"]
    rows = [[*r, "x" * 1_000_000 if k == 1 else "ok"] for k, r in enumerate(rows)]
    path = write_csv(header, rows)
    assert main(["ingest", str(path), "--instrument", "lfr19", "--out", str(tmp_path / "out")]) == 0
    kept = pd.read_parquet(tmp_path / "out" / "respondents.parquet")
    assert len(kept) == 6


def test_nothing_a_respondent_wrote_is_in_the_files_written_or_the_summary(write_csv, f_header, tmp_path, capsys):
    # distinctive texts in a free-text column and in the bad cells of rejected rows and problem cells
    header = ["Svars-ID", *f_header, "Övriga synpunkter"]
    rows = [[f"id{i}", *r, ""] for i, r in enumerate(make_rows(12))]
    said = {"Hemligt-A min chef kränker mig": (0, -1), "Hemligt-B ingen enhet": (1, -1),
            "Hemligt-C jag vill inte svara": (2, 7), "Hemligt-D nattpass": (3, 2), "Hemligt-E kanske": (4, 3),
            "Hemligt-F hösten": (5, 4), "Hemligt-G bara text": (6, 5), "5 Hemligt-H ungefär": (7, 9)}
    for text, (row, col) in said.items():
        rows[row][col] = text
    rows[1][1] = ""                                      # no unit: rejected
    rows[6][6:24] = [""] * 18                            # one statement cell, free text: no answer, rejected
    rows[8][0] = "Hemligt-I-42"                          # the same id as row 11 with other answers: both kept
    rows[9][0], rows[9][1] = "Hemligt-I-42", rows[8][1]
    rows[9][5] = 1 if rows[8][5] != 1 else 2
    rows[10] = list(rows[11])                            # the same submission twice: one rejected
    rows[10][-1] = rows[11][-1] = "Hemligt-J dubbel"
    rows.append([*rows[0][:24], "Hemligt-K extra cell", "Hemligt-L"])  # one field too many: malformed
    src = write_csv(header, rows)
    out = tmp_path / "out"
    assert main(["ingest", str(src), "--instrument", "lfr19", "--out", str(out)]) == 0
    printed = capsys.readouterr()
    secrets = [*(t.removeprefix("5 ") for t in said), "Hemligt-I", "Hemligt-J",
               "Hemligt-K", "Hemligt-L", "Hemligt"]
    rejected = pd.read_csv(out / "rejected.csv", sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    problems = pd.read_csv(out / "problems.csv", sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(rejected.columns) == ["file", "row", "column", "reason", "detail"]
    assert list(problems.columns) == ["file", "row", "column", "field", "reason"]
    # the rows are listed, with where to look: the row and the column, never the cell
    assert {"no unit", "unknown wave", "no answer to any statement", "duplicate submission",
            "malformed record"} <= set(rejected["reason"])
    assert {"item 3", "function", "in_management_group", "item 5", "respondent_id"} <= set(problems["field"])
    assert rejected.set_index("reason").loc["no unit", "column"] == "Kommun"
    texts = {p.name: p.read_text(encoding="utf-8-sig") for p in out.iterdir() if p.suffix != ".parquet"}
    texts["stdout"], texts["stderr"] = printed.out, printed.err
    frames = {p.name: pd.read_parquet(p) for p in out.glob("*.parquet")}
    ids = set(frames["respondents.parquet"]["source_id"].astype(str))
    assert "Hemligt-I-42" in ids, "a respondent id stays where it was: the respondents' source_id"
    frames["respondents.parquet"] = frames["respondents.parquet"].drop(columns="source_id")
    texts |= {name: frame.to_string() for name, frame in frames.items()}
    for secret in secrets:
        found = [name for name, text in texts.items() if secret.casefold() in text.casefold()]
        assert not found, f"{secret!r} is written in {found}"


def test_the_summary_speaks_the_study_language_and_shows_no_empty_role_table(tmp_path, capsys):
    # the pulse study (Swedish, no role column): its Swedish title, its wave labels, one count per wave
    assert main(["ingest", str(ROOT / "data" / "raw" / "pulse"), "--out", str(tmp_path / "puls")]) == 0
    said = capsys.readouterr().out
    study = load_study(ROOT / "data" / "raw" / "pulse" / "study.yaml")
    assert study.lang == "sv"
    assert said.startswith(f"Studie: {study.title['sv']} (puls, studiefil ")
    assert study.title["en"] not in said and "Respondents" not in said and "Read " not in said
    table = said.split("Svarande per omgång:\n")[1].split("\n\n")[0].splitlines()
    assert [line.split()[-1] for line in table[2:2 + len(study.waves)]] == [
        str(n) for n in read_survey(ROOT / "data" / "raw" / "pulse").counts().groupby("wave", observed=True)["n"].sum()]
    assert table[2].startswith(study.wave_label(study.wave_ids[0], "sv"))
    for role in ("management", "support", "Ledning", "Stöd", "Ej angett", "not_stated"):
        assert role not in said, f"{role!r}: no role table for a study without roles"
    assert said.count("rollgrupper") == 1, "the missing role column is said once, not per file"
    # the LfR example (Swedish, with roles): the role table, in the study's words
    assert main(["ingest", str(ROOT / "data" / "raw"), "--out", str(tmp_path / "lfr")]) == 0
    said = capsys.readouterr().out
    assert said.startswith("Studie: Leda för Resultat") and "Svarande per omgång och funktion:" in said
    header = said.split("Svarande per omgång och funktion:\n")[1].splitlines()[0].split()
    assert header == ["Ledning", "Stöd", "Ej", "angett", "totalt"]
    assert "Avvisade rader per skäl:" in said and "rollgrupper" not in said
    assert "  kommun saknas: 1\n" in said, "the rejected row without a unit, in the study's word for its units"


@pytest.mark.parametrize("roles", [True, False])
def test_an_english_study_gets_an_english_summary(write_csv, f_header, tmp_path, capsys, roles):
    rows = make_rows(6)
    rows[0][0] = ""
    header = f_header if roles else [h for h in f_header if h not in ("Funktion", "Sitter du i ledningsgruppen?")]
    if not roles:
        rows = [[v for h, v in zip(f_header, r, strict=True) if h in header] for r in rows]
    write_csv(header, rows)
    (tmp_path / "study.yaml").write_text("title: {sv: En studie, en: A study}\ninstrument: lfr19\nlang: en\n",
                                         encoding="utf-8")
    assert main(["ingest", str(tmp_path), "--out", str(tmp_path / "out")]) == 0
    said = capsys.readouterr().out
    assert said.startswith("Study: A study (") and "En studie" not in said
    assert "6 rows in, 5 kept, 1 rejected" in said and "no unit: 1" in said
    assert ("Respondents per wave and function:" in said) is roles
    assert ("Respondents per wave:" in said) is not roles
    assert ("Management" in said and "Support" in said) is roles
    assert not any(w in said for w in ("Svarande", "Läste", "behållna", "Utdata"))


def test_a_row_without_a_unit_is_said_in_the_study_word(write_csv, f_header, tmp_path, capsys):
    # the reason's code in rejected.csv and ingest.json is "no unit" whatever the study; the summary
    # says it in the study's word for its units (issue 26)
    rows = make_rows(6)
    rows[0][0] = ""
    write_csv(f_header, rows)
    (tmp_path / "study.yaml").write_text(
        "title: {sv: En studie, en: A study}\ninstrument: lfr19\nlang: en\n"
        "units: {sv: [boende, boenden], en: [care home, care homes]}\n", encoding="utf-8")
    assert main(["ingest", str(tmp_path), "--out", str(tmp_path / "out")]) == 0
    assert "  no care home: 1\n" in capsys.readouterr().out
    assert json.loads((tmp_path / "out" / "ingest.json").read_text(encoding="utf-8"))["rejected_by_reason"] == {
        "no unit": 1}
    survey = pd.read_parquet(tmp_path / "out" / "survey.parquet")
    assert "unit" in survey and "municipality" not in survey
