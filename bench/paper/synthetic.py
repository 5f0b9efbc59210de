#!/usr/bin/python3
"""The synthetic teacher of PAPER.md section 4, seeded: x ~ N(0, I_20) (the network adds the bias),
y = sign(tanh(tanh(x W1) W2) W3) with Gaussian teacher weights of widths 20, 20, 1; n = 100 training
rows and 2000 test rows drawn from the same teacher. Writes <out>/synth<seed>_{train,test}.csv.
Usage: synthetic.py OUT_DIR SEED [SEED ...]"""
import os
import sys

import numpy as np


def teacher_data(rng, W, n):
    X = rng.standard_normal((n, W[0].shape[0]))
    y = np.sign(np.tanh(np.tanh(X @ W[0]) @ W[1]) @ W[2]).ravel()
    y[y == 0] = 1
    return X, y.astype(int)


def write(path, X, y):
    with open(path, "w") as f:
        f.write(",".join(f"x{i}" for i in range(X.shape[1])) + ",y\n")
        for row, label in zip(X, y):
            f.write(",".join(repr(float(v)) for v in row) + f",{label}\n")


def main():
    out, seeds = sys.argv[1], [int(s) for s in sys.argv[2:]]
    os.makedirs(out, exist_ok=True)
    d, width, n_train, n_test = 20, 20, 100, 2000
    for seed in seeds:
        rng = np.random.default_rng(seed)
        W = [rng.standard_normal((d, width)), rng.standard_normal((width, width)), rng.standard_normal((width, 1))]
        write(f"{out}/synth{seed}_train.csv", *teacher_data(rng, W, n_train))
        write(f"{out}/synth{seed}_test.csv", *teacher_data(rng, W, n_test))


if __name__ == "__main__":
    main()
