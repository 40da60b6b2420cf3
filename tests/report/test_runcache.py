"""The run's shared data and summaries: read and computed once, never stale."""

from __future__ import annotations

import shutil
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
    shutil.copytree(processed, out, ignore=shutil.ignore_patterns(runcache.CACHE_DIR))
    runcache._MEMORY.clear()
    return out


def test_a_folder_is_read_once_until_its_files_change(folder: Path) -> None:
    first = runcache.processed(folder)
    assert runcache.processed(folder) is first
    survey = folder / "survey.parquet"
    r = pd.read_parquet(survey)
    r[r["municipality"] != "Botkyrka"].to_parquet(folder / "new.parquet", index=False)
    (folder / "new.parquet").replace(survey)  # as an ingest writes: a new file renamed into place
    again = runcache.processed(folder)
    assert again is not first and "Botkyrka" not in again.municipalities


def test_the_all_unit_change_is_computed_once_and_kept_beside_the_data(folder: Path, monkeypatch) -> None:
    data = runcache.processed(folder)
    expect = change(data.responses, "2012-10", "2013-05", min_n=5)
    got = runcache.all_change(data, "2012-10", "2013-05", 5)
    pd.testing.assert_frame_equal(got, expect)
    (kept,) = (folder / runcache.CACHE_DIR).glob("change_all-*.parquet")
    runcache._MEMORY.clear()  # as in another worker process: only the file is left
    monkeypatch.setattr("tuffkit.survey.change", lambda *a, **k: pytest.fail("computed again"))
    pd.testing.assert_frame_equal(runcache.all_change(data, "2012-10", "2013-05", 5), expect)
    assert kept.exists()


def test_new_data_is_never_answered_from_the_old_cache(folder: Path) -> None:
    data = runcache.processed(folder)
    before = runcache.all_change(data, "2012-10", "2013-05", 5)
    (old,) = (folder / runcache.CACHE_DIR).glob("*.parquet")
    survey = folder / "survey.parquet"
    r = pd.read_parquet(survey)
    r.loc[r["item"] == 1, "value"] = 7  # everyone fully agrees with statement 1 now
    r.to_parquet(folder / "new.parquet", index=False)
    (folder / "new.parquet").replace(survey)
    data = runcache.processed(folder)
    after = runcache.all_change(data, "2012-10", "2013-05", 5)
    assert after.loc[after["item"] == 1, "mean_to"].iloc[0] == 7 != before.loc[before["item"] == 1, "mean_to"].iloc[0]
    assert not old.exists(), "the summary of the old data is removed"
    assert len(list((folder / runcache.CACHE_DIR).glob("*.parquet"))) == 1


def test_a_folder_that_cannot_hold_the_cache_still_gives_the_summary(folder: Path) -> None:
    (folder / runcache.CACHE_DIR).write_text("a file where the cache folder would be")
    data = runcache.processed(folder)
    got = runcache.all_change(data, "2012-10", "2013-05", 5)
    pd.testing.assert_frame_equal(got, change(data.responses, "2012-10", "2013-05", min_n=5))


def test_a_report_from_a_folder_equals_one_from_the_data_in_memory(folder: Path) -> None:
    shared = MunicipalityReport(folder, "Botkyrka")
    alone = MunicipalityReport(read_processed(folder), "Botkyrka")
    assert shared.shared and not alone.shared
    pd.testing.assert_frame_equal(shared.change_all, alone.change_all)
    assert shared.statements().html == alone.statements().html


def test_two_workers_at_once_compute_a_summary_once(folder: Path) -> None:
    """As a run's workers do: both ask for the same summary at the same time; one computes it
    (slowly), the other waits for the lock and reads the file."""
    import subprocess
    import sys

    code = f"""
import time, pandas as pd
from pathlib import Path
from tuffkit.report import runcache
def compute():
    with open({str(folder / 'computed.txt')!r}, 'a') as f:
        f.write('x')
    time.sleep(1.0)
    return pd.DataFrame({{"n": [1]}})
print(runcache.shared(runcache.processed({str(folder)!r}), "slow", {{}}, compute)["n"].tolist())
"""
    procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=120)[0].strip() for p in procs]
    assert [p.returncode for p in procs] == [0, 0] and outs == ["[1]", "[1]"]
    assert (folder / "computed.txt").read_text() == "x", "computed once"
