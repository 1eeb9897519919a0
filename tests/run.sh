#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs the packages, builds twice (optimised,
# and with AddressSanitizer + UndefinedBehaviorSanitizer), and runs every test in both:
# unit and integration tests (label "quick") and the SIGKILL crash test (label "crash").
# Then each libFuzzer target runs for a bounded time (tests/fuzz/run.sh: a third build, with
# clang; ALERTBUS_FUZZ_SECONDS per target, default 60).
# Usage: tests/run.sh [--no-sanitizers] [--no-fuzz]   (--no-sanitizers skips the fuzzing too)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

sanitizers=1
fuzz=1
for arg in "$@"; do
  case "$arg" in
    --no-sanitizers) sanitizers=0 ;;
    --no-fuzz) fuzz=0 ;;
    *)
      echo "usage: tests/run.sh [--no-sanitizers] [--no-fuzz]" >&2
      exit 2
      ;;
  esac
done

deploy/install-deps.sh

jobs=2  # The machines have two cores.

run_suite() {  # run_suite <build dir> <cmake flags...>
  local dir="$1"; shift
  echo "== cấu hình và biên dịch (configure and build): $dir" >&2
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  ninja -C "$dir" -j "$jobs"
  echo "== kiểm thử (tests): $dir" >&2
  ctest --test-dir "$dir" --output-on-failure -j "$jobs" -L quick
  # The crash test kills brokers at random moments; it runs alone so timing stays sane.
  ctest --test-dir "$dir" --output-on-failure -L crash
}

run_suite build
if [ "$sanitizers" = 1 ]; then
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  run_suite build-asan -DALERTBUS_SANITIZE=ON -DALERTBUS_BENCH=OFF
  if [ "$fuzz" = 1 ]; then
    # About 7 minutes on two cores: the clang build of the targets, then 60 s each.
    tests/fuzz/run.sh "${ALERTBUS_FUZZ_SECONDS:-60}"
  fi
fi
echo "== tất cả kiểm thử đã qua (all tests passed)" >&2
