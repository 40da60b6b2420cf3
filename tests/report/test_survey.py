"""The survey reports on data shaped unlike the example: sections that have nothing to show
say so in words instead of failing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from tuffkit.report.survey import MunicipalityReport


def test_a_municipality_that_answered_only_in_the_follow_up_gets_a_report(processed: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(processed, data, ignore=shutil.ignore_patterns(".tuffkit-cache", "private"))
    r = pd.read_parquet(data / "survey.parquet")
    r[~((r["municipality"] == "Ludvika") & (r["wave"] != "2014"))].to_parquet(data / "survey.parquet", index=False)
    rep = MunicipalityReport(data, "Ludvika", lang="en")
    # the same words for nobody as for a hidden few (issue 23: presence tells nothing)
    assert ("The results from Ludvika in October 2012 / May 2013 are not shown: too few answers, or hidden"
            in rep.distributions().html)
    assert "The results from Ludvika in May 2013 are not shown: too few answers, or hidden" in rep.summary().html
    assert "<img" not in rep.roles().html and "<table" in rep.statements().html
