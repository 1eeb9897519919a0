#!/usr/bin/env bash
# The main job, locally: builds alertbus and starts the three-province federation on
# loopback (Bắc Giang, Hải Dương, Quảng Ninh, each with its own broker, database and links to
# the two others), starts an officer's watcher at every node, posts one sample alert of each
# of the four kinds at the province that issues it (deploy/samples/), has Hải Dương
# acknowledge Bắc Giang's alert, and shows every alert and the acknowledgement arriving at
# every node, then the link state and the list held at Quảng Ninh. Then it carries one case
# through its lifecycle across the federation (a foot-and-mouth alert from Bắc Giang's
# veterinary unit, acknowledged at Hải Dương, measures reported at Quảng Ninh, closed by Bắc
# Giang), shows the cases at every node (the same states everywhere), a search without
# diacritics, the year's report (Markdown here, HTML in the run's directory) and the alert as
# a CAP 1.2 document. Security is on: every node, officer and link uses CurveZMQ keys made
# for this run (deploy/make-keys.sh), and every event is signed by the unit that issues it.
# Each province also gets its dashboard (alertbus-dashboard, http://127.0.0.1:8401/ for Bắc
# Giang, 8402 Hải Dương, 8403 Quảng Ninh; one officer per unit, demo password printed), which
# shows all of it live. Then the nodes and dashboards keep running until Ctrl-C.
# Usage: deploy/demo.sh [--once]   (--once stops everything at the end instead of waiting)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
keep=1
case "${1:-}" in
  --once) keep=0 ;;
  --keep | "") ;;
  *)
    echo "usage: deploy/demo.sh [--once]" >&2
    exit 2
    ;;
esac

deploy/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C build -j 2 alertbusd alertctl alertbus-dashboard

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
    --key-file "$run/security/keys/$node.key" --areas-file deploy/areas/provinces.csv \
    2>"$run/$node.log" &
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

# One dashboard per province, reached by its officers at 127.0.0.1:840x.
declare -A dashboard_port=([bac-giang]=8401 [hai-duong]=8402 [quang-ninh]=8403)
declare -A demo_user=([bac-giang]=bg [hai-duong]=hd [quang-ninh]=qn)
for node in "${nodes[@]}"; do
  deploy/dashboard/local.sh "$run" "$node" "${dashboard_port[$node]}" "${server_key[$node]}" \
    build/dashboard/server/alertbus-dashboard
  build/dashboard/server/alertbus-dashboard serve --config "$run/$node-dashboard.toml" \
    --url-file "$run/$node-dashboard.url" 2>"$run/$node-dashboard.log" &
  pids+=($!)
done
show_dashboards() {
  for node in "${nodes[@]}"; do
    for _ in $(seq 1 50); do [ -s "$run/$node-dashboard.url" ] && break; sleep 0.1; done
    echo "   ${names[$node]}: $(cat "$run/$node-dashboard.url" 2>/dev/null || echo "(xem $run/$node-dashboard.log)")" \
      " đăng nhập (login) ${demo_user[$node]}-cnty, ${demo_user[$node]}-bvtv, ${demo_user[$node]}-kiem-lam, ${demo_user[$node]}-qlcl;" \
      "mật khẩu (password) matkhau-demo" >&2
  done
}
echo "== Bảng điều khiển của từng tỉnh (each province's dashboard):" >&2
show_dashboards

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

# event_id: the event id in the JSON acknowledgement alertctl --json prints for a publish.
event_id() { python3 -c 'import json, sys; print(json.load(sys.stdin)["event_id"])'; }
# wait_for <node> <event id>: waits until that node holds the event (it came over a link).
wait_for() {
  for _ in $(seq 1 100); do
    at "$1" "$1/operator" get "$2" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "Nút ${names[$1]} không nhận được sự kiện $2; xem $run" >&2
  exit 1
}

# One case through its lifecycle, each step by its unit at its own node: only the issuer may
# close it; the other provinces' veterinary units (CNTY) acknowledge it and report measures.
echo "== Một hồ sơ qua các tỉnh: Bắc Giang phát cảnh báo lở mồm long móng" \
  "(one case across the federation: Bắc Giang issues a foot-and-mouth alert)" >&2
case_id="$(at bac-giang bac-giang/cnty --json post --file deploy/samples/animal-disease-fmd.json |
  event_id)"
at bac-giang bac-giang/operator get "$case_id" | head -4
wait_for hai-duong "$case_id"
echo "== Chi cục CNTY Hải Dương xác nhận đã nhận, tại nút Hải Dương" \
  "(Hải Dương's CNTY acknowledges, at Hải Dương)" >&2
ack_id="$(at hai-duong hai-duong/cnty --json ack "$case_id" --sender hai-duong/cnty \
  --text "Đã nhận; đang kiểm soát vận chuyển trâu bò từ Bắc Giang" | event_id)"
wait_for quang-ninh "$case_id"
echo "== Chi cục CNTY Quảng Ninh báo biện pháp đã thực hiện, tại nút Quảng Ninh" \
  "(Quảng Ninh's CNTY reports measures taken, at Quảng Ninh)" >&2
measures_id="$(at quang-ninh quang-ninh/cnty --json follow-up --alert "$case_id" \
  --type measures-taken --sender quang-ninh/cnty \
  --text "Đã lập chốt kiểm dịch động vật tại Đông Triều; tiêm phòng bao vây 1.200 con" | event_id)"
wait_for bac-giang "$ack_id"
wait_for bac-giang "$measures_id"
echo "== Chi cục CNTY Bắc Giang kết thúc hồ sơ, tại nút Bắc Giang" \
  "(Bắc Giang's CNTY closes the case, at Bắc Giang)" >&2
close_id="$(at bac-giang bac-giang/cnty --json close "$case_id" --sender bac-giang/cnty \
  --text "Không phát sinh ca bệnh mới sau 21 ngày; kết thúc ổ dịch" | event_id)"
for node in "${nodes[@]}"; do
  for id in "$case_id" "$ack_id" "$measures_id" "$close_id"; do wait_for "$node" "$id"; done
done

for node in "${nodes[@]}"; do
  echo "== Hồ sơ trên nút ${names[$node]} (cases held at $node):" >&2
  at "$node" "$node/operator" cases
done
echo "== Chi tiết hồ sơ, tại nút Quảng Ninh (the case in detail, at Quảng Ninh):" >&2
at quang-ninh quang-ninh/operator case "$case_id"
# Every node must compute the same case: the same state, and the same state and delivery
# time for every receiving province (each node's broker issues a receipt when it stores an
# alert of another node, and the receipts travel like any event). Receipts may still be on
# their way: compare again for a few seconds before calling it a difference.
states_of() {
  at "$1" "$1/operator" --json cases | python3 -c '
import json, sys
for case in sorted(json.load(sys.stdin).get("cases", []), key=lambda c: c["reference"]):
    receivers = [r["node"] + "=" + r["state"] + "@" + r.get("delivered_at", "-")
                 for r in case.get("receivers", [])]
    print(case["reference"], case.get("state", ""), *receivers)'
}
same=0
for _ in $(seq 1 50); do
  for node in "${nodes[@]}"; do states_of "$node" >"$run/$node.states"; done
  if cmp -s "$run/bac-giang.states" "$run/hai-duong.states" &&
    cmp -s "$run/bac-giang.states" "$run/quang-ninh.states"; then
    same=1
    break
  fi
  sleep 0.2
done
if [ "$same" != 1 ]; then
  echo "Tình trạng hồ sơ khác nhau giữa các nút (case states differ between nodes):" >&2
  diff "$run/bac-giang.states" "$run/hai-duong.states" >&2 || true
  diff "$run/bac-giang.states" "$run/quang-ninh.states" >&2 || true
  exit 1
fi
echo "== Tình trạng hồ sơ giống nhau trên cả ba nút, kể cả thời điểm mỗi tỉnh nhận" \
  "(case states, and each province's delivery time, identical at all three nodes):" >&2
cat "$run/bac-giang.states"

echo "== Tìm không dấu tại nút Hải Dương: \"lo mom long mong\"" \
  "(search without diacritics, at Hải Dương)" >&2
at hai-duong hai-duong/operator search "lo mom long mong"

year="$(TZ=Asia/Ho_Chi_Minh date +%Y)"
echo "== Báo cáo năm $year của nút Bắc Giang (Bắc Giang's report for $year):" >&2
at bac-giang bac-giang/operator report --period "$year" --format html --out "$run/bao-cao.html"
at bac-giang bac-giang/operator report --period "$year" --format md
echo "== Báo cáo HTML (HTML report): $run/bao-cao.html" >&2
echo "== Cảnh báo dạng CAP 1.2 (the alert as a CAP 1.2 document):" >&2
at bac-giang bac-giang/operator export cap "$case_id" --out "$run/canh-bao-cap.xml"

# The lines an officer pastes to use alertctl at each node, as the unit named (its key, the
# node's server key, the node's address, the province table for checking areas).
echo "== Cách cán bộ kết nối: dán các dòng của tỉnh mình vào terminal" \
  "(how an officer connects: paste the lines of the province)$([ "$keep" = 1 ] || echo \
  '; chạy lại không có --once để các nút tiếp tục chạy (run again without --once to keep the nodes running)')" >&2
for node in "${nodes[@]}"; do
  echo "# ${names[$node]} — Chi cục Chăn nuôi và Thú y (đổi cnty thành bvtv, kiem-lam, qlcl cho đơn vị khác)"
  echo "alias alertctl='$root/build/clients/alertctl'"
  echo "export ALERTBUS_BROKER='ipc://$run/$node.sock'"
  echo "export ALERTBUS_SERVER_KEY='${server_key[$node]}'"
  echo "export ALERTBUS_KEY_FILE='$run/security/keys/${node}_cnty.key'"
  echo "export ALERTBUS_SENDER='$node/cnty'"
  echo "export ALERTBUS_AREAS_FILE='$root/deploy/areas/provinces.csv'"
  echo "alertctl status"
  echo
done

if [ "$keep" = 1 ]; then
  echo "== Bảng điều khiển (dashboards):" >&2
  show_dashboards
  echo "== Các nút và bảng điều khiển vẫn chạy; nhấn Ctrl-C để dừng" \
    "(nodes and dashboards keep running; Ctrl-C stops them)" >&2
  wait
fi
