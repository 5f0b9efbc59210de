# %% [markdown]
# A heaviside regressor from Python, notebook style (each "# %%" is a cell; run the whole file with
# /usr/bin/python3 examples/python/regression.py [output-dir]). It trains a threshold network on
# the bundled diabetes data (examples/diabetes: 442 patients, 10 measurements, the disease
# progression a year later), prints its test RMSE and R^2 and its optimality certificate, emits
# Verilog and C whose integer score s predicts y = offset_ + step_ * s, and verifies both bit for
# bit against the reference interpreter. Needs the built package on PYTHONPATH (<build>/python).

# %%
import csv
import pathlib
import sys

import numpy as np
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_squared_error
from sklearn.model_selection import train_test_split

import heaviside

here = pathlib.Path(__file__).resolve().parent
out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "out/python-regression")

with open(here.parent / "diabetes" / "diabetes.csv", newline="") as f:
    rows = list(csv.reader(f))
X = np.array([[float(v) for v in r[:-1]] for r in rows[1:]])
y = np.array([float(r[-1]) for r in rows[1:]])
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0)
print(f"heaviside {heaviside.__version__}: {len(X_train)} training rows, {len(X_test)} test rows, "
      f"{X.shape[1]} features, target {rows[0][-1]!r} in [{y.min():g}, {y.max():g}]")

# %% Train: beta chosen on a validation part of the training rows (by validation R^2), at most
# 32 neurons; the output weights are 12-bit integers.
reg = heaviside.ThresholdNetworkRegressor(max_neurons=32, name="diabetes")
reg.fit(X_train, y_train)
rmse = mean_squared_error(y_test, reg.predict(X_test)) ** 0.5
print(f"network:     {reg.n_features_in_} inputs -> {reg.hidden_widths_} threshold neurons -> 1 integer score")
print(f"target:      y = {reg.offset_:.6g} + {reg.step_:.6g} * score")
print(f"certificate: duality gap {reg.duality_gap_:.3e}, {reg.relative_gap_:.3e} of P(0)")
linear = LinearRegression().fit(X_train, y_train)
print(f"test:        RMSE {rmse:.3f}, R^2 {reg.score(X_test, y_test):.4f} (the integer network; "
      f"predicting the mean: RMSE {np.std(y_test):.3f}; scikit-learn's float LinearRegression: RMSE "
      f"{mean_squared_error(y_test, linear.predict(X_test)) ** 0.5:.3f}, R^2 {linear.score(X_test, y_test):.4f})")

# %% Emit the hardware and the firmware, and keep the model file.
for path in reg.to_verilog(out / "rtl") + reg.to_c(out / "firmware"):
    print("wrote", path)
reg.save(out / "diabetes.hnet")

# %% Verify: Verilator runs the Verilog, the C compiler the firmware; every score must equal the
# reference's on the test rows and 10000 generated vectors.
result = reg.verify(X_test, random=10000)
for target in result["targets"]:
    print(f"verify: {target['target']:22s} {target['vectors']} vectors, {target['mismatches']} mismatches")
print("verify:", "PASS" if result["pass"] else "FAIL")
sys.exit(0 if result["pass"] else 1)
