"""The files an ingest reads (paths and folders) and writes (atomically)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from tuffkit.errors import InputFileError, OutputError
from tuffkit.ingest.files import expand_paths, write_outputs


def test_a_folder_gives_its_exports_sorted_without_hidden_or_lock_files(tmp_path: Path) -> None:
    for name in ("b.csv", "a.xlsx", ".hidden.csv", "~$a.xlsx", "notes.docx", "k.json"):
        (tmp_path / name).write_text("x")
    assert [p.name for p in expand_paths(tmp_path)] == ["a.xlsx", "b.csv"]
    with_json = expand_paths(tmp_path, suffixes=(".csv", ".xlsx", ".json"))
    assert [p.name for p in with_json] == ["a.xlsx", "b.csv", "k.json"]


@pytest.mark.parametrize(("make", "message"), [
    (lambda d: d / "missing.csv", "no such file or folder"),
    (lambda d: d, "the folder holds no .csv or .xlsx file"),
    (lambda d: (d / "ingest.json").write_text("{}") and d, "is an output folder of tuffkit ingest"),
])
def test_bad_paths_are_one_sentence(tmp_path: Path, make, message: str) -> None:
    with pytest.raises(InputFileError, match=message):
        expand_paths(make(tmp_path))


def test_outputs_are_written_whole_with_a_record_listing_them(tmp_path: Path) -> None:
    frame = pd.DataFrame({"kommun": ["Åby", "Örebro"], "n": [1, 2]})
    record = write_outputs(tmp_path / "out", {"a.parquet": frame, "b.csv": frame}, "rec.json", {"k": 1})
    assert record["outputs"] == ["a.parquet", "b.csv", "rec.json"] and record["k"] == 1
    assert json.loads((tmp_path / "out" / "rec.json").read_text(encoding="utf-8"))["outputs"] == record["outputs"]
    assert (tmp_path / "out" / "b.csv").read_bytes().startswith("\ufeffkommun;n".encode())
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "out" / "a.parquet"), frame)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.parquet", "b.csv", "rec.json"]


def test_an_output_folder_that_is_a_file_is_one_sentence(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("a file")
    with pytest.raises(OutputError, match="cannot write the outputs"):
        write_outputs(tmp_path / "out", {}, "rec.json", {})
