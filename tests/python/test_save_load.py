# Model files and pickling: save() writes the .hnet that load() (and the CLI) reads back into the
# same network, predictions unchanged; a fitted estimator pickles and unpickles whole.
import pickle

import numpy as np

import heaviside
from heaviside import ThresholdNetworkClassifier


def test_save_load_round_trip(cancer, tmp_path):
    X, y = cancer
    clf = ThresholdNetworkClassifier(max_neurons=5).fit(X, y)
    clf.save(tmp_path / "m.hnet")
    assert (tmp_path / "m.hnet").read_text() == clf.network_
    back = heaviside.load(tmp_path / "m.hnet")
    assert back.network_ == clf.network_
    assert back.n_neurons_ == clf.n_neurons_ and back.n_features_in_ == 30
    np.testing.assert_array_equal(back.classes_, clf.classes_)
    assert back.classes_.dtype.kind == "i"
    np.testing.assert_array_equal(back.predict(X), clf.predict(X))
    np.testing.assert_array_equal(back.decision_function(X), clf.decision_function(X))
    assert back.duality_gap_ is None and clf.duality_gap_ is not None


def test_numeric_text_classes_keep_their_order(tmp_path):
    # string labels that read as numbers: classes_ is in NumPy's (text) order, the network's in
    # numeric order; predict and decision_function map between them
    rng = np.random.default_rng(0)
    X = rng.normal(size=(120, 3))
    y = np.where(X[:, 0] + X[:, 1] > 0, "10", "9")
    clf = ThresholdNetworkClassifier(directions=300).fit(X, y)
    assert list(clf.classes_) == ["10", "9"]
    pred = clf.predict(X)
    assert np.mean(pred == y) > 0.9
    np.testing.assert_array_equal(pred, clf.classes_[(clf.decision_function(X) > 0).astype(int)])


def test_pickle_round_trip(iris):
    X, y = iris
    clf = ThresholdNetworkClassifier(max_neurons=3).fit(X, y)
    back = pickle.loads(pickle.dumps(clf))
    assert back.network_ == clf.network_
    np.testing.assert_array_equal(back.predict(X), clf.predict(X))


def test_rows_are_read_in_place(cancer):
    X, _ = cancer
    assert heaviside._core.row_view_address(X) == X.ctypes.data
    view = X[10:20]  # a C-contiguous slice: still the caller's memory
    assert heaviside._core.row_view_address(view) == view.ctypes.data
