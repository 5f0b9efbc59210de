# Bad input from Python is a clear exception, never a crash: shapes, NaN and infinity, unknown or
# out-of-range parameter values, options of the other family of methods, library errors (as
# heaviside.HeavisideError, a ValueError, with the library's located message), unfitted use.
import numpy as np
import pytest
from sklearn.exceptions import NotFittedError

import heaviside
from heaviside import HeavisideError, ThresholdNetworkClassifier


@pytest.fixture()
def data():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(60, 3))
    return X, (X[:, 0] > 0).astype(int)


def test_bad_shapes(data):
    X, y = data
    with pytest.raises(ValueError, match="Expected 2D array"):
        ThresholdNetworkClassifier().fit(X[:, 0], y)
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        ThresholdNetworkClassifier().fit(X, y[:-1])
    clf = ThresholdNetworkClassifier(directions=100).fit(X, y)
    with pytest.raises(ValueError, match="X has 2 features, but ThresholdNetworkClassifier is expecting 3"):
        clf.predict(X[:, :2])
    with pytest.raises(ValueError, match="Expected 2D array"):
        clf.predict(X[0])


def test_nan_and_infinity(data):
    X, y = data
    bad = X.copy()
    bad[4, 1] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        ThresholdNetworkClassifier().fit(bad, y)
    clf = ThresholdNetworkClassifier(directions=100).fit(X, y)
    bad[4, 1] = np.inf
    with pytest.raises(ValueError, match="infinity"):
        clf.predict(bad)
    with pytest.raises(ValueError, match="infinity"):
        clf.verify(bad, random=10)


def test_the_core_rejects_what_the_python_layer_would_have_converted():
    with pytest.raises(TypeError, match="float64"):
        heaviside._core.row_view_address(np.zeros((2, 2), dtype=np.float32))
    with pytest.raises(TypeError, match="C-contiguous"):
        heaviside._core.row_view_address(np.zeros((4, 4))[:, ::2])
    with pytest.raises(ValueError, match="row 1, column 0"):
        heaviside._core.row_view_address(np.array([[0.0, 1.0], [np.nan, 2.0]]))


@pytest.mark.parametrize("params,message", [
    (dict(method="newton"), "method='newton' is not one of: lasso, shattered, deep-lasso, ste-identity"),
    (dict(dictionary="dense"), "dictionary='dense' is not one of: gaussian, sparse, exact"),
    (dict(loss="hinge"), "loss='hinge' is not one of: squared, logistic"),
    (dict(max_neurons=0), r"max_neurons must be an integer in \[1, 1000000\], not 0"),
    (dict(max_neurons=2.5), r"max_neurons must be an integer in \[1, 1000000\], not 2.5"),
    (dict(weight_bits=64), r"weight_bits must be an integer in \[2, 32\], not 64"),
    (dict(beta=-1.0), "beta must be a positive number, not -1.0"),
    (dict(time_limit=float("nan")), "time_limit must be a positive number, not nan"),
    (dict(colgen="yes"), "colgen must be True or False, not 'yes'"),
    (dict(name="3d-net"), r"name='3d-net' is not an identifier"),
    (dict(method="ste-relu", max_neurons=4), "max_neurons does not apply to method='ste-relu' .*convex methods"),
    (dict(lr=0.1), "lr does not apply to method='lasso' .*ste-\\* methods"),
])
def test_parameter_values(data, params, message):
    X, y = data
    with pytest.raises(ValueError, match=message):
        ThresholdNetworkClassifier(**params).fit(X, y)


def test_unknown_parameter():
    with pytest.raises(ValueError, match="Invalid parameter 'max_neuron'"):
        ThresholdNetworkClassifier().set_params(max_neuron=3)
    with pytest.raises(TypeError):
        ThresholdNetworkClassifier(max_neuron=3)


def test_library_errors_are_heaviside_errors(data, tmp_path):
    X, _ = data
    y3 = np.digitize(X[:, 0], [-0.5, 0.5])
    with pytest.raises(HeavisideError, match="the logistic loss is for the lasso method only"):
        ThresholdNetworkClassifier(method="shattered", loss="logistic").fit(X, y3 > 0)
    assert issubclass(HeavisideError, ValueError)
    with pytest.raises(HeavisideError, match="missing.hnet"):
        heaviside.load(tmp_path / "missing.hnet")
    (tmp_path / "bad.hnet").write_text("heaviside-model 1\nname 3x\n")
    with pytest.raises(HeavisideError, match=r"bad\.hnet:2:\d+: error: "):
        heaviside.load(tmp_path / "bad.hnet")


def test_one_class_and_regression_targets(data):
    X, y = data
    with pytest.raises(ValueError, match="only one class is present"):
        ThresholdNetworkClassifier().fit(X, np.zeros(len(X), dtype=int))
    with pytest.raises(ValueError, match="Unknown label type"):
        ThresholdNetworkClassifier().fit(X, X[:, 0])


def test_unfitted(data):
    X, _ = data
    clf = ThresholdNetworkClassifier()
    for call in (lambda: clf.predict(X), lambda: clf.decision_function(X), lambda: clf.to_c("unused"),
                 lambda: clf.verify(X), lambda: clf.save("unused.hnet")):
        with pytest.raises(NotFittedError):
            call()


def test_verify_needs_vectors(data):
    X, y = data
    clf = ThresholdNetworkClassifier(directions=100).fit(X, y)
    with pytest.raises(ValueError, match="nothing to verify"):
        clf.verify(random=0)
    with pytest.raises(ValueError, match="is not one of: verilog, c, all"):
        clf.verify(X, random=0, target="vhdl")
