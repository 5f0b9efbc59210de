#!/usr/bin/python3
"""Measures the two ways prepare_c can compute a layer with binary inputs: the walk over set bits
and the weight bit planes with popcounts. Builds seeded networks 8 -> 64 -> 64 -> 3 whose second
hidden layer has b-bit weights (b = 1, 2, 3, 4, 6, 8), compiles each with --c-dot walk and
--c-dot planes and prints, per b: ATmega328P cycles (8-bit words, simavr, median), host
instructions (32-bit words, callgrind) and Cortex-M0+ / M4 flash. The cost constants in
compiler/backends/c/prepare_c.cpp come from these figures (docs/FIRMWARE.md).
Usage: bench/firmware/dot_costs.py [build-dir]"""
import os
import random
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402
import targets  # noqa: E402


def layer(kind, rng, n_in, n_out, wmax, in_max):
    lines = ["layer %s %d %d" % (kind, n_in, n_out)]
    for j in range(n_out):
        w = [rng.randint(-wmax - 1, wmax) for _ in range(n_in)]
        b = -sum(w) * in_max // 2 + rng.randint(-wmax, wmax)
        lines.append("  neuron %d bias %d weights %s" % (j, b, " ".join(map(str, w))))
    return lines


def hnet(bits, seed=1):
    rng = random.Random(seed)
    lines = ["heaviside-model 1", "name dots", 'label "y"', 'classes "a" "b" "c"', "input_bits 8", "score_scale 1",
             "inputs 8"] + ['  input "x%d" lo 0 step 1' % i for i in range(8)]
    lines += layer("threshold", rng, 8, 64, 127, 255)
    lines += layer("threshold", rng, 64, 64, (1 << (bits - 1)) - 1 if bits > 1 else 0, 1)
    lines += layer("output", rng, 64, 3, 1000, 1)
    return "\n".join(lines + ["end"]) + "\n"


def measure(build, work, bits, dot):
    d = os.path.join(work, "%d_%s" % (bits, dot))
    os.makedirs(d)
    model = os.path.join(d, "dots.hnet")
    open(model, "w").write(hnet(bits))
    res = {}
    verify = bench.heaviside(build, "verify", model, "--target", "c", "--random", "200", "--work", os.path.join(d, "v"))
    vectors = bench.read_vectors(os.path.join(d, "v", "vectors.txt"), 8, 3, 50)
    for wb in (8, 32):
        bench.heaviside(build, "compile", model, "--target", "c", "--c-word-bits", str(wb), "--c-dot", dot,
                        "-o", os.path.join(d, "w%d" % wb))
    c8, c32 = os.path.join(d, "w8", "dots.c"), os.path.join(d, "w32", "dots.c")
    bench.hv_glue(d, "dots", bench.plan_types(c32, "dots"), vectors, [], quantize=False)
    times, data = targets.avr_cycles(d, [c8], ["DOTS_ROM"], "avr")
    bench.check_avr(data, vectors, "dots %d-bit %s" % (bits, dot))
    res["avr"] = statistics.median(times)
    res["host"], _ = targets.host_instr(d, [c32], "dots_predict", "host")
    for core in ("m0plus", "m4"):
        res[core] = targets.arm_size(d, c32, [], "dots_predict", core, "hv")["flash"]
    return res, "PASS" in verify


def main():
    build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(bench.ROOT, "build"))
    print("| weight bits | AVR cycles walk / planes | host instr. walk / planes | flash M0+ walk / planes "
          "| flash M4 walk / planes |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as work:
        for bits in (1, 2, 3, 4, 6, 8):
            w, ok_w = measure(build, work, bits, "walk")
            p, ok_p = measure(build, work, bits, "planes")
            if not (ok_w and ok_p):
                raise RuntimeError("verify failed for %d-bit weights" % bits)
            print("| %d | %d / %d | %.0f / %.0f | %d / %d | %d / %d |" % (
                bits, w["avr"], p["avr"], w["host"], p["host"], w["m0plus"], p["m0plus"], w["m4"], p["m4"]))


if __name__ == "__main__":
    main()
