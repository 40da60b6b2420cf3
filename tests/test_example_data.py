"""The bundled example data, read through the public API, reproduce the published LfR figures
(shared/domain/lfr-survey.md): counts, Table 2, Table 1 and the Diagram 10 role means."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from tuffkit import read_survey
from tuffkit.ingest.schemas import validate_respondents, validate_responses

from conftest import ROOT

FOLLOWED = ["Botkyrka", "Emmaboda", "Halmstad", "Karlshamn", "Ludvika", "Mönsterås", "Ronneby"]

# The published figures, typed in from lfr-survey.md (not imported from the generator).
COUNTS = {  # (wave, group) -> (all, ledning, stöd, not stated)
    ("2012-10", "all"): (259, 136, 117, 6),
    ("2013-05", "all"): (234, 111, 105, 18),
    ("2012-10", "followed"): (68, 35, 32, 1),
    ("2013-05", "followed"): (63, 32, 25, 6),
    ("2014", "followed"): (35, 17, 17, 1),
}
TABLE2 = """
1 3.29 4.08 0.79
2 3.82 4.24 0.42
3 4.62 4.98 0.36
4 4.02 4.60 0.58
5 4.08 4.83 0.75
6 3.54 4.21 0.67
7 3.81 4.41 0.60
8 3.45 4.33 0.88
9 3.39 4.03 0.64
10 4.39 5.03 0.64
11 4.49 5.04 0.55
12 3.99 4.50 0.51
13 4.78 5.24 0.46
14 3.99 4.29 0.30
15 3.91 4.28 0.37
16 3.22 3.46 0.24
17 4.05 4.40 0.35
18 3.60 4.29 0.69
19 3.78 4.13 0.35
"""


def r2(x: float) -> str:
    return f"{x:.2f}"


@pytest.fixture(scope="module")
def data():
    return read_survey(ROOT / "data" / "raw")


@pytest.fixture(scope="module")
def responses(data):
    r = data.responses
    return r.assign(followed=r["unit"].isin(FOLLOWED))


def test_output_matches_the_full_schema(data):
    validate_responses(data.responses)
    validate_respondents(data.respondents)


def test_files_and_row_accounting(data):
    f = data.files.set_index("file")
    assert list(f.index) == ["lfr3_2012-10_papper.xlsx", "lfr3_2013-05_papper.xlsx", "lfr3_2014_forms.xlsx",
                             "lfr3_2014_webbenkat.csv"]
    # the Forms export: recognised by its layout, its wave from the completion times
    assert f.loc["lfr3_2014_forms.xlsx", "tool"] == "Microsoft Forms"
    assert f.loc["lfr3_2014_forms.xlsx", "wave_from"]["wave"] == "2014"
    assert (f.rows_total == f.rows_above_header + f.header_rows.map(len) + f.rows_in + f.trailing_empty_rows).all()
    assert (f.rows_in == f.rows_kept + f.rows_rejected).all()
    assert f.loc["lfr3_2014_webbenkat.csv", "encoding"] == "cp1252"
    assert f.loc["lfr3_2014_webbenkat.csv", "separator"] == ";"
    assert f.loc["lfr3_2014_webbenkat.csv", "header_row"] == 2
    assert sorted(data.rejected.reason) == [
        "duplicate submission", "no answer to any statement", "no answer to any statement", "no unit"]
    assert len(data.problems) >= 8 and set(data.problems.field.str[:4]) == {"item"}


@pytest.mark.parametrize(("key", "expected"), list(COUNTS.items()), ids=lambda x: str(x))
def test_respondent_counts(data, key, expected):
    wave, group = key
    r = data.respondents[data.respondents.wave == wave]
    if group == "followed":
        r = r[r.unit.isin(FOLLOWED)]
    got = r.function.value_counts()
    assert (len(r), got["management"], got["support"], got["not_stated"]) == expected


def test_followed_up_municipalities_by_name_and_others_invented(data):
    munis = set(data.respondents.unit)
    assert set(FOLLOWED) <= munis
    assert set(data.respondents.loc[data.respondents.wave == "2014", "unit"]) == set(FOLLOWED)
    assert len(munis - set(FOLLOWED)) >= 5


@pytest.mark.parametrize("line", TABLE2.strip().splitlines(), ids=lambda s: "item" + s.split()[0])
def test_table2_means_and_differences(responses, line):
    item, oct_, may, diff = line.split()
    m = responses[responses["item"] == int(item)].groupby("wave", observed=True)["value"].mean()
    assert r2(m["2012-10"]) == oct_
    assert r2(m["2013-05"]) == may
    assert r2(m["2013-05"] - m["2012-10"]) == diff


def test_table1_statement_8(responses):
    s8 = responses[responses["item"] == 8]
    everyone = s8.groupby("wave", observed=True)["value"].mean()
    fol = s8[s8.followed].groupby("wave", observed=True)["value"].mean()
    assert (r2(everyone["2012-10"]), r2(everyone["2013-05"])) == ("3.45", "4.33")
    assert (r2(fol["2012-10"]), r2(fol["2013-05"]), r2(fol["2014"])) == ("3.17", "4.52", "4.23")
    assert r2(fol["2013-05"] - fol["2012-10"]) == "1.35"
    assert r2(fol["2014"] - fol["2012-10"]) == "1.06"


def test_diagram10_statement5_role_means(responses):
    s5 = responses[(responses["item"] == 5) & responses.followed]
    m = s5.groupby(["wave", "function"], observed=True)["value"].mean()
    got = {w: (f"{m[(w, 'management')]:.1f}", f"{m[(w, 'support')]:.1f}") for w in ("2012-10", "2013-05", "2014")}
    assert got == {"2012-10": ("4.6", "3.6"), "2013-05": ("5.0", "5.2"), "2014": ("5.0", "4.2")}


def test_diagrams_3_and_4_support_means(responses):
    sup = responses[responses["function"] == "support"]
    m = sup.groupby(["item", "wave"], observed=True)["value"].mean()
    assert f"{m[(4, '2012-10')]:.1f}" == "4.5" and f"{m[(7, '2013-05')]:.1f}" == "4.8"


def test_realistic_spread(responses):
    r = responses
    steps = r.dropna(subset=["value"]).groupby(["wave", "item"], observed=True)["value"].nunique()
    assert steps.min() >= 4, "every statement uses several scale steps in every wave"
    assert 0.01 < r["value"].isna().mean() < 0.1, "some answers are missing"
    by_role = r.groupby(["wave", "function"], observed=True)["value"].mean().unstack()
    assert (by_role["support"] < by_role["management"]).all(), "support rates lower in every wave"
    assert by_role["management"]["2013-05"] - by_role["support"]["2013-05"] < (
        by_role["management"]["2012-10"] - by_role["support"]["2012-10"]), "the gap narrows during the programme"
    per_item = r.groupby(["item", "function"], observed=True)["value"].mean().unstack()
    assert (per_item["support"] < per_item["management"]).sum() >= 15
    fol = r[r.followed].groupby(["item", "wave"], observed=True)["value"].mean().unstack()
    assert (fol["2014"] < fol["2013-05"]).sum() >= 10, "a fade at the follow-up on most statements"


def test_generator_is_deterministic(tmp_path, data):
    res = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_example_data.py"), "--out", str(tmp_path)],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    again = read_survey(tmp_path)
    csv = "lfr3_2014_webbenkat.csv"
    assert (tmp_path / csv).read_bytes() == (ROOT / "data" / "raw" / csv).read_bytes()
    cols = ["respondent_id", "wave", "unit", "function", "in_management_group", "item", "value"]
    pd.testing.assert_frame_equal(again.responses[cols], data.responses[cols])
    pd.testing.assert_frame_equal(again.rejected, data.rejected)
    pd.testing.assert_frame_equal(again.problems, data.problems)
