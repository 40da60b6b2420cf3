"""The run's shared data and summaries: read and computed once, never stale, never changed
by what one report does with its copy."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tuffkit.processed import read_processed
from tuffkit.report import runcache
from tuffkit.report.survey import MunicipalityReport
from tuffkit.survey import change


@pytest.fixture
def folder(processed: Path, tmp_path: Path) -> Path:
    """A private copy of the ingested example data, and a cache that forgets this process."""
    out = tmp_path / "processed"
    shutil.copytree(processed, out, ignore=shutil.ignore_patterns(runcache.CACHE_DIR, "private"))
    runcache._MEMORY.clear()
    return out


def _replace_survey(folder: Path, frame: pd.DataFrame) -> None:
    """As an ingest writes: a new file renamed into place."""
    frame.to_parquet(folder / "new.parquet", index=False)
    (folder / "new.parquet").replace(folder / "survey.parquet")


def _change(folder: Path) -> pd.DataFrame:
    return change(read_processed(folder).responses, "2012-10", "2013-05", min_n=5)


def test_a_folder_is_read_once_until_its_files_change(folder: Path) -> None:
    first = runcache.processed(folder)
    again = runcache.processed(folder)
    assert again is not first and again.responses.equals(first.responses)
    assert runcache._READ[folder.resolve()].data.responses is not first.responses, "callers get copies"
    r = pd.read_parquet(folder / "survey.parquet")
    _replace_survey(folder, r[r["unit"] != "Botkyrka"])
    assert "Botkyrka" not in runcache.processed(folder).units


def test_what_a_report_changes_in_its_copy_reaches_no_other_report(folder: Path) -> None:
    mine = runcache.processed(folder)
    mine.responses["value"] = 1                      # a notebook cell overwriting a column
    mine.responses.loc[mine.responses.index[:50], "item"] = 3
    mine.ingest["created"] = "changed"
    fresh = runcache.processed(folder)
    pd.testing.assert_frame_equal(fresh.responses, read_processed(folder).responses)
    assert fresh.ingest["created"] != "changed"
    pd.testing.assert_frame_equal(runcache.all_change(folder, "2012-10", "2013-05", 5), _change(folder))


def test_the_all_unit_change_is_computed_once_and_kept_beside_the_data(folder: Path, monkeypatch) -> None:
    expect = _change(folder)
    pd.testing.assert_frame_equal(runcache.all_change(folder, "2012-10", "2013-05", 5), expect)
    (kept,) = (folder / runcache.CACHE_DIR).glob("change_all-*.parquet")
    runcache._MEMORY.clear()  # as in another worker process: only the file is left
    monkeypatch.setattr("tuffkit.survey.change", lambda *a, **k: pytest.fail("computed again"))
    pd.testing.assert_frame_equal(runcache.all_change(folder, "2012-10", "2013-05", 5), expect)
    assert kept.exists()


def test_new_data_is_never_answered_from_the_old_cache(folder: Path) -> None:
    before = runcache.all_change(folder, "2012-10", "2013-05", 5)
    (old,) = (folder / runcache.CACHE_DIR).glob("*.parquet")
    r = pd.read_parquet(folder / "survey.parquet")
    r.loc[r["item"] == 1, "value"] = 7  # everyone fully agrees with statement 1 now
    _replace_survey(folder, r)
    after = runcache.all_change(folder, "2012-10", "2013-05", 5)
    assert after.loc[after["item"] == 1, "mean_to"].iloc[0] == 7 != before.loc[before["item"] == 1, "mean_to"].iloc[0]
    assert not old.exists(), "the summary of the old data is removed"
    assert len(list((folder / runcache.CACHE_DIR).glob("*.parquet"))) == 1


def test_new_code_is_never_answered_from_the_old_cache(folder: Path, monkeypatch) -> None:
    runcache.all_change(folder, "2012-10", "2013-05", 5)
    runcache._MEMORY.clear()
    monkeypatch.setattr(runcache, "_CODE_FINGERPRINT", "a fixed survey.change")
    calls = []
    got = runcache.shared(folder, "change_all", {"from_wave": "2012-10", "to_wave": "2013-05", "min_n": 5},
                          lambda r: calls.append(1) or pd.DataFrame({"n": [1]}))
    assert calls == [1] and got["n"].tolist() == [1]
    assert len(list((folder / runcache.CACHE_DIR).glob("change_all-*.parquet"))) == 2, "same data, both kept"


def test_stray_files_in_the_cache_do_no_harm(folder: Path) -> None:
    cache = folder / runcache.CACHE_DIR
    cache.mkdir()
    (cache / "notes.parquet").write_text("not ours")
    (cache / ".change_all-x.parquet.abc.tmp").write_text("left by a killed worker")
    (cache / f"change_all-{'0' * 16}-{'1' * 16}.parquet").write_text("damaged")
    pd.testing.assert_frame_equal(runcache.all_change(folder, "2012-10", "2013-05", 5), _change(folder))
    names = sorted(p.name for p in cache.iterdir())
    assert "notes.parquet" in names and not any(n.endswith(".tmp") for n in names)
    assert f"change_all-{'0' * 16}-{'1' * 16}.parquet" not in names


def test_a_folder_that_cannot_hold_the_cache_still_gives_the_summary(folder: Path) -> None:
    (folder / runcache.CACHE_DIR).write_text("a file where the cache folder would be")
    pd.testing.assert_frame_equal(runcache.all_change(folder, "2012-10", "2013-05", 5), _change(folder))


def test_a_report_from_a_folder_equals_one_from_the_data_in_memory(folder: Path) -> None:
    shared = MunicipalityReport(folder, "Botkyrka")
    alone = MunicipalityReport(read_processed(folder), "Botkyrka")
    assert shared.shared and not alone.shared
    pd.testing.assert_frame_equal(shared.change_all, alone.change_all)
    assert shared.statements().html == alone.statements().html


def test_two_workers_at_once_compute_a_summary_once(folder: Path) -> None:
    """As a run's workers do: both ask for the same summary at the same time; one computes it
    (slowly), the other waits for the lock and reads the file."""
    code = f"""
import time, pandas as pd
from tuffkit.report import runcache
def compute(r):
    with open({str(folder / 'computed.txt')!r}, 'a') as f:
        f.write('x')
    time.sleep(1.0)
    return pd.DataFrame({{"rows": [len(r)]}})
print(runcache.shared({str(folder)!r}, "slow", {{}}, compute)["rows"].tolist())
"""
    procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=120)[0].strip() for p in procs]
    n = len(read_processed(folder).responses)
    assert [p.returncode for p in procs] == [0, 0] and outs == [f"[{n}]", f"[{n}]"]
    assert (folder / "computed.txt").read_text() == "x", "computed once"
