#!/usr/bin/python3
"""Measures the four ways prepare_c can store and sum hidden layer 0 (the layer reading q): dense
rows in a called loop, dense rows two terms per step (inlined), sparse (index, weight) lists and
signs (lists of inputs added and subtracted; weights -1, 0, 1). Builds seeded networks
n_in -> 24 -> 3 scores (n_in = 2 .. 64) whose layer-0 rows have a given number of nonzero weights
(all, 1/2, 1/4, 1/8 of n_in), 8-bit or ternary, compiles each with every --c-layer0 that applies
and measures layer 0 *in its context*: the whole predict, minus what predict costs besides layer 0
(measured once per network: predict minus layer 0 alone, with the dense method, whose dot product
is a function of its own). Inlined code depends on its surroundings, so layer 0 alone misjudges
the unrolled method. Targets: ATmega328P cycles (8-bit words, simavr, median over the vectors,
scores checked against the reference on every vector) and host instructions (32-bit words,
callgrind). Then it fits, per method and weight kind, cost per neuron = fixed + per_term * terms
per neuron (least squares; unrolled over n_in <= 4 only, where prepare_c considers it), prints
the fits and the raw table. The cost constants in compiler/backends/c/prepare_c.cpp come from
these fits (docs/FIRMWARE.md): ternary weights give 16-bit sums, so their fits are the base
constants; 8-bit weights give 17..24-bit sums here, their extra cost per term is per_acc_byte.
Usage: bench/firmware/layer0_costs.py [build-dir]   (about 8 minutes)"""
import os
import random
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402
import targets  # noqa: E402

N_OUT = 24
METHODS = ("dense", "unrolled", "sparse", "signs")
UNROLLED_MAX_INPUTS = 4  # kUnrolledMaxInputs in prepare_c.cpp


def hnet(n_in, nnz, ternary, seed):
    rng = random.Random(seed)
    lines = ["heaviside-model 1", "name l0", 'label "y"', 'classes "a" "b" "c"', "input_bits 8", "score_scale 1",
             "inputs %d" % n_in] + ['  input "x%d" lo 0 step 1' % i for i in range(n_in)]
    lines.append("layer threshold %d %d" % (n_in, N_OUT))
    for j in range(N_OUT):
        w = [0] * n_in
        for i in rng.sample(range(n_in), nnz):
            w[i] = rng.choice((-1, 1)) if ternary else rng.choice((-1, 1)) * rng.randint(1, 127)
        b = -sum(w) * 255 // 2 + rng.randint(-20, 20)
        lines.append("  neuron %d bias %d weights %s" % (j, b, " ".join(map(str, w))))
    lines.append("layer output %d 3" % N_OUT)
    for c in range(3):
        lines.append("  neuron %d bias %d weights %s" % (c, rng.randint(-50, 50),
                                                        " ".join(str(rng.randint(-100, 100)) for _ in range(N_OUT))))
    return "\n".join(lines + ["end"]) + "\n"


def glue(d, c_file, vectors, word_bits, alone):
    """bench_glue.h for driver.c. Predict: the model's header, its .c is built on its own as in
    bench.py (so layer 0 is inlined into predict as usual). Alone: the .c is included and layer 0
    is called by bench_layer0."""
    n_in = len(vectors[0][0])
    rows = ",\n".join("    {" + ", ".join(map(str, v[0])) + "}" for v in vectors)
    text = ["#define MODEL_INPUT_T uint8_t", "#define MODEL_N_IN %d" % n_in, "#define MODEL_SCORE_T int16_t",
            "#define MODEL_N_SCORES 3", "#define N_Q %d" % len(vectors), "#define MODEL_SCORES(q, s) l0_scores(q, s)",
            "static BENCH_ROM uint8_t vec_q[N_Q][MODEL_N_IN] = {\n%s\n};" % rows]
    if alone:
        text = ['#include "%s"' % c_file,
                "#ifdef __AVR__", "#define BENCH_NOINLINE __attribute__((noinline))", "#else",
                "#define BENCH_NOINLINE __attribute__((noinline, used))", "#endif",
                "static uint%d_t bench_act[%d];" % (word_bits, (N_OUT + word_bits - 1) // word_bits),
                "BENCH_NOINLINE int bench_layer0(const uint8_t *q);",
                "BENCH_NOINLINE int bench_layer0(const uint8_t *q) { l0_layer0(q, bench_act); return bench_act[0]; }",
                "#define MODEL_PREDICT(q) bench_layer0(q)"] + text
    else:
        text = ['#include "l0.h"', "#define MODEL_PREDICT(q) l0_predict(q)"] + text
    open(os.path.join(d, "bench_glue.h"), "w").write("\n".join(text) + "\n")


def measure(build, work, tag, method, vectors, model, alone):
    """AVR cycles and host instructions of predict (or of layer 0 alone) with --c-layer0 method."""
    d = os.path.join(work, "%s_%s_%d" % (tag, method, alone))
    os.makedirs(d)
    res = {}
    for wb in (8, 32):
        bench.heaviside(build, "compile", model, "--target", "c", "--c-word-bits", str(wb), "--c-layer0", method,
                        "-o", os.path.join(d, "w%d" % wb))
        c_file = os.path.join(d, "w%d" % wb, "l0.c")
        glue(d, c_file, vectors, wb, alone)
        sources = [] if alone else [c_file]
        if wb == 8:
            elf = os.path.join(d, "avr.elf")
            targets.sh(["avr-gcc", "-mmcu=atmega328p", *targets.C_FLAGS, "-DL0_ROM=__flash",
                        "-I", d, "-I", os.path.dirname(c_file), os.path.join(targets.HERE, "driver.c"), *sources,
                        "-o", elf])
            times, data = targets.parse_records(targets.sh([targets.simavr_runner(work), elf]))
            times = [t - times[0] for t in times[1:]]
            # the class is checked when predict is timed; layer 0 alone returns its first word instead
            bench.check_avr(data, vectors if not alone else [(q, targets.decode(r)[0], s)
                                                            for r, (q, _, s) in zip(data, vectors)], d)
            res["avr"] = statistics.median(times)
        else:
            function = "bench_layer0" if alone else "l0_predict"
            res["host"], _ = targets.host_instr(d, sources, function, "host")
    return res


def fit(points):
    """Least squares y = a + b x over (x, y) points."""
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    b = sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else 0.0
    return my - b * mx, b


def main():
    build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(bench.ROOT, "build"))
    rows, points = [], {}
    with tempfile.TemporaryDirectory() as work:
        for ternary in (False, True):
            for n_in in (2, 4, 8, 16, 32, 64):
                for nnz in sorted({n_in, max(1, n_in // 2), max(1, n_in // 4), max(1, n_in // 8)}, reverse=True):
                    tag = "%d_%d_%d" % (n_in, nnz, ternary)
                    model = os.path.join(work, "l0_%s.hnet" % tag)
                    open(model, "w").write(hnet(n_in, nnz, ternary, seed=n_in * 100 + nnz))
                    v = os.path.join(work, "v_" + tag)
                    verify = bench.heaviside(build, "verify", model, "--target", "c", "--random", "100", "--work", v)
                    if "PASS" not in verify:
                        raise RuntimeError(verify)
                    vectors = bench.read_vectors(os.path.join(v, "vectors.txt"), n_in, 3, 40)
                    # what predict costs besides layer 0 (dense: its dot product is out of line)
                    total = measure(build, work, tag, "dense", vectors, model, False)
                    alone = measure(build, work, tag, "dense", vectors, model, True)
                    rest = {t: total[t] - alone[t] for t in ("avr", "host")}
                    row = [n_in, nnz, "ternary" if ternary else "8-bit"]
                    for method in METHODS:
                        if method == "signs" and not ternary:
                            row.append(None)
                            continue
                        r = total if method == "dense" else measure(build, work, tag, method, vectors, model, False)
                        r = {t: r[t] - rest[t] for t in ("avr", "host")}
                        row.append(r)
                        terms = n_in if method in ("dense", "unrolled") else nnz
                        if method == "unrolled" and n_in > UNROLLED_MAX_INPUTS:
                            continue
                        for target in ("avr", "host"):
                            points.setdefault((method, ternary, target), []).append((terms, r[target] / N_OUT))
                    rows.append(row)
                    print("measured n_in %d, %d nonzero, %s" % tuple(row[:3]), file=sys.stderr)
    print("Layer 0 per neuron = fixed + per_term * terms (n_in for dense and unrolled, nonzeros for sparse and signs):\n")
    print("| method | weights | AVR cycles fixed / per term | host instr. fixed / per term |")
    print("|---|---|---|---|")
    for method in METHODS:
        for ternary in (False, True):
            if (method, ternary, "avr") not in points:
                continue
            a = fit(points[(method, ternary, "avr")])
            h = fit(points[(method, ternary, "host")])
            print("| %s | %s | %.1f / %.1f | %.1f / %.1f |" % (method, "ternary" if ternary else "8-bit", a[0], a[1], h[0],
                                                              h[1]))
    print("\nLayer 0 in context (24 neurons), AVR cycles / host instructions:\n")
    print("| n_in | nonzeros per neuron | weights | dense | unrolled | sparse | signs |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        cells = ["%d / %.0f" % (r["avr"], r["host"]) if r else "" for r in row[3:]]
        print("| %d | %d | %s | %s |" % (row[0], row[1], row[2], " | ".join(cells)))


if __name__ == "__main__":
    main()
