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
    r[~((r["unit"] == "Ludvika") & (r["wave"] != "2014"))].to_parquet(data / "survey.parquet", index=False)
    rep = MunicipalityReport(data, "Ludvika", lang="en")
    # the same words for nobody as for a hidden few (issue 23: presence tells nothing)
    assert ("The results from Ludvika in October 2012 / May 2013 / January–March 2014 are not shown: too few "
            "answers, or hidden"
            in rep.distributions().html)
    assert "The results from Ludvika in May 2013 are not shown: too few answers, or hidden" in rep.summary().html
    assert "<img" not in rep.roles().html and "<table" in rep.statements().html


def test_did_it_last_compares_the_baseline_with_the_follow_up(processed: Path) -> None:
    """The unit report says how many statements lie higher at the follow-up than at the baseline and
    how many of them surely (the same test as every change), from change() itself."""
    import re

    from tuffkit.processed import read_processed
    from tuffkit.report.published import visible_text
    from tuffkit.survey import change, study_change

    rep = MunicipalityReport(processed, "Halmstad")
    text = " ".join(visible_text(rep.summary().html).split())
    m = re.search(r"Höll förändringen\? (\d+) av (?:de )?(\d+) påståenden (?:som kan visas )?låg högre i "
                  r"januari–mars 2014 än i oktober 2012", text)
    assert m, text[-800:]
    r = read_processed(processed).responses
    ch = rep._planned_change(change(r[r["unit"] == "Halmstad"], "2012-10", "2014"),
                             lambda x: rep.group(x.from_wave), lambda x: rep.group(x.to_wave))  # as the run's plan
    shown = ch[~ch["suppressed"].astype(bool)]
    assert (int(m.group(1)), int(m.group(2))) == (int((shown["diff"] > 0).sum()), len(shown))
    from tuffkit.report.survey import StudyReport

    study = " ".join(visible_text(StudyReport(processed).summary().html).split())
    focus = r[r["unit"].astype(str).isin(read_processed(processed).study.focus)]
    sure = study_change(focus, "2012-10", "2014")
    k = int(((sure["p_adjusted"] < 0.05) & (sure["diff"] > 0)).sum())
    assert f"För {k} av dem är skillnaden större än slumpen." in study


def test_the_index_shows_the_follow_up_where_it_can_be_shown(processed: Path) -> None:
    rep = MunicipalityReport(processed, "Halmstad")
    html = rep.summary().html
    n = rep._n("2014")
    assert n is not None and f"{n} personer svarade januari–mars 2014." not in html
    assert f"{n} personer svarade i januari–mars 2014." in html
    assert html.index("Uppföljning: januari–mars 2014") < html.index(f"{n} personer svarade") < html.index(
        "Höll förändringen?"), "the follow-up's respondents come first in its block"


def test_one_report_says_the_same_numbers_everywhere(built_reports: Path) -> None:
    """Summary, tables and method of one rendered report agree: every change in the summary has the
    sign and value of the statements table, every strongest and weakest mean that of the table, and
    every count of respondents that of the method's table (issue 24: '+1,03' against '1,03')."""
    import re

    from test_batch import tables_of

    from tuffkit.report.published import visible_text

    page = built_reports / "sv" / "unit" / "botkyrka.html"
    tables = tables_of(page)
    statements, counts = tables["T_statements"], next(v for v in tables.values() if v[0][0] == "Omgång")
    head = statements[0]
    by_item = {row[0]: dict(zip(head, row, strict=True)) for row in statements[1:]}
    text = " ".join(visible_text(page.read_text(encoding="utf-8")).split())
    summary = text[text.index("Sammanfattning 10 personer"):text.index("Alla påståenden Medelvärde")]
    changes = re.findall(r"(\d+)\. [^()]+\(([+−]\d+,\d\d); ", summary[:summary.index("Svagast")])
    assert len(changes) == 3
    for item, value in changes:
        assert by_item[item]["Botkyrka förändring"] == value
    for part, word in ((summary[summary.index("Starkast"):summary.index("Störst förändring")], "Starkast"),
                       (summary[summary.index("Svagast"):summary.index("Där ledning")], "Svagast")):
        means = re.findall(r"(\d+)\. [^()]+\((\d,\d\d)\)", part)
        assert len(means) == 3, word
        assert all(by_item[i]["Botkyrka maj 2013"] == m for i, m in means)
    total = {row[0]: row[1] for row in counts[1:]}
    said = re.findall(r"(\d+) personer svarade (?:på enkäten i Botkyrka )?i ([a-zå]+(?:–[a-zå]+)? \d{4})", summary)
    assert [w for _, w in said] == ["maj 2013", "januari–mars 2014"], "the end and the follow-up"
    for n, wave in said:
        assert total[wave] == n, wave


def test_a_folder_of_an_earlier_version_still_reads(processed: Path, tmp_path: Path) -> None:
    """Before issue 26 the unit column of survey.parquet and respondents.parquet was called
    ``municipality``: such a folder reads as today's (the column renamed on read), the earlier
    names of ``Processed.units`` and ``Processed.unit`` still work, and its reports say the same."""
    from tuffkit.processed import Processed, read_processed
    from tuffkit.report.survey import UnitReport

    old = tmp_path / "old"
    shutil.copytree(processed, old, ignore=shutil.ignore_patterns(".tuffkit-cache", "private"))
    for name in ("survey.parquet", "respondents.parquet"):
        frame = pd.read_parquet(old / name)
        assert "unit" in frame and "municipality" not in frame
        frame.rename(columns={"unit": "municipality"}).to_parquet(old / name, index=False)
    then, now = read_processed(old), read_processed(processed)
    assert list(then.responses.columns) == list(now.responses.columns)
    assert then.responses["unit"].astype(str).equals(now.responses["unit"].astype(str))
    assert then.respondents is not None and "unit" in then.respondents and "municipality" not in then.respondents
    assert then.units == now.units == then.municipalities and "Botkyrka" in then.units
    assert then.unit("botkyrka") == then.municipality("BOTKYRKA") == "Botkyrka"
    # a frame of an earlier version handed to Processed in memory, too
    frame = now.responses.rename(columns={"unit": "municipality"})
    assert Processed(old, frame, now.ingest).units == now.units
    a, b = UnitReport(old, "Botkyrka"), UnitReport(processed, municipality="Botkyrka")  # the parameter's old name
    assert a.unit == a.municipality == b.unit == "Botkyrka"
    assert a.summary().html == b.summary().html and a.statements().html == b.statements().html
