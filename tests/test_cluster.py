"""The batch on a real Dask cluster (issue 16): a ``dask.distributed.LocalCluster`` of worker
processes, through ``run_reports(executor=client.get_executor())`` and ``tuffkit reports
--scheduler``. The reports equal the local pool's; a worker killed mid-run loses and
duplicates no report; a failing unit is reported as with the local pool."""

from __future__ import annotations

import json
import os
import signal
import threading
from dataclasses import asdict
from pathlib import Path

import pytest

from tuffkit import batch
from tuffkit.cli import main

distributed = pytest.importorskip("distributed", reason="the cluster extra (pip install 'tuffkit[cluster]')")


@pytest.fixture(scope="module")
def client():  # noqa: ANN201
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c, \
            distributed.Client(c) as cl:
        yield cl


def _pages(out: Path, units: list[batch.Unit]) -> dict[str, str]:
    return {u.html: (out / u.html).read_text(encoding="utf-8") for u in units}


def test_the_cluster_renders_what_the_local_pool_renders(client, processed: Path, tmp_path: Path) -> None:
    units = batch.plan_units(processed, ["Halmstad", "Ronneby"], True, "sv", 5, measure_units=["Norrtull"])
    local = batch.run_reports(units, tmp_path / "local", processed, jobs=2)
    remote = batch.run_reports(units, tmp_path / "cluster", processed, executor=client.get_executor())
    assert [u.status for u in remote.units] == [u.status for u in local.units] == ["ok"] * len(units)
    assert _pages(tmp_path / "cluster", units) == _pages(tmp_path / "local", units), "byte-identical HTML"
    assert (tmp_path / "cluster" / "index.html").exists()
    assert (batch.run_trail(processed, tmp_path / "cluster") / "manifest.json").exists()
    assert not list((tmp_path / "cluster").rglob(".*tmp-*")) and not list((tmp_path / "cluster").glob(".tuffkit-*"))
    # the kernel is reused: each worker process rendered its reports with one kernel (one IPython folder)
    workers = client.run(lambda: batch._SETUP.get("ipython_dir"))
    assert all(v is None or ".tuffkit-ipython-" in v for v in workers.values())


def test_a_worker_killed_mid_run_loses_and_duplicates_no_report(client, processed: Path, tmp_path: Path) -> None:
    units = batch.plan_units(processed, [], False, "sv", 5, measure_units=["Norrtull", "Botkyrka", "Halmstad"])
    units += batch.plan_units(processed, ["Emmaboda", "Ludvika", "Ronneby"], False, "sv", 5)
    pids = client.run(os.getpid)
    killed: list[int] = []
    lock = threading.Lock()

    def progress(unit: batch.Unit, k: int, total: int) -> None:
        with lock:
            if not killed:  # after the first report: kill a worker that is busy with the next ones
                pid = next(iter(pids.values()))
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)

    result = batch.run_reports(units, tmp_path, processed, executor=client.get_executor(), progress=progress)
    assert killed, "a worker was killed during the run"
    assert [u.status for u in result.units] == ["ok"] * len(units)
    manifest = json.loads((batch.run_trail(processed, tmp_path) / "manifest.json").read_text(encoding="utf-8"))
    htmls = [u["html"] for u in manifest["units"]]
    assert sorted(htmls) == sorted(u.html for u in units) and len(set(htmls)) == len(htmls)
    for u in units:
        assert (tmp_path / u.html).read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert not list(tmp_path.rglob(".*.tmp-*")), "no half-written file left"
    client.wait_for_workers(2, timeout=60)  # the nanny restarts it, for the next tests


def test_a_failing_unit_is_reported_as_with_the_local_pool(client, processed: Path, tmp_path: Path) -> None:
    units = batch.plan_units(processed, ["Emmaboda"], False, "sv", 5)
    bad = batch.Unit(**{**asdict(units[0]), "name": "Nowhere", "html": "unit/nowhere.html",
                        "ipynb": "unit/nowhere.ipynb",
                        "parameters": {**units[0].parameters, "municipality": "Nowhere"}})
    local = batch.run_reports([bad, *units], tmp_path / "local", processed, jobs=1)
    remote = batch.run_reports([bad, *units], tmp_path / "cluster", processed, executor=client.get_executor())
    assert {u.name: u.status for u in remote.units} == {"Nowhere": "failed", "Emmaboda": "ok"}
    assert remote.failed[0].error == local.failed[0].error
    assert "InputFileError" in remote.failed[0].error and "Nowhere" in remote.failed[0].error
    assert (batch.run_trail(processed, tmp_path / "cluster") / "unit" / "nowhere.ipynb").exists()


def test_the_command_runs_on_a_scheduler_and_says_when_it_cannot(client, processed: Path, tmp_path: Path,
                                                                 capsys) -> None:
    address = client.scheduler.address
    code = main(["reports", "--data", str(processed), "--measures", "Norrtull", "--out", str(tmp_path),
                 "--scheduler", address, "--quiet"])
    assert code == 0 and (tmp_path / "measures" / "norrtull.html").exists()
    capsys.readouterr()
    assert main(["reports", "--data", str(processed), "--measures", "Norrtull", "--out", str(tmp_path / "x"),
                 "--scheduler", "tcp://127.0.0.1:9", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in err and len(err.strip().splitlines()) == 1
