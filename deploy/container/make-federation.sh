#!/usr/bin/env bash
# The one-shot `keys` service of deploy/container/compose.yaml, in the image (as the user
# alertbus): makes, once, into the `keys` volume OUT (default /etc/alertbus/federation)
#   security/keys/*.key, security/registry.toml  the nodes' and principals' keys and the
#                                                registry (deploy/make-keys.sh)
#   NODE-accounts.toml                           one demo officer per unit (deploy/dashboard/
#                                                local.sh; password $ALERTBUS_DEMO_PASSWORD)
#   NODE-dashboard.toml                          TEMPLATES/dashboard-NODE.toml with the node's
#                                                public key as [broker] server_key
# then writes OUT/.complete. Run again (every `docker compose up`), it finds .complete and
# changes nothing: the nodes keep their keys and their data.
# Usage: make-federation.sh [OUT] [TEMPLATES]   (TEMPLATES: deploy/container/config, mounted)
set -euo pipefail
out="${1:-/etc/alertbus/federation}"
templates="${2:-/etc/alertbus/container}"
here="$(cd "$(dirname "$0")" && pwd)"
alertctl="${ALERTCTL:-/usr/bin/alertctl}"
dashboard="${ALERTBUS_DASHBOARD:-/usr/bin/alertbus-dashboard}"

if [ -e "$out/.complete" ]; then
  echo "== Khóa và danh bạ đã có, không đổi (keys and registry already made, unchanged): $out" >&2
  exit 0
fi
# An earlier run stopped half-way: no node has started with its keys (the nodes start only
# after this service succeeds), so they are made afresh.
"$here/make-keys.sh" "$out/security" "$alertctl"
for node in bac-giang hai-duong quang-ninh; do
  key="$("$alertctl" --json keys show "$out/security/keys/$node.key" |
    sed -n 's/.*"curve_public_key":"\([^"]*\)".*/\1/p')"
  if [ -z "$key" ]; then
    echo "== Không đọc được khóa công khai của $node (cannot read $node's public key)" >&2
    exit 1
  fi
  # The demo accounts (it writes a dashboard configuration too, replaced below).
  "$here/local.sh" "$out" "$node" 8401 "$key" "$dashboard"
  template="$templates/dashboard-$node.toml"
  grep -q '^server_key = ""' "$template" || {
    echo "== $template: thiếu dòng server_key = \"\" (no server_key = \"\" line)" >&2
    exit 1
  }
  # Z85 has no '"' or '\': the key goes into the TOML string as it is.
  while IFS= read -r line; do
    case "$line" in
      'server_key = ""'*) printf 'server_key = "%s"\n' "$key" ;;
      *) printf '%s\n' "$line" ;;
    esac
  done <"$template" >"$out/$node-dashboard.toml"
done
touch "$out/.complete"
echo "== Mật khẩu các cán bộ mẫu (demo officers' password): \$ALERTBUS_DEMO_PASSWORD," \
  "mặc định (default) matkhau-demo" >&2
