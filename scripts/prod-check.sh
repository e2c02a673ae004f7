#!/usr/bin/env bash
# Checks the production profile as a monitoring tool and a visitor see it:
# brings it up (`make prod`, a no-op when it runs) unless --no-start, then
# asks nginx for the home page, /sehat, a static file and a too-large upload,
# and the services for their durable settings. Prints one line per check;
# exits 1 when any fails. Not part of `make test`: bringing the profile up
# takes minutes on a fresh machine (nginx, a PostgreSQL cluster, a Solr).
#
# Usage: scripts/prod-check.sh [--no-start]
set -euo pipefail
source "$(dirname "$0")/lib.sh"

[ "${1:-}" = "--no-start" ] || "$REPO/scripts/prod.sh" start >/dev/null
WEB="http://127.0.0.1:$(ini_value prod_web_port)"
APP_PORT="${SATUDATA_PROD_APP_PORT:-8081}"
failures=0
check() { # check DESCRIPTION CMD...: run CMD, print ok/FAIL
    local what="$1"; shift
    if "$@" >/dev/null 2>&1; then say "ok    $what"; else say "FAIL  $what"; failures=$((failures + 1)); fi
}
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT

curl -s -D "$tmp/home.h" -o "$tmp/home" --max-time 30 "$WEB/" || true
check "home page through nginx: 200" grep -q '^HTTP/1.1 200' "$tmp/home.h"
check "home page answered by nginx (Server: nginx)" grep -qi '^Server: nginx' "$tmp/home.h"
check "home page is the portal's (title, logo)" \
    bash -c "grep -q 'Satu Data Kota Kediri' '$tmp/home' && grep -q '/satudata/logo-kota-kediri.svg' '$tmp/home'"
check "home page has the portal's security headers" grep -qi '^Content-Security-Policy:' "$tmp/home.h"
check "home page compressed (gzip)" bash -c \
    "curl -s -D - -o /dev/null -H 'Accept-Encoding: gzip' '$WEB/' | grep -qi '^Content-Encoding: gzip'"

code="$(curl -s -o "$tmp/sehat" -w '%{http_code}' --max-time 15 "$WEB/sehat" || true)"
check "/sehat: 200" test "$code" = 200
check "/sehat names every component" "$PYTHON" -c '
import json, sys
body = json.load(open(sys.argv[1]))
assert body["status"] in ("ok", "peringatan"), body
assert set(body["komponen"]) == {"postgresql", "datastore", "solr", "redis", "worker",
                                 "tugas_gagal", "disk"}, body
assert body["komponen"]["worker"]["worker_aktif"] >= 1, body' "$tmp/sehat"
check "/sehat holds no address" bash -c "! grep -Eq 'http|127\\.0\\.0\\.1|localhost' '$tmp/sehat'"

curl -s -D "$tmp/logo.h" -o /dev/null "$WEB/satudata/logo-kota-kediri.svg" || true
check "static file served by nginx itself (no Flask headers, cached)" bash -c \
    "grep -q '^HTTP/1.1 200' '$tmp/logo.h' && grep -qi '^Expires:' '$tmp/logo.h' && ! grep -qi '^Content-Disposition' '$tmp/logo.h'"
check "static file has nosniff" grep -qi '^X-Content-Type-Options: nosniff' "$tmp/logo.h"
asset="$(grep -o '/webassets/[^"]*\.css' "$tmp/home" | head -n 1)"
check "webassets served by nginx ($asset)" bash -c \
    "curl -s -D - -o /dev/null '$WEB$asset' | grep -q '^HTTP/1.1 200'"
check "an upload above ckan.max_resource_size is refused by nginx (413)" bash -c \
    "[ \"\$(head -c 110000000 /dev/zero | curl -s -o /dev/null -w '%{http_code}' -X POST --data-binary @- '$WEB/api/3/action/resource_create')\" = 413 ]"

check "gunicorn listens on loopback only (127.0.0.1:$APP_PORT)" bash -c \
    "ss -ltn | awk '{print \$4}' | grep -qx '127.0.0.1:$APP_PORT' && ! ss -ltn | awk '{print \$4}' | grep -Eq '^(0\\.0\\.0\\.0|\\*|\\[::\\]):$APP_PORT\$'"
check "web workers are gunicorn's" pgrep -f "gunicorn -c $REPO/deploy/gunicorn.conf.py"
fsync="$(as_postgres psql -XtA -h /var/run/postgresql -p "$(ini_value prod_pg_port)" -c 'SHOW fsync' 2>/dev/null || true)"
check "PostgreSQL (prod) runs with fsync on" test "$fsync" = on
check "Redis (prod) keeps an append-only file" bash -c \
    "redis-cli -p $(ini_value prod_redis_port) CONFIG GET appendonly | grep -qx yes"

if [ "$failures" -gt 0 ]; then say "$failures check(s) failed"; exit 1; fi
say "all checks passed"
