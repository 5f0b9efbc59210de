# heaviside: threshold networks trained to a certified optimum, lowered to Verilog and C and
# verified bit for bit, from Python. ThresholdNetworkClassifier is the scikit-learn estimator;
# load() reads a model file (.hnet) that `heaviside train` or save() wrote. The work is done by
# the C++ library through heaviside._core (pybind11).
from ._core import HeavisideError, __version__
from .classifier import ThresholdNetworkClassifier


def load(path):
    """A fitted ThresholdNetworkClassifier from a model file (.hnet)."""
    return ThresholdNetworkClassifier.load(path)


__all__ = ["ThresholdNetworkClassifier", "HeavisideError", "load", "__version__"]
