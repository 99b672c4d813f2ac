#!/usr/bin/env bash
# The whole test suite, as CI runs it: install what is missing, build and run
# every test (GoogleTest, pack tests, CLI, bindings, examples), then build and
# run it again under AddressSanitizer and UndefinedBehaviorSanitizer, then
# run every fuzz target for 30 seconds on its corpus and reproducers.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
jobs="$(nproc)"
# The builds go through ccache (CMakeLists.txt, POVMON_CCACHE). Paths under
# this checkout are hashed relative to it, and the build directory is not
# hashed, so a fresh clone anywhere reuses what an earlier run compiled (its
# debug information then names the earlier build directory; tests do not
# read it).
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}" CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"

echo "== build and test (RelWithDebInfo)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPOVMON_BUILD_BENCHMARKS=ON >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

echo "== build and test under AddressSanitizer + UndefinedBehaviorSanitizer"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DPOVMON_SANITIZE=ON \
  -DPOVMON_BUILD_BENCHMARKS=OFF -DPOVMON_BINDINGS_TESTS=OFF >/dev/null
cmake --build build-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs" -LE no-sanitize

echo "== fuzz every input surface briefly (clang-14 + libFuzzer, ASan+UBSan; README: Fuzzing)"
scripts/fuzz.sh 30
