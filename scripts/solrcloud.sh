#!/usr/bin/env bash
# SolrCloud for the CKAN search index: two Solr 9 nodes and one ZooKeeper,
# from the same Maven Central jars as scripts/solr.sh (solr/target/lib), with
# the collection "ckan" (CKAN's schema.xml plus the ckanext-spatial fields,
# the configset scripts/solr.sh builds) replicated on both nodes
# (1 shard, replicationFactor 2), and an nginx upstream in front of the two
# nodes: the one address CKAN's solr_url points at, which goes on answering
# when one node is down.
#
#   scripts/solrcloud.sh start          ZooKeeper, both nodes, the collection, the proxy
#   scripts/solrcloud.sh stop           stop everything
#   scripts/solrcloud.sh status         exit 0 when every replica is active
#   scripts/solrcloud.sh stop-node N    stop node N (1 or 2) only
#   scripts/solrcloud.sh start-node N   start node N again (it catches up from the other)
#   scripts/solrcloud.sh url            print the solr_url for CKAN
#
# Environment (loopback ports, none shared with scripts/solr.sh):
#   SOLRCLOUD_ZK_PORT (9985), SOLRCLOUD_NODE1_PORT (8985), SOLRCLOUD_NODE2_PORT (8986),
#   SOLRCLOUD_PORT (8987: nginx in front), SOLRCLOUD_COLLECTION (ckan),
#   SATUDATA_VAR ($REPO/var: data in $SATUDATA_VAR/solrcloud), SOLR_JAVA_OPTS.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"  # REPO, VAR, LOG_DIR, RUN_DIR, PYTHON
SRC="$REPO/solr"
ZK_PORT="${SOLRCLOUD_ZK_PORT:-9985}"
NODE_PORTS=("${SOLRCLOUD_NODE1_PORT:-8985}" "${SOLRCLOUD_NODE2_PORT:-8986}")
PROXY_PORT="${SOLRCLOUD_PORT:-8987}"
COLLECTION="${SOLRCLOUD_COLLECTION:-ckan}"
CLOUD_DIR="$VAR/solrcloud"
CLASSPATH_="$SRC/target/classes:$SRC/target/lib/*"
START_TIMEOUT=120 # seconds

node_port() { echo "${NODE_PORTS[$(($1 - 1))]}"; }
node_url() { echo "http://127.0.0.1:$(node_port "$1")/solr"; }
pid_file() { echo "$RUN_DIR/solrcloud-$1.pid"; }
log_file() { echo "$LOG_DIR/solrcloud-$1.log"; }
check_node() { case "${1:-}" in 1 | 2) ;; *) die "solrcloud: node must be 1 or 2" ;; esac; }

# -- ZooKeeper: ZooKeeperServerMain from the zookeeper jar Solr depends on --------
zk_ok() { # the client port answers and the nodes' tree is readable through Solr's ZK client
  port_open "$ZK_PORT"
}

zk_start() {
  if pid_alive "$(pid_file zk)" && zk_ok; then return 0; fi
  port_open "$ZK_PORT" && die "solrcloud: ZooKeeper port $ZK_PORT already in use"
  mkdir -p "$CLOUD_DIR/zk/data"
  cat > "$CLOUD_DIR/zk/zoo.cfg" <<CFG
# Written by scripts/solrcloud.sh: a single ZooKeeper for the SolrCloud nodes.
tickTime=2000
dataDir=$CLOUD_DIR/zk/data
clientPort=$ZK_PORT
clientPortAddress=127.0.0.1
maxClientCnxns=60
admin.enableServer=false
4lw.commands.whitelist=ruok
autopurge.snapRetainCount=3
autopurge.purgeInterval=24
CFG
  # shellcheck disable=SC2086
  setsid nohup java -Xms32m -Xmx128m ${SOLR_JAVA_OPTS:-} \
    -Dlog4j2.configurationFile="$SRC/log4j2.xml" -Djava.net.preferIPv4Stack=true \
    -Dzookeeper.admin.enableServer=false \
    -cp "$CLASSPATH_" org.apache.zookeeper.server.ZooKeeperServerMain "$CLOUD_DIR/zk/zoo.cfg" \
    >"$(log_file zk)" 2>&1 </dev/null &
  echo $! > "$(pid_file zk)"
  wait_for 30 zk_ok || die "solrcloud: ZooKeeper does not answer, see $(log_file zk)"
}

# -- the Solr nodes: SolrLauncher (solr/src) with a cloud solr.xml -----------------
live() { # live N: node N answers as part of the cluster
  curl -fs --max-time 5 -o /dev/null "$(node_url "$1")/admin/info/system?wt=json" 2>/dev/null
}

node_start() {
  local n="$1" port home
  port="$(node_port "$n")"
  home="$CLOUD_DIR/node$n"
  if pid_alive "$(pid_file "node$n")" && live "$n"; then return 0; fi
  port_open "$port" && die "solrcloud: port $port already in use"
  mkdir -p "$home"
  cp "$SRC/home/solrcloud.xml" "$home/solr.xml"
  # shellcheck disable=SC2086
  setsid nohup java -Xms128m -Xmx384m ${SOLR_JAVA_OPTS:-} \
    -DzkHost="127.0.0.1:$ZK_PORT" -Dhost=127.0.0.1 \
    -Dsolr.log.dir="$LOG_DIR" -Dlog4j2.configurationFile="$SRC/log4j2.xml" \
    -Dsolr.install.dir="$SRC" -Djava.net.preferIPv4Stack=true \
    -cp "$CLASSPATH_" id.go.kedirikota.satudata.solr.SolrLauncher "$home" "$port" \
    >>"$(log_file "node$n")" 2>&1 </dev/null &
  echo $! > "$(pid_file "node$n")"
}

node_wait() {
  local n="$1"
  wait_for "$START_TIMEOUT" live "$n" || die "solrcloud: node $n does not answer, see $(log_file "node$n")"
}

node_stop() { stop_pidfile "solrcloud node $1" "$(pid_file "node$1")"; }

# -- the collection ------------------------------------------------------------------
any_node() { # the URL of a node that answers
  local n
  for n in 1 2; do live "$n" && { node_url "$n"; return 0; }; done
  return 1
}

# The configset: solr/conf plus CKAN's schema.xml with the spatial fields,
# built by the same code as scripts/solr.sh (install_schema).
configset_zip() {
  local dir="$CLOUD_DIR/configset" schema
  rm -rf "$dir"; mkdir -p "$dir"
  cp "$SRC"/conf/solrconfig.xml "$SRC"/conf/synonyms.txt "$SRC"/conf/protwords.txt "$dir/"
  schema="$("$PYTHON" -c 'import ckan, os; print(os.path.join(os.path.dirname(ckan.__file__), "config/solr/schema.xml"))')"
  "$REPO/scripts/solr.sh" install-schema "$schema" "$dir/schema.xml"
  # SolrCloud reads each document's _version_ as a number (a replica checks
  # the leader's version of every update); CKAN's schema declares it a string,
  # which fits a standalone core only. The collection gets Solr's own field.
  sed -i 's|<field name="_version_" type="string" indexed="true" stored="true"/>|<field name="_version_" type="plong" indexed="false" stored="false" docValues="true"/>|' "$dir/schema.xml"
  grep -q '<field name="_version_" type="plong"' "$dir/schema.xml" \
    || die "solrcloud: no _version_ field to adapt in $schema"
  "$PYTHON" - "$dir" "$CLOUD_DIR/configset.zip" <<'PY'
import os, sys, zipfile
src, dest = sys.argv[1:3]
with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as archive:
    for name in sorted(os.listdir(src)):
        archive.write(os.path.join(src, name), name)
PY
}

api() { # api PATH?QUERY: GET on a live node's admin API, JSON on stdout
  local base
  base="$(any_node)" || die "solrcloud: no node answers"
  curl -fsS --max-time 60 "$base/admin/$1"
}

# collection_state: "active" when every replica of the collection is active on
# a live node, "missing" without the collection, else a short description.
collection_state() {
  local base
  base="$(any_node)" || { echo "no node answers"; return 0; }
  curl -s --max-time 10 "$base/admin/collections?action=CLUSTERSTATUS&wt=json" |
    "$PYTHON" -c '
import json, sys
name = sys.argv[1]
try:
    cluster = json.load(sys.stdin)["cluster"]
except Exception:
    print("no cluster status"); sys.exit()
collection = cluster.get("collections", {}).get(name)
if collection is None:
    print("missing"); sys.exit()
live = set(cluster.get("live_nodes", []))
replicas = [r for shard in collection["shards"].values() for r in shard["replicas"].values()]
states = ["%s %s%s" % (r["node_name"], r["state"], "" if r["node_name"] in live else " (node down)")
          for r in replicas]
ok = replicas and all(r["state"] == "active" and r["node_name"] in live for r in replicas)
print("active" if ok else "; ".join(states) or "no replica")
' "$COLLECTION"
}

collection_active() { [ "$(collection_state)" = active ]; }

ensure_collection() {
  local state
  state="$(collection_state)"
  [ "$state" = active ] && return 0
  if [ "$state" = missing ]; then
    configset_zip
    if ! api "configs?action=LIST&wt=json" | grep -q "\"$COLLECTION\""; then
      curl -fsS --max-time 60 -X POST -H 'Content-Type: application/octet-stream' \
        --data-binary @"$CLOUD_DIR/configset.zip" \
        "$(any_node)/admin/configs?action=UPLOAD&name=$COLLECTION&wt=json" >/dev/null \
        || die "solrcloud: uploading the configset failed"
    fi
    api "collections?action=CREATE&name=$COLLECTION&numShards=1&replicationFactor=2&collection.configName=$COLLECTION&createNodeSet=127.0.0.1:$(node_port 1)_solr,127.0.0.1:$(node_port 2)_solr&wt=json" >/dev/null \
      || die "solrcloud: creating the collection failed, see $(log_file node1)"
  fi
  wait_for "$START_TIMEOUT" collection_active \
    || die "solrcloud: collection $COLLECTION not active: $(collection_state)"
}

# -- nginx in front: one address for CKAN, either node behind it ------------------
nginx_bin() { command -v nginx 2>/dev/null || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; }; }
proxy_ok() { curl -fs --max-time 5 -o /dev/null "http://127.0.0.1:$PROXY_PORT/solr/$COLLECTION/select?q=*:*&rows=0"; }

ensure_nginx() { # Debian's nginx, as scripts/prod.sh installs it (its default site not started)
  [ -n "$(nginx_bin)" ] && return 0
  say "solrcloud: installing Debian's nginx"
  as_root apt-get update -qq >>"$(log_file apt)" 2>&1 || die "apt-get update failed, see $(log_file apt)"
  DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 as_root apt-get install -y -qq \
    --no-install-recommends nginx >>"$(log_file apt)" 2>&1 \
    || die "apt-get install nginx failed, see $(log_file apt)"
}

proxy_start() {
  local dir="$CLOUD_DIR/nginx" bin
  ensure_nginx
  bin="$(nginx_bin)" || die "solrcloud: nginx not found (Debian package nginx)"
  if pid_alive "$dir/nginx.pid" && proxy_ok; then return 0; fi
  port_open "$PROXY_PORT" && die "solrcloud: port $PROXY_PORT already in use"
  mkdir -p "$dir/tmp"
  sed -e "s|@LISTEN@|127.0.0.1:$PROXY_PORT|g" -e "s|@NODE1@|127.0.0.1:$(node_port 1)|g" \
    -e "s|@NODE2@|127.0.0.1:$(node_port 2)|g" \
    "$REPO/deploy/nginx/solrcloud.conf.template" > "$dir/solrcloud.conf"
  cat > "$dir/nginx.conf" <<CONF
# Written by scripts/solrcloud.sh (the site: deploy/nginx/solrcloud.conf.template).
user $(id -un);
worker_processes 1;
daemon on;
pid $dir/nginx.pid;
error_log $(log_file nginx) warn;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    include $dir/solrcloud.conf;
}
CONF
  "$bin" -q -p "$dir" -c "$dir/nginx.conf" || die "solrcloud: nginx failed, see $(log_file nginx)"
  wait_for 30 proxy_ok || die "solrcloud: nginx does not answer, see $(log_file nginx)"
}

proxy_stop() {
  local dir="$CLOUD_DIR/nginx" pid
  if pid_alive "$dir/nginx.pid"; then
    pid="$(cat "$dir/nginx.pid")"
    kill -QUIT "$pid" 2>/dev/null || true
    wait_for 20 bash -c "! kill -0 $pid" || kill -KILL "$pid" 2>/dev/null || true
    say "solrcloud nginx: stopped"
  fi
  rm -f "$dir/nginx.pid"
}

# -- commands ------------------------------------------------------------------------
cmd_start() {
  command -v java >/dev/null || die "solrcloud: java (17+) not found"
  "$REPO/scripts/solr.sh" build
  zk_start
  node_start 1
  node_start 2
  node_wait 1
  node_wait 2
  ensure_collection
  proxy_start
  say "solrcloud: collection $COLLECTION on nodes $(node_port 1) and $(node_port 2) (ZooKeeper $ZK_PORT)"
  say "solr_url = http://127.0.0.1:$PROXY_PORT/solr/$COLLECTION"
}

cmd_stop() {
  proxy_stop
  node_stop 2
  node_stop 1
  stop_pidfile "solrcloud zookeeper" "$(pid_file zk)"
}

cmd_status() {
  local state
  state="$(collection_state)"
  say "solrcloud: $COLLECTION $state"
  proxy_ok && say "solrcloud: solr_url http://127.0.0.1:$PROXY_PORT/solr/$COLLECTION answers" \
    || say "solrcloud: nginx on $PROXY_PORT does not answer"
  [ "$state" = active ] && proxy_ok
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  stop-node) check_node "${2:-}"; node_stop "$2" ;;
  start-node)
    check_node "${2:-}"; zk_start; node_start "$2"; node_wait "$2"
    wait_for "$START_TIMEOUT" collection_active \
      || die "solrcloud: node $2 did not catch up: $(collection_state)"
    say "solrcloud: node $2 running, every replica active"
    ;;
  url) echo "http://127.0.0.1:$PROXY_PORT/solr/$COLLECTION" ;;
  *)
    echo "usage: $(basename "$0") {start|stop|status|stop-node N|start-node N|url}" >&2
    exit 2
    ;;
esac
