#!/bin/sh
# deploy/prometheus/alertbus-rules.yml: valid rules (`promtool check rules`) that fire as
# alertbus-rules-test.yml expects (`promtool test rules`). Exit 77 (ctest: skipped) when
# promtool, from Debian's prometheus package (deploy/install-deps.sh), is not installed.
set -eu
rules_dir="$1/deploy/prometheus"
if ! command -v promtool >/dev/null 2>&1; then
  echo "promtool chưa được cài (gói prometheus): bỏ qua (promtool not installed: skipped)" >&2
  exit 77
fi
promtool check rules "$rules_dir/alertbus-rules.yml"
cd "$rules_dir"
promtool test rules alertbus-rules-test.yml
