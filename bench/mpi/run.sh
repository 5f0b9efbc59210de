#!/usr/bin/env bash
# MPI scaling of the row-partitioned trainer: build/bench/bench_mpi (a seeded synthetic problem,
# the gaussian dictionary, a warm-started path of betas) under mpirun -np 1, 2 and 4, one OpenMP
# thread per rank, --oversubscribe where the machine has fewer cores; each size 3 times, the
# medians side by side in one table: time per beta, speed-up over 1 rank, outer iterations, bytes
# each rank sends per outer iteration, peak memory of the largest rank, and the certificate.
# Each rank runs in its own session (setsid -w): Linux's autogroup scheduler
# (kernel.sched_autogroup_enabled=1) gives the processes of one session ONE share of the CPUs, so
# on a machine shared with other sessions N ranks of one session get no more CPU than one rank;
# a session per rank gives each rank its own share, as a node of its own would.
# Usage: bench/mpi/run.sh [build-dir] [rows] [directions] [betas]   (defaults: build 300000 1500 6)
set -euo pipefail
BUILD=${1:-build}
ROWS=${2:-300000}
DIRS=${3:-1500}
BETAS=${4:-6}
BIN="$BUILD/bench/bench_mpi"
[ -x "$BIN" ] || { echo "run.sh: $BIN not built (cmake --build $BUILD --target bench_mpi)" >&2; exit 1; }
ROOT=()
[ "$(id -u)" -eq 0 ] && ROOT=(--allow-run-as-root)
echo "bench/mpi: rows=$ROWS directions=$DIRS betas=$BETAS, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), autogroup $(cat /proc/sys/kernel/sched_autogroup_enabled 2>/dev/null || echo -)"
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
for rep in 1 2 3; do
  for np in 1 2 4; do
    mpirun "${ROOT[@]}" --oversubscribe -np "$np" -x OMP_NUM_THREADS=1 \
      setsid -w "$BIN" --rows "$ROWS" --directions "$DIRS" --betas "$BETAS" >> "$OUT"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$OUT" <<'PY'
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
by = {}
for r in runs:
    by.setdefault(r["ranks"], []).append(r)
med = lambda rs, k: statistics.median(r[k] for r in rs)
base = med(by[1], "median_s_per_beta")
print("| ranks | time per beta (median of 3) | vs 1 rank | dictionary build | outer iterations | bytes sent per rank per outer iteration | peak memory, largest rank | objective | gap |")
print("|---|---|---|---|---|---|---|---|---|")
for np in sorted(by):
    rs = by[np]
    t = med(rs, "median_s_per_beta")
    print(f"| {np} | {t:.3f} s | {t / base:.2f}x | {med(rs, 'build_s'):.2f} s | {rs[0]['outer_iterations']} | "
          f"{med(rs, 'bytes_per_outer_per_rank') / 1024:.0f} KiB | {med(rs, 'peak_mib_max_rank'):.0f} MiB | "
          f"{rs[0]['objective']:.10g} | {rs[0]['gap']:.2e} |")
PY
