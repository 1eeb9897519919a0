#!/usr/bin/env bash
# The container's health check (deploy/container/Dockerfile, HEALTHCHECK; compose.yaml):
# GET http://HOST:PORT/PATH must answer 200. It speaks HTTP/1.1 itself through bash's
# /dev/tcp because the slim image has neither curl nor wget. Exit 0: healthy; 1: any other
# answer, none, or no connection.
# Usage: alertbus-http-check [HOST:PORT] [PATH]   (default 127.0.0.1:9464 /healthz: the
# broker's [metrics] listener)
set -uo pipefail
address="${1:-127.0.0.1:9464}"
path="${2:-/healthz}"
host="${address%:*}"
port="${address##*:}"
if ! { exec 3<>"/dev/tcp/$host/$port"; } 2>/dev/null; then
  echo "alertbus-http-check: không kết nối được $address (cannot connect)" >&2
  exit 1
fi
printf 'GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$path" "$address" >&3
status=""
IFS= read -r -t 5 status <&3 || true
exec 3<&-
status="${status%$'\r'}"
if [[ "$status" =~ ^HTTP/1\.[01]\ 200( |$) ]]; then
  exit 0
fi
echo "alertbus-http-check: $address$path trả lời '${status:-(không có)}'" \
  "(answered '${status:-nothing}')" >&2
exit 1
