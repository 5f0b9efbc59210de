# The estimator code ThresholdNetworkClassifier and ThresholdNetworkRegressor share: the
# parameters of `heaviside train` (--max-neurons -> max_neurons) and their checks, the call into
# the library flow API (heaviside._core) that trains, the integer reference interpreter that
# predicts, and the rest of the flow (to_verilog, to_c, verify, report, save). Parameters are
# checked in fit (scikit-learn's convention), with clear ValueErrors; library errors arrive as
# heaviside.HeavisideError (a ValueError).
import json
import numbers
import os
import re
import tempfile

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from . import _core

_INT_MAX = 2**63 - 1

# name: (default, kind, lower, upper or choices, family). Families: None (every method), "convex"
# (lasso, shattered, deep-lasso), "ste" (the ste-* baselines). A family option that is set for a
# method of the other family is an error, as in the CLI. None as a default: the method's default.
_PARAMS = {
    "method": ("lasso", "choice", None, tuple(_core.method_names()), None),
    "depth": (None, "int", 2, 16, None),
    "width": (None, "int", 1, 1_000_000, None),
    "beta": (None, "float", 0.0, None, None),
    "time_limit": (None, "float", 0.0, None, None),
    "seed": (1, "int", 0, _INT_MAX, None),
    "input_bits": (8, "int", 1, 16, None),
    "weight_bits": (None, "int", 2, 32, None),
    "output_bits": (None, "int", 2, 32, None),
    "name": ("model", "name", None, None, None),
    "loss": (None, "choice", None, ("squared", "logistic"), "convex"),
    "beta_rel": (None, "float", 0.0, None, "convex"),
    "tol": (None, "float", 0.0, None, "convex"),
    "path": (None, "int", 1, 1000, "convex"),
    "max_neurons": (None, "int", 1, 1_000_000, "convex"),
    "max_luts": (None, "float", 0.0, None, "convex"),
    "refit": (None, "choice", None, ("auto", "ridge", "none"), "convex"),
    "colgen": (False, "bool", None, None, "convex"),
    "colgen_rounds": (None, "int", 1, 10000, "convex"),
    "colgen_candidates": (None, "int", 1, 10_000_000, "convex"),
    "dictionary": (None, "choice", None, ("gaussian", "sparse", "exact"), "convex"),
    "directions": (None, "int", 1, 10_000_000, "convex"),
    "fan_in": (None, "int", 1, 100000, "convex"),
    "cost": (None, "choice", None, ("uniform", "fan-in"), "convex"),
    "shatter": (None, "choice", None, ("sorted", "random"), "convex"),
    "realize": (None, "choice", None, ("pi", "svm"), "convex"),
    "iterations": (None, "int", 1, 100_000_000, "ste"),
    "lr": (None, "float", 0.0, None, "ste"),
    "patience": (None, "int", 0, 100_000_000, "ste"),
}


def _check_param(name, value):
    default, kind, lo, hi, _ = _PARAMS[name]
    if value is None and default is None:
        return None
    if kind == "choice":
        if not isinstance(value, str) or value not in hi:
            raise ValueError(f"{name}={value!r} is not one of: {', '.join(hi)}")
        return value
    if kind == "bool":
        if not isinstance(value, (bool, np.bool_)):
            raise ValueError(f"{name} must be True or False, not {value!r}")
        return bool(value)
    if kind == "name":
        if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", value):
            raise ValueError(f"name={value!r} is not an identifier ([A-Za-z_][A-Za-z0-9_]*)")
        return value
    if kind == "int":
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
            raise ValueError(f"{name} must be an integer in [{lo}, {hi}], not {value!r}")
        if not lo <= int(value) <= hi:
            raise ValueError(f"{name} must be an integer in [{lo}, {hi}], not {int(value)}")
        return int(value)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real) or not float(value) > lo \
            or not np.isfinite(float(value)):
        raise ValueError(f"{name} must be a positive number, not {value!r}")
    return float(value)


class ThresholdNetworkEstimator(BaseEstimator):
    """The shared part of the heaviside estimators (not an estimator by itself): parameters, the
    training call, the reference interpreter, and the flow after training. Subclasses set _TASK
    ("classification" or "regression") and turn the integer scores into their predictions."""

    _TASK = None

    def __init__(self, method="lasso", *, max_neurons=None, max_luts=None, refit=None, dictionary=None, directions=None, fan_in=None,
                 cost=None, loss=None, beta=None, beta_rel=None, tol=None, path=None, colgen=False,
                 colgen_rounds=None, colgen_candidates=None, depth=None, width=None, shatter=None, realize=None,
                 iterations=None, lr=None, patience=None, input_bits=8, weight_bits=None, output_bits=None,
                 time_limit=None, seed=1, name="model"):
        self.method = method
        self.max_neurons = max_neurons
        self.max_luts = max_luts
        self.refit = refit
        self.dictionary = dictionary
        self.directions = directions
        self.fan_in = fan_in
        self.cost = cost
        self.loss = loss
        self.beta = beta
        self.beta_rel = beta_rel
        self.tol = tol
        self.path = path
        self.colgen = colgen
        self.colgen_rounds = colgen_rounds
        self.colgen_candidates = colgen_candidates
        self.depth = depth
        self.width = width
        self.shatter = shatter
        self.realize = realize
        self.iterations = iterations
        self.lr = lr
        self.patience = patience
        self.input_bits = input_bits
        self.weight_bits = weight_bits
        self.output_bits = output_bits
        self.time_limit = time_limit
        self.seed = seed
        self.name = name

    # -- training ------------------------------------------------------------------------------

    def _settings(self):
        """The checked, set parameters as the library's training settings."""
        settings = {}
        for name in _PARAMS:
            value = _check_param(name, getattr(self, name))
            if value is not None:
                settings[name] = value
        ste = settings["method"].startswith("ste-")
        for name, value in settings.items():
            family = _PARAMS[name][4]
            if family is None or value == _PARAMS[name][0]:
                continue
            if (family == "ste") != ste:
                owner = "the ste-* methods" if family == "ste" else "the convex methods: lasso, shattered, deep-lasso"
                raise ValueError(f"{name} does not apply to method={settings['method']!r} (it is an option of {owner})")
        settings["task"] = self._TASK
        return settings

    def _train(self, X, labels, **model_args):
        """Train on the checked rows X and the label texts; sets the fitted attributes
        (model_args go to the subclass's _set_model)."""
        features = [f"x{i}" for i in range(X.shape[1])]
        model, result, summary = _core.train(X, labels, features, "y", self._settings())
        self._set_model(model, **model_args)
        self.result_ = json.loads(result)
        self.summary_ = summary
        cert = self.result_.get("certificate")
        self.duality_gap_ = cert["duality_gap"] if cert else None
        self.relative_gap_ = cert["gap_over_p0"] if cert else None
        self.path_ = self.result_.get("path", [])

    def _set_model(self, model):
        self._model = model
        self.network_ = model.text()
        self.hidden_widths_ = list(model.hidden_widths)
        self.n_neurons_ = int(sum(self.hidden_widths_))
        self.n_features_in_ = len(model.input_names)

    def _set_unfitted_facts(self):
        """A loaded model: training facts are not in the file."""
        self.result_ = None
        self.summary_ = None
        self.duality_gap_ = None
        self.relative_gap_ = None
        self.path_ = []

    # -- prediction ----------------------------------------------------------------------------

    def _run(self, X):
        check_is_fitted(self, "network_")
        X = self._validate_data(X, dtype=np.float64, order="C", reset=False)
        return self._model.run(X)

    # -- the rest of the flow ------------------------------------------------------------------

    @staticmethod
    def _options(pipeline_levels=0, scores=False, axis=False, skid=True, word_bits=32):
        return _core.CompileOptions(pipeline_levels=pipeline_levels, scores=scores, axis=axis, skid=skid,
                                    word_bits=word_bits)

    def to_verilog(self, directory, *, pipeline_levels=0, scores=False, axis=False, skid=True):
        """Write <name>.v into `directory`; returns the written paths."""
        check_is_fitted(self, "network_")
        opts = self._options(pipeline_levels, scores, axis, skid)
        return self._model.compile(os.fspath(directory), "verilog", opts)

    def to_c(self, directory, *, word_bits=32):
        """Write <name>.h and <name>.c into `directory`; returns the written paths."""
        check_is_fitted(self, "network_")
        return self._model.compile(os.fspath(directory), "c", self._options(word_bits=word_bits))

    def verify(self, X=None, *, random=10000, ties=256, seed=1, target="all", work=None, pipeline_levels=0,
               word_bits=32):
        """Check the generated Verilog (Verilator) and C bit for bit against the reference on the
        rows of X plus `random` generated vectors. Returns a dict: "mismatches" (target -> count),
        "pass", and the whole result as `heaviside verify --json` writes it."""
        check_is_fitted(self, "network_")
        if X is not None:
            X = self._validate_data(X, dtype=np.float64, order="C", reset=False)
        opts = self._options(pipeline_levels=pipeline_levels, word_bits=word_bits)
        with tempfile.TemporaryDirectory(prefix="heaviside-verify-") as tmp:
            result = json.loads(self._model.verify(X, random, ties, seed, target, os.fspath(work or tmp), opts))
        result["mismatches"] = {t["target"]: t["mismatches"] for t in result["targets"]}
        return result

    def report(self, *, work=None, device="hx8k", freq_mhz=100.0, place_and_route=True, pipeline_levels=0):
        """Synthesize the Verilog (Yosys) and place and route it (nextpnr-ice40): LUTs, flip-flops,
        Fmax, as `heaviside report --json` writes them."""
        check_is_fitted(self, "network_")
        opts = self._options(pipeline_levels=pipeline_levels)
        with tempfile.TemporaryDirectory(prefix="heaviside-report-") as tmp:
            return json.loads(self._model.report(os.fspath(work or tmp), device, float(freq_mhz), place_and_route, opts))

    def save(self, path):
        """Write the model file (.hnet), atomically."""
        check_is_fitted(self, "network_")
        self._model.save(os.fspath(path))

