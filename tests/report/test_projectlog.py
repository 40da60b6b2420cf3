"""The improvement-log report's sections, straight from the library (no batch)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from tuffkit import projectlog
from tuffkit.processed import read_processed_log
from tuffkit.report.html import esc
from tuffkit.report.projectlog import ProjectLogReport
from tuffkit.report.tables import format_number

SECTIONS = ("header", "summary", "activity", "funnel", "obstacles", "stop_doing", "learning", "measures", "method")


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
    rep = ProjectLogReport(tmp_path / "out", "<b>Enhet</b>", asof="2021-02-01", show_titles=True)
    html = "".join(getattr(rep, s)().html for s in SECTIONS)
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


# --------------------------------------------------------------------------- titles (issue 23)


def _html(rep: ProjectLogReport) -> str:
    return "".join(getattr(rep, s)().html for s in SECTIONS)


def test_by_default_no_title_reaches_the_report(processed: Path) -> None:
    """The example study (data/raw/study.yaml) does not ask for the log's titles: entries are named
    by their kind and id, and the method box says why."""
    rep = ProjectLogReport(processed, "Norrtull")
    assert rep.show_titles is False
    html = _html(rep)
    titles = read_processed_log(processed).entries["title"].dropna()
    assert [t for t in titles if esc(t) in html] == []
    oldest = projectlog.open_obstacles(rep.entries, rep.asof, unit="Norrtull").iloc[0]
    assert f"det äldsta (post {oldest['id']}) är" in html and f"<th scope=\"row\">Hinder {oldest['id']}</th>" in html
    assert '<th scope="col">Post</th>' in html and '<th scope="col">Rubrik</th>' not in html
    assert "Inte heller posternas rubriker visas" in html and "log_titles: true" in html
    en = _html(ProjectLogReport(processed, "Norrtull", lang="en"))
    assert "Nor are the entries' titles shown" in en and f"the oldest (entry {oldest['id']}) is" in en


def test_shown_titles_leave_out_one_that_names_a_person(tmp_path: Path) -> None:
    from tuffkit.config import RAW_DIR
    from tuffkit.ingest.projectlog import read_project_log, write_project_log

    raw = (RAW_DIR / "projectlog" / "tuff_norrtull_logg.csv").read_text(encoding="utf-8-sig")
    before = read_project_log(RAW_DIR / "projectlog" / "tuff_norrtull_logg.csv").entries
    oldest = projectlog.open_obstacles(before, unit="Norrtull").iloc[0]
    named = "Karin Berg på ekonomi stoppar alla inköp"
    assert raw.count(f";{oldest['title']};") == 1
    (tmp_path / "log").mkdir()
    (tmp_path / "log" / "norrtull.csv").write_text(raw.replace(f";{oldest['title']};", f";{named};"),
                                                   encoding="utf-8")
    write_project_log(read_project_log(tmp_path / "log"), tmp_path / "out")

    rep = ProjectLogReport(tmp_path / "out", "Norrtull", show_titles=True)
    html = _html(rep)
    assert "Karin" not in html and "Berg på ekonomi" not in html
    assert f"det äldsta (post {oldest['id']}) är" in html, "the summary names the entry by its id"
    assert f"<th scope=\"row\">Hinder {oldest['id']}</th>" in html
    others = before.loc[before["id"] != oldest["id"], "title"].dropna()
    stop = before.loc[before["kind"] == "stop_doing", "title"].iloc[0]
    assert esc(stop) in html and '<th scope="col">Rubrik</th>' in html
    assert f"({1} av enhetens {len(others) + 1} rubriker)" in html
    hidden = ProjectLogReport(tmp_path / "out", "Norrtull")
    assert hidden.show_titles is False and esc(stop) not in _html(hidden), "no study in the folder: no titles"
    # the entry_title helper: the label, or the title
    assert rep.entry_title(oldest["id"], "obstacle", named) == (f"Hinder {oldest['id']}", False)
    assert rep.entry_title("NT-9", "idea", "Odlingslådor på balkongen") == ("Odlingslådor på balkongen", True)


def test_the_study_decides_by_default(tmp_path: Path) -> None:
    """``show_titles=None`` takes the study recorded in the folder (``log_titles``): how
    ``UnitReport.log()`` gets it, with no parameter of its own."""
    from dataclasses import replace

    from tuffkit.config import RAW_DIR
    from tuffkit.ingest.projectlog import read_project_log, write_project_log
    from tuffkit.report.projectlog import study_log_titles
    from tuffkit.study import default_study, load_study, write_study

    write_project_log(read_project_log(RAW_DIR / "projectlog"), tmp_path)
    assert study_log_titles(tmp_path) is False
    write_study(default_study("lfr19"), tmp_path)
    assert study_log_titles(tmp_path) is False
    learning = "En ansvarig per test gör att det blir av"
    assert learning not in ProjectLogReport(tmp_path, "Norrtull").learning().html
    write_study(replace(default_study("lfr19"), log_titles=True), tmp_path)
    rep = ProjectLogReport(tmp_path, "Norrtull")
    assert rep.show_titles is True and learning in rep.learning().html
    assert ProjectLogReport(tmp_path, "Norrtull", show_titles=False).show_titles is False
    assert load_study(RAW_DIR / "pulse" / "study.yaml").log_titles is True, "the pulse example opts in"
    assert load_study(RAW_DIR / "study.yaml").log_titles is False
