#!/usr/bin/python3
# Regenerates the CSV files under examples/ from the copies Debian's python3-sklearn ships
# (run with /usr/bin/python3, the interpreter that sees Debian's Python packages).
# Output is deterministic: same package version -> same bytes.
import csv
import os
import sys

from sklearn import datasets

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples")


def number(v):
    return repr(float(v)) if float(v) != int(v) else str(int(v))


def write(name, bunch, label, regression=False):
    folder = os.path.join(ROOT, name)
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, name + ".csv")
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(list(bunch.feature_names) + [label])
        for row, t in zip(bunch.data, bunch.target):
            w.writerow([number(v) for v in row] + [number(t) if regression else bunch.target_names[t]])
    print("wrote", path, len(bunch.data), "rows", file=sys.stderr)


write("breast_cancer", datasets.load_breast_cancer(), "diagnosis")
write("wine", datasets.load_wine(), "cultivar")
write("iris", datasets.load_iris(), "species")
# A regression dataset (`heaviside train --task regression`): the unscaled original values.
write("diabetes", datasets.load_diabetes(scaled=False), "progression", regression=True)
