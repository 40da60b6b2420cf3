"""tuffkit.report.tables: the Table-2-style table for leadership."""

from __future__ import annotations

import pandas as pd
import pytest

from tuffkit import TuffkitError, read_survey
from tuffkit.report.tables import format_number, styled_table, table2
from tuffkit.survey import change

from conftest import ROOT


@pytest.fixture(scope="module")
def c():
    return change(read_survey(ROOT / "data" / "raw").responses, "2012-10", "2013-05")


def test_swedish_table2_has_decimal_comma_and_highlights(c):
    html = table2(c, instrument="lfr19").to_html()
    assert "Påstående" in html and "Snitt 2012-10" in html and "2013-05 – 2012-10" in html
    assert "Ledningsfunktionen har bra faktaunderlag" in html
    assert "3,29" in html and "0,88" in html and "3.29" not in html
    styles = table2(c, instrument="lfr19").export()
    assert styles  # highlight_max/min are applied
    rendered = table2(c, instrument="lfr19")._compute().ctx
    bold = [k for k, v in rendered.items() if ("font-weight", "bold") in v]
    italic = [k for k, v in rendered.items() if ("font-style", "italic") in v]
    # one highest and one lowest per highlighted column (means from, means to, difference)
    assert len(bold) == 3 and len(italic) == 3
    data = table2(c, instrument="lfr19").data
    diff_col = "2013-05 – 2012-10"
    row, _ = next(k for k in bold if data.columns[k[1]] == diff_col)
    assert data.iloc[row]["Nr"] == 8  # the largest increase, statement 8, is bold


def test_english_table2(c):
    html = table2(c, lang="en", instrument="lfr19").to_html()
    assert "Statement" in html and "Mean 2012-10" in html and "3.29" in html
    assert "The management function has good facts" in html


def test_suppressed_cells_show_a_dash():
    f = pd.DataFrame({"item": [1, 2], "mean": [3.456, float("nan")]})
    html = styled_table(f, {"item": "Nr", "mean": "Snitt"}).to_html()
    assert "3,46" in html and "–" in html


def test_format_number_and_bad_language():
    assert format_number(-0.3, "sv", signed=True) == "−0,30"
    assert format_number(4.0, "en", decimals=1) == "4.0"
    with pytest.raises(TuffkitError, match="lang"):
        format_number(1.0, "de")


def test_table2_needs_one_row_per_statement():
    r = read_survey(ROOT / "data" / "raw").responses
    with pytest.raises(TuffkitError, match="one row per statement"):
        table2(change(r, "2012-10", "2013-05", by=["function"]), instrument="lfr19")
