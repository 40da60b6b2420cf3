"""The measures in the reports: which chart each series gets, and the measures section."""

from __future__ import annotations

import re
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
    charts = {mc.measure: (mc.chart, mc.res, mc.frozen) for mc in measure_charts(data, "Norrtull")}
    chart, res, frozen = charts["Nattfasta (timmar)"]
    assert chart == "i" and res.summary["part"].tolist() == [1, 2]
    assert frozen.rules == res.rules == "mdc", "the reports use the rules whose verdicts are checked"
    after = ~frozen.frame["baseline"]
    assert frozen.frame.loc[after, "rules"].str.contains("shift").any(), "the synthetic change is real: a run below"
    night = data[(data["unit"] == "Norrtull") & (data["measure"] == "Nattfasta (timmar)")]
    base = night[night["phase"] == "baslinje"]
    expected = qic(base, x="period", y="value", chart="i", rules="mdc").summary.iloc[0]
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
    (mc,) = measure_charts(data, "U")
    res, frozen = mc.res, mc.frozen
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


# --------------------------------------------------------------------------- issue 15 in the reports


def test_the_index_has_every_measure_by_unit_with_icons_and_working_links(built_pulse: Path,
                                                                          pulse_processed: Path) -> None:
    """The index page's measures overview: one row per unit and measure of the processed data,
    the latest value as the data gives it, the verdicts as icon letters and words, and a link to
    an element that exists in the linked report."""
    import html as html_lib
    import re

    from tuffkit.processed import read_processed_measures
    from tuffkit.spc import VARIATION
    from tuffkit.spc.explain import x_label

    index = (built_pulse / "index.html").read_text(encoding="utf-8")
    table = index[index.index("Översikt över måtten</caption>"):]
    table = table[:table.index("</table>")]
    td = r"<td[^>]*>(.*?)</td>"  # a cell with its label for the phone's cards (data-label) and classes
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th>" + td + td + r"<td[^>]*\btk-num\b[^>]*>(.*?)</td>" + td
                      + r".*?<a href=\"([^\"]+)\">", table)
    data = read_processed_measures(pulse_processed)[0]
    series = data[data["gender"].isna() | (data["gender"] == "T")].groupby(["unit", "measure"])
    assert len(rows) == series.ngroups == 6
    for unit, measure, latest, value, variation, href in rows:
        unit, measure = html_lib.unescape(unit), html_lib.unescape(measure)
        s = series.get_group((unit, measure)).sort_values("period_start")
        last = s.iloc[-1]
        assert latest == x_label(str(last["period"]), "sv")
        expected = (last["value"] if pd.notna(last["value"]) else 100 * last["numerator"] / last["denominator"])
        assert value.replace(",", ".").replace("\u2212", "-").split(" ")[0] == f"{expected:.1f}", (unit, measure)
        words = re.sub(r"<[^>]+>", "", re.sub(r"<svg.*?</svg>", "", variation))  # the icon is aria-hidden
        assert words in {v["sv"] for v in VARIATION.values()}
        page, anchor = href.split("#")
        target = (built_pulse / page).read_text(encoding="utf-8")
        assert f'id="{anchor}"' in target and html_lib.escape(measure) in target


def test_the_log_strip_counts_what_the_log_holds(built_pulse: Path, pulse_processed: Path) -> None:
    """The alt text of Norrtull's night-fast chart counts the log's tests, escalations and decisions
    within the chart's months, as counted here from the log itself; no log text reaches the report."""
    import re

    from tuffkit.processed import read_processed_log

    entries = read_processed_log(pulse_processed).entries
    mine = entries[entries["unit"] == "Norrtull"]
    start, end = pd.Timestamp("2019-09-01"), pd.Timestamp("2021-08-01")
    tests = int(((mine["kind"] == "test") & mine["created"].between(start, end, inclusive="left")).sum())
    esc = int(mine["escalated"].between(start, end, inclusive="left").sum())
    dec = int(mine["decided"].between(start, end, inclusive="left").sum())
    page = (built_pulse / "measures" / "norrtull.html").read_text(encoding="utf-8")
    alt = re.search(r'alt="(Styrdiagram \(I\): Nattfasta[^"]*)"', page).group(1)
    strip = alt[alt.index("Förbättringsloggen"):]
    assert f"PDSA-test {tests}" in strip and f"eskalering till LT {esc}" in strip and f"beslut {dec}" in strip
    assert tests and esc and dec
    for text in mine["title"].dropna().tolist() + mine["description"].dropna().tolist():
        assert str(text) not in page, "no text from the log"


def test_direction_and_target_are_read_and_checked(tmp_path: Path) -> None:
    from tuffkit.errors import InputFileError

    header = HEADER + ";Önskad riktning;Mål"
    p = tmp_path / "m.csv"
    p.write_text("\n".join([header, "U;Andel;2021-01;;3;40;;lägre;6 %", "U;Andel;2021-02;;2;40;;lägre;6 %",
                            "U;Timmar;2021-01;12;;;;högre är bättre;13", "U;Timmar;2021-02;13;;;;uppåt;x"]) + "\n",
                 encoding="utf-8")
    m = read_measures(p)
    got = m.data.groupby("measure")[["improvement", "target"]].first()
    assert got.loc["Andel"].tolist() == ["down", 0.06] and got.loc["Timmar"].tolist() == ["up", 13.0]
    assert m.problems["field"].tolist() == ["target"], "an unreadable target is a problem, set to missing"
    p.write_text("\n".join([header, "U;Timmar;2021-01;12;;;;högre;13", "U;Timmar;2021-02;13;;;;lägre;13"]) + "\n",
                 encoding="utf-8")
    with pytest.raises(InputFileError, match=r"m\.csv: row 3, column 'improvement': U Timmar says 'down' where row 2"):
        read_measures(p)
    p.write_text("\n".join([header, "U;Timmar;2021-01;12;;;;bättre;13"]) + "\n", encoding="utf-8")
    assert read_measures(p).problems["reason"].iloc[0].startswith("not a direction")


def test_the_verdict_sentence_and_icons_agree(tmp_path: Path) -> None:
    r"""A unit whose night fast falls below a lower-is-better baseline: the sentence, the icon row
    and the library's verdict all say improvement; the assurance is judged on the latest phase."""
    before = [14.0, 13.6, 14.2, 13.8, 14.1, 13.9, 14.3, 13.7, 14.0, 13.8, 14.2, 13.9]
    after = [11.2, 11.0, 11.4, 11.1, 11.3, 11.0, 11.2, 11.1, 11.4, 11.0, 11.2, 11.3]
    values = [(f"{2020 + k // 12}-{k % 12 + 1:02d}", v, ("före" if k == 0 else "efter" if k == 12 else ""))
              for k, v in enumerate(before + after)]
    lines = [f"U;Nattfasta;{period};{v};;;{ph};lägre;12" for period, v, ph in values]
    p = tmp_path / "m.csv"
    p.write_text("\n".join([HEADER + ";Önskad riktning;Mål", *lines]) + "\n", encoding="utf-8")
    data = read_measures(p).data
    (mc,) = measure_charts(data, "U")
    assert mc.variation == "improvement" and mc.improvement == "down" and mc.target == 12
    last = mc.res.frame.iloc[-1]
    assert last["ucl"] < 12, "the new phase's limits lie below the target"
    assert mc.assurance == "pass"
    html = measure_section(data, "U", "en").html
    assert "Variation: improvement (special cause). The target 12.0: consistently meets the target." in html
    assert "Improvement (special cause)</span>" in html and "Consistently meets the target</span>" in html
    assert html.count('<circle') == 1 and html.count('<rect x="1.5"') == 1, "variation a circle, assurance a square"
    assert re.search(r"<circle[^>]*/><text[^>]*>L</text>", html), "an improvement downwards: L"
