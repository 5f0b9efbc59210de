# %% [markdown]
# heaviside from Python, notebook style (each "# %%" is a cell; run the whole file with
# /usr/bin/python3 examples/python/quickstart.py [output-dir]). It trains a threshold network on
# the bundled breast cancer data (examples/breast_cancer, read with the csv module: no pandas),
# prints its optimality certificate, emits Verilog and C, and verifies both bit for bit against
# the reference interpreter. Needs the built package on PYTHONPATH (<build>/python) or installed.

# %%
import csv
import pathlib
import sys

import numpy as np
from sklearn.model_selection import train_test_split

import heaviside

here = pathlib.Path(__file__).resolve().parent
out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "out/python-quickstart")

with open(here.parent / "breast_cancer" / "breast_cancer.csv", newline="") as f:
    rows = list(csv.reader(f))
header, rows = rows[0], rows[1:]
X = np.array([[float(v) for v in r[:-1]] for r in rows])  # float64, C-contiguous: read in place
y = np.array([r[-1] for r in rows])
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)
print(f"heaviside {heaviside.__version__}: {len(X_train)} training rows, {len(X_test)} test rows, "
      f"{X.shape[1]} features, classes {sorted(set(y))}")

# %% Train: the convex program along a beta path, keeping the last network with <= 8 neurons.
clf = heaviside.ThresholdNetworkClassifier(max_neurons=8, name="cancer")
clf.fit(X_train, y_train)
print(f"network:     {clf.n_features_in_} inputs -> {clf.hidden_widths_} threshold neurons -> classes {list(clf.classes_)}")
print(f"certificate: duality gap {clf.duality_gap_:.3e}, {clf.relative_gap_:.3e} of P(0) "
      f"(over {clf.result_['certificate']['over']})")
print(f"accuracy:    train {clf.score(X_train, y_train):.4f}, test {clf.score(X_test, y_test):.4f}")
for p in clf.path_:
    print(f"  path: beta {p['beta']:10.5g}  {p['neurons']:2d} neurons  train {p['train']:.4f}")

# %% Emit the hardware and the firmware, and keep the model file.
for path in clf.to_verilog(out / "rtl") + clf.to_c(out / "firmware"):
    print("wrote", path)
clf.save(out / "cancer.hnet")
print("wrote", out / "cancer.hnet")

# %% Verify: Verilator runs the Verilog, the C compiler the firmware, on the test rows and 10000
# generated vectors; each must equal the reference bit for bit.
result = clf.verify(X_test, random=10000)
for target in result["targets"]:
    print(f"verify: {target['target']:22s} {target['vectors']} vectors, {target['mismatches']} mismatches, "
          f"{target['seconds']:.2f} s")
print("verify:", "PASS" if result["pass"] else "FAIL")

# %% Reload the model file: the same predictions.
again = heaviside.load(out / "cancer.hnet")
print("reloaded model predicts the same:", bool((again.predict(X_test) == clf.predict(X_test)).all()))
sys.exit(0 if result["pass"] else 1)
