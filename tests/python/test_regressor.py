# ThresholdNetworkRegressor (issue 14): scikit-learn's check_estimator, predict = offset_ +
# step_ * the integer score, score = R^2, the certificate, Pipeline + GridSearchCV, the C and the
# Verilog verified from Python with 0 mismatches, save/load, and the CLI's
# `heaviside train --task regression` equal to the estimator bit for bit.
import subprocess

import numpy as np
import pytest
from sklearn.metrics import r2_score
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import heaviside
from heaviside import HeavisideError, ThresholdNetworkClassifier, ThresholdNetworkRegressor
from test_cli_equality import network_lines
from test_estimator_checks import run_checks


def test_check_estimator():
    names, skipped = run_checks(ThresholdNetworkRegressor(directions=200))
    assert len(names) >= 35
    for check in ("check_regressors_train", "check_regressor_data_not_an_array", "check_estimators_pickle",
                  "check_regressors_int", "check_fit_idempotent", "check_estimators_nan_inf"):
        assert check in names
    # no check is skipped, except the DataFrame check: pandas is not a dependency (python3-pandas)
    assert [s for s in skipped if not s.startswith("pandas is not installed")] == [], skipped


def test_predict_is_offset_plus_step_times_the_integer_score(diabetes):
    X, y = diabetes
    reg = ThresholdNetworkRegressor(max_neurons=10, directions=300).fit(X, y)
    scores = reg.integer_scores(X)
    assert scores.dtype == np.int64
    pred = reg.predict(X)
    assert pred.dtype == np.float64
    np.testing.assert_array_equal(pred, reg.offset_ + reg.step_ * scores.astype(np.float64))
    assert reg.score(X, y) == pytest.approx(r2_score(y, pred))
    assert reg.score(X, y) > 0.4
    assert 0 < reg.n_neurons_ <= 10
    assert reg.duality_gap_ >= 0 and reg.relative_gap_ <= 1e-5
    result = reg.result_["regression"]
    assert result["integer"]["train"]["r2"] == pytest.approx(reg.score(X, y))
    assert result["max_quantization_error"] <= result["quantization_bound"]
    assert "RMSE" in reg.summary_


def test_pipeline_and_grid_search(diabetes):
    X, y = diabetes
    pipe = make_pipeline(StandardScaler(), ThresholdNetworkRegressor(directions=200))
    grid = GridSearchCV(pipe, {"thresholdnetworkregressor__max_neurons": [3, 8]}, cv=3).fit(X, y)
    assert grid.best_params_["thresholdnetworkregressor__max_neurons"] in (3, 8)
    assert grid.score(X, y) > 0.3


def test_verilog_and_c_verify_with_no_mismatch(diabetes, tmp_path):
    X, y = diabetes
    reg = ThresholdNetworkRegressor(max_neurons=6, directions=200, name="diab").fit(X, y)
    written = reg.to_verilog(tmp_path / "v") + reg.to_c(tmp_path / "c")
    assert {p.split("/")[-1] for p in written} >= {"diab.v", "diab.h", "diab.c"}
    result = reg.verify(X[:100], random=300)
    assert result["pass"]
    assert set(result["mismatches"].values()) == {0}
    assert len(result["mismatches"]) == 2


def test_save_load(diabetes, tmp_path):
    X, y = diabetes
    reg = ThresholdNetworkRegressor(max_neurons=5, directions=200).fit(X, y)
    reg.save(tmp_path / "m.hnet")
    loaded = heaviside.load(tmp_path / "m.hnet")
    assert isinstance(loaded, ThresholdNetworkRegressor)
    assert loaded.network_ == reg.network_
    assert (loaded.offset_, loaded.step_) == (reg.offset_, reg.step_)
    np.testing.assert_array_equal(loaded.predict(X), reg.predict(X))
    assert loaded.duality_gap_ is None
    with pytest.raises(ValueError, match="holds a regressor"):
        ThresholdNetworkClassifier.load(tmp_path / "m.hnet")


def test_errors(diabetes):
    X, y = diabetes
    with pytest.raises(HeavisideError, match="a regressor is trained by the lasso method"):
        ThresholdNetworkRegressor(method="shattered").fit(X, y)
    with pytest.raises(HeavisideError, match="a regressor is trained with the squared loss"):
        ThresholdNetworkRegressor(loss="logistic").fit(X, y)
    with pytest.raises(HeavisideError, match="on every training row; a regressor needs targets that vary"):
        ThresholdNetworkRegressor().fit(X, np.full(len(y), 3.0))


@pytest.mark.parametrize("args,params", [
    (["--max-neurons", "6", "--seed", "3"], dict(max_neurons=6, seed=3)),
    (["--beta-rel", "0.02", "--output-bits", "8", "--directions", "300"], dict(beta_rel=0.02, output_bits=8, directions=300)),
])
def test_python_equals_cli(hv_bin, tmp_path, diabetes, args, params):
    X, y = diabetes
    reg = ThresholdNetworkRegressor(**params).fit(X, y)
    data, out = tmp_path / "data.csv", tmp_path / "model.hnet"
    with open(data, "w") as f:
        f.write(",".join([f"x{i}" for i in range(X.shape[1])] + ["y"]) + "\n")
        for row, target in zip(X, y):
            f.write(",".join(repr(float(v)) for v in row) + "," + repr(float(target)) + "\n")
    run = subprocess.run([hv_bin, "train", str(data), "-o", str(out), "--name", "model", "--test-fraction", "0",
                          "--task", "regression", *args], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "regression of 'y'" in run.stdout
    assert network_lines(reg.network_) == network_lines(out.read_text())
    # and `heaviside predict` prints the same y values as predict()
    run = subprocess.run([hv_bin, "predict", str(out), str(data)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    cli_pred = np.array([float(l.split(",")[1]) for l in run.stdout.splitlines()[1:]])
    np.testing.assert_allclose(cli_pred, reg.predict(X), rtol=1e-8)
