#!/usr/bin/env bash
# The main job, locally: builds alertbus, starts the Bắc Giang node on loopback, starts an
# officer's watcher, posts one sample alert of each of the four kinds (deploy/samples/) and
# shows them arriving at the watcher, then lists them and the node's status.
# Usage: deploy/demo.sh [--keep]   (--keep leaves the node running until Ctrl-C)
# (Until the federation issue lands this is one node; it will become three provinces.)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
keep=0
[ "${1:-}" = "--keep" ] && keep=1

deploy/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C build -j 2 alertbusd alertctl

run="$(mktemp -d /tmp/alertbus-demo.XXXXXX)"
broker_pid=""
cleanup() {
  [ -n "$broker_pid" ] && kill "$broker_pid" 2>/dev/null && wait "$broker_pid" 2>/dev/null
  echo "Dữ liệu và nhật ký của lần chạy (data and logs of this run): $run" >&2
}
trap cleanup EXIT

endpoint="ipc://$run/bac-giang.sock"
build/broker/alertbusd --config deploy/bac-giang.toml --listen "$endpoint" \
  --data-dir "$run/bac-giang" --endpoint-file "$run/endpoint" 2>"$run/bac-giang.log" &
broker_pid=$!
for _ in $(seq 1 100); do [ -s "$run/endpoint" ] && break; sleep 0.1; done
[ -s "$run/endpoint" ] || { echo "alertbusd không khởi động được; xem $run/bac-giang.log" >&2; exit 1; }
echo "== Nút Bắc Giang đang chạy tại $endpoint (node running)" >&2

export ALERTBUS_BROKER="$endpoint"
alertctl=build/clients/alertctl
# The watcher: catch-up then live, stops after the four alerts.
"$alertctl" watch --from-beginning --count 4 --timeout 30 >"$run/watch.txt" &
watcher_pid=$!
sleep 0.5

echo "== Đăng bốn cảnh báo mẫu (posting four sample alerts)" >&2
for sample in animal-disease crop-pest forest-fire unsafe-food; do
  "$alertctl" post --file "deploy/samples/$sample.json"
done

wait "$watcher_pid"
echo "== Người theo dõi đã nhận (the watcher received):" >&2
cat "$run/watch.txt"
echo "== Danh sách trên nút (list on the node):" >&2
"$alertctl" list
"$alertctl" status

if [ "$keep" = 1 ]; then
  echo "== Nút vẫn chạy; nhấn Ctrl-C để dừng (node keeps running; Ctrl-C stops it)" >&2
  wait "$broker_pid"
fi
