#!/usr/bin/env bash
# Configuration and demo accounts of one province's dashboard for a local run (deploy/demo.sh,
# tests/browser): writes RUN/NODE-dashboard.toml and RUN/NODE-accounts.toml, one officer per
# unit of the node (user PREFIX-UNIT, e.g. bg-cnty; password $ALERTBUS_DEMO_PASSWORD or
# "matkhau-demo"), each unit reached with its own key from RUN/security/keys (made by
# deploy/make-keys.sh), so that its officers may post and close as well as acknowledge.
# Usage: deploy/dashboard/local.sh RUN NODE PORT SERVER_KEY DASHBOARD_BINARY
set -euo pipefail
run="$1" node="$2" port="$3" server_key="$4" dashboard="$5"
root="$(cd "$(dirname "$0")/../.." && pwd)"
password="${ALERTBUS_DEMO_PASSWORD:-matkhau-demo}"
declare -A prefixes=([bac-giang]=bg [hai-duong]=hd [quang-ninh]=qn)
declare -A officers=(
  [bac-giang/cnty]="Nguyễn Văn An" [bac-giang/bvtv]="Trần Thị Bình"
  [bac-giang/kiem-lam]="Lê Văn Cường" [bac-giang/qlcl]="Phạm Thị Dung"
  [hai-duong/cnty]="Hoàng Văn Hải" [hai-duong/bvtv]="Vũ Thị Hoa"
  [hai-duong/kiem-lam]="Đặng Văn Khánh" [hai-duong/qlcl]="Bùi Thị Lan"
  [quang-ninh/cnty]="Đỗ Văn Minh" [quang-ninh/bvtv]="Ngô Thị Ngọc"
  [quang-ninh/kiem-lam]="Dương Văn Phúc" [quang-ninh/qlcl]="Lý Thị Quyên")

config="$run/$node-dashboard.toml"
accounts="$run/$node-accounts.toml"
{
  echo "# Dashboard of $node for a local run (deploy/dashboard/local.sh)."
  echo "[dashboard]"
  echo "listen = \"127.0.0.1:$port\""
  echo "web_root = \"$root/dashboard/web\""
  echo "state_dir = \"$run/$node-dashboard\""
  echo "accounts = \"$accounts\""
  echo "areas_file = \"$root/deploy/areas/provinces.csv\""
  echo "[broker]"
  echo "endpoint = \"ipc://$run/$node.sock\""
  echo "server_key = \"$server_key\""
  for unit in cnty bvtv kiem-lam qlcl; do
    printf '[[unit]]\nid = "%s/%s"\nkey_file = "%s/security/keys/%s_%s.key"\n' \
      "$node" "$unit" "$run" "$node" "$unit"
  done
} >"$config"
rm -f "$accounts"
for unit in cnty bvtv kiem-lam qlcl; do
  printf '%s\n' "$password" | "$dashboard" account add "${prefixes[$node]}-$unit" \
    --name "${officers[$node/$unit]}" --unit "$node/$unit" --accounts "$accounts" \
    --password-stdin >/dev/null
done
