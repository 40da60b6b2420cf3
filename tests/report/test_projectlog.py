"""The improvement-log report's sections, straight from the library (no batch)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from tuffkit import projectlog
from tuffkit.processed import read_processed_log
from tuffkit.report.projectlog import ProjectLogReport
from tuffkit.report.tables import format_number


def test_activity_has_run_charts_around_the_median_of_monthly_counts(processed: Path) -> None:
    rep = ProjectLogReport(processed, "Norrtull")
    html = rep.activity().html
    assert html.count("<figure") == 3, "the overview and two run charts"
    counts = projectlog.monthly_counts(read_processed_log(processed).entries, unit="Norrtull", end=rep.asof)
    for kind, name in (("idea", "Idéer"), ("obstacle", "Hinder")):
        median = float(np.median(counts.loc[counts["kind"] == kind, "n"]))
        assert re.search(rf"{name} per månad: [^<]*{re.escape(format_number(median, 'sv', 1))}", html)
    assert "Seriediagram: Idéer per månad, Norrtull" in html


def test_too_few_months_says_so(processed: Path) -> None:
    html = ProjectLogReport(processed, "Exempelgården", asof="2021-03-31", lang="en").activity().html
    assert "too few months" in html and html.count("<figure") == 1


def test_every_value_is_escaped_and_descriptions_stay_out(processed: Path, tmp_path: Path) -> None:
    from tuffkit.ingest.projectlog import read_project_log, write_project_log

    p = tmp_path / "log.csv"
    p.write_text("ID;Enhet;Typ;Rubrik;Beskrivning;Skapad;Status\n"
                 "1;<b>Enhet</b>;Hinder;<script>alert(1)</script>;Boende på rum 7 heter Karin;2021-01-01;Öppen\n",
                 encoding="utf-8")
    write_project_log(read_project_log(p), tmp_path / "out")
    rep = ProjectLogReport(tmp_path / "out", "<b>Enhet</b>", asof="2021-02-01")
    html = "".join(getattr(rep, s)().html for s in ("header", "summary", "activity", "funnel", "obstacles",
                                                    "stop_doing", "learning", "measures", "method"))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>Enhet</b>" not in html and "Karin" not in html
    shown = ProjectLogReport(tmp_path / "out", "<b>Enhet</b>", show_descriptions=True).obstacles().html
    assert "Karin" in shown


def test_counts_of_one_take_the_singular(processed: Path) -> None:
    """Babel's plural rule picks the form: "1 hinder är fortfarande öppet", "(1 sak)", "1 idé"."""
    sv = ProjectLogReport(processed, "norrtull")
    assert sv.t("open_obst", k=1, t="Rullstolen", d=3).startswith("1 hinder är fortfarande öppet:")
    assert sv.t("open_obst", k=2, t="Rullstolen", d=3).startswith("2 hinder är fortfarande öppna;")
    assert sv.t("hours", h="4,0", k=1).endswith("(1 sak).") and sv.t("hours", h="4,0", k=3).endswith("(3 saker).")
    assert sv.t("spread_in", k=1).startswith("1 idé eller test ") and sv.t("spread_in", k=2).startswith("2 idéer")
    en = ProjectLogReport(processed, "norrtull", lang="en")
    assert en.t("open_obst", k=1, t="x", d=3).startswith("1 obstacle is still open")
