#!/usr/bin/env bash
# Writes the observed standard error of hostile cases into their `stderr:` lines (the golden-file
# pattern: expectations are recorded by a tool, then reviewed in the diff, never typed by hand).
# Usage: tests/hostile/bless.sh <heaviside> <case file>...
set -euo pipefail
hv=$(realpath "$1")
shift
here=$(cd "$(dirname "$0")" && pwd)
for case_file in "$@"; do
  scratch=$(mktemp -d)
  bash "$here/run_case.sh" "$hv" "$case_file" "$here/inputs" "$scratch/run" >/dev/null || true
  {
    grep -v '^stderr:' "$case_file"
    while IFS= read -r line || [ -n "$line" ]; do printf 'stderr: %s\n' "$line"; done <"$scratch/run/.stderr"
  } >"$scratch/case"
  mv "$scratch/case" "$case_file"
  rm -rf "$scratch"
done
