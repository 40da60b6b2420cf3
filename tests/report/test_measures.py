"""The measures in the reports: which chart each series gets, and the measures section."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tuffkit.config import RAW_DIR
from tuffkit.ingest.measures import read_measures
from tuffkit.report.measures import chart_for, measure_charts, measure_section
from tuffkit.spc import qic

HEADER = "Enhet;Mått;Period;Värde;Täljare;Nämnare;Fas"


def csv_file(tmp_path: Path, lines: list[str], name: str = "m.csv") -> Path:
    p = tmp_path / name
    p.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return p


def test_chart_choice() -> None:
    values = pd.DataFrame({"value": range(12), "numerator": None, "denominator": None})
    assert chart_for(values) == "run"
    assert chart_for(pd.DataFrame({"value": None, "numerator": [12, 4], "denominator": [10, 12]})) == "u"


def test_the_norrtull_change_shows_against_its_baseline() -> None:
    data = read_measures(RAW_DIR / "measures").data
    charts = {m: (chart, res, frozen) for m, chart, res, frozen in measure_charts(data, "Norrtull")}
    chart, res, frozen = charts["Nattfasta (timmar)"]
    assert chart == "i" and res.summary["part"].tolist() == [1, 2]
    assert bool(frozen.summary["runs_signal"].iloc[0]), "the synthetic change is real: a long run below"
    night = data[(data["unit"] == "Norrtull") & (data["measure"] == "Nattfasta (timmar)")]
    base = night[night["phase"] == "baslinje"]
    expected = qic(base, x="period", y="value", chart="i").summary.iloc[0]
    assert frozen.summary["cl"].iloc[0] == pytest.approx(expected["cl"])
    assert frozen.summary["ucl"].iloc[0] == pytest.approx(expected["ucl"])
    assert charts["Sjukfrånvaro (andel pass)"][0] == "p"


def test_measure_section_is_empty_without_measures(tmp_path: Path) -> None:
    data = read_measures(RAW_DIR / "measures").data
    assert measure_section(data, "Ludvika").html == ""
    assert measure_section(tmp_path, "Norrtull").html == "", "no measures.parquet: nothing"
    html = measure_section(data, "Norrtull", lang="en").html
    assert "Measures over time" in html and html.count("<figure") == 2 and "13.5" in html


def test_a_phase_written_where_it_starts_holds_until_the_next(tmp_path: Path) -> None:
    lines = [f"U;M;2021-{k:02d};{v};;;{ph}" for k, v, ph in
             [(1, 10, "före"), (2, 11, ""), (3, 10, ""), (4, 5, "efter"), (5, 6, ""), (6, 5, "")]]
    data = read_measures(csv_file(tmp_path, lines)).data
    (_, _chart, res, frozen), = measure_charts(data, "U")
    assert res.summary["n_obs"].tolist() == [3, 3]
    assert res.frame.groupby("part")["part_label"].first().tolist() == ["före", "efter"]
    assert frozen.summary["cl"].iloc[0] == 10.0


def test_the_summary_sentence_and_the_chart_tell_the_same_analysis() -> None:
    """A phased series: the sentence's verdict (a change against the baseline, or none) is the one the
    chart's alt text gives, and the chart carries the baseline's centre line (the frozen analysis)."""
    import re

    from tuffkit.ingest.measures import read_measures
    from tuffkit.report.measures import measure_section

    data = read_measures(RAW_DIR / "measures" / "norrtull_matningar.csv").data
    html_ = measure_section(data, "Norrtull", "sv").html
    sentences = re.findall(r"<li>(.*?)</li>", html_)
    alts = re.findall(r'alt="([^"]*)"', html_)
    assert len(sentences) == len(alts) == 2
    for sentence, alt in zip(sentences, alts, strict=True):
        changed = "visar serieanalysen en förändring" in sentence
        assert ("visar en icke-slumpmässig förändring" in alt) == changed, (sentence, alt)
        baseline = re.search(r"baslinjens mittlinje \(([\d,]+)", sentence).group(1)
        assert f"mittlinje {baseline}" in alt and "från baslinjens" in alt
