#!/usr/bin/python3
"""The paper's comparison (PAPER.md section 4), run end to end: convex trainers against the four
straight-through-estimator baselines at 2 and 3 layers, on the synthetic teacher (5 seeds) and on
real datasets, every method on the same train/test split with the same beta = 1e-3 * n_train.
Records test and training accuracy of the compiled (integer) network, the common training objective
1/2 ||f(Q) - Y||^2 + beta sum_j ||w_out_j||, the convex certificate (duality gap; a solve still open
after TIME_LIMIT s stops at its next outer iteration with its gap), wall and CPU time, and the STE
objective traces; then, for every convex model, the hardware view: neurons, 6-input LUTs after Yosys
(luts.py: hierarchical synthesis in parts of 128 neurons) and ATmega328P cycles per inference
(bench/firmware's simavr harness). Writes WORK/results.json; report.py renders it.
Usage: bench.py BUILD_DIR WORK_DIR [--quick] [--hardware-only]
  --hardware-only: redo the hardware view from an existing WORK/results.json.
Environment: PAPER_YOSYS_JOBS (Yosys processes at once, default 2); PAPER_DATASETS (a comma list:
a subset of the datasets, "synth" for the synthetic seeds); PAPER_LUTS_MAX_KB (designs whose
Verilog is larger are not synthesized, default 300; 0 synthesizes every design: many hours).
LUT counts are cached in BUILD_DIR/paper_luts.json, keyed by the Verilog text, the flow and the
Yosys version."""
import concurrent.futures as cf
import json
import os
import random
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "bench", "firmware"))

REAL = ["breast_cancer", "wine", "iris", "sonar", "ionosphere", "pimaindiansdiabetes", "breastcancer", "glass",
        "vehicle", "vowel"]
SEEDS = [1, 2, 3, 4, 5]
SURROGATES = ["identity", "relu", "lrelu", "crelu"]
CONVEX = ["convex-2", "convex-2-sparse", "convex-3", "shattered-3", "shattered-3-svm"]
# A convex solve still open after TIME_LIMIT s stops there and keeps its certified gap
# (`heaviside train --time-limit`); JOB_TIMEOUT only guards against a hang.
TIME_LIMIT = 150
JOB_TIMEOUT = 1800
AVR_JOBS = 2
# Yosys needs about 0.5 s of CPU per KB of emitted Verilog here (hours for the largest models), so
# designs over PAPER_LUTS_MAX_KB (default 300) are not synthesized unless asked (0: every design).
LUTS_MAX_KB = float(os.environ.get("PAPER_LUTS_MAX_KB", "300"))


def stratified_split(path, out_dir, name, seed=1, test_fraction=0.25):
    """Seeded stratified split of a CSV (label last) -> (train path, test path, n_train)."""
    lines = open(path).read().splitlines()
    header, rows = lines[0], [r for r in lines[1:] if r]
    by_class = {}
    for i, r in enumerate(rows):
        by_class.setdefault(r.rsplit(",", 1)[1], []).append(i)
    rng, test = random.Random(seed), set()
    for label in sorted(by_class):
        idx = by_class[label][:]
        rng.shuffle(idx)
        test.update(idx[:int(test_fraction * len(idx) + 0.5)])
    paths = [os.path.join(out_dir, "%s_%s.csv" % (name, part)) for part in ("train", "test")]
    for p, keep in zip(paths, (False, True)):
        with open(p, "w") as f:
            f.write(header + "\n" + "".join(r + "\n" for i, r in enumerate(rows) if (i in test) == keep))
    return paths[0], paths[1], len(rows) - len(test)


def datasets(work, quick):
    data_dir = os.path.join(work, "data")
    os.makedirs(data_dir, exist_ok=True)
    seeds = SEEDS[:2] if quick else SEEDS
    real = REAL[:3] if quick else REAL
    if os.environ.get("PAPER_DATASETS"):  # a subset, for a smoke test: names of REAL, "synth" for the seeds
        only = os.environ["PAPER_DATASETS"].split(",")
        seeds = seeds if "synth" in only else []
        real = [r for r in real if r in only]
    if seeds:
        subprocess.run([sys.executable, os.path.join(HERE, "synthetic.py"), data_dir, *map(str, seeds)], check=True)
    out = [("synth%d" % s, os.path.join(data_dir, "synth%d_train.csv" % s), os.path.join(data_dir, "synth%d_test.csv" % s),
            100) for s in seeds]
    for name in real:
        out.append((name, *stratified_split(os.path.join(ROOT, "examples", name, name + ".csv"), data_dir, name)))
    return out


def methods():
    tl = ["--tol", "1e-4", "--time-limit", str(TIME_LIMIT)]
    m = [("convex-2", ["--directions", "2000", *tl]),
         ("convex-2-sparse", ["--dictionary", "sparse", "--fan-in", "2", "--directions", "500", *tl]),
         ("convex-3", ["--method", "deep-lasso", "--depth", "3", *tl]),
         # The paper's deep setting: a frozen random first layer of 1000 threshold units (the default
         # width of --shatter random), level sets realized by Convex-PI or by Convex-SVM.
         ("shattered-3", ["--method", "shattered", "--depth", "3", "--shatter", "random", "--realize", "pi"]),
         ("shattered-3-svm", ["--method", "shattered", "--depth", "3", "--shatter", "random", "--realize", "svm"])]
    for depth in (2, 3):
        for s in SURROGATES:
            m.append(("ste-%s-%d" % (s, depth), ["--method", "ste-" + s, "--depth", str(depth)]))
    return m


def parse(text):
    num = r"([-0-9.e+naif]+)"
    acc = re.search(r"integer train ([0-9.]+)%\s+test ([0-9.]+)%", text)
    obj = re.search(r"objective:\s+convex %s, reconstructed network %s" % (num, num), text) or \
        re.search(r"objective:\s+float network %s, integer network %s" % (num, num), text)
    shape = re.search(r"network:\s+\d+ inputs (.*?)threshold neurons", text).group(1)
    res = {"train": float(acc.group(1)), "test": float(acc.group(2)), "objective": float(obj.group(2)),
           "float_objective": float(obj.group(1)),
           "neurons": sum(int(w) for w in re.findall(r"\d+", shape)),
           "seconds": float(re.search(r"^time:\s+([0-9.]+) s", text, re.M).group(1)),
           "pattern_changes": re.search(r"patterns:\s+(\d+) of", text).group(1)}
    gap = re.search(r"duality gap %s \(relative %s\), (\d+) iterations, \d+ screened, ([a-zA-Z ]+)" % (num, num), text)
    if gap:  # a convex solve's certificate: the optimum lies in [convex objective - gap, convex objective]
        res.update({"gap": float(gap.group(1)), "rel_gap": float(gap.group(2)), "iterations": int(gap.group(3)),
                    "status": gap.group(4).strip(), "convex_objective": float(obj.group(1))})
    elif "exact optimum, duality gap 0" in text:
        res.update({"gap": 0.0, "rel_gap": 0.0, "status": "closed form", "convex_objective": float(obj.group(1))})
    width = re.search(r"one direction of (\d+)-bit weights", text)
    if width:
        res["direction_bits"] = int(width.group(1))
    return res


def run_job(hv, work, ds, train, test, n_train, method, extra):
    model = os.path.join(work, "models", "%s_%s.hnet" % (ds, method.replace("-", "_")))
    cmd = ["timeout", str(JOB_TIMEOUT), hv, "train", train, "--test", test, "--beta", repr(1e-3 * n_train),
           "-o", model, "--name", "%s_%s" % (ds, method.replace("-", "_")), *extra]
    if method.startswith("ste-"):
        cmd += ["--trace", os.path.join(work, "traces", "%s_%s.csv" % (ds, method))]
    t0 = time.time()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out = p.stdout.read()
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    res = {"dataset": ds, "method": method, "n_train": n_train, "beta": 1e-3 * n_train, "model": model,
           "wall": time.time() - t0, "cpu": usage.ru_utime + usage.ru_stime}
    if p.returncode == 124:
        res["error"] = "killed after %d s" % JOB_TIMEOUT
        return res
    if p.returncode != 0:
        res["error"] = out.strip().splitlines()[-1] if out.strip() else "exit %d" % p.returncode
        return res
    res.update(parse(out))
    return res


def verilog_of(hv, work, model, name):
    vdir = os.path.join(work, "verilog", name)
    subprocess.run([hv, "compile", model, "--target", "verilog", "-o", vdir], check=True, capture_output=True)
    return os.path.join(vdir, name + ".v")


def avr_cycles(hv, work, model, name, data_csv):
    import bench as fw  # bench/firmware/bench.py
    import targets
    wdir = os.path.join(work, "avr", name)
    os.makedirs(wdir, exist_ok=True)
    fw.heaviside(os.path.dirname(hv), "compile", model, "--target", "c", "--c-word-bits", "8", "-o", wdir)
    fw.heaviside(os.path.dirname(hv), "verify", model, "--data", data_csv, "--target", "c", "--random", "100",
                 "--work", os.path.join(wdir, "verify"))
    c_file = os.path.join(wdir, name + ".c")
    plan = fw.plan_types(c_file, name)
    n_in = len(open(data_csv).readline().split(",")) - 1
    n_scores = int(fw.field(open(os.path.join(wdir, name + ".h")).read(), "#define %s_N_SCORES" % name.upper(), 2))
    vectors = fw.read_vectors(os.path.join(wdir, "verify", "vectors.txt"), n_in, n_scores, 40)
    fw.hv_glue(wdir, name, plan, vectors, [], quantize=False)
    times, data = targets.avr_cycles(wdir, [c_file], [name.upper() + "_ROM"], "hv8")
    fw.check_avr(data[:len(vectors)], vectors, name)
    return sorted(times[:len(vectors)])[len(vectors) // 2]


def avr_failure(text):
    """One line on why the ATmega328P build failed: a model too large for its 32 KB of flash is
    named as such (avr-gcc refuses a table over 32 KB, the linker an image over the flash)."""
    overflow = re.search(r"region .text. overflowed by (\d+) bytes", text)
    if overflow:
        return "does not fit the 32 KB flash (%s bytes over)" % overflow.group(1)
    if re.search(r"will not fit in region .text.", text):
        return "does not fit the 32 KB flash"
    big = re.search(r"size of array .(\w+). is too large", text)
    if big:
        return "does not fit the 32 KB flash (table %s over 32 KB)" % big.group(1)
    errors = [line for line in text.splitlines() if "error" in line]
    return (errors[0] if errors else text.splitlines()[-1] if text else "")[:200]


def avr(hv, work, res, csv_of):
    name = os.path.splitext(os.path.basename(res["model"]))[0]
    try:
        return {"avr_cycles": avr_cycles(hv, work, res["model"], name, csv_of[res["dataset"]])}
    except Exception as e:  # noqa: BLE001 -- a failed build or run is reported, not fatal
        return {"avr_error": avr_failure(str(e).strip()) or type(e).__name__}


def hardware(build, hv, work, results, data):
    """LUTs and AVR cycles of every convex model that trained."""
    import luts  # bench/paper/luts.py
    csv_of = {ds: tr for ds, tr, _, _ in data}
    hw_jobs = [r for r in results if r["method"] in CONVEX and "error" not in r]
    paths = []
    for r in hw_jobs:
        name = os.path.splitext(os.path.basename(r["model"]))[0]
        paths.append(verilog_of(hv, work, r["model"], name))
    with cf.ThreadPoolExecutor(max_workers=AVR_JOBS) as pool:
        avr_results = list(pool.map(lambda r: avr(hv, work, r, csv_of), hw_jobs))
    cache = os.path.join(build, "paper_luts.json")
    big = {p for p in paths if LUTS_MAX_KB > 0 and os.path.getsize(p) > LUTS_MAX_KB * 1024}
    table = dict(luts.run([p for p in paths if p not in big], cache, int(os.environ.get("PAPER_YOSYS_JOBS", "2"))))
    for p in big:
        table[os.path.splitext(os.path.basename(p))[0]] = {
            "error": "not run (%.0f KB of Verilog > PAPER_LUTS_MAX_KB=%g)" % (os.path.getsize(p) / 1024, LUTS_MAX_KB)}
    # The hierarchical flow against a flat run of one whole design (iris's two-layer model).
    for r, path in zip(hw_jobs, paths):
        if r["dataset"] == "iris" and r["method"] == "convex-2":
            r["flat_reference"] = luts.flat(path, cache)
    for r, a in zip(hw_jobs, avr_results):
        name = os.path.splitext(os.path.basename(r["model"]))[0]
        e = table.get(name, {})
        hw = {"luts": e["luts"], "yosys_cpu_s": e.get("cpu_s")} if "luts" in e else {"luts_error": e.get("error", "not run")}
        hw.update(a)
        r["hardware"] = hw
        print("hardware %-20s %-16s %s" % (r["dataset"], r["method"], hw), file=sys.stderr, flush=True)


def save(path, meths, data, results):
    with open(path, "w") as f:
        json.dump({"methods": [m for m, _ in meths], "datasets": [d[0] for d in data], "results": results,
                   "time_limit": TIME_LIMIT, "luts_max_kb": LUTS_MAX_KB}, f, indent=1)


def main():
    build, work = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    quick = "--quick" in sys.argv
    hv = os.path.join(build, "heaviside")
    for sub in ("models", "traces", "verilog", "avr"):
        os.makedirs(os.path.join(work, sub), exist_ok=True)
    data, meths = datasets(work, quick), methods()
    out = os.path.join(work, "results.json")
    if "--hardware-only" in sys.argv:
        results = json.load(open(out))["results"]
    else:
        jobs = [(ds, tr, te, n, m, extra) for ds, tr, te, n in data for m, extra in meths]
        results = []
        with cf.ThreadPoolExecutor(max_workers=2) as pool:
            futs = [pool.submit(run_job, hv, work, *j) for j in jobs]
            for f in cf.as_completed(futs):
                r = f.result()
                results.append(r)
                print("trained %-20s %-16s %s" % (r["dataset"], r["method"], r.get("error", "%.1f s" % r["wall"])),
                      file=sys.stderr, flush=True)
        save(out, meths, data, results)  # the training results, before the long hardware view
    hardware(build, hv, work, results, data)
    save(out, meths, data, results)


if __name__ == "__main__":
    main()
