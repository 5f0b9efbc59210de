# ThresholdNetworkRegressor: heaviside's trainer as a scikit-learn regressor. fit() trains a
# two-layer threshold network on real-valued targets (`heaviside train --task regression`: the
# standardized targets, the same certified Lasso, ridge refit and output quantization as the
# classifier); the network's integer score s predicts y = offset_ + step_ * s. predict() runs the
# integer reference interpreter, the definition the generated Verilog and C are verified against,
# and maps its score to y; everything else (to_verilog, to_c, verify, report, save) is shared
# with ThresholdNetworkClassifier (estimator.py).
import os

import numpy as np
from sklearn.base import RegressorMixin

from . import _core
from .estimator import ThresholdNetworkEstimator


class ThresholdNetworkRegressor(RegressorMixin, ThresholdNetworkEstimator):
    """A threshold network trained to a certified optimum (heaviside train --task regression), as
    a regressor.

    Parameters are `heaviside train`'s options ('--max-neurons' -> max_neurons); None takes the
    default. A regressor is trained by the lasso method with the squared loss (other methods and
    losses are errors). Without beta or beta_rel, beta is chosen on a validation part of the
    training rows by validation R^2.

    Fitted attributes: n_features_in_, network_ (the .hnet text), n_neurons_, hidden_widths_,
    duality_gap_, relative_gap_ (the Lasso's certificate; gap over P(0)), path_, offset_ and
    step_ (y = offset_ + step_ * integer score), result_ (the training result as
    `heaviside train --json` writes it, with RMSE and R^2), summary_ (its text).

    predict returns offset_ + step_ * the network's integer score (floats); integer_scores
    returns the scores themselves, what the Verilog and the C compute.
    """

    _TASK = "regression"

    def fit(self, X, y):
        """Train on the rows X (n_samples, n_features) and their real-valued targets y."""
        self._settings()
        X, y = self._validate_data(X, y, dtype=np.float64, order="C", y_numeric=True)
        y = np.asarray(y, dtype=np.float64)
        if len(y) < 2:
            raise ValueError(f"a regressor needs at least 2 samples to train; got {len(y)} sample")
        if not np.all(np.isfinite(y)):
            raise ValueError("y holds a NaN or infinite value; a regressor needs finite targets")
        self._train(X, [repr(float(v)) for v in y])
        return self

    def _set_model(self, model):
        super()._set_model(model)
        _, self.offset_, self.step_ = model.targets[0]

    def integer_scores(self, X):
        """The network's integer score for each row (int64): exactly what its Verilog and C compute."""
        scores, _ = self._run(X)
        return scores[:, 0]

    def predict(self, X):
        """y = offset_ + step_ * the integer network's score, for each row."""
        scores = self.integer_scores(X)  # checks that the model is fitted first
        return self.offset_ + self.step_ * scores.astype(np.float64)

    @classmethod
    def load(cls, path):
        """A fitted regressor from a model file (.hnet) that `heaviside train --task regression` or
        save() wrote; training facts (the certificate, the path) are not in the file and are None."""
        model = _core.Model.load(os.fspath(path))
        if model.task != "regression":
            raise ValueError(f"{os.fspath(path)!r} holds a classifier; load it with ThresholdNetworkClassifier.load")
        est = cls(name=model.name)
        est._set_model(model)
        est._set_unfitted_facts()
        return est
