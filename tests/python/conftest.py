# Shared fixtures of the Python package's tests (run by ctest: python/CMakeLists.txt sets
# PYTHONPATH to the built package, HV_BIN to the built CLI and HV_SOURCE_DIR to the source tree).
import os
import pathlib

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_iris


@pytest.fixture(scope="session")
def hv_bin():
    path = os.environ.get("HV_BIN")
    assert path and os.access(path, os.X_OK), "HV_BIN must name the built heaviside binary"
    return path


@pytest.fixture(scope="session")
def source_dir():
    return pathlib.Path(os.environ.get("HV_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))


@pytest.fixture(scope="session")
def cancer():
    """Breast cancer (569 x 30, 2 classes) as float64 C-contiguous rows and 0/1 labels."""
    X, y = load_breast_cancer(return_X_y=True)
    return np.ascontiguousarray(X, dtype=np.float64), y


@pytest.fixture(scope="session")
def iris():
    """Iris (150 x 4) with its species names as labels (3 classes)."""
    data = load_iris()
    return np.ascontiguousarray(data.data), data.target_names[data.target]


@pytest.fixture(scope="session")
def diabetes():
    """Diabetes (442 x 10, unscaled) with its real-valued disease progression as targets."""
    from sklearn.datasets import load_diabetes

    X, y = load_diabetes(return_X_y=True, scaled=False)
    return np.ascontiguousarray(X, dtype=np.float64), y.astype(np.float64)
