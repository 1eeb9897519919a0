#!/usr/bin/env bash
# The Debian packages end to end (cmake/AlertbusPackaging.cmake), on this machine, as root:
#   1. builds them with cpack in BUILD (reconfigured with CMAKE_INSTALL_PREFIX=/usr when it is
#      not, which rebuilds the two files that hold installed paths);
#   2. checks each with dpkg-deb --info/--contents: the files it must carry, its conffiles,
#      its maintainer scripts, its dependencies;
#   3. installs them (apt-get install ./alertbus-*.deb), then checks the installed units with
#      systemd-analyze verify (no warning about them) and security --offline=yes (exposure at
#      most 2.0);
#   4. starts a broker from the installed files as the user alertbus (the unit's ExecStart
#      with the installed example configuration adapted into a temporary directory, its
#      StateDirectory made by hand 0700 as systemd would), and a dashboard beside it, and runs
#      a smoke test with the installed alertctl: keys and registry, post an alert, get it back,
#      audit verify; the dashboard's pages, its login and the installed web root; the data
#      files 0600 and the data directory 0700, the user's;
#   5. purges the packages and checks that the programs, units and configuration are gone,
#      /var/lib/alertbus with them, and that the user alertbus stays.
# Whatever happens, the trap stops what it started and purges the packages: the machine is
# never left with them installed. No systemd runs as PID 1 here; nothing is enabled.
# Usage: tests/package/run.sh BUILD_DIR
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="$(cd "${1:?usage: tests/package/run.sh BUILD_DIR}" && pwd)"
packages=(alertbus-broker alertbus-cli alertbus-dashboard)
node=bac-giang

say() { echo "== gói cài đặt (packages): $*" >&2; }
fail() {
  echo "LỖI (FAILED): $*" >&2
  exit 1
}
[ "$(id -u)" -eq 0 ] || fail "cần quyền root: cài và gỡ gói (needs root: installs and removes packages)"
for package in "${packages[@]}"; do
  ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok" ||
    fail "$package đã được cài trên máy này; không đụng tới (already installed here; left alone)"
done

work="$(mktemp -d /tmp/alertbus-package.XXXXXX)"
chmod 0755 "$work"  # The user alertbus reads its configuration and keys here.
pids=()
cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  local installed=()
  for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed\|config-files" &&
      installed+=("$package")
  done
  if [ ${#installed[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -q "${installed[@]}" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
  [ $status -eq 0 ] || echo "LỖI: kiểm thử gói thất bại (package test failed)" >&2
  exit $status
}
trap cleanup EXIT

# 1. Build the packages.
if [ "$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$build/CMakeCache.txt")" != /usr ]; then
  say "cấu hình lại với tiền tố /usr (reconfigure with prefix /usr)"
  cmake -DCMAKE_INSTALL_PREFIX=/usr "$build" >/dev/null
fi
ninja -C "$build" alertbusd alertctl alertbus-dashboard >/dev/null
say "cpack"
(cd "$build" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) ||
  { cat "$work/cpack.log" >&2; fail "cpack"; }
version="$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")"
arch="$(dpkg --print-architecture)"
deb() { echo "$work/out/$1_${version}_${arch}.deb"; }

# 2. What each package carries.
has_files() {  # has_files PACKAGE PATH...
  local package="$1" listing
  shift
  listing="$(dpkg-deb --contents "$(deb "$package")" | awk '{print $6}' | sed 's|^\.||')"
  for path in "$@"; do
    grep -qxF "$path" <<<"$listing" || fail "$package: thiếu (lacks) $path"
  done
}
conffiles_are() {  # conffiles_are PACKAGE PATH...
  local package="$1" got
  shift
  got="$(dpkg-deb --info "$(deb "$package")" conffiles | sort)"
  [ "$got" = "$(printf '%s\n' "$@" | sort)" ] ||
    fail "$package: conffiles là (are) [$got], cần (want) [$*]"
}
field() { dpkg-deb --field "$(deb "$1")" "$2"; }
for package in "${packages[@]}"; do
  [ -f "$(deb "$package")" ] || fail "cpack không tạo (did not make) $(deb "$package")"
  dpkg-deb --info "$(deb "$package")" >/dev/null
  [ "$(field "$package" Version)" = "$version" ] || fail "$package: Version"
  field "$package" Depends | grep -q "libc6" || fail "$package: Depends lacks libc6 (shlibdeps)"
done
has_files alertbus-broker /usr/bin/alertbusd /usr/share/alertbus/areas/provinces.csv \
  /usr/share/alertbus/areas/NOTICE /etc/alertbus/node.toml.example \
  /usr/lib/systemd/system/alertbusd@.service /usr/share/man/man8/alertbusd.8 \
  /usr/share/man/vi/man8/alertbusd.8 /usr/share/doc/alertbus-broker/copyright
has_files alertbus-cli /usr/bin/alertctl /etc/alertbus/cap-rules.toml \
  /etc/alertbus/report-header.toml /usr/share/man/man1/alertctl.1 \
  /usr/share/man/vi/man1/alertctl.1 /usr/share/doc/alertbus-cli/copyright
has_files alertbus-dashboard /usr/bin/alertbus-dashboard \
  /usr/share/alertbus/dashboard/web/index.html \
  /usr/share/alertbus/dashboard/web/static/vendor/leaflet/LICENSE \
  /usr/share/alertbus/dashboard/web/static/vendor/topojson-client/LICENSE \
  /usr/share/alertbus/dashboard/web/static/geo/README.md \
  /etc/alertbus/dashboard-node.toml.example \
  /usr/lib/systemd/system/alertbus-dashboard@.service /usr/share/man/man8/alertbus-dashboard.8 \
  /usr/share/man/vi/man8/alertbus-dashboard.8 /usr/share/doc/alertbus-dashboard/copyright
conffiles_are alertbus-broker /etc/alertbus/node.toml.example
conffiles_are alertbus-cli /etc/alertbus/cap-rules.toml /etc/alertbus/report-header.toml
conffiles_are alertbus-dashboard /etc/alertbus/dashboard-node.toml.example
for package in alertbus-broker alertbus-dashboard; do
  for script in postinst prerm postrm; do
    dpkg-deb --info "$(deb "$package")" "$script" >/dev/null || fail "$package: thiếu (lacks) $script"
  done
done
field alertbus-dashboard Depends | grep -q "alertbus-broker (= $version)" ||
  fail "alertbus-dashboard: Depends alertbus-broker"

# 3. Install; the installed units.
say "apt-get install"
(cd "$work/out" && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
  "./$(basename "$(deb alertbus-broker)")" "./$(basename "$(deb alertbus-cli)")" \
  "./$(basename "$(deb alertbus-dashboard)")" >"$work/apt.log" 2>&1) ||
  { cat "$work/apt.log" >&2; fail "apt-get install"; }
getent passwd alertbus | grep -q ":/var/lib/alertbus:" || fail "người dùng alertbus (user alertbus)"
[ "$(stat -c '%a %U' /var/lib/alertbus)" = "700 alertbus" ] || fail "/var/lib/alertbus 0700 alertbus"
for unit in "alertbusd@$node.service" "alertbus-dashboard@$node.service"; do
  template="/usr/lib/systemd/system/${unit/@$node/@}"
  [ -f "$template" ] || fail "thiếu (missing) $template"
  systemd-analyze verify "$unit" >"$work/verify.log" 2>&1 ||
    { cat "$work/verify.log" >&2; fail "systemd-analyze verify $unit"; }
  if grep -q "alertbus" "$work/verify.log"; then
    cat "$work/verify.log" >&2
    fail "systemd-analyze verify $unit: cảnh báo (warnings)"
  fi
  exposure="$(systemd-analyze security --offline=yes "$template" 2>/dev/null |
    sed -n 's/.*Overall exposure level for .*: \([0-9.]*\).*/\1/p')"
  [ -n "$exposure" ] && awk -v e="$exposure" 'BEGIN { exit !(e <= 2.0) }' ||
    fail "$unit: exposure '$exposure' > 2.0"
  say "$unit: verify OK, exposure $exposure"
done

# 4. A node and its dashboard from the installed files, as the user alertbus.
as_alertbus() { setpriv --reuid=alertbus --regid=alertbus --init-groups -- "$@"; }
mkdir -p "$work/etc/keys" "$work/run"
alertctl=/usr/bin/alertctl
public_keys() {  # public_keys PRINCIPAL: writes its key file, prints its registry keys
  "$alertctl" --json keys generate "$1" --out "$work/etc/keys/${1//\//_}.key" --force |
    sed -n 's/.*"curve_public_key":"\([^"]*\)".*"signing_public_key":"\([^"]*\)".*/curve_public_key = "\1"\nsigning_public_key = "\2"/p'
}
{
  printf '[[nodes]]\nid = "%s"\nname = "Bắc Giang"\nreference_prefix = "BG"\n' "$node"
  printf 'province_codes = ["VN-2004:24", "VN-2025:24"]\ncommune_ranges = ["VN-2004:07201-07780"]\n'
  public_keys "$node"
  printf '\n[[principals]]\nid = "%s/cnty"\nname = "Chi cục Chăn nuôi và Thú y"\n' "$node"
  printf 'role = "unit"\nkinds = ["ANIMAL_DISEASE"]\n'
  public_keys "$node/cnty"
} >"$work/etc/registry.toml"
server_key="$(sed -n '/\[\[nodes\]\]/,/\[\[principals\]\]/s/^curve_public_key = "\(.*\)"/\1/p' \
  "$work/etc/registry.toml")"
[ -n "$server_key" ] || fail "alertctl keys generate"
socket="ipc://$work/run/$node.sock"
sed -e "s|^listen = .*|listen = [\"$socket\"]|" \
  -e "s|/etc/alertbus/registry.toml|$work/etc/registry.toml|" \
  -e "s|/etc/alertbus/keys/|$work/etc/keys/|" /etc/alertbus/node.toml.example >"$work/etc/$node.toml"
grep -q "^data_dir = \"/var/lib/alertbus/$node\"" "$work/etc/$node.toml" || fail "node.toml.example data_dir"
chown -R alertbus:alertbus "$work/etc" "$work/run"
chmod 0700 "$work/run"
chmod 0600 "$work/etc/keys/"*
install -d -o alertbus -g alertbus -m 0700 "/var/lib/alertbus/$node" "/var/lib/alertbus/dashboard-$node"

say "alertbusd --config $work/etc/$node.toml (alertbus)"
# Started by setpriv directly (not through a function, whose subshell $! would name): setpriv
# executes the program, so $! is the program itself.
setpriv --reuid=alertbus --regid=alertbus --init-groups -- \
  /usr/bin/alertbusd --config "$work/etc/$node.toml" --endpoint-file "$work/run/endpoint" \
  >"$work/alertbusd.log" 2>&1 &
broker_pid=$!
pids+=("$broker_pid")
for _ in $(seq 200); do
  [ -s "$work/run/endpoint" ] && break
  kill -0 "$broker_pid" 2>/dev/null || { cat "$work/alertbusd.log" >&2; fail "alertbusd exited"; }
  sleep 0.1
done
[ -s "$work/run/endpoint" ] || { cat "$work/alertbusd.log" >&2; fail "alertbusd did not listen"; }

ctl() {
  as_alertbus "$alertctl" --broker "$socket" --server-key "$server_key" \
    --key-file "$work/etc/keys/${node}_cnty.key" "$@"
}
cp "$root/deploy/samples/animal-disease.json" "$work/alert.json"
chmod 0644 "$work/alert.json"
posted="$(ctl --json post --file "$work/alert.json" --sender "$node/cnty")" ||
  { echo "$posted" >&2; cat "$work/alertbusd.log" >&2; fail "alertctl post"; }
event_id="$(sed -n 's/.*"event_id":"\([^"]*\)".*/\1/p' <<<"$posted")"
[ -n "$event_id" ] || fail "alertctl post: no event_id in $posted"
ctl get "$event_id" | grep -q "Dịch tả lợn châu Phi" || fail "alertctl get $event_id"
as_alertbus "$alertctl" audit verify --data-dir "/var/lib/alertbus/$node" >"$work/audit.log" 2>&1 ||
  { cat "$work/audit.log" >&2; fail "alertctl audit verify"; }
say "post $event_id, get, audit verify: OK"

printf 'matkhau-goi\n' | /usr/bin/alertbus-dashboard account add bg-cnty --name "Nguyễn Văn An" \
  --unit "$node/cnty" --accounts "$work/etc/accounts.toml" --password-stdin >/dev/null
chown alertbus:alertbus "$work/etc/accounts.toml"
sed -e 's|^listen = .*|listen = "127.0.0.1:0"|' \
  -e "s|^accounts = .*|accounts = \"$work/etc/accounts.toml\"|" \
  -e "s|^endpoint = .*|endpoint = \"$socket\"|" \
  -e "s|^server_key = .*|server_key = \"${server_key//&/\\&}\"|" \
  -e "s|/etc/alertbus/keys/|$work/etc/keys/|" \
  /etc/alertbus/dashboard-node.toml.example >"$work/etc/dashboard-$node.toml"
! grep -q "^web_root" "$work/etc/dashboard-$node.toml" || fail "the example sets web_root"
chown alertbus:alertbus "$work/etc/dashboard-$node.toml"
setpriv --reuid=alertbus --regid=alertbus --init-groups -- \
  /usr/bin/alertbus-dashboard serve --config "$work/etc/dashboard-$node.toml" \
  --url-file "$work/run/url" >"$work/dashboard.log" 2>&1 &
dashboard_pid=$!
pids+=("$dashboard_pid")
for _ in $(seq 200); do
  [ -s "$work/run/url" ] && break
  kill -0 "$dashboard_pid" 2>/dev/null || { cat "$work/dashboard.log" >&2; fail "dashboard exited"; }
  sleep 0.1
done
url="$(cat "$work/run/url" 2>/dev/null)" || { cat "$work/dashboard.log" >&2; fail "no dashboard URL"; }
page() { curl -sS -o "$work/page" -w '%{http_code}' "$@"; }
[ "$(page "${url}login")" = 200 ] && grep -q '<html lang="vi"' "$work/page" ||
  fail "GET /login: $(head -c 200 "$work/page")"
[ "$(page "${url}static/vendor/leaflet/leaflet.css")" = 200 ] || fail "GET leaflet.css"
origin="${url%/}"
[ "$(page -c "$work/cookies" -H "Origin: $origin" -H 'Content-Type: application/json' \
  -d '{"user":"bg-cnty","password":"matkhau-goi"}' "${url}api/login")" = 200 ] ||
  fail "POST /api/login: $(cat "$work/page")"
[ "$(page -b "$work/cookies" "${url}api/me")" = 200 ] && grep -q "Nguyễn Văn An" "$work/page" ||
  fail "GET /api/me: $(cat "$work/page")"
say "dashboard $url: /login, /static, login, /api/me: OK"

for dir in "/var/lib/alertbus/$node" "/var/lib/alertbus/dashboard-$node"; do
  [ "$(stat -c '%a %U' "$dir")" = "700 alertbus" ] || fail "$dir: $(stat -c '%a %U' "$dir")"
done
[ -f "/var/lib/alertbus/$node/alertbus.db" ] || fail "no /var/lib/alertbus/$node/alertbus.db"
loose="$(find /var/lib/alertbus -type f \( ! -user alertbus -o -perm /0077 \) -printf '%m %u %p\n')"
[ -z "$loose" ] || fail "tệp không chỉ chủ sở hữu (files not owner-only): $loose"

kill -TERM "$dashboard_pid" "$broker_pid"
wait "$dashboard_pid" || fail "alertbus-dashboard exit status $?"
wait "$broker_pid" || fail "alertbusd exit status $?"
pids=()

# 5. Purge.
say "apt-get purge"
DEBIAN_FRONTEND=noninteractive apt-get purge -y -q "${packages[@]}" >"$work/apt.log" 2>&1 ||
  { cat "$work/apt.log" >&2; fail "apt-get purge"; }
for path in /usr/bin/alertbusd /usr/bin/alertctl /usr/bin/alertbus-dashboard \
  /usr/lib/systemd/system/alertbusd@.service /usr/lib/systemd/system/alertbus-dashboard@.service \
  /usr/share/alertbus /etc/alertbus /var/lib/alertbus; do
  [ ! -e "$path" ] || fail "$path còn sau khi gỡ (still there after purge)"
done
getent passwd alertbus >/dev/null || fail "người dùng alertbus đã mất (the user alertbus is gone)"
say "OK"
