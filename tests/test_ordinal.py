"""tuffkit.ordinal.fit_ordered_logit against R's ordinal::clm (see tests/fixtures/ordinal/README.md)."""

from __future__ import annotations

import json
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tuffkit.ordinal import OrderedFit, fit_ordered_logit

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ordinal"
REFERENCE = json.loads((FIXTURES / "reference.json").read_text(encoding="utf-8"))
ATOL = 1e-6


def _wine() -> tuple[np.ndarray, np.ndarray]:
    d = pd.read_csv(FIXTURES / "wine.csv", dtype={"temp": str, "contact": str})
    y = d["rating"].to_numpy() - 1
    X = np.column_stack([(d["temp"] == "warm"), (d["contact"] == "yes")]).astype(float)  # tempwarm, contactyes
    return y, X


def _simulated() -> tuple[np.ndarray, np.ndarray]:
    d = pd.read_csv(FIXTURES / "simulated.csv", dtype={"g2": str, "g3": str})
    y = d["y"].to_numpy() - 1
    # treatment contrasts as in R: g2b, g3mid, g3hi (reference levels a and lo), x
    X = np.column_stack([d["g2"] == "b", d["g3"] == "mid", d["g3"] == "hi", d["x"]]).astype(float)
    return y, X


DATA = {"wine": _wine, "simulated": _simulated}


@pytest.fixture(scope="module", params=list(DATA))
def case(request: pytest.FixtureRequest) -> tuple[dict, np.ndarray, np.ndarray, OrderedFit]:
    y, X = DATA[request.param]()
    return REFERENCE[request.param], y, X, fit_ordered_logit(y, X)


def test_reference_is_a_clean_clm_fit() -> None:
    for name in DATA:
        ref = REFERENCE[name]
        assert ref["convergence_code"] == 0
        assert ref["max_abs_gradient"] < 1e-10


def test_estimates_match_clm(case) -> None:
    ref, y, X, fit = case
    assert fit.converged
    assert fit.max_grad < 1e-10
    assert len(y) == ref["n"]
    np.testing.assert_allclose(fit.thresholds, list(ref["thresholds"].values()), rtol=0, atol=ATOL)
    np.testing.assert_allclose(fit.coef, list(ref["coefficients"].values()), rtol=0, atol=ATOL)


def test_standard_errors_and_covariance_match_clm(case) -> None:
    ref, _y, _X, fit = case
    np.testing.assert_allclose(fit.se_thresholds, list(ref["se_thresholds"].values()), rtol=0, atol=ATOL)
    np.testing.assert_allclose(fit.se_coef, list(ref["se_coefficients"].values()), rtol=0, atol=ATOL)
    np.testing.assert_allclose(fit.cov, np.array(ref["vcov"]), rtol=0, atol=ATOL)
    np.testing.assert_allclose(np.sqrt(np.diag(fit.cov)), np.r_[fit.se_thresholds, fit.se_coef], rtol=1e-12)


def test_loglik_matches_clm(case) -> None:
    ref, _y, _X, fit = case
    assert fit.loglik == pytest.approx(ref["loglik"], abs=1e-8)


def test_published_wine_values() -> None:
    """The clm help page's wine example, to the 4 decimals it prints."""
    fit = fit_ordered_logit(*_wine())
    np.testing.assert_allclose(fit.coef, [2.5031, 1.5278], atol=5e-5)
    np.testing.assert_allclose(fit.thresholds, [-1.3444, 1.2508, 3.4669, 5.0064], atol=5e-5)


_WINE_Y, _WINE_X = _wine()
_WINE_FIT = fit_ordered_logit(_WINE_Y, _WINE_X)


@settings(max_examples=25, deadline=None)
@given(order=st.permutations(range(len(_WINE_Y))))
def test_row_order_does_not_change_the_fit(order: list[int]) -> None:
    fit = fit_ordered_logit(_WINE_Y[order], _WINE_X[order])
    assert fit.converged
    np.testing.assert_allclose(fit.thresholds, _WINE_FIT.thresholds, rtol=0, atol=1e-10)
    np.testing.assert_allclose(fit.coef, _WINE_FIT.coef, rtol=0, atol=1e-10)
    np.testing.assert_allclose(fit.cov, _WINE_FIT.cov, rtol=0, atol=1e-10)
    assert fit.loglik == pytest.approx(_WINE_FIT.loglik, abs=1e-10)


def test_start_from_statsmodels_bfgs_reaches_the_same_maximum() -> None:
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    y, X = _wine()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = OrderedModel(y, X, distr="logit")
        res = model.fit(method="bfgs", disp=False, maxiter=2000)
    p = X.shape[1]
    start = np.r_[model.transform_threshold_params(res.params)[1:-1], res.params[:p]]
    fit = fit_ordered_logit(y, X, start=start)
    assert fit.converged and fit.n_iter <= 5
    np.testing.assert_allclose(fit.coef, _WINE_FIT.coef, rtol=0, atol=1e-10)
    np.testing.assert_allclose(fit.thresholds, _WINE_FIT.thresholds, rtol=0, atol=1e-10)


def test_unordered_start_falls_back_to_the_default() -> None:
    fit = fit_ordered_logit(_WINE_Y, _WINE_X, start=np.array([3.0, 1.0, 2.0, 0.0, 0.0, 0.0]))
    assert fit.converged
    np.testing.assert_allclose(fit.coef, _WINE_FIT.coef, rtol=0, atol=1e-10)


def test_no_covariates_gives_the_marginal_cumulative_logits() -> None:
    y = np.repeat([0, 1, 2, 3], [5, 11, 7, 3])
    fit = fit_ordered_logit(y, np.empty((len(y), 0)))
    cum = np.cumsum([5, 11, 7, 3])[:-1] / len(y)
    assert fit.converged and fit.coef.shape == (0,)
    np.testing.assert_allclose(fit.thresholds, np.log(cum / (1 - cum)), atol=1e-12)


def test_two_levels_is_logistic_regression() -> None:
    import statsmodels.api as sm

    rng = np.random.default_rng(7)
    X = rng.normal(size=(150, 2))
    y = (X @ [1.0, -0.5] + rng.logistic(size=150) > 0.3).astype(int)
    fit = fit_ordered_logit(y, X)
    logit = sm.Logit(y, sm.add_constant(X)).fit(disp=0, method="newton", tol=1e-12)
    # P(Y <= 0) = F(theta - x'beta), so the logit intercept is -theta
    np.testing.assert_allclose(np.r_[-fit.thresholds, fit.coef], logit.params, atol=1e-8)
    np.testing.assert_allclose(np.r_[fit.se_thresholds, fit.se_coef], logit.bse, atol=1e-8)


@pytest.mark.parametrize(
    "y",
    [
        pytest.param(np.r_[np.repeat([0, 1], 10), np.full(20, 2)], id="complete"),
        pytest.param(np.r_[np.repeat([0, 1], 10), np.repeat([1, 2], 10)], id="quasi-complete"),
    ],
)
def test_separated_data_do_not_converge_and_stop_in_time(y: np.ndarray) -> None:
    X = np.r_[np.zeros(20), np.ones(20)][:, None]
    t0 = time.perf_counter()
    fit = fit_ordered_logit(y, X)
    assert time.perf_counter() - t0 < 2.0
    assert not fit.converged
    assert fit.n_iter <= 100
    assert fit.coef[0] > 10  # drifting towards +infinity


def test_max_iter_bounds_the_work() -> None:
    fit = fit_ordered_logit(_WINE_Y, _WINE_X, max_iter=1)
    assert fit.n_iter == 1 and not fit.converged


@pytest.mark.parametrize(
    ("y", "X"),
    [
        (np.array([0, 2, 2, 0]), np.zeros((4, 1))),  # level 1 missing
        (np.array([1, 2, 2, 1]), np.zeros((4, 1))),  # codes not from 0
        (np.array([0, 0, 0]), np.zeros((3, 1))),  # one level only
        (np.array([0, 1, 1]), np.zeros((4, 1))),  # length mismatch
        (np.array([0, 1, 1]), np.array([[0.0], [np.nan], [1.0]])),
        (np.array([0.5, 1, 0]), np.zeros((3, 1))),
    ],
)
def test_bad_input_raises(y: np.ndarray, X: np.ndarray) -> None:
    with pytest.raises(ValueError):
        fit_ordered_logit(y, X)


def test_fit_is_frozen() -> None:
    with pytest.raises(AttributeError):
        _WINE_FIT.converged = False  # type: ignore[misc]
