#!/usr/bin/python3
# scikit-learn's Lasso on the dictionary exported by bench_solver (run with /usr/bin/python3,
# which sees Debian's python3-sklearn). Objective mapping: sklearn minimizes
# (1/2n)||y - Hw - b||^2 + alpha ||w||_1, so alpha = beta / n gives the same minimizer.
# Protocol: tolerances from loose to tight; the first that reaches heaviside's certified objective
# within 1e-6 relative is timed (median of 3 fits). Prints one JSON line.
import json
import sys
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import Lasso

folder = sys.argv[1]
n, P, beta, ours = open(folder + "/meta.txt").read().split()
n, P, beta, ours = int(n), int(P), float(beta), float(ours)
H = np.fromfile(folder + "/H.u8", dtype=np.uint8).reshape(P, n).T.astype(np.float64, order="F")
y = np.fromfile(folder + "/y.f64", dtype=np.float64)
warnings.simplefilter("ignore", ConvergenceWarning)


def objective(w, b):
    r = y - H @ w - b
    return 0.5 * r @ r + beta * np.abs(w).sum()


result = None
for tol in [1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10]:
    times = []
    for _ in range(3):
        m = Lasso(alpha=beta / n, fit_intercept=True, tol=tol, max_iter=1000000, selection="cyclic")
        t0 = time.perf_counter()
        m.fit(H, y)
        times.append(time.perf_counter() - t0)
    obj = objective(m.coef_, m.intercept_)
    result = {"solver": "sklearn", "tol": tol, "time_median_s": sorted(times)[1], "objective": obj,
              "rel_subopt": (obj - ours) / ours}
    if obj <= ours * (1 + 1e-6):
        break
print(json.dumps(result))
