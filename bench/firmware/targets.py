"""Building and measuring one C model on the benchmark's targets (used by bench.py).

  avr_cycles:  avr-gcc -mmcu=atmega328p -Os, tables in flash (__flash), driver.c run in simavr
               through simavr_run.c; returns per-phase cycle lists (marking overhead removed)
               and the records the firmware emitted.
  host_instr:  cc -O2, driver.c under valgrind --tool=callgrind, instructions collected inside
               the timed function only, divided by its number of calls.
  arm_size:    arm-none-eabi-gcc -Os for a Cortex-M core, linked with -nostdlib, --gc-sections and
               the timed function as the entry point, so the image is exactly that function, what it
               calls and the libgcc helpers it needs (soft float for the MLP on M0+); sizes from
               arm-none-eabi-size -A, worst-case stack from -fcallgraph-info=su (longest path of
               frames from the entry; libgcc's frames are not counted, they have no .su data)."""
import os
import re
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
C_FLAGS = ["-Os", "-std=gnu99", "-Wall", "-Wextra"]
CORES = {"m0plus": ["-mcpu=cortex-m0plus", "-mthumb"],
         "m4": ["-mcpu=cortex-m4", "-mthumb"],
         "m4f": ["-mcpu=cortex-m4", "-mthumb", "-mfloat-abi=hard", "-mfpu=fpv4-sp-d16"]}


def sh(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        raise RuntimeError("command failed: %s\n%s%s" % (" ".join(cmd), r.stdout, r.stderr))
    return r.stdout


def simavr_runner(work):
    exe = os.path.join(work, "simavr_run")
    if not os.path.exists(exe):
        flags = sh(["pkg-config", "--cflags", "--libs", "simavr"]).split()
        sh(["cc", "-O2", os.path.join(HERE, "simavr_run.c"), *flags, "-lelf", "-o", exe])
    return exe


def parse_records(out):
    """simavr_run / host driver output -> (cycle list per mark pair, record list)."""
    times, data = [], []
    for line in out.splitlines():
        if line.startswith("t "):
            times.append(int(line[2:]))
        elif line.startswith("d "):
            data.append(line[2:])
    return times, data


def decode(record):
    """A record of little-endian int64 values."""
    vals = []
    for k in range(0, len(record), 16):
        v = int.from_bytes(bytes.fromhex(record[k:k + 16]), "little")
        vals.append(v - (1 << 64) if v >= 1 << 63 else v)
    return vals


def avr_cycles(work, sources, rom_macros, tag, extra=()):
    """Builds driver.c + sources for the ATmega328P and runs it; returns (times, records)."""
    elf = os.path.join(work, tag + ".elf")
    defs = ["-D%s=__flash" % m for m in rom_macros] + list(extra)
    incs = ["-I" + os.path.dirname(s) for s in sources]
    sh(["avr-gcc", "-mmcu=atmega328p", *C_FLAGS, *defs, "-I", work, *incs, os.path.join(HERE, "driver.c"), *sources,
        "-o", elf])
    out = sh([simavr_runner(work), elf])
    times, data = parse_records(out)
    overhead = times[0]
    return [t - overhead for t in times[1:]], data


def host_instr(work, sources, function, tag):
    """Instructions per call of `function` (callgrind), and the driver's records."""
    exe = os.path.join(work, tag + "_host")
    incs = ["-I" + os.path.dirname(s) for s in sources]
    sh(["cc", "-O2", "-std=gnu99", "-g", "-I", work, *incs, os.path.join(HERE, "driver.c"), *sources, "-o", exe])
    out_file = os.path.join(work, tag + ".callgrind")
    r = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out_file,
                        "--toggle-collect=" + function, exe], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError("callgrind failed:\n" + r.stderr)
    total = None
    with open(out_file) as f:
        for line in f:
            if line.startswith("summary:") or line.startswith("totals:"):
                total = int(line.split()[1])
    calls = sum(1 for line in r.stdout.splitlines() if line)
    return total / calls, r.stdout.splitlines()


def _longest_stack(ci_files, entry):
    nodes, edges = {}, {}
    for path in ci_files:
        text = open(path).read()
        for m in re.finditer(r'node: \{ title: "([^"]+)" label: "([^"]*)"', text):
            su = re.search(r"(\d+) bytes \((static|dynamic)", m.group(2).replace("\\n", "\n"))
            nodes[m.group(1)] = int(su.group(1)) if su else 0
        for m in re.finditer(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"', text):
            edges.setdefault(m.group(1), set()).add(m.group(2))

    def depth(n, seen):
        if n in seen:
            raise RuntimeError("recursion through " + n)
        return nodes.get(n, 0) + max((depth(t, seen | {n}) for t in edges.get(n, ())), default=0)

    return depth(entry, frozenset())


def arm_size(work, source, defines, entry, core, tag):
    """Section sizes and worst-case stack of `entry` linked alone for a Cortex-M core."""
    d = os.path.join(work, "arm_" + tag + "_" + core)
    os.makedirs(d, exist_ok=True)
    obj = os.path.join(d, "model.o")
    flags = CORES[core]
    sh(["arm-none-eabi-gcc", *flags, *C_FLAGS, "-ffunction-sections", "-fdata-sections", "-fstack-usage",
        "-fcallgraph-info=su", *defines, "-c", source, "-o", obj], cwd=d)
    elf = os.path.join(d, "model.elf")
    sh(["arm-none-eabi-gcc", *flags, "-nostdlib", "-nostartfiles", "-Wl,--gc-sections", "-Wl,-e," + entry,
        obj, "-lgcc", "-o", elf])
    sizes = {}
    for line in sh(["arm-none-eabi-size", "-A", elf]).splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].startswith(".") and parts[1].isdigit():
            sizes[parts[0]] = int(parts[1])
    ci = [os.path.join(d, f) for f in os.listdir(d) if f.endswith(".ci")]
    sizes["stack"] = _longest_stack(ci, entry)
    sizes["flash"] = sizes.get(".text", 0) + sizes.get(".rodata", 0) + sizes.get(".data", 0)
    sizes["ram"] = sizes.get(".data", 0) + sizes.get(".bss", 0)
    return sizes
