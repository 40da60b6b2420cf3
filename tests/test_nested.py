"""The random intercept per unit against R's ``lme4::lmer(y ~ wave + (1 | unit))`` itself: 60 random
nested samples (5- and 7-step answers, 3-30 units, units missing in a wave, no unit effect at all
in some), REML and ML, tests/fixtures/lme4/README.md says how they were made."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tuffkit import survey
from tuffkit.nested import random_intercept

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "lme4"


def test_estimates_and_standard_errors_equal_lmer() -> None:
    data = pd.read_csv(FIXTURES / "data.csv")
    expected = pd.read_csv(FIXTURES / "expected.csv")
    assert len(expected) >= 120 and expected["singular"].any() and (~expected["singular"]).any()
    for r in expected.itertuples():
        g = data[data["case"] == r.case]
        fit = random_intercept(g["y"], (g["wave"] == "b").astype(int), g["unit"], reml=bool(r.reml))
        for ours, theirs in (("intercept", r.intercept), ("intercept_se", r.intercept_se), ("estimate", r.wave_b),
                             ("se", r.wave_b_se), ("var_unit", r.var_unit), ("var_resid", r.var_resid)):
            assert fit[ours] == pytest.approx(theirs, abs=1e-4), f"case {r.case} reml={r.reml}: {ours}"


def test_the_whole_study_change_accounts_for_units() -> None:
    """On the bundled LfR data: the nested standard errors are at least the independent ones where
    units differ, and the certainty (p_adjusted) comes from the nested model."""
    from tuffkit.config import RAW_DIR
    from tuffkit.ingest.survey import read_survey

    r = read_survey(RAW_DIR).responses
    flat = survey.change(r, "2012-10", "2013-05").set_index("item")
    nested = survey.study_change(r, "2012-10", "2013-05").set_index("item")
    assert (nested["diff"] == flat["diff"]).all(), "the printed difference of means is unchanged"
    assert nested["n_units"].min() == 19
    clustered = nested["icc"] > 0.01
    assert clustered.any()
    assert (nested.loc[clustered, "se_nested"] > flat.loc[clustered, "se"] * 0.95).all()
    assert not nested["p_adjusted"].equals(flat["p_adjusted"])
    one = r[(r["item"] == 8) & r["wave"].isin(["2012-10", "2013-05"])].dropna(subset=["value"])
    fit = random_intercept(one["value"].astype(float), (one["wave"] == "2013-05").astype(float),
                           one["unit"].astype(str))
    assert nested.loc[8, "diff_nested"] == pytest.approx(fit["estimate"])
    assert np.isfinite(nested["design_effect"]).all()
