"""The report batch end to end: real papermill runs, real nbconvert export, real files."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import asdict
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd

from tuffkit import batch
from tuffkit.cli import main
from tuffkit.config import NOTEBOOKS_DIR
from tuffkit.processed import read_processed
from tuffkit.report.tables import format_number
from tuffkit.survey import change, item_summary

from conftest import REPORT_MUNICIPALITIES


class Tables(HTMLParser):
    """The text of every table cell, per table id."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._id: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self._id = a.get("id") or f"t{len(self.tables)}"
            self.tables[self._id] = []
        elif tag == "tr" and self._id:
            self.tables[self._id].append([])
        elif tag in ("td", "th") and self._id:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._id:
            self.tables[self._id][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self._id = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def tables_of(path: Path) -> dict[str, list[list[str]]]:
    p = Tables()
    p.feed(path.read_text(encoding="utf-8"))
    return p.tables


def test_no_file_of_the_run_prints_a_hash_of_an_input(built_reports: Path, processed: Path) -> None:
    """A SHA-256 of a small export can be reversed by trying every answer row (issue 23): reports,
    manifest and ledgers carry keyed fingerprints only, none of any input's hash, whole or begun."""
    import hashlib

    digests = [str(f["sha256"]) for f in json.loads((processed / "ingest.json").read_text(encoding="utf-8"))["files"]]
    digests += [hashlib.sha256(p.read_bytes()).hexdigest() for p in processed.glob("*.parquet")]
    assert digests
    files = [p for p in built_reports.rglob("*") if p.is_file()]
    assert any(p.suffix == ".html" for p in files)
    for p in files:
        text = p.read_text(encoding="utf-8", errors="replace")
        for d in digests:
            assert d[:12] not in text, f"{p.name} prints the start of an input's SHA-256"


def test_every_unit_rendered_with_manifest_and_index(built_reports: Path, processed: Path) -> None:
    out = built_reports / "sv"
    trail = batch.run_trail(processed, out)
    manifest = json.loads((trail / "manifest.json").read_text(encoding="utf-8"))
    assert [u["status"] for u in manifest["units"]] == ["ok"] * 4
    assert manifest["failed"] == []
    assert set(manifest["inputs"]) == {"survey.parquet", "respondents.parquet", "project_log.parquet",
                                       "measures.parquet"}
    assert all(len(f["fingerprint"]) == 12 and "sha256" not in f for f in manifest["raw_files"])
    assert {"pandas", "papermill", "nbconvert", "tuffkit"} <= set(manifest["packages"])
    for u in manifest["units"]:
        assert u["seconds"] > 0 and u["parameters"]["lang"] == "sv"
        assert (out / u["html"]).exists() and (trail / u["ipynb"]).exists()
        assert (out / u["html"]).read_bytes() == (trail / u["html"]).read_bytes(), "what was audited is published"
    # --out holds what readers get, nothing else: the audit trail is in the study's private folder
    assert {p.suffix for p in out.rglob("*") if p.is_file()} == {".html"}
    assert set(manifest["published"]) == {"index.html", *(u["html"] for u in manifest["units"])}
    assert str(trail).startswith(str(processed / "private"))
    index = (out / "index.html").read_text(encoding="utf-8")
    for u in manifest["units"]:
        assert f'href="{u["html"]}"' in index
    assert not list(out.rglob(".*tmp*")), "temporary files left behind"


def test_reports_have_no_code_no_script_and_stay_small(built_reports: Path) -> None:
    for page in (built_reports / "sv").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script" not in text.lower()
        assert not re.search(r"(src|href)=\"(https?:)?//", text), page
        assert "MunicipalityReport(" not in text and "import " not in text
        assert 'lang="sv"' in text
        if page.parent.name == "municipality":
            # each figure twice, the second drawn for a phone (issue 26): about twice the 100 KB of before
            assert page.stat().st_size <= 250_000, (page, page.stat().st_size)
            assert re.search(r'<nav class="tk-toc"', text)
            assert all(re.search(r'alt="[^"]{20,}"', fig) for fig in re.findall(r"<img[^>]*>", text))


def test_table_numbers_equal_the_library(built_reports: Path, processed: Path) -> None:
    r = read_processed(processed).responses
    for name in REPORT_MUNICIPALITIES:
        page = built_reports / "sv" / "unit" / f"{batch.slugify(name)}.html"
        rows = tables_of(page)["T_statements"][1:]
        mine_r = r[r["unit"] == name]
        mine = change(mine_r, "2012-10", "2013-05").set_index("item")
        alls = change(r, "2012-10", "2013-05").set_index("item")
        assert len(rows) == 19
        # each wave's mean as item_summary gives it (shown even where the change beside it is not)
        lv = item_summary(mine_r, by=["wave"]).assign(wave=lambda f: f["wave"].astype(str)).set_index(["wave", "item"])
        lv_all = item_summary(r, by=["wave"]).assign(wave=lambda f: f["wave"].astype(str)).set_index(["wave", "item"])
        shown = 0
        for row in rows:
            item = int(row[0])
            expect = [lv.loc[("2012-10", item), "mean"], lv.loc[("2013-05", item), "mean"], mine.loc[item, "diff"],
                      lv_all.loc[("2012-10", item), "mean"], lv_all.loc[("2013-05", item), "mean"],
                      alls.loc[item, "diff"]]
            signed = [False, False, True, False, False, True]  # the changes with their sign, as the summary
            for cell, x, sg in zip(row[2:], expect, signed, strict=True):  # a dash where the plan hides it
                assert cell == "–" or cell == format_number(float(x), "sv", signed=sg), (name, item, cell, x)
                shown += cell != "–"
            assert all(re.fullmatch(r"[+−]?\d+,\d\d|–", c) for c in row[2:]), row  # decimal comma
        assert shown > 0, name


def test_no_value_from_a_small_group(built_reports: Path, processed: Path) -> None:
    """Every group below min_n (5) is a dash in the method table, and no mean of a small
    role group is named in a figure's alt text."""
    data = read_processed(processed)
    r = data.responses
    wave_of = {data.study.wave_label(w, "sv"): w for w in data.waves}  # the method table names waves by label
    for name in REPORT_MUNICIPALITIES:
        page = built_reports / "sv" / "unit" / f"{batch.slugify(name)}.html"
        mine = r[r["unit"] == name]
        method = next(t for t in tables_of(page).values() if t[0][:2] == ["Omgång", "Totalt"])
        counts = mine.drop_duplicates("respondent_id").groupby(["wave", "function"], observed=True).size()
        cols = {"management": 2, "support": 3, "not_stated": 4}
        for row in method[1:]:
            assert row[0] in wave_of, row
            for fn, j in cols.items():
                n = int(counts.get((wave_of[row[0]], fn), 0))
                if 0 < n < 5:
                    assert row[j] == "–", (name, row, fn, n)
                elif n >= 5 and row[1] != "–":
                    assert row[j] in ("–", str(n)), (name, row, fn, n)
        roles = item_summary(mine, by=["wave", "function"], min_n=1)
        small = roles[roles["n"] < 5]
        text = page.read_text(encoding="utf-8")
        for alt in re.findall(r'alt="([^"]*)"', text):
            for s in small.itertuples():
                label = {"management": "Ledning", "support": "Stöd"}.get(str(s.function))
                if label:
                    named = f"påstående {s.item}, {data.study.wave_label(str(s.wave), 'sv')}, {label}:"
                    assert named not in alt, (name, s)
    # Ludvika answered with 2 people in 2014: nothing of 2014 beyond the dash
    ludvika = (built_reports / "sv" / "unit" / "ludvika.html").read_text(encoding="utf-8")
    assert ("januari–mars 2014 kan inte jämföras med maj 2013: för få svar, eller dolt för att skydda en liten "
            "grupp.") in ludvika


def test_english_report_uses_decimal_point(built_reports: Path) -> None:
    page = built_reports / "en" / "unit" / "halmstad.html"
    text = page.read_text(encoding="utf-8")
    assert 'lang="en"' in text and "All statements" in text
    rows = tables_of(page)["T_statements"][1:]
    assert all(re.fullmatch(r"[+−]?\d+\.\d\d|–", c) for row in rows for c in row[2:])


def test_program_report_reproduces_table2(built_reports: Path) -> None:
    rows = tables_of(built_reports / "sv" / "study.html")["T_table2"]
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Snitt oktober 2012"] == "3,29"  # the published Table 2, statement 1
    text = (built_reports / "sv" / "study.html").read_text(encoding="utf-8")
    assert all(f"Diagram {k}." in text for k in range(1, 14))
    assert "Tabell 1." in text and "1,35" in text  # Table 1: followed-up May - Oct for statement 8


def test_low_response_caution(built_reports: Path) -> None:
    text = (built_reports / "sv" / "unit" / "botkyrka.html").read_text(encoding="utf-8")
    assert "svarsfrekvensen i januari–mars 2014 var 50 %" in text


def test_unknown_municipality_names_close_matches(processed: Path, tmp_path: Path, capsys) -> None:
    code = main(["reports", "--data", str(processed), "--municipality", "Botkyrca", "--out", str(tmp_path)])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1
    assert "'Botkyrca'" in err and "Botkyrka" in err
    assert not (tmp_path / "index.html").exists()


def test_missing_data_folder_is_one_sentence(tmp_path: Path, capsys) -> None:
    code = main(["reports", "--data", str(tmp_path / "nope"), "--all", "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 2 and "tuffkit ingest" in err and len(err.strip().splitlines()) == 1


def test_a_failing_unit_does_not_stop_the_others_and_only_failed_reruns_it(processed: Path, tmp_path: Path,
                                                                         capsys) -> None:
    units = batch.plan_units(processed, ["Emmaboda"], False, "sv", 5)
    bad = batch.Unit(**{**asdict(units[0]), "name": "Nowhere", "html": "unit/nowhere.html",
                        "ipynb": "unit/nowhere.ipynb",
                        "parameters": {**units[0].parameters, "municipality": "Nowhere"}})
    result = batch.run_reports([bad, *units], tmp_path, processed, jobs=1)
    status = {u.name: u.status for u in result.units}
    assert status == {"Nowhere": "failed", "Emmaboda": "ok"}
    failed = result.failed[0]
    assert "InputFileError" in failed.error and "Nowhere" in failed.error
    trail = batch.run_trail(processed, tmp_path)
    assert (trail / failed.ipynb).exists() and not (tmp_path / failed.html).exists()
    good = tmp_path / "unit" / "emmaboda.html"
    before = good.stat().st_mtime_ns
    # make the failed unit renderable, then re-run only it
    manifest = json.loads((trail / "manifest.json").read_text(encoding="utf-8"))
    for u in manifest["units"]:
        if u["name"] == "Nowhere":
            u["parameters"]["municipality"] = "Ronneby"
    (trail / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert main(["reports", "--data", str(processed), "--only-failed", "--out", str(tmp_path), "--jobs", "1",
                 "--quiet"]) == 0
    assert (tmp_path / "unit" / "nowhere.html").exists()
    assert good.stat().st_mtime_ns == before
    manifest = json.loads((trail / "manifest.json").read_text(encoding="utf-8"))
    assert [u["status"] for u in manifest["units"]] == ["ok", "ok"]
    assert all("survey.parquet" in u["inputs"] for u in manifest["units"]), "each report keeps its inputs' hashes"
    capsys.readouterr()


def test_failure_exit_code_and_cell_error_listed(processed: Path, tmp_path: Path, capsys) -> None:
    manifest_units = batch.plan_units(processed, ["Emmaboda"], False, "sv", 5)
    manifest_units[0].parameters["to_wave"] = "1999"  # no such wave: the notebook's cell raises
    result = batch.run_reports(manifest_units, tmp_path, processed, jobs=1)
    assert (batch.run_trail(processed, tmp_path) / "manifest.json").exists()
    assert result.failed and "cell" in result.failed[0].error and "1999" in result.failed[0].error
    assert "the part 'rep = UnitReport(…)' (Load the processed data and compute every summary" in \
        result.failed[0].error, "the error says which part of the report failed"
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "(misslyckades: rep = UnitReport(…))" in index
    assert "1999" not in index and "InputFileError" not in index, "the shared index shows no error text"
    assert main(["reports", "--data", str(processed), "--only-failed", "--out", str(tmp_path), "--jobs", "1",
                 "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "Emmaboda" in err and "1999" in err and "--only-failed" in err


def test_report_after_another_in_the_same_kernel_equals_it_alone(processed: Path, tmp_path: Path) -> None:
    """Isolation: B rendered right after A in one reused kernel is byte-identical to B
    rendered alone in a fresh kernel (no variable, figure or data of A reaches B)."""
    batch._register_engine()
    engine = batch._register_engine.engine
    a, b = batch.plan_units(processed, ["Halmstad", "Ronneby"], False, "sv", 5)
    try:
        engine.shutdown()
        batch._render(asdict(a), str(tmp_path / "after"), str(NOTEBOOKS_DIR), "tuffkit")
        after = batch._render(asdict(b), str(tmp_path / "after"), str(NOTEBOOKS_DIR), "tuffkit")
        engine.shutdown()
        alone = batch._render(asdict(b), str(tmp_path / "alone"), str(NOTEBOOKS_DIR), "tuffkit")
    finally:
        engine.shutdown()
    assert after["status"] == alone["status"] == "ok"
    html_after = (tmp_path / "after" / b.html).read_bytes()
    html_alone = (tmp_path / "alone" / b.html).read_bytes()
    assert html_after == html_alone
    assert b"Halmstad" not in html_after


# --------------------------------------------------------------------------- improvement-log reports


def test_unit_reports_show_numbers_but_no_titles_or_free_text(built_reports: Path, processed: Path) -> None:
    from tuffkit import projectlog
    from tuffkit.processed import read_processed_log

    out = built_reports / "log"
    log = read_processed_log(processed)
    manifest = json.loads((batch.run_trail(processed, out) / "manifest.json").read_text(encoding="utf-8"))
    assert [u["name"] for u in manifest["units"] if u["kind"] == "unit"] == log.units and manifest["failed"] == []
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Enheter: förbättringsarbete" in index and 'href="log/norrtull.html"' in index
    page = out / "log" / "norrtull.html"
    text = page.read_text(encoding="utf-8")
    mine = log.entries[log.entries["unit"] == "Norrtull"]
    for desc in mine["description"].dropna():
        assert desc not in text and desc[:40] not in text, "a description reached the report"
    for decision in mine["decision"].dropna():
        assert decision not in text, "an LT decision text reached the report"
    assert "Fritext ur loggen (beskrivningar, beslutstexter) visas inte." in text
    # the lead-time table equals the library, with Swedish formatting
    lead = next(t for t in tables_of(page).values() if t and t[0][0] == "Från – till")
    lt = projectlog.lead_times(log.entries, unit="Norrtull").set_index("interval")
    row = next(r for r in lead if r[0] == "Lyft till LT – beslut")
    r = lt.loc["escalated_to_decision"]
    assert row[1:] == [str(int(r["n"])), str(int(r["n_ended"])), format_number(r["median_days"], "sv", 0),
                       f"från {format_number(r['median_low'], 'sv', 0)}", format_number(r["p80_days"], "sv", 0),
                       str(int(r["n_pending"])), str(int(r["n_closed"])), str(int(r["n_inconsistent"]))]
    # created to decision: the Kaplan-Meier median with the two still waiting censored (R survfit: 74 days;
    # the decided ones alone say 38)
    row = next(r for r in lead if r[0] == "Skapat – beslut")
    assert row[3] == "74" and row[6] == "2"
    assert "fick beslut på 69 dagar i median (95 % konfidensintervall från 27 dagar" in text
    # the open obstacles, oldest first, by kind and id: the example study does not opt in to titles
    open_ = projectlog.open_obstacles(log.entries, unit="Norrtull")
    table = next(t for t in tables_of(page).values() if t and t[0][:2] == ["Post", "Status"] and len(t[0]) == 4)
    assert [r[0] for r in table[1:]] == [f"Hinder {i}" for i in open_["id"]]
    assert not any(t in text for t in mine["title"].dropna()), "a log title reached the report"
    assert "8,5 timmar i månaden" in text, "hours freed with a decimal comma"


def test_descriptions_only_on_explicit_request(processed: Path, tmp_path: Path) -> None:
    from tuffkit import projectlog
    from tuffkit.processed import read_processed_log

    assert main(["reports", "--data", str(processed), "--unit", "Norrtull", "--show-descriptions", "--lang", "en",
                 "--asof", "2021-06-30", "--out", str(tmp_path), "--jobs", "1", "--quiet"]) == 0
    text = (tmp_path / "log" / "norrtull.html").read_text(encoding="utf-8")
    log = read_processed_log(processed)
    open_ids = set(projectlog.open_obstacles(log.entries, "2021-06-30", "Norrtull")["id"])
    shown = log.entries[log.entries["id"].isin(open_ids)]["description"].dropna()
    assert len(shown) and all(d in text for d in shown)
    assert "Free text from the log is shown on request" in text and 'lang="en"' in text
    assert "on 2021-06-30" in text


def test_unknown_unit_and_bad_asof_are_one_sentence(processed: Path, tmp_path: Path, capsys) -> None:
    assert main(["reports", "--data", str(processed), "--unit", "Noortull", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    # in the study's word for its units (this study's are municipalities)
    assert "no municipality named 'Noortull'; did you mean Norrtull?" in err and "Traceback" not in err
    assert main(["reports", "--data", str(processed), "--unit", "Norrtull", "--asof", "30/6", "--out",
                 str(tmp_path)]) == 2
    assert "--asof must be a date in the form YYYY-MM-DD" in capsys.readouterr().err


# --------------------------------------------------------------------------- measures reports


def test_measures_reports_and_sections_match_the_library(built_reports: Path, processed: Path) -> None:
    from tuffkit.processed import read_processed_measures
    from tuffkit.report.measures import measure_charts

    data, _ = read_processed_measures(processed)
    out = built_reports / "log"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Mätningar över tid" in index and 'href="measures/norrtull.html"' in index
    text = (out / "measures" / "norrtull.html").read_text(encoding="utf-8")
    for mc in measure_charts(data, "Norrtull"):
        measure, res, frozen = mc.measure, mc.res, mc.frozen
        cl = format_number(frozen.summary["cl"].iloc[0] * (100 if mc.chart == "p" else 1), "sv", 1)
        assert f"{measure}: jämfört med baslinjens mittlinje ({cl}" in text
        # the chart shows the analysis the sentence tells: the series against the baseline's frozen lines
        shown = frozen if frozen is not None else res
        for r in shown.summary.itertuples():
            assert f"Del {r.part}: {r.n_obs} punkter, mittlinje {cl}" in text, "the chart's alt text names each part"
        assert f"från baslinjens {int(shown.frame['baseline'].sum())} första punkter" in text
    assert text.count("<figure") == 2
    # the municipality and unit reports carry the same charts as a section; others have none
    botkyrka = (built_reports / "sv" / "unit" / "botkyrka.html").read_text(encoding="utf-8")
    assert 'id="measures"' in botkyrka and "X00001" in botkyrka
    ludvika = (built_reports / "sv" / "unit" / "ludvika.html").read_text(encoding="utf-8")
    assert 'id="measures"' not in ludvika
    assert 'id="measures"' in (out / "log" / "norrtull.html").read_text(encoding="utf-8")


def test_each_kind_of_report_has_its_own_footer(built_reports: Path) -> None:
    out = built_reports / "log"
    measures = (out / "measures" / "norrtull.html").read_text(encoding="utf-8")
    assert "svarande" not in measures and "Rapporten är framtagen med tuffkit." in measures
    assert "norrtull_matningar.csv" in measures and "kolada_v2_syntetisk.json" not in measures
    survey = (built_reports / "sv" / "unit" / "botkyrka.html").read_text(encoding="utf-8")
    assert "Resultat från färre än 5 svarande visas inte." in survey


def test_names_never_collide_and_a_rerun_keeps_every_report(processed: Path, tmp_path: Path, monkeypatch) -> None:
    """Aby and Åby slug alike, CON is a name Windows refuses; a later run for Åby alone into the
    same folder rewrites Åby's file only, keeps Aby's in the manifest and the index, removes
    what a killed run left, and no kernel writes its history outside --out."""
    data = tmp_path / "data"
    shutil.copytree(processed, data, ignore=shutil.ignore_patterns(".tuffkit-cache", "private"))
    r = pd.read_parquet(data / "survey.parquet")
    r["unit"] = r["unit"].cat.rename_categories({"Botkyrka": "Aby", "Emmaboda": "Åby",
                                                                  "Halmstad": "CON"})
    r.to_parquet(data / "survey.parquet", index=False)
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    monkeypatch.chdir(tmp_path)  # a relative --out, as `make reports` gives
    out = tmp_path / "out"
    args = ["reports", "--data", str(data), "--out", "out", "--jobs", "1", "--quiet"]
    assert main([*args, "--municipality", "Aby", "Åby", "CON"]) == 0
    slug = batch._unique_slug("unit", "Åby", {"unit/aby": "Aby"})
    assert sorted(p.name for p in (out / "unit").glob("*.html")) == [f"{slug}.html", "aby.html",
                                                                             "con-unit.html"]
    aby = (out / "unit" / "aby.html").read_bytes()
    leftover = out / "unit" / ".aby.html.tmp-4242"
    leftover.write_text("half a report from a killed run")
    assert main([*args, "--municipality", "Åby"]) == 0
    assert (out / "unit" / "aby.html").read_bytes() == aby
    manifest = json.loads((batch.run_trail(data, out) / "manifest.json").read_text(encoding="utf-8"))
    assert {u["name"]: u["html"] for u in manifest["units"]} == {
        "Aby": "unit/aby.html", "Åby": f"unit/{slug}.html", "CON": "unit/con-unit.html"}
    assert all("survey.parquet" in u["inputs"] for u in manifest["units"])
    index = (out / "index.html").read_text(encoding="utf-8")
    assert all(f'href="unit/{s}.html"' in index for s in ("aby", slug, "con-unit"))
    assert not leftover.exists()
    assert not (tmp_path / "ipython").exists(), "the user's IPython folder is not touched"
    assert not list(out.glob(".tuffkit-ipython-*")), "the kernels' own folder is removed after the run"


def test_names_stay_distinct_whatever_names_came_before() -> None:
    """A name that looks like another's hashed name, names an older version gave (aby-2), and a
    reserved name from an old manifest."""
    taken: dict[str, str] = {}
    slugs = [batch._unique_slug("municipality", n, taken) for n in ("Aby a058b1", "Aby", "Åby", "ABY")]
    assert len(set(slugs)) == 4
    old = [batch.Unit("municipality", "Åby", "municipality_report.ipynb", {}, "unit/aby-2.html",
                      "unit/aby-2.ipynb"),
           batch.Unit("municipality", "Con", "municipality_report.ipynb", {}, "unit/con.html",
                      "unit/con.ipynb")]
    units = batch.plan_units(Path("data"), ["Aby", "Åby", "Con", "Aby"], False, "sv", 5, previous=old)
    assert [u.html for u in units] == ["unit/aby.html", "unit/aby-2.html",
                                       "unit/con-unit.html"]


def test_only_the_leftovers_of_dead_runs_are_removed(tmp_path: Path) -> None:
    import os

    (tmp_path / "unit").mkdir()
    dead = tmp_path / "unit" / ".aby.html.tmp-999999"
    live = tmp_path / "unit" / f".aby.html.tmp-{os.getpid()}"
    mine = tmp_path / "notes" / ".x.html.tmp-999999"
    mine.parent.mkdir()
    ipython_dead = tmp_path / ".tuffkit-ipython-999999-abc"
    ipython_live = tmp_path / f".tuffkit-ipython-{os.getpid()}-x"
    for p in (dead, live, mine):
        p.write_text("x")
    for d in (ipython_dead, ipython_live):
        d.mkdir()
    batch._remove_leftovers(tmp_path)
    assert not dead.exists() and not ipython_dead.exists()
    assert live.exists() and ipython_live.exists() and mine.exists()
