"""The disclosure rule across a whole run (issue 12): the plan made before rendering
(:func:`tuffkit.disclosure.plan_run`), the ledger beside every report, and the audit
(:func:`tuffkit.disclosure.audit`, ``tuffkit audit``), attacked from the HTML and the ledgers of
real batch runs, and over random runs.
"""

from __future__ import annotations

import decimal
import json
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_batch import tables_of

from tuffkit.batch import audit_run, plan_units, run_reports, run_trail
from tuffkit.cli import main
from tuffkit.config import NOTEBOOKS_DIR, RAW_DIR
from tuffkit.disclosure import PARTS, RESPONDENTS, audit, group_key, plan_run
from tuffkit.report.ledger import read_ledgers

MIN_N = 5


# --------------------------------------------------------------------------- random runs


def _family(plan) -> list[dict]:  # noqa: ANN001
    """Every group the plan lets a report publish, as ledger lines (the most a run can publish)."""
    out = []
    for key in plan.shown:
        variable, group = json.loads(key)
        out.append({"report": "all.html", "variable": variable, "group": group})
    return out


@st.composite
def runs(draw: st.DrawFn) -> tuple[pd.DataFrame, list[str]]:
    """Random answers: 2-6 units, 1-3 waves, role mixes with small groups, skipped statements."""
    n_units = draw(st.integers(2, 6))
    waves = ["w1", "w2", "w3"][: draw(st.integers(1, 3))]
    rows, rid = [], 0
    for u in range(n_units):
        for w in waves:
            for f in PARTS:
                for _ in range(draw(st.sampled_from([0, 0, 1, 2, 3, 4, 5, 6, 8]))):
                    rid += 1
                    for item in (1, 2):
                        skip = draw(st.integers(0, 9)) == 0
                        rows.append((rid, w, f"U{u}", f, item, None if skip else draw(st.integers(1, 7))))
    frame = pd.DataFrame(rows, columns=["respondent_id", "wave", "unit", "function", "item", "value"])
    frame["value"] = frame["value"].astype("Int8")
    units = sorted(frame["unit"].unique()) if len(frame) else []
    followed = draw(st.lists(st.sampled_from(units), unique=True)) if units else []
    return frame, followed


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(runs())
def test_everything_the_plan_allows_together_exposes_nobody(run: tuple[pd.DataFrame, list[str]]) -> None:
    responses, followed = run
    if responses.empty:
        return
    plan = plan_run(responses, MIN_N, followed)
    assert audit(_family(plan), responses, MIN_N) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(runs())
def test_the_audit_finds_a_leak_planted_in_the_plan(run: tuple[pd.DataFrame, list[str]]) -> None:
    """A small unit hidden by the plan, published after all: the audit names it."""
    responses, followed = run
    one = responses.drop_duplicates("respondent_id")
    sizes = one.groupby(["wave", "unit"]).size()
    small = sizes[(sizes > 0) & (sizes < MIN_N)]
    if small.empty:
        return
    (wave, unit), n = small.index[0], int(small.iloc[0])
    plan = plan_run(responses, MIN_N, followed)
    group = {"wave": [wave], "unit": [unit]}
    assert not plan.allows(RESPONDENTS, group)
    leak = [*_family(plan), {"report": "leak.html", "variable": RESPONDENTS, "group": group, "n": n}]
    found = audit(leak, responses, MIN_N)
    assert found and any(e.variable == RESPONDENTS and len(e.members) == n for e in found)


def test_a_unit_hidden_beside_the_others_is_needed() -> None:
    """Complementary suppression: putting back the unit the plan hid beside a blanked one
    exposes the blanked one (all units minus the shown ones)."""
    r = pd.DataFrame({"respondent_id": range(19), "wave": "2014", "item": 1,
                      "value": pd.array([k % 5 + 2 for k in range(19)], dtype="Int64"),  # varied: not pinned
                      "unit": ["A"] * 8 + ["B"] * 6 + ["C"] * 5, "function": "management"})
    r.loc[r["respondent_id"] >= 16, "value"] = pd.NA  # C: 5 respondents, 3 of them skipped statement 1
    plan = plan_run(r, MIN_N)
    assert not plan.allows(1, {"wave": "2014", "unit": "C"})
    assert not plan.allows(1, {"wave": "2014", "unit": "B"}), "B is hidden beside C"
    assert plan.allows(1, {"wave": "2014"}) and plan.allows(RESPONDENTS, {"wave": "2014", "unit": "C"})
    back = [*_family(plan), {"report": "b.html", "variable": "1", "group": {"wave": ["2014"], "unit": ["B"]}}]
    found = audit(back, r, MIN_N)
    assert [sorted(e.members) for e in found] == [[14, 15]]  # the two of C who answered


def test_the_ledger_must_match_the_data() -> None:
    from tuffkit.errors import TuffkitError

    r = pd.DataFrame({"respondent_id": range(6), "wave": "w", "item": 1, "value": 4, "unit": "A",
                      "function": "support"})
    with pytest.raises(TuffkitError, match="says 7 .* has 6"):
        audit([{"report": "a.html", "variable": "1", "group": {"wave": ["w"]}, "n": 7}], r, MIN_N)
    with pytest.raises(TuffkitError, match="groups by 'region'"):
        audit([{"report": "a.html", "variable": "1", "group": {"region": ["x"]}}], r, MIN_N)


def test_group_keys_do_not_depend_on_order_or_type() -> None:
    assert group_key(3, {"wave": "2014", "unit": ["B", "A"]}) == group_key("3", {
        "unit": ["A", "B"], "wave": ["2014"]})


# --------------------------------------------------------------------------- real runs, attacked


@pytest.fixture(scope="module")
def small_run(processed: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pd.DataFrame]:
    """The example data with the issue's differencing cases: Modellsjö with 3 respondents in
    2013-05 (the only small unit of the others that wave), and in 2013-05 the others' support
    reduced to 2 (all minus the followed-up in the role diagrams would give them). Every
    municipality and the program, in one run."""
    data = tmp_path_factory.mktemp("small") / "data"
    shutil.copytree(processed, data, ignore=shutil.ignore_patterns(".tuffkit-cache", "private"))
    r = pd.read_parquet(data / "survey.parquet")
    one = r.drop_duplicates("respondent_id")
    w = one["wave"].astype(str) == "2013-05"
    drop = sorted(one.loc[w & (one["unit"] == "Modellsjö"), "respondent_id"])[3:]
    from tuffkit.survey import LFR3_FOLLOWED

    others_support = one.loc[w & ~one["unit"].isin(LFR3_FOLLOWED) & (one["function"] == "support")
                             & ~one["respondent_id"].isin(drop), "respondent_id"]
    to_mgmt = sorted(others_support)[2:]
    r = r[~r["respondent_id"].isin(drop)].copy()
    r.loc[r["respondent_id"].isin(to_mgmt), "function"] = "management"
    r.to_parquet(data / "survey.parquet", index=False)
    resp = pd.read_parquet(data / "respondents.parquet")
    resp = resp[~resp["respondent_id"].isin(drop)].copy()
    resp.loc[resp["respondent_id"].isin(to_mgmt), "function"] = "management"
    resp.to_parquet(data / "respondents.parquet", index=False)
    ingest = json.loads((data / "ingest.json").read_text(encoding="utf-8"))
    kept = resp["source_file"].astype(str).value_counts()
    for f in ingest["files"]:  # the files' rows as the changed data has them (the method box shows them)
        f["rows_kept"] = int(kept.get(f["file"], 0))
    (data / "ingest.json").write_text(json.dumps(ingest, ensure_ascii=False), encoding="utf-8")
    out = data.parent / "out"
    assert main(["reports", "--data", str(data), "--all", "--program", "--out", str(out), "--jobs", "2",
                 "--invited", str(RAW_DIR / "invited" / "lfr3_2014_inbjudna.csv"), "--quiet"]) == 0
    return out, r


def _count(cell: str) -> int | None:
    return None if cell in ("–", "") else int(cell.replace("\u00a0", "").replace(" ", ""))


def _method(page: Path) -> dict[str, list[str]]:
    table = next(t for t in tables_of(page).values() if t and t[0][:2] in (["Omgång", "Totalt"], ["Wave", "Total"]))
    return {row[0]: row for row in table[1:]}


def test_a_blanked_municipality_is_not_the_program_minus_the_others(small_run) -> None:
    out, r = small_run
    one = r.drop_duplicates("respondent_id")
    assert one[(one["unit"] == "Modellsjö") & (one["wave"] == "2013-05")].shape[0] == 3
    program = _method(out / "study.html")
    pages = sorted((out / "unit").glob("*.html"))
    assert len(pages) == one["unit"].nunique()
    for wave in ("oktober 2012", "maj 2013", "januari–mars 2014"):
        total = _count(program[wave][1])
        shown = [_count(_method(p)[wave][1]) for p in pages if wave in _method(p)]
        if total is not None:
            rest = total - sum(n for n in shown if n is not None)
            assert rest == 0 or rest >= MIN_N, (wave, rest, "all municipalities minus the ones shown")
    # in the statement tables: all municipalities' n per statement (Table 2) minus the others'
    t2 = next(t for t in tables_of(out / "study.html").values() if t and t[0][0] == "Nr")
    assert any("Antal svar maj 2013" == h for h in t2[0])


def test_the_run_passes_its_audit_and_the_cli_says_so(small_run, capsys: pytest.CaptureFixture) -> None:
    out, _ = small_run
    data = out.parent / "data"
    found, numbers, reports = audit_run(out, data)
    assert found == [] and reports == 20 and numbers > 5000
    assert main(["audit", str(out), "--data", str(data)]) == 0
    assert "no group of fewer than" in capsys.readouterr().out


def test_the_followed_up_are_not_subtracted_from_all(small_run) -> None:
    """Diagram 3 (all) against Diagram 6 (followed-up): the others' 2 support respondents in
    2013-05 must not be the difference of two published role panels."""
    out, r = small_run
    ledger = read_ledgers(run_trail(out.parent / "data", out))["study.html"][1]
    shown = {(e["variable"], json.dumps(e["group"], sort_keys=True)) for e in ledger if e["group"]}
    from tuffkit.survey import LFR3_FOLLOWED

    fol = sorted(set(LFR3_FOLLOWED) & set(r["unit"].astype(str)))
    for item in ("4", "7", "10"):
        all_support = (item, json.dumps({"function": ["support"], "wave": ["2013-05"]}, sort_keys=True))
        fol_support = (item, json.dumps({"function": ["support"], "unit": fol, "wave": ["2013-05"]},
                                        sort_keys=True))
        assert not (all_support in shown and fol_support in shown), item


def _notebooks_with(tmp_path: Path, source: str) -> Path:
    """A copy of the report notebooks whose unit report ends with one more code cell (``source``)."""
    notebooks = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS_DIR, notebooks)
    nb = json.loads((notebooks / "municipality_report.ipynb").read_text(encoding="utf-8"))
    nb["cells"].append({"cell_type": "code", "execution_count": None, "id": "leak", "metadata": {}, "outputs": [],
                        "source": source})
    (notebooks / "municipality_report.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    return notebooks


def test_a_number_printed_without_the_ledger_withholds_the_run(processed: Path, tmp_path: Path) -> None:
    """A report notebook that prints a number the ledger does not know (Ludvika's 2 answers of 2014,
    printed in a sentence): the audit reads the HTML, cannot account for it, and the run is withheld
    with a sentence naming the report and the number."""
    notebooks = _notebooks_with(tmp_path, (
        "from IPython.display import HTML\n"
        "m = rep.data.responses\n"
        "m = m[(m['unit'] == 'Ludvika') & (m['wave'] == '2014') & (m['item'] == 1)]\n"
        "HTML(f\"<p>Grannkommunen: {m['value'].mean() + 0.123:.3f}</p>\".replace('.', ','))"))
    out = tmp_path / "out"
    result = run_reports(plan_units(processed, ["Botkyrka"], False, "sv", MIN_N), out, processed, jobs=1,
                         notebooks=notebooks)
    assert [u.status for u in result.units] == ["withheld"], result.units
    assert "botkyrka.html: prints 1 number(s) about respondents that its ledger does not account for" \
        in result.audit[0]
    assert not (out / "unit" / "botkyrka.html").exists()


def test_a_planted_leak_withholds_the_run(processed: Path, tmp_path: Path) -> None:
    """A report notebook that publishes a number the plan hides (Ludvika's 2 answers in 2014):
    the audit at the end of the run fails, names the group, and the run's reports are removed,
    marked withheld in the manifest and the index; `tuffkit audit` on the planted ledger fails."""
    notebooks = _notebooks_with(tmp_path, (
        'g = {"wave": ["2014"], "unit": ["Ludvika"]}\n'
        'm = rep.data.responses\n'
        'm = m[(m["unit"] == "Ludvika") & (m["wave"] == "2014") & (m["item"] == 1)]\n'
        'rep.ledger.add("leak", "mean", float(m["value"].mean()), 1, g, int(m["value"].notna().sum()))\n'
        "rep.ledger.flush()\nprint(float(m['value'].mean()))"))
    out = tmp_path / "out"
    units = plan_units(processed, ["Botkyrka"], False, "sv", MIN_N)
    result = run_reports(units, out, processed, jobs=1, notebooks=notebooks)
    assert result.audit and "Ludvika" in result.audit[0] and "statement 1" in result.audit[0]
    assert [u.status for u in result.units] == ["withheld"]
    trail = run_trail(processed, out)
    assert not (out / "unit" / "botkyrka.html").exists()
    assert not (trail / "unit" / "botkyrka.html").exists()
    assert not (trail / "unit" / "botkyrka.ledger.jsonl").exists()
    manifest = json.loads((trail / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["units"][0]["status"] == "withheld" and "Ludvika" in manifest["units"][0]["error"]
    assert "undanhållen" in (out / "index.html").read_text(encoding="utf-8")
    # the same ledger line planted into a good run: `tuffkit audit` exits 1 naming the group
    good = tmp_path / "good"
    assert main(["reports", "--data", str(processed), "--municipality", "Ludvika", "--out", str(good), "--quiet",
                 "--jobs", "1"]) == 0
    assert main(["audit", str(good), "--data", str(processed)]) == 0
    m = pd.read_parquet(processed / "survey.parquet")
    m = m[(m["unit"] == "Ludvika") & (m["wave"] == "2014") & (m["item"] == 1) & m["value"].notna()]
    with (run_trail(processed, good) / "unit" / "ludvika.ledger.jsonl").open("a", encoding="utf-8") as f:
        f.write(json.dumps({"section": "leak", "statistic": "mean", "value": 1.0, "n": len(m), "variable": "1",
                            "group": {"wave": ["2014"], "unit": ["Ludvika"]}}) + "\n")
    assert main(["audit", str(good), "--data", str(processed)]) == 1


# --------------------------------------------------------------------------- the ledger is complete

_NUMBER = re.compile(r"(?<![\w.,])[−+-]?\d+(?:[.,]\d+)?(?![\w])")


def _visible(page: Path) -> str:
    """The text of a survey report a reader sees or hears: the text and the alt texts, without
    the measures section (Kolada figures, not respondents)."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for tag in soup(["style", "script", "code"]):
        tag.decompose()
    for sec in soup.select('section[aria-labelledby="measures"]'):
        sec.decompose()
    for img in soup.find_all("img"):
        img.replace_with(" " + img.get("alt", "") + " ")
    return soup.get_text(" ")


def _structural(text: str, data: Path) -> str:
    """Remove what is not a statistic: dates, waves, file names, statement and diagram numbers,
    the scale's ends, the version."""
    ingest = json.loads((data / "ingest.json").read_text(encoding="utf-8"))
    for f in ingest.get("files", []):
        text = text.replace(str(f["file"]), " ")
    text = re.sub(r"\d{4}-\d{2}-\d{2}(T[\d:+.]+)?", " ", text)
    text = re.sub(r"\b(2012-10|2013-05|2014)\b", " ", text)
    text = re.sub(r"(?i)\b(oktober|maj|januari–mars|october|may|january–march) 20\d\d\b", " ", text)  # wave labels
    text = re.sub(r"Holm-(justerat|adjusted), 5 ?%", " ", text)  # the test's level, said in words
    text = re.sub(r"tuffkit \d+\.\d+\.\d+", " ", text)
    text = re.sub(r"(Diagram|Tabell|Table|Påstående|Statement|påstående|statement|statements|påståenden|"
                  r"No\.|Nr|lfr)\s*\d+", " ", text)
    text = re.sub(r"(?<![\d,.])\b(\d{1,2})\.\s", " ", text)  # "4. Vi har ..." (a statement's number)
    text = re.sub(r"(?<![\d,.])\b(\d{1,2})\s+(?=[A-ZÅÄÖ][a-zåäö])", " ", text)  # the Nr column before a statement
    text = text.replace("SHA-256", " ")
    text = re.sub(r"\b\d+ (påståenden|statements)\b", " ", text)  # the instrument's number of statements
    text = re.sub(r"(?<![\d,.])(\d{1,2})\s+[–-]\s+[A-ZÅÄÖ]", " ", text)  # "1 – Instämmer inte alls"
    return text


def _half_up(values: np.ndarray, decimals: int) -> np.ndarray:
    """``values`` rounded as the reports print them: half up, on the decimal the number prints as."""
    q = decimal.Decimal(1).scaleb(-decimals)
    return np.array([float(decimal.Decimal(repr(float(x))).quantize(q, rounding=decimal.ROUND_HALF_UP))
                     for x in values])


def _value(token: str) -> tuple[float, int]:
    t = token.replace("−", "-").replace(",", ".")
    return float(t), len(t.split(".")[1]) if "." in t else 0


@pytest.mark.parametrize("page", ["sv/unit/botkyrka.html", "sv/unit/ludvika.html",
                                  "sv/unit/fiktivkoping.html", "sv/study.html",
                                  "en/unit/halmstad.html"])
def test_every_number_in_the_html_is_in_the_ledger(built_reports: Path, processed: Path, page: str) -> None:
    path = built_reports / page
    lang_root = built_reports / page.split("/")[0]
    header, entries = read_ledgers(run_trail(processed, lang_root))[page.split("/", 1)[1]]
    assert header["min_n"] == MIN_N and entries
    values = np.array([float(e["value"]) for e in entries if isinstance(e["value"], (int, float))])
    text = _structural(_visible(path), processed)
    structural = {MIN_N, 1, 7}  # the rule's minimum, the scale's ends
    missing = []
    for token in _NUMBER.findall(text):
        v, decimals = _value(token)
        if decimals == 0 and v in structural:
            continue
        if not np.any(np.isclose(_half_up(np.abs(values), decimals), abs(v), atol=10 ** -(decimals + 3))):
            missing.append(token)
    assert not missing, f"numbers in {page} that no ledger line gives: {missing[:20]}"
    # and every ledger line of a group names the data's columns and a variable
    for e in entries:
        if e["group"] is not None:
            assert set(e["group"]) <= {"wave", "unit", "function", "source_file"}
            assert e["variable"] == RESPONDENTS or e["variable"].isdigit()


# --------------------------------------------------------------------------- random runs, rendered


@st.composite
def lfr_runs(draw: st.DrawFn) -> tuple[pd.DataFrame, list[str]]:
    """Random LfR-shaped answers (19 statements, the three waves) for 3-4 units with small and
    lopsided role groups; one or two of them the followed-up."""
    units = [f"Enhet {k}" for k in range(draw(st.integers(3, 4)))]
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    rows, rid = [], 0
    for u in units:
        for w in ("2012-10", "2013-05", "2014"):
            for f in PARTS:
                for _ in range(draw(st.sampled_from([0, 1, 2, 3, 4, 5, 7]))):
                    rid += 1
                    values = rng.integers(1, 8, 19).astype(float)
                    values[rng.random(19) < 0.1] = np.nan
                    rows += [(rid, w, u, f, item + 1, values[item]) for item in range(19)]
    frame = pd.DataFrame(rows, columns=["respondent_id", "wave", "unit", "function", "item", "value"])
    frame["wave"] = pd.Categorical(frame["wave"], categories=["2012-10", "2013-05", "2014"], ordered=True)
    frame["unit"] = pd.Categorical(frame["unit"], categories=units)
    frame["function"] = pd.Categorical(frame["function"], categories=["management", "support", "not_stated"])
    frame["value"] = frame["value"].astype("Int8")
    followed = draw(st.lists(st.sampled_from(units), min_size=1, max_size=2, unique=True))
    return frame, followed


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                HealthCheck.function_scoped_fixture])
@given(lfr_runs())
def test_what_the_reports_publish_on_random_runs_passes_the_audit(tmp_path: Path, run) -> None:  # noqa: ANN001
    """Every municipality report and the study report, rendered (figures included) from random
    data with the run's plan: their ledgers together expose nobody, and each report shows only
    numbers it recorded."""
    from tuffkit.processed import Processed
    from tuffkit.report.survey import MunicipalityReport, ProgramReport

    responses, followed = run
    one = responses.drop_duplicates("respondent_id")
    if one["wave"].nunique() < 3 or one.groupby("wave", observed=True).size().min() == 0:
        return
    data = Processed(tmp_path, responses, {"files": []})
    entries = []
    for m in responses["unit"].cat.categories:
        if not (responses["unit"] == m).any():
            continue
        rep = MunicipalityReport(data, m, followed=followed)
        for part in ("summary", "statements", "distributions", "roles", "method"):
            getattr(rep, part)()
        entries += [dict(e, report=m) for e in rep.ledger.entries]
    prog = ProgramReport(data, followed=followed)
    for part in ("header", "table2", "table1", "means", "roles", "followed_vs_others", "method"):
        getattr(prog, part)()
    entries += [dict(e, report="program") for e in prog.ledger.entries]
    assert entries
    assert audit(entries, responses, MIN_N) == []


def test_a_wave_of_the_followed_up_only_keeps_their_role_split() -> None:
    """LfR's follow-up wave: only the followed-up answered, so their split is the all-units split
    and nothing is given away by showing it (the others' empty class must not hide it)."""
    rows = [(k, "2014", m, f, 1, 3 + k % 3) for k, (m, f) in enumerate(  # varied answers: not pinned
        [("A", "management")] * 6 + [("A", "support")] * 5 + [("B", "management")] * 5 + [("B", "support")] * 6)]
    rows += [(100 + k, "2013", "C", "support", 1, 3 + k % 2) for k in range(8)]
    r = pd.DataFrame(rows, columns=["respondent_id", "wave", "unit", "function", "item", "value"])
    plan = plan_run(r, MIN_N, followed=["A", "B"])
    for f in ("management", "support"):
        assert plan.allows(1, {"wave": "2014", "function": f})
        assert plan.allows(1, {"wave": "2014", "function": f, "unit": ["A", "B"]})
    assert audit(_family(plan), r, MIN_N) == []


def test_a_small_source_file_is_hidden_with_a_complement() -> None:
    """Files partition the respondents: a file of 2 beside the total is hidden, and so is the
    smallest other file, so that the total minus the shown files gives nobody."""
    r = pd.DataFrame({"respondent_id": range(40), "wave": "w", "item": 1, "value": 4,
                      "unit": ["A"] * 20 + ["B"] * 20, "function": ["management", "support"] * 20})
    files = pd.DataFrame({"respondent_id": range(40),
                          "source_file": ["big.csv"] * 30 + ["mid.csv"] * 8 + ["small.csv"] * 2})
    plan = plan_run(r, MIN_N, files=files)
    shown = [f for f in ("big.csv", "mid.csv", "small.csv") if plan.allows(RESPONDENTS, {"source_file": f})]
    assert shown == ["big.csv"] and plan.allows(RESPONDENTS, {})
    assert audit(_family(plan), r, MIN_N, files=files) == []
