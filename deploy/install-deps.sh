#!/usr/bin/env bash
# Installs the Debian 12 packages alertbus needs to build, test and run. Idempotent: asks
# apt only when something is missing. Runs as root (CI, fresh machines) or through sudo.
# Usage: deploy/install-deps.sh [--build]
#   (none)   everything: build, package, tests, sanitizers, browser tests
#   --build  only what compiles the programs and makes their .deb packages (cpack), as the
#            container image's build stage does (deploy/container/Dockerfile)
set -euo pipefail
only_build=0
case "${1:-}" in
  --build) only_build=1 ;;
  "") ;;
  *)
    echo "usage: deploy/install-deps.sh [--build]" >&2
    exit 2
    ;;
esac

build_packages=(
  build-essential cmake ninja-build pkg-config
  libzmq3-dev cppzmq-dev
  libprotobuf-dev protobuf-compiler
  libsqlite3-dev
  libsodium-dev libcli11-dev libtomlplusplus-dev nlohmann-json3-dev
  libspdlog-dev libfmt-dev
  libxml2-dev  # CAP import (libxml2)
  libcairo2-dev libpango1.0-dev  # alertctl report --format pdf
  libxlsxwriter-dev  # alertctl report --format xlsx
  libcpp-httplib-dev  # alertbus-dashboard's HTTP server
  dpkg-dev file  # cpack's Debian packages (dpkg-shlibdeps)
)
test_packages=(
  git sqlite3 catch2
  libxml2-utils  # CAP import's tests (xmllint --schema)
  fonts-liberation2  # alertctl report --format pdf (font embedded)
  poppler-utils python3-openpyxl  # their tests: pdftotext, pdffonts, pdfinfo; openpyxl reads xlsx
  python3-zmq python3-protobuf
  python3-yaml  # tests/container/check.py reads deploy/container/compose.yaml
  prometheus  # promtool: checks alertbusd's /metrics page and deploy/prometheus/ rules
  chromium  # the dashboard's browser tests (tests/browser, with Node.js: playwright-core, axe-core)
  iproute2 nftables
  dpkg-dev file curl systemd adduser man-db  # packages: cpack (dpkg-shlibdeps), tests/package/run.sh
  clang libclang-rt-14-dev  # sanitizer builds, tests/fuzz: clang's libFuzzer, ASan, UBSan, TSan
)
packages=("${build_packages[@]}")
[ "$only_build" -eq 1 ] || packages+=("${test_packages[@]}")

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
# Node.js and npm: the machines have them (NodeSource's nodejs, which bundles npm); Debian's
# own only where neither is there. Only the browser tests use them.
[ "$only_build" -eq 1 ] || command -v npm >/dev/null || missing+=(nodejs npm)
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Cài đặt gói còn thiếu (installing missing packages): ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
