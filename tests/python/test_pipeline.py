# The estimator inside scikit-learn's model selection: a Pipeline (scaling, then the network)
# tuned by GridSearchCV over heaviside parameters, refit, and scored on held-out rows.
import numpy as np
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from heaviside import ThresholdNetworkClassifier


def test_pipeline_grid_search(cancer):
    X, y = cancer
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0, stratify=y)
    pipe = Pipeline([("scale", StandardScaler()), ("net", ThresholdNetworkClassifier(directions=500))])
    grid = GridSearchCV(pipe, {"net__max_neurons": [1, 6], "net__weight_bits": [4, 8]}, cv=3)
    grid.fit(X_train, y_train)
    assert set(grid.best_params_) == {"net__max_neurons", "net__weight_bits"}
    assert len(grid.cv_results_["mean_test_score"]) == 4
    net = grid.best_estimator_.named_steps["net"]
    assert net.n_neurons_ <= grid.best_params_["net__max_neurons"]
    assert net.relative_gap_ is not None and net.relative_gap_ <= 1e-6 * 1.0001
    assert grid.score(X_test, y_test) > 0.9
    assert set(np.unique(grid.predict(X_test))) <= {0, 1}


def test_params_round_trip():
    clf = ThresholdNetworkClassifier(max_neurons=5, dictionary="sparse", fan_in=3)
    params = clf.get_params()
    assert params["max_neurons"] == 5 and params["dictionary"] == "sparse" and params["fan_in"] == 3
    assert params["method"] == "lasso" and params["seed"] == 1
    clf.set_params(max_neurons=9, weight_bits=6)
    assert clf.max_neurons == 9 and clf.weight_bits == 6
