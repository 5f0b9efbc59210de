#!/usr/bin/env bash
# The test job, from a fresh Debian 12 machine: install what is needed, build everything, and run
# the whole test suite with ctest (its closing line is the summary).
# With CI=true (or HV_HOSTILE=1) it also builds a second tree with clang, AddressSanitizer,
# UndefinedBehaviorSanitizer and the libFuzzer targets (build-asan/, or $ASAN_BUILD_DIR), runs the
# whole suite there, and fuzzes each parser for $HV_FUZZ_SECONDS seconds (default 30) as part of
# that suite; the normal suite runs last, so its summary still closes the output. The sanitized tree
# is built without MPI (-DHEAVISIDE_MPI=OFF): OpenMPI's own allocations at MPI_Init are reported as
# leaks by LeakSanitizer; the MPI tests (tests/mpi) run in the normal tree.
# The tests are always enabled (-DBUILD_TESTING=ON overrides any cache), and ctest fails when it
# finds no test (--no-tests=error): whatever ran before (scripts/demo.sh builds build-demo/), this
# runs the suite. HV_SKIP_DEPS=1 skips the package check; HV_CONFIGURE_ONLY=1 stops after
# configuring (tests/scripts/demo_then_test.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${HV_SKIP_DEPS:-}" = 1 ] || scripts/install-deps.sh
BUILD=${BUILD_DIR:-build}
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=ON
[ "${HV_CONFIGURE_ONLY:-}" = 1 ] && exit 0
cmake --build "$BUILD" -j2

if [ "${CI:-}" = true ] || [ "${HV_HOSTILE:-}" = 1 ]; then
  ASAN=${ASAN_BUILD_DIR:-build-asan}
  cmake -S . -B "$ASAN" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
    -DHV_SANITIZE=address,undefined -DHV_FUZZ=ON -DHV_FUZZ_SECONDS="${HV_FUZZ_SECONDS:-30}" -DHEAVISIDE_MPI=OFF
  cmake --build "$ASAN" -j2
  echo "test.sh: the whole suite under AddressSanitizer + UndefinedBehaviorSanitizer, and the fuzzers"
  (cd "$ASAN" && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
     ctest -j2 --output-on-failure --no-tests=error --timeout 900)
fi

cd "$BUILD"
ctest -j2 --output-on-failure --no-tests=error --timeout 900
