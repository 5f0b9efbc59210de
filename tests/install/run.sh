#!/usr/bin/env bash
# The installed-package test: `cmake --install` the build tree into a fresh prefix under the build
# directory, check the program, man page, completion, headers and templates are there, then
# configure and build tests/install/consumer with find_package(heaviside) against that prefix only,
# and run it. The consumer uses the build's C++ compiler (an instrumented build's libraries need
# its sanitizer runtimes, which the installed config adds to the link).
# Usage: run.sh <build dir> <source dir> [C++ compiler]
set -euo pipefail
build=$(realpath "$1") src=$(realpath "$2") cxx=${3:-c++}
prefix=$build/tests/install/prefix work=$build/tests/install/consumer
rm -rf "$prefix" "$work"
cmake --install "$build" --prefix "$prefix" >/dev/null
for f in bin/heaviside share/man/man1/heaviside.1 share/bash-completion/completions/heaviside \
         include/heaviside/flow/flow.hpp include/heaviside/reference.hpp share/heaviside/templates/c/model.c \
         lib/libhv_flow.a lib/cmake/heaviside/heavisideConfig.cmake; do
  [ -e "$prefix/$f" ] || { echo "install: $f is missing"; exit 1; }
done
"$prefix/bin/heaviside" --version
cmake -S "$src/tests/install/consumer" -B "$work" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF >/dev/null
cmake --build "$work" >/dev/null
out=$("$work/consumer" "$src/examples/iris/iris.csv")
echo "$out"
grep -q '^consumer.v [0-9]' <<<"$out"
grep -q '^consumer.h [0-9]' <<<"$out"
grep -q '^consumer.c [0-9]' <<<"$out"
grep -q '^neurons [1-9]' <<<"$out"
echo "install: the consumer built against $prefix and ran"
