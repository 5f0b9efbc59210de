#!/usr/bin/python3
# scikit-learn's MultiTaskLasso on the multi-class problem exported by bench_multiclass (run with
# /usr/bin/python3, which sees Debian's python3-sklearn; the benchmark command unsets
# OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE so that numpy's OpenBLAS picks its own kernels).
# Objective mapping: MultiTaskLasso minimizes (1/2n)||Y - HW - 1b||_F^2 + alpha sum_j ||W_j||_2,
# so alpha = beta / n gives heaviside's minimizer. Protocol: tolerances from loose to tight; the
# first that reaches heaviside's certified objective within 1e-6 relative is timed (one fit each;
# the sizes here take seconds to minutes per fit). A fit still short of it after `budget` seconds
# in all is reported as not reached. Prints one JSON line, with the BLAS threadpoolctl reports.
import json
import sys
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import MultiTaskLasso

folder = sys.argv[1]
budget = float(sys.argv[2]) if len(sys.argv) > 2 else 300.0
n, P, K, beta, ours = open(folder + "/meta.txt").read().split()
n, P, K, beta, ours = int(n), int(P), int(K), float(beta), float(ours)
H = np.fromfile(folder + "/H.u8", dtype=np.uint8).reshape(P, n).T.astype(np.float64, order="F")
Y = np.fromfile(folder + "/Y.f64", dtype=np.float64).reshape(n, K)
warnings.simplefilter("ignore", ConvergenceWarning)
try:
    from threadpoolctl import threadpool_info
    blas = sorted({"%s %s" % (i.get("internal_api"), i.get("version")) for i in threadpool_info()})
except ImportError:
    blas = ["threadpoolctl missing"]


def objective(W, b):
    R = Y - H @ W - b
    return 0.5 * (R * R).sum() + beta * np.sqrt((W * W).sum(axis=1)).sum()


result, spent = None, 0.0
for tol in [1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10]:
    m = MultiTaskLasso(alpha=beta / n, fit_intercept=True, tol=tol, max_iter=1000000)
    t0 = time.perf_counter()
    m.fit(H, Y)
    t = time.perf_counter() - t0
    spent += t
    obj = objective(m.coef_.T, m.intercept_)
    result = {"solver": "sklearn MultiTaskLasso", "tol": tol, "time_s": t, "objective": obj,
              "rel_subopt": (obj - ours) / ours, "blas": blas}
    if obj <= ours * (1 + 1e-6) or spent > budget:
        break
print(json.dumps(result))
