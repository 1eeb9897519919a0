#!/usr/bin/env bash
# Installs the Debian 12 packages alertbus needs to build, test and run. Idempotent: asks
# apt only when something is missing. Runs as root (CI, fresh machines) or through sudo.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libzmq3-dev cppzmq-dev
  libprotobuf-dev protobuf-compiler
  libsqlite3-dev sqlite3
  catch2 libsodium-dev libcli11-dev libtomlplusplus-dev nlohmann-json3-dev
  libspdlog-dev libfmt-dev
  libxml2-dev libxml2-utils  # CAP import (libxml2) and its tests (xmllint --schema)
  libcairo2-dev libpango1.0-dev fonts-liberation2  # alertctl report --format pdf (font embedded)
  libxlsxwriter-dev  # alertctl report --format xlsx
  poppler-utils python3-openpyxl  # their tests: pdftotext, pdffonts, pdfinfo; openpyxl reads xlsx
  python3-zmq python3-protobuf
  libcpp-httplib-dev  # alertbus-dashboard's HTTP server
  chromium  # the dashboard's browser tests (tests/browser, with Node.js: playwright-core, axe-core)
  iproute2 nftables
  dpkg-dev file curl systemd adduser man-db  # packages: cpack (dpkg-shlibdeps), tests/package/run.sh
  clang libclang-rt-14-dev  # sanitizer builds, tests/fuzz: clang's libFuzzer, ASan, UBSan, TSan
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
# Node.js and npm: the machines have them (NodeSource's nodejs, which bundles npm); Debian's
# own only where neither is there.
command -v npm >/dev/null || missing+=(nodejs npm)
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Cài đặt gói còn thiếu (installing missing packages): ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
