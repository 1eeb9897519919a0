#!/usr/bin/env bash
# The main job, locally: builds alertbus and starts the three-province federation on
# loopback (Bắc Giang, Hải Dương, Quảng Ninh, each with its own broker, database and links to
# the two others), starts an officer's watcher at every node, posts one sample alert of each
# of the four kinds at the province that issues it (deploy/samples/), has Hải Dương
# acknowledge Bắc Giang's alert, and shows every alert and the acknowledgement arriving at
# every node, then the link state and the list held at Quảng Ninh. Security is on: every
# node, officer and link uses CurveZMQ keys made for this run (deploy/make-keys.sh), and
# every event is signed by the unit that issues it.
# Usage: deploy/demo.sh [--keep]   (--keep leaves the nodes running until Ctrl-C)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
keep=0
[ "${1:-}" = "--keep" ] && keep=1

deploy/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C build -j 2 alertbusd alertctl

run="$(mktemp -d /tmp/alertbus-demo.XXXXXX)"
nodes=(bac-giang hai-duong quang-ninh)
declare -A names=([bac-giang]="Bắc Giang" [hai-duong]="Hải Dương" [quang-ninh]="Quảng Ninh")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "Dữ liệu và nhật ký của lần chạy (data and logs of this run): $run" >&2
}
trap cleanup EXIT

# Keys for the nodes and every principal, and the registry all three nodes hold.
deploy/make-keys.sh "$run/security" build/clients/alertctl
declare -A server_key
for node in "${nodes[@]}"; do
  server_key[$node]="$(build/clients/alertctl --json keys show "$run/security/keys/$node.key" |
    sed -n 's/.*"curve_public_key":"\([^"]*\)".*/\1/p')"
done

# Each node listens on its loopback TCP port from deploy/<node>.toml (where its peers find
# it) and on an ipc socket of this run (where this script's alertctl finds it).
for node in "${nodes[@]}"; do
  port="$(sed -n 's|^listen = \["tcp://127.0.0.1:\([0-9]*\)".*|\1|p' "deploy/$node.toml")"
  build/broker/alertbusd --config "deploy/$node.toml" \
    --listen "tcp://127.0.0.1:$port" --listen "ipc://$run/$node.sock" \
    --data-dir "$run/$node" --endpoint-file "$run/$node.endpoint" \
    --security-mode curve --registry "$run/security/registry.toml" \
    --key-file "$run/security/keys/$node.key" 2>"$run/$node.log" &
  pids+=($!)
done
for node in "${nodes[@]}"; do
  for _ in $(seq 1 100); do [ -s "$run/$node.endpoint" ] && break; sleep 0.1; done
  [ -s "$run/$node.endpoint" ] || {
    echo "alertbusd $node không khởi động được; xem $run/$node.log" >&2
    exit 1
  }
  echo "== Nút ${names[$node]} đang chạy: $(tr '\n' ' ' <"$run/$node.endpoint")" >&2
done

alertctl=build/clients/alertctl
# at <node> <principal> <alertctl arguments>: alertctl at that node, with that principal's keys.
at() {
  ALERTBUS_BROKER="ipc://$run/$1.sock" ALERTBUS_SERVER_KEY="${server_key[$1]}" \
    ALERTBUS_KEY_FILE="$run/security/keys/${2//\//_}.key" "$alertctl" "${@:3}"
}

# A watcher at every node: catch-up then live, stops after four alerts and one follow-up.
watchers=()
for node in "${nodes[@]}"; do
  at "$node" "$node/operator" watch --from-beginning --count 5 --timeout 60 >"$run/$node.watch" &
  watchers+=($!)
done
sleep 0.5

echo "== Mỗi tỉnh đăng cảnh báo của mình (each province posts its alerts)" >&2
# Bắc Giang's first alert is posted with --json to keep its event id for the acknowledgement.
first_id="$(at bac-giang bac-giang/cnty --json post --file deploy/samples/animal-disease.json |
  python3 -c 'import json, sys; ack = json.load(sys.stdin); print(ack["event_id"])')"
at bac-giang bac-giang/operator get "$first_id" | head -4
at hai-duong hai-duong/bvtv post --file deploy/samples/crop-pest.json
at bac-giang bac-giang/kiem-lam post --file deploy/samples/forest-fire.json
at quang-ninh quang-ninh/qlcl post --file deploy/samples/unsafe-food.json

# Hải Dương acknowledges Bắc Giang's animal-disease alert as soon as it holds it.
for _ in $(seq 1 100); do at hai-duong hai-duong/operator get "$first_id" >/dev/null 2>&1 && break; sleep 0.1; done
echo "== Hải Dương xác nhận đã nhận cảnh báo của Bắc Giang (Hải Dương acknowledges)" >&2
at hai-duong hai-duong/cnty ack "$first_id" --sender hai-duong/cnty --text "Đã nhận, đang triển khai giám sát"

for i in "${!nodes[@]}"; do
  node="${nodes[$i]}"
  wait "${watchers[$i]}" || { echo "Người theo dõi tại $node không nhận đủ; xem $run" >&2; exit 1; }
  echo "== Người theo dõi tại ${names[$node]} đã nhận (the watcher at $node received):" >&2
  cat "$run/$node.watch"
done
echo "== Liên kết của Quảng Ninh với các tỉnh khác (Quảng Ninh's links):" >&2
at quang-ninh quang-ninh/operator peers
echo "== Danh sách trên nút Quảng Ninh (list held at Quảng Ninh):" >&2
at quang-ninh quang-ninh/operator list

if [ "$keep" = 1 ]; then
  echo "== Các nút vẫn chạy; nhấn Ctrl-C để dừng (nodes keep running; Ctrl-C stops them)" >&2
  wait
fi
