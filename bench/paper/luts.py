#!/usr/bin/python3
"""LUT counts of emitted Verilog designs with Yosys, for the paper bench's hardware view.

A dense network of a thousand neurons is too large for one flat Yosys run here (the flat flow
`synth -flatten; abc -lut 6` takes about 0.045 s of CPU and 0.3 MB per one-bit of the first
layer's weights: an hour and 18 GB for vehicle's two-layer model), so the designs are synthesized
hierarchically, the way an FPGA flow that keeps the hierarchy would:

  1. `read_verilog; hierarchy; proc; flatten; opt_clean` (word level);
  2. every group of at most GROUP hidden neurons of a layer (the input cone of their sums h<l>_z<j>,
     up to the registers and ports, and their comparators z >= 0) becomes a submodule, and so does
     the output layer (o_z<k>) (`setattr -set submod`, `submod`);
  3. each submodule, and the top module with the submodules as black boxes, is synthesized on its
     own with `synth -flatten; abc -lut 6`; the LUT count is the sum over them.

No optimization crosses a group boundary (a flat run could share logic between groups; the
neurons of a layer share nothing but their inputs). The parts are independent Yosys processes,
so several can run at once; the counts do not depend on the machine or the job count. Results
go to a JSON file keyed by the design's top module, with the SHA-256 of its Verilog text, the
flow and the Yosys version: bench.py reuses an entry only when all three match, so counts made
ahead of a bench (or on a larger machine, with more jobs) are never stale.

Usage: luts.py OUT.json DESIGN.v [DESIGN.v ...] [--jobs N]   (the top module is the file's stem)"""
import concurrent.futures as cf
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time

GROUP = 128
FLOW = ("hierarchical: proc; flatten; opt_clean; submod per %d hidden neurons and per output layer; "
        "each part: synth -flatten; abc -lut 6; sum of $lut" % GROUP)
FF_CELLS = "$dff,$dffe,$sdff,$sdffe,$sdffce,$adff,$adffe,$dffsr,$dffsre,$aldff,$aldffe,$dlatch"


def yosys_version():
    return subprocess.run(["yosys", "-V"], capture_output=True, text=True).stdout.strip()


def sha256(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def yosys(script, log):
    """Runs a Yosys script file; returns (stdout, cpu seconds from Yosys's own report)."""
    r = subprocess.run(["yosys", "-s", script], capture_output=True, text=True)
    with open(log, "w") as f:
        f.write(r.stdout + r.stderr)
    if r.returncode != 0:
        raise RuntimeError("yosys failed, see " + log)
    cpu = re.search(r"CPU: user ([0-9.]+)s system ([0-9.]+)s", r.stdout)
    return r.stdout, (float(cpu.group(1)) + float(cpu.group(2))) if cpu else 0.0


def groups_of(verilog):
    """Sum wires of the emitted design, grouped: GROUP hidden neurons of one layer, or the output layer."""
    sums = re.findall(r"^\s*wire signed \[\d+:\d+\] ((h\d+|o)_z\d+) =", open(verilog).read(), re.M)
    by_layer = {}
    for wire, layer in sums:
        by_layer.setdefault(layer, []).append(wire)
    out = []
    for layer, wires in by_layer.items():
        step = len(wires) if layer == "o" else GROUP
        out += [wires[i:i + step] for i in range(0, len(wires), step)]
    return out


def partition(verilog, work):
    """Stage 1 and 2: writes work/parts.il; returns (top, [part module names])."""
    top = os.path.splitext(os.path.basename(verilog))[0]
    lines = ["read_verilog " + verilog, "hierarchy -top " + top, "proc", "flatten", "opt_clean"]
    parts = []
    for g, wires in enumerate(groups_of(verilog)):
        sel = " ".join(["w:" + wires[0]] + ["w:%s %%u" % w for w in wires[1:]])
        # The input cone of the sums, and the comparator z >= 0 each feeds (only the sign of a
        # hidden sum leaves the group, as in the flat design).
        lines.append("select -set c%d %s %%ci*:-%s" % (g, sel, FF_CELLS))
        lines.append("select -set g%d @c%d %s %%co1:+$ge %%u" % (g, g, sel))
        lines.append("setattr -set submod \"hvpart%d\" @g%d" % (g, g))
        parts.append("%s_hvpart%d" % (top, g))
    lines += ["submod", "hierarchy -top " + top, "write_rtlil " + os.path.join(work, "parts.il")]
    script = os.path.join(work, "partition.ys")
    open(script, "w").write("\n".join(lines) + "\n")
    _, cpu = yosys(script, os.path.join(work, "partition.log"))
    return top, parts, cpu


def synth_part(work, top, part, parts):
    """Stage 3 for one part (or the top with every part a black box): ($lut count, cpu seconds)."""
    name = part or top
    lines = ["read_rtlil " + os.path.join(work, "parts.il")]
    if part is None:
        lines += ["blackbox " + " ".join(parts)] if parts else []
    lines += ["synth -flatten -top " + name, "abc -lut 6", "tee -o %s stat" % os.path.join(work, name + ".stat")]
    script = os.path.join(work, name + ".ys")
    open(script, "w").write("\n".join(lines) + "\n")
    _, cpu = yosys(script, os.path.join(work, name + ".log"))
    stat = open(os.path.join(work, name + ".stat")).read()
    luts = re.findall(r"^\s+\$lut\s+(\d+)", stat, re.M)
    return (int(luts[-1]) if luts else 0), cpu


FLAT_FLOW = "flat: synth -flatten; abc -lut 6; $lut"


def flat(path, out_json):
    """The reference for the hierarchical flow: one flat run on a whole design, cached in out_json
    under "<top>#flat"; returns the entry."""
    version = yosys_version()
    table = load(out_json)
    top = os.path.splitext(os.path.basename(path))[0]
    e = table.get(top + "#flat")
    if e and e.get("sha256") == sha256(path) and e.get("flow") == FLAT_FLOW and e.get("yosys") == version:
        return e
    work = tempfile.mkdtemp(prefix="hv_luts_flat_")
    script = os.path.join(work, "flat.ys")
    open(script, "w").write("read_verilog %s\nsynth -flatten -top %s\nabc -lut 6\ntee -o %s stat\n" % (
        path, top, os.path.join(work, "flat.stat")))
    _, cpu = yosys(script, os.path.join(work, "flat.log"))
    luts = re.findall(r"^\s+\$lut\s+(\d+)", open(os.path.join(work, "flat.stat")).read(), re.M)
    e = {"luts": int(luts[-1]) if luts else 0, "cpu_s": round(cpu, 1), "sha256": sha256(path), "flow": FLAT_FLOW,
         "yosys": version}
    table = load(out_json)
    table[top + "#flat"] = e
    with open(out_json + ".tmp", "w") as fh:
        json.dump(table, fh, indent=1, sort_keys=True)
    os.replace(out_json + ".tmp", out_json)
    return e


def load(path):
    try:
        return json.load(open(path))
    except (OSError, ValueError):
        return {}


def cached(table, path, version):
    """The entry for `path` in `table` if it was made from the same text, flow and Yosys."""
    e = table.get(os.path.splitext(os.path.basename(path))[0])
    if e and "luts" in e and e.get("sha256") == sha256(path) and e.get("flow") == FLOW and e.get("yosys") == version:
        return e
    return None


def run(paths, out_json, jobs=1, log=sys.stderr):
    """Synthesizes the designs not already in out_json (same text, flow, Yosys); returns the table."""
    version = yosys_version()
    table = load(out_json)
    todo = [p for p in paths if cached(table, p, version) is None]
    root = tempfile.mkdtemp(prefix="hv_luts_")
    designs = {}  # top -> {"path", "work", "parts", "luts", "cpu", "left", "t0"}

    def save():
        tmp = out_json + ".tmp"
        with open(tmp, "w") as fh:
            json.dump(table, fh, indent=1, sort_keys=True)
        os.replace(tmp, out_json)

    with cf.ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        pending = {}
        for p in todo:
            work = os.path.join(root, os.path.splitext(os.path.basename(p))[0])
            os.makedirs(work)
            pending[pool.submit(partition, p, work)] = ("partition", p, work, None)
        while pending:
            done, _ = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
            for f in done:
                kind, p, work, part = pending.pop(f)
                top = os.path.splitext(os.path.basename(p))[0]
                try:
                    result = f.result()
                except Exception as e:  # noqa: BLE001 -- recorded, the others go on
                    table[top] = {"error": str(e), "sha256": sha256(p), "flow": FLOW, "yosys": version}
                    designs.pop(top, None)
                    print("luts %-40s %s" % (top, e), file=log, flush=True)
                    save()
                    continue
                if kind == "partition":
                    _, parts, cpu = result
                    designs[top] = {"luts": 0, "cpu": cpu, "left": len(parts) + 1, "t0": time.time()}
                    for part in parts + [None]:
                        pending[pool.submit(synth_part, work, top, part, parts)] = ("part", p, work, part)
                    continue
                if top not in designs:  # an earlier part failed
                    continue
                d = designs[top]
                d["luts"] += result[0]
                d["cpu"] += result[1]
                d["left"] -= 1
                if d["left"] == 0:
                    table[top] = {"luts": d["luts"], "cpu_s": round(d["cpu"], 1), "sha256": sha256(p), "flow": FLOW,
                                  "yosys": version}
                    print("luts %-40s %d (%.0f s of Yosys CPU)" % (top, d["luts"], d["cpu"]), file=log, flush=True)
                    save()
    return table


def main():
    args = sys.argv[1:]
    jobs = 1
    if "--jobs" in args:
        i = args.index("--jobs")
        jobs = int(args[i + 1])
        del args[i:i + 2]
    if len(args) < 2:
        sys.exit(__doc__)
    run(args[1:], args[0], jobs)


if __name__ == "__main__":
    main()
