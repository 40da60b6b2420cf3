"""Attacks on the published reports, from the HTML alone (issue 12): what an outsider can
subtract out of one report's numbers. Each builds the data, runs the real batch and reads the
pages it wrote.

Across all the reports of a run (the program against the municipalities, the followed-up
against the others), the plan, the ledger and the audit: ``test_disclosure_run.py``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from test_batch import tables_of

from tuffkit.cli import main
from tuffkit.config import RAW_DIR

MIN_N = 5


def method_table(page: Path) -> list[list[str]]:
    """The rows (wave, total, management, support, not stated[, invited, rate]) of the method box."""
    table = next(t for t in tables_of(page).values() if t and t[0][:2] in (["Omgång", "Totalt"], ["Wave", "Total"]))
    return table[1:]


def number(cell: str) -> int | None:
    return None if cell in ("–", "") else int(cell.replace("\u00a0", "").replace(" ", ""))


def check_method_rows(page: Path) -> None:
    """Total minus parts: a part is shown only when every part is shown, each 0 or >= min_n; a
    hidden total hides its response rate."""
    for row in method_table(page):
        total, parts = number(row[1]), [number(c) for c in row[2:5]]
        assert total is None or total >= MIN_N, (page.name, row)
        if any(p is not None for p in parts):
            assert all(p is not None and (p == 0 or p >= MIN_N) for p in parts), (page.name, row)
            assert total == sum(parts), (page.name, row)
        if len(row) > 5 and total is None:
            assert row[6] == "–", (page.name, row, "the rate times the invited gives the hidden total")


@pytest.fixture(scope="module")
def lone(processed: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pd.DataFrame]:
    """Prototorp in 2013-05 as the issue tells it: management and support large enough, and
    one respondent who stated no function and answered 1 to every statement."""
    data = tmp_path_factory.mktemp("lone") / "data"
    shutil.copytree(processed, data, ignore=shutil.ignore_patterns(".tuffkit-cache", "private"))
    r = pd.read_parquet(data / "survey.parquet").copy(deep=True)
    mine = (r["unit"] == "Prototorp") & (r["wave"] == "2013-05")
    ns = sorted(r.loc[mine & (r["function"] == "not_stated"), "respondent_id"].unique())
    assert len(ns) == 2, "the example data has two in Prototorp 2013-05"
    r.loc[r["respondent_id"] == ns[0], "function"] = "management"
    r.loc[r["respondent_id"] == ns[1], "value"] = pd.array([1] * int((r["respondent_id"] == ns[1]).sum()),
                                                             dtype=r["value"].dtype)
    r.to_parquet(data / "survey.parquet", index=False)
    out = data.parent / "out"
    assert main(["reports", "--data", str(data), "--municipality", "Prototorp", "--out", str(out), "--jobs", "1",
                 "--invited", str(RAW_DIR / "invited" / "lfr3_2014_inbjudna.csv"), "--quiet"]) == 0
    return out / "unit" / "prototorp.html", r[mine]


def test_a_lone_respondent_without_function_is_not_the_total_minus_the_roles(lone) -> None:
    page, mine = lone
    one = mine.drop_duplicates("respondent_id")["function"].value_counts()
    assert one["not_stated"] == 1 and one["management"] >= MIN_N and one["support"] >= MIN_N
    row = next(r for r in method_table(page) if r[0] == "maj 2013")
    assert row[2:5] == ["–", "–", "–"] and number(row[1]) == len(mine["respondent_id"].unique())
    text = page.read_text(encoding="utf-8")
    for alt in re.findall(r'alt="([^"]*)"', text):  # the role panels' means: none of 2013-05
        assert not re.search(r"påstående \d+, maj 2013, (Ledning|Stöd):", alt), alt
    summary = text[text.index('id="summary"'):text.index('id="statements"')]
    assert "Där ledning och stöd skiljer sig mest (maj 2013)" in summary
    assert "högre" not in summary, "no role gap of 2013-05 is named"
    check_method_rows(page)


def test_no_count_is_the_total_minus_the_others_in_any_report(built_reports: Path) -> None:
    """Botkyrka 2013-05 (total 10, management 3), Ludvika 2014 (2 answers of 5 invited) and
    every other method box the run wrote."""
    pages = sorted(built_reports.rglob("unit/*.html")) + sorted(built_reports.rglob("study.html"))
    assert len(pages) >= 5
    for page in pages:
        check_method_rows(page)
    botkyrka = {r[0]: r for r in method_table(built_reports / "sv" / "unit" / "botkyrka.html")}
    assert botkyrka["maj 2013"][1:5] == ["10", "–", "–", "–"]
    ludvika = {r[0]: r for r in method_table(built_reports / "sv" / "unit" / "ludvika.html")}
    assert ludvika["januari–mars 2014"][1:5] == ["–", "–", "–", "–"] and ludvika["januari–mars 2014"][5:] == ["5", "–"]
