# scikit-learn's own conformance suite (check_estimator) on ThresholdNetworkClassifier, with a
# small dictionary so the suite's many fits stay quick; and the two-class decision rule.
import unittest
import warnings

import numpy as np
from sklearn.exceptions import SkipTestWarning
from sklearn.utils.estimator_checks import check_estimator

from heaviside import ThresholdNetworkClassifier


def run_checks(estimator):
    """Runs every check check_estimator yields; returns their names and the skip warnings."""
    names, skipped = [], []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for est, check in check_estimator(estimator, generate_only=True):
            names.append(getattr(check, "func", check).__name__)
            try:
                check(est)
            except unittest.SkipTest as e:  # check_estimator turns these into SkipTestWarnings
                skipped.append(str(e))
    skipped += [str(w.message) for w in caught if issubclass(w.category, SkipTestWarning)]
    return names, skipped


def test_check_estimator():
    names, skipped = run_checks(ThresholdNetworkClassifier(directions=300))
    assert len(names) >= 40
    for check in ("check_classifiers_train", "check_estimators_pickle", "check_classifiers_classes",
                  "check_supervised_y_2d", "check_estimators_nan_inf", "check_fit_idempotent"):
        assert check in names
    # no check is skipped, except the DataFrame check: pandas is not a dependency (python3-pandas)
    assert [s for s in skipped if not s.startswith("pandas is not installed")] == [], skipped


def test_check_estimator_sparse_dictionary_and_path():
    names, skipped = run_checks(ThresholdNetworkClassifier(dictionary="sparse", directions=200, max_neurons=8))
    assert len(names) >= 40
    assert [s for s in skipped if not s.startswith("pandas is not installed")] == [], skipped


def test_decision_function_agrees_with_predict_at_ties(cancer):
    X, y = cancer
    clf = ThresholdNetworkClassifier(max_neurons=3).fit(X, y)
    d = clf.decision_function(X)
    scores, _ = clf._model.run(X)
    # the value is the integer score + 0.5: a score of 0 (a tie) is class 1, as in the hardware
    np.testing.assert_array_equal(d, scores[:, 0] + 0.5)
    np.testing.assert_array_equal(clf.predict(X), clf.classes_[(d > 0).astype(int)])
