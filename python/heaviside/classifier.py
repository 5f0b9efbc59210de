# ThresholdNetworkClassifier: heaviside's trainer as a scikit-learn classifier. fit() trains a
# threshold network by the convex program (or an ste-* baseline) through the library flow API
# (heaviside._core), with the parameters of `heaviside train` (--max-neurons -> max_neurons);
# predict() and decision_function() run the integer reference interpreter, the definition the
# generated Verilog and C are verified against; to_verilog/to_c/verify/report/save reach the
# rest of the flow (estimator.py, shared with ThresholdNetworkRegressor).
import os

import numpy as np
from sklearn.base import ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets

from . import _core
from .estimator import ThresholdNetworkEstimator


def _label_texts(classes):
    """The text of each class as the trainer (and a CSV file) sees it."""
    if classes.dtype.kind in "iub":
        texts = [str(int(c)) for c in classes]
    elif classes.dtype.kind == "f":
        texts = [repr(float(c)) for c in classes]
    else:
        texts = [str(c) for c in classes]
    if len(set(texts)) != len(texts):
        raise ValueError("two classes of y have the same text; heaviside names classes by their text")
    return texts


class ThresholdNetworkClassifier(ClassifierMixin, ThresholdNetworkEstimator):
    """A threshold network trained to a certified optimum (heaviside train), as a classifier.

    Parameters are `heaviside train`'s options ('--max-neurons' -> max_neurons); None takes the
    method's default. The convex methods (lasso, shattered, deep-lasso) certify the network by a
    duality gap (duality_gap_, relative_gap_); the ste-* baselines have no certificate (None).

    Fitted attributes: classes_, n_features_in_, network_ (the .hnet text), n_neurons_,
    hidden_widths_, duality_gap_, relative_gap_ (the gap over P(0), the loss with no neurons: the
    solver's tolerance measure), path_ (the beta path, when max_neurons or path is given),
    result_ (the training result as `heaviside train --json` writes it), summary_ (its text).

    decision_function returns the network's integer scores: for two classes, score + 0.5 (the
    network picks classes_[1] exactly when its score is >= 0, so the value is positive exactly
    then); for more, one column per class of classes_.
    """

    _TASK = "classification"

    def fit(self, X, y):
        """Train on the rows X (n_samples, n_features) and their classes y; every row trains."""
        self._settings()
        X, y = self._validate_data(X, y, dtype=np.float64, order="C")
        check_classification_targets(y)
        classes, y_index = np.unique(y, return_inverse=True)
        if len(classes) < 2:
            raise ValueError(f"heaviside needs at least 2 classes; only one class is present in y ({classes[0]!r})")
        texts = _label_texts(classes)
        self._train(X, [texts[i] for i in y_index], classes=classes, texts=texts)
        return self

    def _set_model(self, model, classes, texts):
        super()._set_model(model)
        self.classes_ = classes
        position = {t: i for i, t in enumerate(texts)}
        # the network's class i is classes_[_to_classes[i]]
        self._to_classes = np.array([position[t] for t in model.classes], dtype=np.intp)

    def predict(self, X):
        """The class the integer network (and so its Verilog and C) assigns to each row."""
        _, cls = self._run(X)
        return self.classes_[self._to_classes[cls]]

    def decision_function(self, X):
        """The network's integer scores (see the class docstring for the two-class offset)."""
        scores, _ = self._run(X)
        if len(self.classes_) == 2:
            value = scores[:, 0].astype(np.float64) + 0.5
            return value if self._to_classes[1] == 1 else -value
        out = np.empty(scores.shape, dtype=np.float64)
        out[:, self._to_classes] = scores
        return out

    @classmethod
    def load(cls, path):
        """A fitted classifier from a model file (.hnet), e.g. one `heaviside train` wrote. Its
        classes are numbers when every class text is one, else strings; training facts (the
        certificate, the path) are not in the file and are None."""
        model = _core.Model.load(os.fspath(path))
        if model.task != "classification":
            raise ValueError(f"{os.fspath(path)!r} holds a regressor; load it with ThresholdNetworkRegressor.load")
        texts = list(model.classes)
        classes = None
        for kind in (int, float):
            try:
                values = [kind(t) for t in texts]
            except ValueError:
                continue
            if [_label_texts(np.array([v]))[0] for v in values] == texts:
                classes = np.array(values)
                break
        if classes is None:
            classes = np.array(texts)
        order = np.argsort(classes, kind="stable")
        est = cls(name=model.name)
        est._set_model(model, classes[order], [texts[i] for i in order])
        est._set_unfitted_facts()
        return est
