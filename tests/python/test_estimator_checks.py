# scikit-learn's own conformance suite (check_estimator) on ThresholdNetworkClassifier, with a
# small dictionary so the suite's many fits stay quick; and the two-class decision rule.
import warnings

import numpy as np
from sklearn.exceptions import SkipTestWarning
from sklearn.utils.estimator_checks import check_estimator

from heaviside import ThresholdNetworkClassifier


def test_check_estimator():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        check_estimator(ThresholdNetworkClassifier(directions=300))
    skipped = [str(w.message) for w in caught if issubclass(w.category, SkipTestWarning)]
    assert skipped == [], skipped  # no check is skipped: every one that applies ran and passed


def test_check_estimator_other_methods():
    check_estimator(ThresholdNetworkClassifier(dictionary="sparse", directions=200, max_neurons=8))


def test_decision_function_agrees_with_predict_at_ties(cancer):
    X, y = cancer
    clf = ThresholdNetworkClassifier(max_neurons=3).fit(X, y)
    d = clf.decision_function(X)
    scores, _ = clf._model.run(X)
    # the value is the integer score + 0.5: a score of 0 (a tie) is class 1, as in the hardware
    np.testing.assert_array_equal(d, scores[:, 0] + 0.5)
    np.testing.assert_array_equal(clf.predict(X), clf.classes_[(d > 0).astype(int)])
