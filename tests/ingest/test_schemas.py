"""tuffkit.ingest.schemas: the tidy frame's schema catches a bad frame and lists every failure."""

from __future__ import annotations

import pandas as pd
import pytest

from tuffkit import TuffkitError, read_survey, validate_responses

from conftest import make_rows


@pytest.fixture
def responses(write_csv, f_header):
    return read_survey(write_csv(f_header, make_rows(3))).responses


def test_loader_output_is_valid(responses):
    assert validate_responses(responses) is responses


def test_every_failure_is_listed(responses):
    bad = responses.copy()
    bad["value"] = bad["value"].astype("Int8").where(bad.index != 0, 9)
    bad["item"] = bad["item"].where(bad.index != 1, 20).astype("int16")
    with pytest.raises(TuffkitError) as exc:
        validate_responses(bad)
    assert "value" in str(exc.value) and "item" in str(exc.value) and "9" in str(exc.value)


def test_unordered_wave_and_missing_column(responses):
    bad = responses.assign(wave=responses["wave"].cat.as_unordered())
    with pytest.raises(TuffkitError, match="ordered categorical"):
        validate_responses(bad)
    with pytest.raises(TuffkitError, match="value"):
        validate_responses(responses.drop(columns="value"))


def test_schema_follows_the_instrument(responses, tmp_path):
    from test_instrument import MINI

    mini = tmp_path / "mini.yaml"
    mini.write_text(MINI, encoding="utf-8")
    # lfr19 answers 6 and 7 and statements 4..19 do not exist on the 5-step, 3-statement mini3
    with pytest.raises(TuffkitError, match="item"):
        validate_responses(responses, mini)
    small = responses[responses["item"] <= 3].assign(value=pd.array([5] * 9, dtype="Int8"))
    assert validate_responses(small, mini) is small
