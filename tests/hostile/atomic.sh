#!/usr/bin/env bash
# Atomic outputs, checked on the real binary:
#   1. rerunning train, compile and predict gives byte-identical files;
#   2. a run interrupted (SIGTERM, SIGINT, SIGHUP) while an output is in flight leaves neither the
#      output nor a temporary, and an older output of the same name is left untouched;
#   3. runs killed at arbitrary moments leave either the complete output or none, never a part.
# HEAVISIDE_TEST_STALL_WRITE (support/files.cpp) holds a run between writing a temporary and
# renaming it, so that (2) interrupts exactly there.
# Usage: atomic.sh <heaviside> <inputs dir> <scratch dir>
set -uo pipefail
set -m  # background jobs keep SIGINT (a non-interactive shell would start them with it ignored)
hv=$1 inputs=$2 scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" || exit 2
cp "$inputs/small.csv" "$inputs/tiny.hnet" .
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
no_litter() {
  local litter
  litter=$(find . -name '*.tmp.*' -print)
  [ -z "$litter" ] || fail "$1: temporaries left behind: $litter"
}

# 1. Reruns are byte-identical.
"$hv" train small.csv -o a/m.hnet >/dev/null && "$hv" train small.csv -o b/m.hnet >/dev/null || fail "train failed"
cmp -s a/m.hnet b/m.hnet || fail "train: two runs wrote different models"
"$hv" compile tiny.hnet -o a/out >/dev/null && "$hv" compile tiny.hnet -o b/out >/dev/null || fail "compile failed"
for f in tiny.v tiny.h tiny.c; do cmp -s "a/out/$f" "b/out/$f" || fail "compile: two runs wrote different $f"; done
"$hv" compile tiny.hnet -o a/out >/dev/null || fail "compile over existing files failed"
for f in tiny.v tiny.h tiny.c; do cmp -s "a/out/$f" "b/out/$f" || fail "compile: rewriting changed $f"; done
"$hv" predict tiny.hnet small.csv -o a/p.csv 2>/dev/null && "$hv" predict tiny.hnet small.csv -o b/p.csv 2>/dev/null ||
  fail "predict failed"
cmp -s a/p.csv b/p.csv || fail "predict: two runs wrote different predictions"
no_litter "reruns"

# 2. Interrupted while an output is in flight: waits for the temporary, then signals.
interrupt() {  # <signal> <expected exit> <output that must not appear> <heaviside args...>
  local sig=$1 want=$2 out=$3
  shift 3
  HEAVISIDE_TEST_STALL_WRITE=30 "$hv" "$@" >/dev/null 2>&1 &
  local pid=$! waited=0
  until compgen -G "*.tmp.$pid" >/dev/null || compgen -G "*/*.tmp.$pid" >/dev/null; do
    sleep 0.05
    waited=$((waited + 1))
    if [ $waited -gt 600 ]; then
      fail "$*: no temporary appeared"
      kill -KILL "$pid" 2>/dev/null
      wait "$pid" 2>/dev/null
      return
    fi
  done
  kill "-$sig" "$pid"
  wait "$pid"
  local code=$?
  [ "$code" = "$want" ] || fail "$* (SIG$sig): exit status $code, expected $want"
  [ ! -e "$out" ] || fail "$* (SIG$sig): '$out' exists after the interruption"
  no_litter "$* (SIG$sig)"
}
interrupt TERM 143 m.hnet train small.csv -o m.hnet
interrupt INT 130 p.csv predict tiny.hnet small.csv -o p.csv
interrupt HUP 129 out/tiny.v compile tiny.hnet -o out
[ ! -e out/tiny.h ] && [ ! -e out/tiny.c ] || fail "compile (SIGHUP): a partial set of outputs appeared"
echo "old model" >old.hnet
interrupt TERM 143 nothing train small.csv -o old.hnet
[ "$(cat old.hnet)" = "old model" ] || fail "train (SIGTERM): the previous output was damaged"

# 3. Killed at arbitrary moments: the output is whole (identical to a/m.hnet) or absent.
for delay in 0 0.01 0.02 0.04 0.06 0.08 0.1 0.15 0.2 0.3; do
  rm -f k.hnet
  "$hv" train small.csv -o k.hnet --name m >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  kill -TERM "$pid" 2>/dev/null
  wait "$pid"
  if [ -e k.hnet ]; then
    cmp -s k.hnet a/m.hnet || fail "killed after ${delay}s: k.hnet is not the whole model"
  fi
  no_litter "killed after ${delay}s"
done

if [ $failures -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "ok: reruns identical; interrupted runs left no output and no temporary"
