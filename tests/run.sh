#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs the packages, then three builds:
#   build       optimised (gcc): unit and integration tests (label "quick"), then the SIGKILL
#               crash test, federation outages and the real network test (label "crash"),
#               then the dashboard in Debian's Chromium against real brokers (tests/browser),
#               then the Debian packages built, installed, run and purged (tests/package),
#               then the three-node soak for 3 minutes (bench/soak: kills under load, then
#               every event once everywhere, equal cases, verified chains, flat memory)
#   build-fuzz  clang, AddressSanitizer + UndefinedBehaviorSanitizer with libFuzzer's coverage
#               (ALERTBUS_FUZZ=ON): the "quick" tests, then each libFuzzer target for a bounded
#               time (tests/fuzz/run.sh in the same build dir; ALERTBUS_FUZZ_SECONDS per
#               target, default 38; two targets at a time, one per core: about two minutes)
#   build-tsan  ThreadSanitizer (clang): the "quick" tests, brokers included
# The crash label runs in the optimised build only: its timing is what it tests.
# Usage: tests/run.sh [--no-sanitizers] [--no-fuzz] [--no-tsan]
#   --no-sanitizers skips both sanitizer builds (and so the fuzzing); --no-fuzz skips the
#   fuzzing; --no-tsan skips the ThreadSanitizer build.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

sanitizers=1
fuzz=1
tsan=1
for arg in "$@"; do
  case "$arg" in
    --no-sanitizers) sanitizers=0 ;;
    --no-fuzz) fuzz=0 ;;
    --no-tsan) tsan=0 ;;
    *)
      echo "usage: tests/run.sh [--no-sanitizers] [--no-fuzz] [--no-tsan]" >&2
      exit 2
      ;;
  esac
done

deploy/install-deps.sh

jobs=2  # The machines have two cores.

# How long each part took, printed at the end, also when a part fails.
timings=()
part=""
part_start=0
report_timings() {
  if [ -n "$part" ]; then
    timings+=("$(printf '%5d s  %s: THẤT BẠI (FAILED)' $((SECONDS - part_start)) "$part")")
  fi
  [ ${#timings[@]} -gt 0 ] || return 0
  echo "== thời gian từng phần (time per part):" >&2
  printf '   %s\n' "${timings[@]}" >&2
}
trap report_timings EXIT
timed() {  # timed <name> <command...>; a failing command ends the script (set -e).
  part="$1"
  part_start=$SECONDS
  shift
  "$@"
  timings+=("$(printf '%5d s  %s' $((SECONDS - part_start)) "$part")")
  part=""
}

# Debug information: line tables only (gcc -g1, clang -gline-tables-only), enough for the
# sanitizers' and a crash's stack traces with files and lines; full -g made each build
# about a tenth slower (measured on case_service.cpp: 9.3-9.8 s against 7.8-8.1 s with -g1).
build() {  # build <build dir> <debug info flag> <cmake flags...>
  local dir="$1" debug_info="$2"
  shift 2
  echo "== cấu hình và biên dịch (configure and build): $dir" >&2
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 $debug_info -DNDEBUG" "$@" >/dev/null
  ninja -C "$dir" -j "$jobs"
}

quick() {  # quick <build dir>
  echo "== kiểm thử nhanh (quick tests): $1" >&2
  ctest --test-dir "$1" --output-on-failure -j "$jobs" -L quick
}

crash() {  # crash <build dir>
  echo "== kiểm thử sự cố (crash tests): $1" >&2
  # The crash tests kill brokers at random moments; they run alone so timing stays sane.
  ctest --test-dir "$1" --output-on-failure -L crash
}

# Under ThreadSanitizer every process (test executables, alertbusd, alertctl) writes its
# reports to $1/reports/tsan.<pid>; a broker's stderr goes to a log in a temporary directory
# that its test removes, so the files are what shows a race in a broker. Fails if a test
# fails or any process reported anything.
quick_tsan() {  # quick_tsan <build dir>
  local dir="$1" failed=0
  rm -rf "$dir/reports"
  mkdir -p "$dir/reports"
  echo "== kiểm thử nhanh dưới ThreadSanitizer (quick tests under ThreadSanitizer): $dir" >&2
  TSAN_OPTIONS="suppressions=$root/tests/tsan.supp:log_path=$root/$dir/reports/tsan:second_deadlock_stack=1" \
    ctest --test-dir "$dir" --output-on-failure -j "$jobs" -L quick || failed=1
  if compgen -G "$dir/reports/tsan.*" >/dev/null; then
    echo "== ThreadSanitizer đã báo lỗi (ThreadSanitizer reported): $dir/reports/" >&2
    for report in "$dir"/reports/tsan.*; do
      echo "---- $report" >&2
      head -120 "$report" >&2
    done
    failed=1
  fi
  return "$failed"
}

# Installed paths as the packages have them (tests/package builds its .deb from this build).
timed "biên dịch (build): build" build build -g1 -DCMAKE_INSTALL_PREFIX=/usr
timed "kiểm thử nhanh (quick): build" quick build
timed "kiểm thử sự cố (crash): build" crash build
timed "kiểm thử trình duyệt (browser): build" tests/browser/run.sh build
timed "gói cài đặt (packages): build" tests/package/run.sh build
timed "soak 3 phút (soak): build" build/bench/alertbus_soak --minutes 3
if [ "$sanitizers" = 1 ]; then
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
  # Leaks of third-party libraries we cannot free (tests/lsan.supp says which and why).
  export LSAN_OPTIONS="suppressions=$root/tests/lsan.supp"
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  # One clang build serves the tests and the fuzz targets; configured exactly as
  # tests/fuzz/run.sh does, so that it finds the build up to date.
  timed "biên dịch (build): build-fuzz (ASan+UBSan)" build build-fuzz -gline-tables-only \
    -DCMAKE_CXX_COMPILER=clang++ -DALERTBUS_FUZZ=ON -DALERTBUS_BENCH=OFF
  timed "kiểm thử nhanh (quick): build-fuzz (ASan+UBSan)" quick build-fuzz
  if [ "$fuzz" = 1 ]; then
    timed "fuzz: build-fuzz" tests/fuzz/run.sh "${ALERTBUS_FUZZ_SECONDS:-38}"
  fi
  if [ "$tsan" = 1 ]; then
    timed "biên dịch (build): build-tsan (ThreadSanitizer)" build build-tsan -gline-tables-only \
      -DCMAKE_CXX_COMPILER=clang++ -DALERTBUS_TSAN=ON -DALERTBUS_BENCH=OFF
    timed "kiểm thử nhanh (quick): build-tsan (ThreadSanitizer)" quick_tsan build-tsan
  fi
fi
echo "== tất cả kiểm thử đã qua (all tests passed)" >&2
