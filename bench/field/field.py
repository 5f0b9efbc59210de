#!/usr/bin/python3
# The field benchmark (issue 11): per dataset, a Pareto front of test accuracy against xc7 LUTs
# (Yosys synth_xilinx of the whole generated design, via `heaviside report`) for heaviside's
# settings, beside scikit-learn decision trees of depth 2-10 on the SAME 8-bit quantized inputs
# (emitted as comparator Verilog by this script and synthesized by the same Yosys), and
# LogisticRegression on standardized inputs (the defaults check). Writes results.json, a markdown
# table (table.md) and one plot per dataset with the published anchors of docs/FIELD_RESULTS.md.
# Run through bench/field/run.sh (see its header for the options).
import argparse, csv, gzip, json, os, re, struct, subprocess, sys, time

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

# Published anchors: (label, accuracy %, LUTs, how the setting differs).
ANCHORS = {
    "mnist": [("FINN SFC", 96.0, 91131, "binarized MLP, LUTs of the whole accelerator"),
              ("NeuraLUT", 96.0, 54798, "LUT-based sparse MLP"),
              ("DWN", 97.1, 692, "weightless, core only, thermometer inputs")],
    "unsw_nb15": [("LogicNets", 92.6, 3058, "593 binarised inputs, 175k partition"),
                  ("LogicNets", 89.4, 110, "593 binarised inputs, 175k partition")],
}


def read_idx(path):
    with gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb") as f:
        data = f.read()
    nd = data[3]
    dims = struct.unpack(">" + "I" * nd, data[4:4 + 4 * nd])
    arr = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * nd)
    return arr.reshape(dims[0], -1) if nd > 1 else arr


def quantize_fit(X, bits=8):
    """heaviside's input quantizer (train/quantize_inputs.cpp): per feature min-max onto 2^B-1 codes."""
    lo, hi = X.min(axis=0), X.max(axis=0)
    qmax = (1 << bits) - 1
    step = np.where(hi > lo, (hi - lo) / qmax, 1.0)
    return lo, step, qmax


def quantize(X, q):
    lo, step, qmax = q
    return np.clip(np.round((X - lo) / step), 0, qmax).astype(np.int64)


def write_csv(path, names, X, y):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(names + ["label"])
        for row, lab in zip(X, y):
            w.writerow([repr(float(v)) if not float(v).is_integer() else int(v) for v in row] + [lab])


def load(name, quick, work):
    """Returns (X_train, y_train, X_test, y_test, train_arg, test_arg) with the files heaviside reads."""
    if name in ("mnist", "fashion_mnist"):
        d = "/work/shared/data/mnist" if name == "mnist" else "/usr/share/datasets/fashion-mnist"
        Xtr = read_idx(f"{d}/train-images-idx3-ubyte.gz").astype(float)
        ytr = read_idx(f"{d}/train-labels-idx1-ubyte.gz")
        Xte = read_idx(f"{d}/t10k-images-idx3-ubyte.gz").astype(float)
        yte = read_idx(f"{d}/t10k-labels-idx1-ubyte.gz")
        if quick:  # a stratified subset: 10k train rows, the full test set
            Xtr, _, ytr, _ = train_test_split(Xtr, ytr, train_size=10000, stratify=ytr, random_state=0)
        names = [f"px{i // 28}_{i % 28}" for i in range(Xtr.shape[1])]
    elif name == "unsw_nb15":
        rows = list(csv.reader(gzip.open("/work/shared/data/unsw_nb15/UNSW_NB15_training-set.csv.gz", "rt",
                                         encoding="utf-8-sig", newline="")))
        head, rows = rows[0], rows[1:]
        cat = [head.index(c) for c in ("proto", "service", "state")]
        drop = {head.index("id"), head.index("attack_cat"), head.index("label")}
        num = [i for i in range(len(head)) if i not in drop and i not in cat]
        names = [head[i] for i in num]
        cols = [np.array([[float(r[i]) for i in num] for r in rows])]
        for c in cat:  # one-hot the text columns (the tool does not encode them yet)
            vals = sorted(set(r[c] for r in rows))
            names += [f"{head[c]}_{re.sub('[^A-Za-z0-9]', '_', v)}" for v in vals]
            idx = {v: k for k, v in enumerate(vals)}
            oh = np.zeros((len(rows), len(vals)))
            for k, r in enumerate(rows):
                oh[k, idx[r[c]]] = 1
            cols.append(oh)
        X = np.hstack(cols)
        y = np.array([int(r[head.index("label")]) for r in rows])
        Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.2, stratify=y, random_state=1)
        if quick:
            Xtr, _, ytr, _ = train_test_split(Xtr, ytr, train_size=10000, stratify=ytr, random_state=0)
    else:  # a bundled dataset: the tool's own split (stratified 25%, seed 1) is mirrored
        path = f"{ROOT}/examples/{name}/{name}.csv"
        rows = list(csv.reader(open(path)))
        names, rows = rows[0][:-1], rows[1:]
        X = np.array([[float(v) for v in r[:-1]] for r in rows])
        y = np.array([r[-1] for r in rows])
        Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.25, stratify=y, random_state=1)
    tr, te = f"{work}/{name}_train.csv", f"{work}/{name}_test.csv"
    write_csv(tr, names, Xtr, ytr)
    write_csv(te, names, Xte, yte)
    return Xtr, ytr, Xte, yte, tr, te


def run(cmd, log):
    t0 = time.time()
    with open(log, "w") as f:
        r = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed, see {log}")
    return time.time() - t0, open(log).read()


def yosys_luts(verilog, top, work):
    """xc7 LUTs of a Verilog file by Yosys synth_xilinx (the same flow `heaviside report` runs)."""
    log = f"{work}/{top}.yosys.log"
    run(["yosys", "-q", "-p", f"read_verilog {verilog}; synth_xilinx -top {top}; tee -o {log}.stat stat"], log)
    luts = 0
    for line in open(f"{log}.stat"):
        m = re.match(r"\s+(LUT\d)\s+(\d+)", line)
        if m:
            luts += int(m.group(2))
    return luts


def tree_verilog(clf, d, bits, top):
    """A decision tree as comparators on the quantized inputs: combinational, class index out."""
    t = clf.tree_
    ncls = len(clf.classes_)
    ow = max(1, (ncls - 1).bit_length())

    def expr(node):
        if t.children_left[node] == -1:
            return f"{ow}'d{int(np.argmax(t.value[node][0]))}"
        f, thr = t.feature[node], int(np.floor(t.threshold[node]))
        return f"((x[{f * bits + bits - 1}:{f * bits}] <= {bits}'d{thr}) ? {expr(t.children_left[node])} : " \
               f"{expr(t.children_right[node])})"

    return (f"// Generated by bench/field/field.py: a scikit-learn decision tree as comparators.\n"
            f"module {top}(input [{d * bits - 1}:0] x, output [{ow - 1}:0] cls);\n"
            f"  assign cls = {expr(0)};\nendmodule\n")


def heaviside_point(hv, label, tr, te, args, work, pnr):
    model = f"{work}/{label}.hnet"
    secs, out = run([hv, "train", tr, "--test", te, "-o", model] + args, f"{work}/{label}.train.log")
    acc = float(re.search(r"integer train [\d.]+%\s+test ([\d.]+)%", out).group(1))
    neurons = re.search(r"network:\s+\d+ inputs -> ([\d >-]+) threshold", out).group(1)
    rep = ["--no-pnr"] if not pnr else []
    run([hv, "report", model, "--work", f"{work}/w_{label}", "--json", f"{work}/{label}.json"] + rep,
        f"{work}/{label}.report.log")
    j = json.load(open(f"{work}/{label}.json"))
    gap = re.search(r"duality gap [\d.e+-]+ = [\d.e+-]+ of the objective \(([\d.e+-]+) of P\(0\)", out)
    layer_gaps = re.findall(r"layer \d+: Lasso .* relative gap ([\d.e+-]+)", out)  # deep-lasso: the last layer's
    gap_value = float(gap.group(1)) if gap else (float(layer_gaps[-1]) if layer_gaps else None)
    refit = re.search(r"refit: .* duality gap ([\d.e+-]+)", out)
    est = re.search(r"estimated (\d+) xc7 LUTs", out)
    return {"setting": label, "args": " ".join(args), "test_acc": acc, "xc7_luts": j["xilinx"]["lut"],
            "ice40_lut4": j["ice40"]["lut4"], "fmax_mhz": j["pnr"]["fmax_mhz"], "latency": j["latency_cycles"],
            "neurons": neurons.strip(), "train_s": round(secs, 1),
            "lasso_rel_gap": gap_value,
            "refit_gap": float(refit.group(1)) if refit else None,
            "est_luts": int(est.group(1)) if est else None}


def settings(name, quick):
    """heaviside settings per dataset: the defaults, budgeted sparse networks, then tree-shaped ones:
    a comparator first layer (--dictionary comparators: every input against every threshold) under
    the two-layer Lasso (an additive step-function model) and under the deep Lasso (a second layer
    of binary-input neurons: ANDs/ORs of comparators, as a tree)."""
    big = name in ("mnist", "fashion_mnist", "unsw_nb15")
    s = [("default", [])]
    budgets = ([8, 32] if quick else [8, 16, 32, 64, 128]) if big else [4, 16]
    for b in budgets:
        s.append((f"sparse2_n{b}", ["--dictionary", "sparse", "--fan-in", "2", "--weight-bits", "3",
                                    "--max-neurons", str(b)] + (["--directions", "1000"] if big else [])))
    for b in ([4, 8, 16, 32] if big else [2, 4, 8, 16]):
        s.append((f"cmp_n{b}", ["--dictionary", "comparators", "--max-neurons", str(b)]))
    for b in ([8, 32] if big else [4, 8]):  # ternary output weights: a score is a count
        s.append((f"cmp_n{b}_o2", ["--dictionary", "comparators", "--max-neurons", str(b), "--output-bits", "2"]))
    for w, br in (((16, 0.3), (32, 0.1)) if big else ((8, 0.3), (8, 0.1), (16, 0.1))):
        s.append((f"cmpdeep_w{w}_b{br}", ["--method", "deep-lasso", "--depth", "3", "--dictionary", "comparators",
                                          "--width", str(w), "--beta-rel", str(br), "--output-bits", "4"]))
    if big and quick:
        s[0] = ("default", ["--directions", "500"])
    if big:
        s = [(l, a + ["--time-limit", "300" if quick else "800"]) for l, a in s]
    return s


def pareto(points):
    best, front = -1, []
    for p in sorted(points, key=lambda p: (p["xc7_luts"], -p["test_acc"])):
        if p["test_acc"] > best:
            front.append(p)
            best = p["test_acc"]
    return front


def plot(name, res, out):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for key, style, lab in (("heaviside", "o-", "heaviside"), ("trees", "s--", "decision trees (depth 2-10)")):
        pts = res[key]
        xs = [p["xc7_luts"] for p in pts]
        ax.plot(xs, [p["test_acc"] for p in pts], style[0], alpha=0.35)
        f = pareto(pts)
        ax.plot([p["xc7_luts"] for p in f], [p["test_acc"] for p in f], style, label=lab + " (front)")
    ax.axhline(res["logreg_acc"], color="gray", ls=":", label=f"LogisticRegression {res['logreg_acc']:.1f}% (no LUT count)")
    for lab, acc, luts, how in ANCHORS.get(name, []):
        ax.plot([luts], [acc], "k*")
        ax.annotate(f"{lab} ({how})", (luts, acc), fontsize=7, xytext=(4, 4), textcoords="offset points")
    ax.set_xscale("log")
    ax.set_xlabel("xc7 LUTs (Yosys synth_xilinx)")
    ax.set_ylabel("test accuracy %")
    ax.set_title(f"{name}: accuracy against LUTs")
    ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--pnr", action="store_true", help="run nextpnr-ice40 for Fmax (slow)")
    ap.add_argument("--build", default=f"{ROOT}/build")
    ap.add_argument("--work", default=f"{ROOT}/out/field")
    ap.add_argument("--img", default=f"{ROOT}/docs/img")
    ap.add_argument("--table-only", action="store_true", help="rewrite table.md and the plots from results.json")
    ap.add_argument("--only", default="", help="run only the heaviside settings whose label matches this regex")
    ap.add_argument("--keep", action="store_true",
                    help="merge into an existing results.json (points of other settings, and the trees, are kept)")
    ap.add_argument("datasets", nargs="*")
    a = ap.parse_args()
    os.makedirs(a.img, exist_ok=True)
    if a.table_only:
        results = json.load(open(f"{a.work}/results.json"))
        for name, res in results.items():
            plot(name, res, f"{a.img}/field_{name}.png")
        return write_table(results, a.work)
    hv = f"{a.build}/heaviside"
    os.makedirs(a.work, exist_ok=True)
    os.makedirs(a.img, exist_ok=True)
    names = a.datasets or ["iris", "wine", "breast_cancer", "glass", "vowel", "unsw_nb15", "fashion_mnist", "mnist"]
    results = json.load(open(f"{a.work}/results.json")) if a.keep and os.path.exists(f"{a.work}/results.json") else {}
    for name in names:
        w = f"{a.work}/{name}"
        os.makedirs(w, exist_ok=True)
        Xtr, ytr, Xte, yte, tr, te = load(name, a.quick, w)
        res = {"n_train": len(ytr), "n_test": len(yte), "heaviside": [], "trees": []}
        if a.keep and name in results:  # keep the points of the settings not rerun
            res["heaviside"] = [p for p in results[name]["heaviside"] if a.only and not re.search(a.only, p["setting"])]
        sc = StandardScaler().fit(Xtr)
        lr = LogisticRegression(max_iter=2000).fit(sc.transform(Xtr), ytr)
        res["logreg_acc"] = round(100 * lr.score(sc.transform(Xte), yte), 2)
        q = quantize_fit(Xtr)
        Qtr, Qte = quantize(Xtr, q), quantize(Xte, q)
        if a.keep and name in results and results[name]["trees"] and results[name]["n_train"] == len(ytr):
            res["trees"] = results[name]["trees"]  # the same rows: the trees are not synthesized again
        for depth in ([] if res["trees"] else range(2, 11)):
            clf = DecisionTreeClassifier(max_depth=depth, random_state=0).fit(Qtr, ytr)
            top = f"tree_{name}_d{depth}"
            v = f"{w}/{top}.v"
            open(v, "w").write(tree_verilog(clf, Qtr.shape[1], 8, top))
            res["trees"].append({"setting": f"tree depth {depth}", "test_acc": round(100 * clf.score(Qte, yte), 2),
                                 "xc7_luts": yosys_luts(v, top, w), "leaves": int(clf.get_n_leaves())})
        for label, args in settings(name, a.quick):
            if a.only and not re.search(a.only, label):
                continue
            try:
                res["heaviside"].append(heaviside_point(hv, label, tr, te, args, w, a.pnr))
            except Exception as e:  # a failed point is reported, not hidden
                res.setdefault("failed", []).append(f"{label}: {e}")
            print(name, res["heaviside"][-1] if res["heaviside"] else None, file=sys.stderr, flush=True)
        plot(name, res, f"{a.img}/field_{name}.png")
        results[name] = res
        json.dump(results, open(f"{a.work}/results.json", "w"), indent=1)
    write_table(results, a.work)


def write_table(results, work):
    lines = ["| dataset | setting | test acc | xc7 LUT | best tree at <= these LUTs | iCE40 LUT4 | Fmax | latency | neurons | train s | gaps (Lasso rel / refit) |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, res in results.items():
        for p in res["heaviside"]:
            fit = [t for t in res["trees"] if t["xc7_luts"] <= p["xc7_luts"]]
            bt = max(fit, key=lambda t: t["test_acc"]) if fit else None
            tree = f"{bt['test_acc']:.2f}% ({bt['setting'][5:]}, {bt['xc7_luts']} LUT)" if bt else "none"
            lines.append(f"| {name} | {p['setting']} | {p['test_acc']:.2f}% | {p['xc7_luts']} | {tree} | {p['ice40_lut4']} | "
                         f"{p['fmax_mhz'] or '-'} | {p['latency']} | {p['neurons']} | {p['train_s']} | "
                         f"{p['lasso_rel_gap']} / {p['refit_gap']} |")
        bt = max(res["trees"], key=lambda p: p["test_acc"])
        lines.append(f"| {name} | best tree ({bt['setting']}) | {bt['test_acc']:.2f}% | {bt['xc7_luts']} | - | - | - | comb. | {bt['leaves']} leaves | - | - |")
        lines.append(f"| {name} | LogisticRegression (standardized) | {res['logreg_acc']:.2f}% | - | - | - | - | - | - | - | - |")
    open(f"{work}/table.md", "w").write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
