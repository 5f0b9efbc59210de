#!/usr/bin/python3
"""Renders bench.py's results.json: docs/PAPER_RESULTS.md (tables: test and training accuracy of
the compiled network, training objective, wall time, the hardware view of the convex models) and
three plots under docs/img/ (accuracy against time, objective against time, STE objective against
SGD iteration with the convex optima as horizontal lines). The synthetic seeds are averaged.
Usage: report.py WORK_DIR DOCS_DIR"""
import csv
import json
import os
import statistics
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

COLORS = {"convex-2": "black", "convex-2-sparse": "tab:purple", "convex-3": "tab:gray", "shattered-3": "tab:brown",
          "shattered-3-svm": "tab:pink",
          "identity": "tab:blue", "relu": "tab:orange", "lrelu": "tab:green", "crelu": "tab:red"}
CONVEX = ["convex-2", "convex-2-sparse", "convex-3", "shattered-3", "shattered-3-svm"]


def color(method):
    return COLORS.get(method) or COLORS[method.split("-")[1]]


def style(method):
    return "--" if method.endswith("-3") and method.startswith("ste") else "-"


def group(results):
    """(dataset or 'synthetic', method) -> list of results; synthetic seeds pooled."""
    g = {}
    for r in results:
        ds = "synthetic" if r["dataset"].startswith("synth") else r["dataset"]
        g.setdefault((ds, r["method"]), []).append(r)
    return g


def failure(rs):
    """The cell for a method that produced no value: why, in one word."""
    if not rs:
        return ""
    err = rs[0].get("error", "")
    return "killed" if "killed" in err else "fail"


def cell(rs, key, fmt, mark=None):
    ok = [r[key] for r in rs if key in r]
    if not ok:
        return failure(rs)
    tag = mark(rs) if mark else ""
    if len(ok) == 1:
        return fmt % ok[0] + tag
    return (fmt + " ± " + fmt) % (statistics.mean(ok), statistics.stdev(ok)) + tag


def stopped(rs):
    """A mark for results where some solve ended at the time limit rather than at its tolerance."""
    n = sum(1 for r in rs if r.get("status") == "stopped at the time limit")
    return "" if n == 0 else (" †" if n == len(rs) else " †(%d of %d)" % (n, len(rs)))


def certificate_cell(rs):
    ok = [r for r in rs if "rel_gap" in r]
    if not ok:
        return failure(rs)
    if all(r["status"] == "closed form" for r in ok):
        return "0 (closed form)"
    worst = max(ok, key=lambda r: r["rel_gap"])
    text = "%.1e" % worst["rel_gap"] if len(ok) == 1 else "<= %.1e" % worst["rel_gap"]
    return text + stopped(ok)


def pivot(g, datasets, methods, key, fmt, title, mark=None):
    lines = ["### " + title, "", "| dataset | " + " | ".join(methods) + " |", "|---" * (len(methods) + 1) + "|"]
    for ds in datasets:
        lines.append("| %s | " % ds + " | ".join(cell(g.get((ds, m), []), key, fmt, mark) for m in methods) + " |")
    return lines + [""]


def certificates(g, datasets):
    lines = ["### Certificate of the convex methods (relative duality gap, gap / P(0))", "",
             "| dataset | " + " | ".join(CONVEX) + " |", "|---" * (len(CONVEX) + 1) + "|"]
    for ds in datasets:
        lines.append("| %s | " % ds + " | ".join(certificate_cell(g.get((ds, m), [])) for m in CONVEX) + " |")
    return lines + [""]


def best_marks(g, datasets, methods):
    """Per dataset, the method with the lowest mean objective and the highest mean test accuracy."""
    lines = ["| dataset | lowest objective | best test accuracy | fastest |", "|---|---|---|---|"]
    for ds in datasets:
        def mean(m, k):
            v = [r[k] for r in g.get((ds, m), []) if k in r]
            return statistics.mean(v) if v else None
        have = [m for m in methods if mean(m, "objective") is not None]
        lo = min(have, key=lambda m: mean(m, "objective"))
        hi = max(have, key=lambda m: mean(m, "test"))
        fast = min(have, key=lambda m: mean(m, "wall"))
        lines.append("| %s | %s (%.4g) | %s (%.2f%%) | %s (%.2f s) |" % (
            ds, lo, mean(lo, "objective"), hi, mean(hi, "test"), fast, mean(fast, "wall")))
    return lines + [""]


def hardware_table(g, datasets):
    lines = ["| dataset | method | test acc. (%) | neurons | 6-LUTs (Yosys) | AVR cycles / inference |",
             "|---|---|---|---|---|---|"]
    for ds in datasets:
        for m in CONVEX:
            rs = g.get((ds, m), [])
            if not rs:
                continue
            if not any("hardware" in r for r in rs):
                lines.append("| %s | %s | %s | %s | %s | %s |" % (ds, m, *[failure(rs)] * 4))
                continue
            hw = [dict(r["hardware"], test=r["test"], neurons=r["neurons"]) for r in rs if "hardware" in r]

            def col(key, fmt, err):
                errs = [h[err] for h in hw if err in h]
                if errs:
                    return errs[0] if len(hw) == 1 else "%d of %d: %s" % (len(errs), len(hw), errs[0])
                return cell(hw, key, fmt)
            lines.append("| %s | %s | %s | %s | %s | %s |" % (
                ds, m, cell(hw, "test", "%.2f"), cell(hw, "neurons", "%d"), col("luts", "%d", "luts_error"),
                col("avr_cycles", "%d", "avr_error")))
    return lines + [""]


def scatter(g, datasets, methods, key, path, ylabel, logy):
    cols = 4
    rows = (len(datasets) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(14, 3 * rows), squeeze=False)
    for ax, ds in zip(axes.flat, datasets):
        for m in methods:
            rs = [r for r in g.get((ds, m), []) if key in r]
            if rs:
                ax.scatter([r["wall"] for r in rs], [r[key] for r in rs], s=18, color=color(m),
                           marker="s" if "-3" in m else "o", label=m)
        ax.set_xscale("log")
        if logy:
            ax.set_yscale("log")
        ax.set_title(ds, fontsize=9)
        ax.tick_params(labelsize=7)
    for ax in list(axes.flat)[len(datasets):]:
        ax.axis("off")
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower right", fontsize=8, ncol=2)
    fig.supxlabel("wall time (s, log)")
    fig.supylabel(ylabel)
    fig.tight_layout()
    fig.savefig(path, dpi=70)
    plt.close(fig)


def traces(work, g, datasets, methods, path):
    cols = 4
    rows = (len(datasets) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(14, 3 * rows), squeeze=False)
    for ax, ds in zip(axes.flat, datasets):
        name = "synth1" if ds == "synthetic" else ds
        for m in methods:
            if m.startswith("ste-"):
                p = os.path.join(work, "traces", "%s_%s.csv" % (name, m))
                if os.path.exists(p):
                    rows_ = list(csv.DictReader(open(p)))
                    ax.plot([int(r["iteration"]) for r in rows_], [float(r["objective"]) for r in rows_],
                            color=color(m), linestyle=style(m), linewidth=1, label=m)
            else:
                rs = [r for r in g.get((ds, m), []) if r["dataset"] == name and "objective" in r]
                if rs:
                    ax.axhline(rs[0]["objective"], color=color(m), linewidth=1.5, label=m + " (convex)")
        ax.set_yscale("log")
        ax.set_title(name, fontsize=9)
        ax.tick_params(labelsize=7)
    for ax in list(axes.flat)[len(datasets):]:
        ax.axis("off")
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower right", fontsize=8, ncol=2)
    fig.supxlabel("SGD iteration")
    fig.supylabel("training objective (log)")
    fig.tight_layout()
    fig.savefig(path, dpi=70)
    plt.close(fig)


def main():
    work, docs = sys.argv[1], sys.argv[2]
    data = json.load(open(os.path.join(work, "results.json")))
    methods, results = data["methods"], data["results"]
    datasets = (["synthetic"] if any(d.startswith("synth") for d in data["datasets"]) else []) + \
        [d for d in data["datasets"] if not d.startswith("synth")]
    g = group(results)
    img = os.path.join(docs, "img")
    os.makedirs(img, exist_ok=True)
    scatter(g, datasets, methods, "test", os.path.join(img, "paper_accuracy_time.png"), "test accuracy (%)", False)
    scatter(g, datasets, methods, "objective", os.path.join(img, "paper_objective_time.png"),
            "training objective (log)", True)
    traces(work, g, datasets, methods, os.path.join(img, "paper_objective_iterations.png"))
    with open(os.path.join(docs, "PAPER_RESULTS.md"), "w") as f:
        f.write("\n".join(render(g, datasets, methods, data.get("time_limit", 150), data.get("luts_max_kb", 300))) + "\n")


def flat_note(g):
    """The hierarchical count of iris's two-layer model beside a flat run of the same design."""
    for r in g.get(("iris", "convex-2"), []):
        ref, hw = r.get("flat_reference"), r.get("hardware", {})
        if ref and "luts" in hw:
            return ("Check on iris's two-layer model (%d neurons): %d LUTs hierarchical, %d flat (`synth -flatten; "
                    "abc -lut 6` of the whole design, %.0f s of CPU)." % (r["neurons"], hw["luts"], ref["luts"],
                                                                         ref["cpu_s"]))
    return ""


def render(g, datasets, methods, time_limit, luts_max_kb):
    out = ["# Reproducing the paper's comparison (generated by bench/paper/run.sh; do not edit)", "",
           "Convex training against the four straight-through-estimator baselines (PAPER.md section 4).",
           "Every method sees the same split and the same beta = 1e-3 * n_train. Accuracies are those of the",
           "compiled integer network, in %. The objective is 1/2 ||f(Q) - Y||^2 + beta sum_j ||w_out_j||_2 on",
           "the training set (f before output quantization; convex: the reconstructed network, whose objective",
           "equals the convex solver's primal). synthetic = mean ± standard deviation over the 5 teacher seeds",
           "(n = 100, d = 20, 2000 test points).", "",
           "Methods: convex-2 = `heaviside train` (two-layer Convex-Lasso, the paper's 2000 Gaussian",
           "directions, dense 8-bit integer neurons); convex-2-sparse = the same Lasso over the sparse integer",
           "dictionary (`--dictionary sparse --fan-in 2 --directions 500`: 500 random directions of at most 2",
           "inputs with 8-bit weights, each with every threshold of the data), the hardware-friendly variant;",
           "convex-3 = `--method deep-lasso --depth 3` (layer-wise Lasso); shattered-3 and shattered-3-svm =",
           "`--method shattered --depth 3 --shatter random --realize pi|svm` (the paper's Convex-PI and",
           "Convex-SVM: the closed form over all patterns above a frozen random layer of 1000 threshold units);",
           "ste-<surrogate>-<layers> = `--method ste-<surrogate>",
           "--depth <layers>` (width 64, full-batch SGD, lr 0.01 halved after 100 steps without progress,",
           "2000 iterations, weight decay beta, PyTorch-default initialization, 12-bit integerization).",
           "Convex solves stop at a relative duality gap of 1e-4 (`--tol 1e-4`) or at `--time-limit %d`:" % time_limit,
           "a solve still open after %d s stops there (its coordinate descent returns at the limit and the" % time_limit,
           "outer iteration ends with its certificate), so the optimum over the dictionary lies between the",
           "objective minus the gap and the objective. † marks such results. fail = the trainer refused the",
           "data (its message is in results.json).", ""]
    out += ["## Summary", ""] + best_marks(g, datasets, methods)
    out += pivot(g, datasets, methods, "test", "%.2f", "Test accuracy (%)")
    out += pivot(g, datasets, methods, "train", "%.2f", "Training accuracy (%)")
    out += pivot(g, datasets, methods, "objective", "%.4g", "Training objective (lower is better; † = at the time limit)",
                 stopped)
    out += certificates(g, datasets)
    out += pivot(g, datasets, methods, "wall", "%.2f", "Wall time (s; 2 jobs at once on a shared 2-core machine)")
    out += pivot(g, datasets, methods, "cpu", "%.2f", "CPU time (s, user + system)")
    out += pivot(g, datasets, methods, "neurons", "%d", "Hidden neurons (after the pass pipeline)")
    out += ["## Hardware view of the convex models", "",
            "Every convex model, compiled by `heaviside compile` (pipelined Verilog, C with 8-bit activation words).",
            "",
            "LUTs: 6-input LUTs after Yosys 0.23 by bench/paper/luts.py, hierarchical synthesis: `read_verilog;",
            "hierarchy; proc; flatten; opt_clean`, then every group of at most 128 hidden neurons of a layer (the",
            "input cone of their sums and their comparators) and the output layer become submodules (`submod`);",
            "each submodule, and the rest of the top module, is synthesized alone with `synth -flatten; abc -lut",
            "6`, and the counts are summed. No optimization crosses a group boundary (a flat run could share",
            "logic between neurons of different groups; a flat run of the largest designs would need about an",
            "hour and 18 GB here). Yosys needs about 0.5 s of CPU per KB of Verilog, so designs over %g KB" % luts_max_kb,
            "(most shattered-3 models: their frozen layer has 1000 dense neurons) are not synthesized by default",
            "(`PAPER_LUTS_MAX_KB=0 bench/paper/run.sh` synthesizes them all, in many hours). " + flat_note(g),
            "",
            "AVR: ATmega328P cycles per inference (median over 40 vectors checked against the reference,",
            "8-bit activation words, tables in flash) in simavr, through bench/firmware's harness. synthetic =",
            "mean ± standard deviation over the 5 seeds' models.", ""] + hardware_table(g, datasets)
    out += ["## Plots", "", "![accuracy against time](img/paper_accuracy_time.png)", "",
            "![objective against time](img/paper_objective_time.png)", "",
            "![STE objective against SGD iteration, convex optima as lines](img/paper_objective_iterations.png)", ""]
    return out


if __name__ == "__main__":
    main()
