# heaviside: threshold networks trained to a certified optimum, lowered to Verilog and C and
# verified bit for bit, from Python. ThresholdNetworkClassifier and ThresholdNetworkRegressor are
# the scikit-learn estimators; load() reads a model file (.hnet) that `heaviside train` or save()
# wrote. The work is done by the C++ library through heaviside._core (pybind11).
from ._core import HeavisideError, Model, __version__
from .classifier import ThresholdNetworkClassifier
from .regressor import ThresholdNetworkRegressor


def load(path):
    """A fitted ThresholdNetworkClassifier or ThresholdNetworkRegressor (by the model's task) from
    a model file (.hnet)."""
    import os

    task = Model.load(os.fspath(path)).task
    return (ThresholdNetworkRegressor if task == "regression" else ThresholdNetworkClassifier).load(path)


__all__ = ["ThresholdNetworkClassifier", "ThresholdNetworkRegressor", "HeavisideError", "load", "__version__"]
