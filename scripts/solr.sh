#!/usr/bin/env bash
# Local Apache Solr 9 for the CKAN search index (see solr/README.md).
#
#   scripts/solr.sh build    compile the launcher, fetch Solr jars (Maven Central)
#   scripts/solr.sh start    prepare var/solr and start Solr on 127.0.0.1:$SOLR_PORT
#   scripts/solr.sh stop     stop it
#   scripts/solr.sh status   exit 0 if Solr answers queries on the ckan core
#
# Environment: SOLR_PORT (8983), SATUDATA_VAR ($REPO/var),
#              SATUDATA_VENV ($REPO/.venv, whose python locates CKAN's schema.xml),
#              SOLR_JAVA_OPTS (extra JVM options).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"  # REPO, VAR, LOG_DIR, RUN_DIR, PYTHON, SOLR_PORT
SRC="$REPO/solr"
PORT="$SOLR_PORT"

HOME_DIR="$VAR/solr"
# The demo portal uses the core "ckan", the test suite its own "ckan_test".
CORES=(ckan ckan_test)
LOG="$LOG_DIR/solr.log"
PID_FILE="$RUN_DIR/solr.pid"
BASE_URL="http://127.0.0.1:$PORT/solr"
health_url() { echo "$BASE_URL/$1/select?q=*:*&rows=0"; }
START_TIMEOUT=90 # seconds

log_rel() { # path of the log as shown to the user
  case "$LOG" in "$REPO"/*) echo "${LOG#"$REPO"/}" ;; *) echo "$LOG" ;; esac
}

healthy() { # every core answers a real query
  local core
  for core in "${CORES[@]}"; do
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$(health_url "$core")" 2>/dev/null)" = 200 ] || return 1
  done
}

core_failed() { # the node is up but a core could not be loaded
  curl -s --max-time 5 "$BASE_URL/admin/cores?action=STATUS&wt=json&indent=false" 2>/dev/null |
    grep -q '"initFailures":{"'
}

running_pid() { # prints the pid if our Solr process is alive
  local pid
  [ -f "$PID_FILE" ] || return 1
  pid="$(cat "$PID_FILE" 2>/dev/null)"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  grep -q 'SolrLauncher' "/proc/$pid/cmdline" 2>/dev/null || return 1
  echo "$pid"
}

needs_build() {
  local lib="$SRC/target/lib" cls="$SRC/target/classes/id/go/kedirikota/satudata/solr/SolrLauncher.class"
  [ -d "$lib" ] && [ -f "$cls" ] || return 0
  [ "$SRC/pom.xml" -nt "$lib" ] && return 0
  [ -n "$(find "$SRC/src" -newer "$cls" -type f -print -quit)" ] && return 0
  return 1
}

cmd_build() {
  command -v mvn >/dev/null || die "solr: mvn (Maven) not found"
  if needs_build; then
    echo "solr: building (the first build downloads ~130 MB of jars from Maven Central)..."
    local out
    rm -rf "$SRC/target/lib" # no stale jars after a version change
    if ! out="$(mvn -q -B -f "$SRC/pom.xml" package -DskipTests 2>&1)"; then
      printf '%s\n' "$out" >&2
      die "solr: build failed"
    fi
    touch "$SRC/target/lib"
  fi
}

ckan_schema() {
  "$PYTHON" -c 'import ckan, os; print(os.path.join(os.path.dirname(ckan.__file__), "config/solr/schema.xml"))'
}

# Copy CKAN's schema.xml and add the fields ckanext-spatial's "solr-bbox"
# backend indexes and queries with function queries (so they need docValues).
install_schema() {
  local src="$1" dest="$2"
  "$PYTHON" - "$src" "$dest" <<'PY'
import re, sys
src, dest = sys.argv[1:3]
text = open(src, encoding="utf-8").read()
fields = "".join(
    '    <field name="%s" type="pdouble" indexed="true" stored="true" docValues="true"/>\n' % f
    for f in ("minx", "maxx", "miny", "maxy")
    if not re.search(r'<field\s+name="%s"' % f, text)
)
if fields:
    if "</fields>" not in text:
        sys.exit("solr: no </fields> in %s" % src)
    block = "    <!-- ckanext-spatial solr-bbox (added by scripts/solr.sh) -->\n" + fields
    text = text.replace("</fields>", block + "</fields>", 1)
open(dest, "w", encoding="utf-8").write(text)
PY
}

prepare_home() {
  local schema
  schema="$(ckan_schema)" || die "solr: cannot locate CKAN with $PYTHON"
  [ -f "$schema" ] || die "solr: $schema not found"
  mkdir -p "$HOME_DIR" "$LOG_DIR" "$(dirname "$PID_FILE")"
  cp "$SRC/home/solr.xml" "$HOME_DIR/solr.xml"
  local core
  for core in "${CORES[@]}"; do
    mkdir -p "$HOME_DIR/$core/conf"
    printf 'name=%s\n' "$core" > "$HOME_DIR/$core/core.properties"
    cp "$SRC"/conf/solrconfig.xml "$SRC"/conf/synonyms.txt "$SRC"/conf/protwords.txt "$HOME_DIR/$core/conf/"
    install_schema "$schema" "$HOME_DIR/$core/conf/schema.xml"
  done
}

cmd_start() {
  local pid i
  if pid="$(running_pid)"; then
    if healthy; then
      echo "solr: already running (pid $pid) on $BASE_URL"
      exit 0
    fi
    echo "solr: process $pid exists but is not healthy; restarting"
    cmd_stop >/dev/null
  fi
  rm -f "$PID_FILE"
  port_open "$PORT" && die "solr: port $PORT already in use by another process"

  command -v java >/dev/null || die "solr: java (17+) not found"
  cmd_build
  prepare_home
  [ -f "$LOG" ] && mv -f "$LOG" "$LOG.1"

  # shellcheck disable=SC2086
  setsid nohup java -Xms256m -Xmx768m ${SOLR_JAVA_OPTS:-} \
    -Dsolr.log.dir="$LOG_DIR" \
    -Dlog4j2.configurationFile="$SRC/log4j2.xml" \
    -Dsolr.install.dir="$SRC" \
    -Djava.net.preferIPv4Stack=true \
    -cp "$SRC/target/classes:$SRC/target/lib/*" \
    id.go.kedirikota.satudata.solr.SolrLauncher "$HOME_DIR" "$PORT" \
    >"$LOG" 2>&1 </dev/null &
  pid=$!
  echo "$pid" > "$PID_FILE"

  for ((i = 0; i < START_TIMEOUT * 2; i++)); do
    if healthy; then
      echo "solr: running (pid $pid) on $BASE_URL"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    core_failed && break
    sleep 0.5
  done
  cmd_stop >/dev/null
  echo "solr: failed to start, see $(log_rel)"
  exit 1
}

cmd_stop() {
  if running_pid >/dev/null; then
    stop_pidfile solr "$PID_FILE"
  else
    rm -f "$PID_FILE"
    say "solr: not running"
  fi
}

cmd_status() {
  if healthy; then
    echo "solr: running"
  else
    echo "solr: stopped"
    exit 1
  fi
}

case "${1:-}" in
  build) cmd_build ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  install-schema) install_schema "$2" "$3" ;; # SRC DEST (used by scripts/solrcloud.sh)
  *)
    echo "usage: $(basename "$0") {build|start|stop|status}" >&2
    exit 2
    ;;
esac
