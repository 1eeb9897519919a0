#!/usr/bin/env bash
# Bounded fuzzing: builds the libFuzzer targets with clang in build-fuzz (ALERTBUS_FUZZ=ON:
# libFuzzer + AddressSanitizer + UndefinedBehaviorSanitizer), then runs each target for N
# seconds on a copy of its seed corpus (tests/fuzz/corpus/<name>), so that libFuzzer's new
# inputs never land in the committed corpus. Fails if any target crashes, leaks, hangs or
# breaks a property; the input that did it is left in build-fuzz/fuzz-run/<target>/
# (crash-*, leak-*, timeout-*) until the next run, and docs/TESTING.md says how to
# reproduce it. tests/run.sh builds and tests the whole tree in the same build dir first
# (configured the same way), so there this script finds the targets built.
# Usage: tests/fuzz/run.sh [seconds per target, default 60]
#        tests/fuzz/run.sh --seeds    regenerate corpus/frame, event, remote and peer_link
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

seconds="${1:-60}"
jobs="${ALERTBUS_BUILD_JOBS:-2}"  # The machines have two cores; ALERTBUS_BUILD_JOBS=1 to share.
build=build-fuzz
fuzz_dir=tests/fuzz

# target, corpus name, largest input (bytes), dictionary or "".
targets=(
  "fuzz_frame frame 8192 "
  "fuzz_event event 8192 "
  "fuzz_config config 4096 $fuzz_dir/config.dict"
  "fuzz_cap cap 16384 $fuzz_dir/cap.dict"
  "fuzz_remote remote 16384 "
  "fuzz_peer_link peer_link 32768 "
)

if [ "$seconds" != "--seeds" ] && { ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; }; then
  echo "usage: tests/fuzz/run.sh [seconds per target] | --seeds" >&2
  exit 2
fi

deploy/install-deps.sh

start=$SECONDS
echo "== biên dịch các đích fuzz bằng clang (build the fuzz targets with clang): $build" >&2
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++ -DALERTBUS_FUZZ=ON -DALERTBUS_BENCH=OFF >/dev/null
if [ "$seconds" = "--seeds" ]; then
  ninja -C "$build" -j "$jobs" fuzz_seed_frames fuzz_seed_peer
  "$build/tests/fuzz/fuzz_seed_frames" "$fuzz_dir/corpus"
  "$build/tests/fuzz/fuzz_seed_peer" "$fuzz_dir/corpus"
  echo "== đã tạo lại kho mẫu (seed corpus regenerated):" \
    "$fuzz_dir/corpus/{frame,event,remote,peer_link}" >&2
  exit 0
fi
names=()
for target in "${targets[@]}"; do
  names+=("${target%% *}")
done
ninja -C "$build" -j "$jobs" "${names[@]}"
echo "== biên dịch xong sau $((SECONDS - start)) giây (built in $((SECONDS - start)) s)" >&2

# One target's bounded run; its verdict goes to $work/verdict ("ok RUNS" or "failed").
fuzz_one() {  # fuzz_one <name> <corpus> <max_len> <dict>
  local name="$1" corpus="$2" max_len="$3" dict="$4"
  local work="$root/$build/fuzz-run/$name"
  rm -rf "$work"
  mkdir -p "$work/corpus"
  cp "$fuzz_dir/corpus/$corpus/"* "$work/corpus/"
  # Configurations: the deployed ones too, as they are now.
  [ "$corpus" = config ] && cp deploy/*.toml "$work/corpus/"
  local options=(-max_total_time="$seconds" -max_len="$max_len" -jobs=1 -timeout=10
    -print_final_stats=1 -artifact_prefix="$work/")
  [ -n "$dict" ] && options+=(-dict="$root/$dict")
  # -jobs=1 runs the fuzzing in a child whose output goes to fuzz-0.log in the working dir.
  if (cd "$work" && "$root/$build/tests/fuzz/$name" "${options[@]}" corpus >run.log 2>&1); then
    local runs
    runs="$(grep -o 'stat::number_of_executed_units: [0-9]*' "$work/fuzz-0.log" | grep -o '[0-9]*$' || true)"
    echo "ok ${runs:-?}" >"$work/verdict"
  else
    echo "failed" >"$work/verdict"
  fi
}

# The targets run $jobs at a time (each is one process on one core), each for $seconds.
echo "== fuzz: ${#targets[@]} đích, $jobs cùng lúc, mỗi đích $seconds giây" \
  "(${#targets[@]} targets, $jobs at a time, $seconds s each)" >&2
running=0
for target in "${targets[@]}"; do
  read -r name corpus max_len dict <<<"$target"
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
  fuzz_one "$name" "$corpus" "$max_len" "$dict" &
  running=$((running + 1))
done
wait || true

failed=()
for target in "${targets[@]}"; do
  read -r name _ <<<"$target"
  work="$root/$build/fuzz-run/$name"
  verdict="$(cat "$work/verdict" 2>/dev/null || echo failed)"
  if [ "${verdict%% *}" = ok ]; then
    echo "== $name: không có lỗi sau ${verdict#ok } lần chạy (no failure in ${verdict#ok } runs)" >&2
  else
    echo "== $name: LỖI (FAILED); nhật ký (log): $work/fuzz-0.log" >&2
    grep -A40 -E '^==[0-9]+==ERROR|runtime error|fuzz property broken|deadly signal|Test unit written' \
      "$work/fuzz-0.log" | head -80 >&2 || true
    ls "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-* >&2 2>/dev/null || true
    failed+=("$name")
  fi
done

echo "== fuzz: $((SECONDS - start)) giây tất cả (seconds in all)" >&2
if [ ${#failed[@]} -gt 0 ]; then
  echo "== fuzz THẤT BẠI (failed): ${failed[*]}" >&2
  exit 1
fi
echo "== tất cả đích fuzz đã qua (all fuzz targets passed)" >&2
