#!/usr/bin/env bash
# `make prod` / `make prod-stop`: the production profile on this machine,
# beside the demo and the tests and never touching their services:
#
#   nginx       127.0.0.1:$prod_web_port (8080)   Debian's nginx, in front
#   gunicorn    127.0.0.1:8081                    CKAN, 2 x cores workers (SATUDATA_WEB_WORKERS)
#   worker      CKAN's RQ worker
#   PostgreSQL  127.0.0.1:$prod_pg_port (5434)    cluster 15/satudata-prod, fsync on
#   Redis       127.0.0.1:$prod_redis_port (6381) append-only file in var/prod/redis
#   Solr        127.0.0.1:$prod_solr_port (8984)  home (index) in var/prod/solr
#               or, with prod_solrcloud = true, SolrCloud (scripts/solrcloud.sh):
#               the collection "ckan" on two nodes (8985, 8986) with ZooKeeper
#               (9985), data in var/prod/solrcloud, behind an nginx upstream
#               on $prod_solr_port: CKAN's solr_url stays the same
#
# nginx, gunicorn and the worker run under supervisor (deploy/supervisor);
# on a server with systemd use deploy/systemd instead (README, "Menjalankan
# di server"). Configuration: config/production.ini; this machine's ports
# and address are the prod_* keys of var/local.ini (written here once).
#
# Usage: prod.sh start|stop|status
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PROD_INI="$REPO/config/production.ini"
PROD_VAR="$VAR/prod"
PROD_LOG="$PROD_VAR/log"
PROD_RUN="$PROD_VAR/run"
PROD_PG_CLUSTER=satudata-prod
APP_BIND="127.0.0.1:${SATUDATA_PROD_APP_PORT:-8081}"
SUPERVISOR_CONF="$PROD_VAR/supervisord.conf"

# -- this machine's production settings (var/local.ini) -----------------------
ensure_local_keys() {
    [ -f "$LOCAL_INI" ] || die "$LOCAL_INI missing: run scripts/setup.sh first"
    local key value
    for key in prod_web_port prod_pg_port prod_redis_port prod_solr_port prod_site_url \
               prod_smtp_server prod_smtp_starttls prod_smtp_user prod_smtp_password \
               prod_solrcloud; do
        grep -q "^$key *=" "$LOCAL_INI" && continue
        case "$key" in
            prod_web_port) value="${SATUDATA_PROD_WEB_PORT:-8080}" ;;
            prod_pg_port) value="${SATUDATA_PROD_PG_PORT:-5434}" ;;
            prod_redis_port) value="${SATUDATA_PROD_REDIS_PORT:-6381}" ;;
            prod_solr_port) value="${SATUDATA_PROD_SOLR_PORT:-8984}" ;;
            prod_site_url) value="http://127.0.0.1:$(ini_value prod_web_port)" ;;
            prod_smtp_server) value="127.0.0.1:$SMTP_PORT" ;;  # the demo's mail sink
            prod_smtp_starttls) value=false ;;
            prod_smtp_user | prod_smtp_password) value="" ;;
            prod_solrcloud) value=false ;;
        esac
        printf '%s = %s\n' "$key" "$value" >> "$LOCAL_INI"
    done
    WEB_PORT_P="$(ini_value prod_web_port)"
    PG_PORT_P="$(ini_value prod_pg_port)"
    REDIS_PORT_P="$(ini_value prod_redis_port)"
    SOLR_PORT_P="$(ini_value prod_solr_port)"
    SOLRCLOUD_P="$(ini_value prod_solrcloud)"
    for port in "$WEB_PORT_P" "$PG_PORT_P" "$REDIS_PORT_P" "$SOLR_PORT_P" "${APP_BIND##*:}"; do
        case " $PG_PORT $REDIS_PORT $SOLR_PORT $WEB_PORT $SMTP_PORT " in
            *" $port "*) die "production port $port is one of the demo/test ports; change the prod_* keys in $LOCAL_INI" ;;
        esac
    done
}

nginx_bin() { command -v nginx 2>/dev/null || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; }; }

ensure_nginx() {
    [ -n "$(nginx_bin)" ] && return 0
    step "Installing Debian's nginx"
    as_root apt-get update -qq >>"$PROD_LOG/apt.log" 2>&1 || die "apt-get update failed, see $PROD_LOG/apt.log"
    # Don't let the package start its own default site.
    DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 as_root apt-get install -y -qq \
        --no-install-recommends nginx >>"$PROD_LOG/apt.log" 2>&1 \
        || die "apt-get install nginx failed, see $PROD_LOG/apt.log"
}

# -- PostgreSQL: its own cluster, durable --------------------------------------
pg_online() {
    as_root pg_lsclusters -h 2>/dev/null | awk -v v="$PG_VERSION" -v c="$PROD_PG_CLUSTER" \
        '$1==v && $2==c && $4=="online"' | grep -q .
}
pg_start() {
    if ! as_root pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -qx "$PG_VERSION $PROD_PG_CLUSTER"; then
        port_open "$PG_PORT_P" && die "postgres (prod): port $PG_PORT_P already in use"
        as_root pg_createcluster "$PG_VERSION" "$PROD_PG_CLUSTER" --port "$PG_PORT_P" --start-conf manual \
            -- --auth-local=peer --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 \
            >"$PROD_LOG/postgres-setup.log" 2>&1 \
            || die "postgres (prod): could not create the cluster, see $PROD_LOG/postgres-setup.log"
    fi
    { cat "$REPO/deploy/postgresql/satudata-production.conf"; echo "port = $PG_PORT_P"; } |
        as_root tee "/etc/postgresql/$PG_VERSION/$PROD_PG_CLUSTER/conf.d/satudata.conf" >/dev/null
    if ! pg_online; then
        as_root pg_ctlcluster "$PG_VERSION" "$PROD_PG_CLUSTER" start >"$PROD_LOG/postgres-start.log" 2>&1 \
            || die "postgres (prod): failed to start, see /var/log/postgresql/postgresql-$PG_VERSION-$PROD_PG_CLUSTER.log"
    fi
    wait_for 30 pg_isready -q -h 127.0.0.1 -p "$PG_PORT_P" || die "postgres (prod): not answering"
    say "postgres (prod): running on 127.0.0.1:$PG_PORT_P, fsync on"
}
pg_stop() {
    if pg_online; then
        as_root pg_ctlcluster "$PG_VERSION" "$PROD_PG_CLUSTER" stop -m fast && say "postgres (prod): stopped"
    else
        say "postgres (prod): not running"
    fi
}

# -- Redis: its own instance, append-only ---------------------------------------
redis_ok() { timeout 3 redis-cli -h 127.0.0.1 -p "$REDIS_PORT_P" ping 2>/dev/null | grep -q PONG; }
redis_start() {
    if pid_alive "$PROD_RUN/redis.pid" && redis_ok; then say "redis (prod): running on 127.0.0.1:$REDIS_PORT_P"; return 0; fi
    port_open "$REDIS_PORT_P" && die "redis (prod): port $REDIS_PORT_P already in use"
    mkdir -p "$PROD_VAR/redis"
    redis-server "$REPO/deploy/redis/satudata-production.conf" --port "$REDIS_PORT_P" \
        --daemonize yes --pidfile "$PROD_RUN/redis.pid" --logfile "$PROD_LOG/redis.log" \
        --dir "$PROD_VAR/redis" >/dev/null 2>&1 || die "redis (prod): failed to start, see $PROD_LOG/redis.log"
    wait_for 20 redis_ok || die "redis (prod): not answering, see $PROD_LOG/redis.log"
    say "redis (prod): running on 127.0.0.1:$REDIS_PORT_P, appendonly yes"
}

solrcloud() { SATUDATA_VAR="$PROD_VAR" SOLRCLOUD_PORT="$SOLR_PORT_P" "$REPO/scripts/solrcloud.sh" "$@"; }
solr() {
    if [ "$SOLRCLOUD_P" = true ]; then solrcloud "$@"
    else SATUDATA_VAR="$PROD_VAR" SOLR_PORT="$SOLR_PORT_P" "$REPO/scripts/solr.sh" "$@"; fi
}

# -- the files nginx serves itself ------------------------------------------------
# CKAN's public folder and every plugin's (which win over CKAN's own),
# merged into one tree of links.
public_tree() {
    local dirs target="$PROD_VAR/public" next="$PROD_VAR/public.new"
    dirs="$("$PYTHON" - "$PROD_INI" 2>>"$PROD_LOG/prod-setup.log" <<'PY'
import os, sys
from ckan.cli import load_config
from ckan.config.middleware import make_app
make_app(load_config(sys.argv[1]))
import ckan
from ckan.common import config
# CKAN looks in the plugins' folders first (the first one wins), then its own.
extra = list(config.get("plugin_public_paths") or [])
extra += [p for p in (config.get("extra_public_paths") or "").split(",") if p]
print(os.path.join(os.path.dirname(ckan.__file__), config.get("ckan.base_public_folder") or "public"))
for path in reversed(extra):
    print(os.path.abspath(path))
PY
)" || die "could not list the public folders, see $PROD_LOG/prod-setup.log"
    rm -rf "$next"; mkdir -p "$next"
    while IFS= read -r dir; do
        [ -d "$dir" ] && cp -rsf "$dir/." "$next/"
    done <<< "$dirs"
    rm -rf "$target"; mv "$next" "$target"
}

max_body() { # ckan.max_resource_size (MB) plus 1 MB for the form's other fields
    local mb
    mb="$("$PYTHON" - "$PROD_INI" <<'PY'
import sys
from ckan.cli import CKANConfigLoader
print(CKANConfigLoader(sys.argv[1]).get_config().get("ckan.max_resource_size", "10"))
PY
)"
    echo "$((mb + 1))m"
}

render() { # render TEMPLATE OUT: replace the @NAMES@ of the deploy/ templates
    sed -e "s|@LISTEN@|127.0.0.1:$WEB_PORT_P|g" -e "s|@UPSTREAM@|$APP_BIND|g" \
        -e "s|@PUBLIC_ROOT@|$PROD_VAR/public|g" -e "s|@WEBASSETS_ROOT@|$PROD_VAR/webassets|g" \
        -e "s|@MAX_BODY@|$MAX_BODY|g" -e "s|@SNIPPETS@|$PROD_VAR/nginx|g" \
        -e "s|@REPO@|$REPO|g" -e "s|@VAR@|$PROD_VAR|g" -e "s|@VENV@|$VENV|g" \
        -e "s|@LOG_DIR@|$PROD_LOG|g" -e "s|@RUN_DIR@|$PROD_RUN|g" -e "s|@CKAN_INI@|$PROD_INI|g" \
        -e "s|@WORKERS@|${SATUDATA_WEB_WORKERS:-}|g" -e "s|@NGINX@|$(nginx_bin)|g" "$1" > "$2"
}

write_configs() {
    MAX_BODY="$(max_body)"
    mkdir -p "$PROD_VAR/nginx/tmp" "$PROD_VAR/webassets" "$PROD_VAR/storage"
    render "$REPO/deploy/nginx/satudata.conf.template" "$PROD_VAR/nginx/satudata.conf"
    cp "$REPO/deploy/nginx/static-headers.conf" "$PROD_VAR/nginx/static-headers.conf"
    cat > "$PROD_VAR/nginx/nginx.conf" <<CONF
# Written by scripts/prod.sh: nginx for the production profile on this
# machine (the site itself: satudata.conf, from deploy/nginx/).
user $(id -un);
worker_processes auto;
pid $PROD_RUN/nginx.pid;
error_log stderr warn;
events { worker_connections 768; }
http {
    include /etc/nginx/mime.types;
    types { application/geo+json geojson; }
    default_type application/octet-stream;
    sendfile on;
    keepalive_timeout 65;
    access_log /dev/stdout;
    client_body_temp_path $PROD_VAR/nginx/tmp/body;
    proxy_temp_path $PROD_VAR/nginx/tmp/proxy;
    fastcgi_temp_path $PROD_VAR/nginx/tmp/fastcgi;
    uwsgi_temp_path $PROD_VAR/nginx/tmp/uwsgi;
    scgi_temp_path $PROD_VAR/nginx/tmp/scgi;
    include $PROD_VAR/nginx/satudata.conf;
}
CONF
    "$(nginx_bin)" -t -q -p "$PROD_VAR/nginx" -c "$PROD_VAR/nginx/nginx.conf" >"$PROD_LOG/nginx-test.log" 2>&1 \
        || die "nginx: configuration refused, see $PROD_LOG/nginx-test.log"
    render "$REPO/deploy/supervisor/supervisord.conf.template" "$SUPERVISOR_CONF"
}

supervisorctl() { "$VENV/bin/supervisorctl" -c "$SUPERVISOR_CONF" "$@"; }
portal_ok() { curl -fs --max-time 10 -o /dev/null "http://127.0.0.1:$WEB_PORT_P/api/3/action/status_show"; }

cmd_start() {
    mkdir -p "$PROD_LOG" "$PROD_RUN"
    "$REPO/scripts/setup.sh"
    ensure_local_keys
    ensure_nginx
    pg_start
    redis_start
    solr start
    step "Preparing the production databases"
    SATUDATA_PG_PORT="$PG_PORT_P" "$REPO/scripts/db.sh" prod
    local log="$PROD_LOG/prod-setup.log"
    "$CKAN" -c "$PROD_INI" satudata muat-referensi >>"$log" 2>&1 || die "loading reference data failed, see $log"
    "$CKAN" -c "$PROD_INI" search-index rebuild --only-missing >>"$log" 2>&1 || die "search index rebuild failed, see $log"
    public_tree
    write_configs
    if pid_alive "$PROD_RUN/supervisord.pid"; then
        supervisorctl reread >/dev/null && supervisorctl update >/dev/null
        supervisorctl restart web worker nginx >/dev/null
    else
        "$VENV/bin/supervisord" -c "$SUPERVISOR_CONF" || die "supervisord failed, see $PROD_LOG/supervisord.log"
    fi
    wait_for 120 portal_ok || die "the portal does not answer through nginx, see $PROD_LOG/web.log and nginx.log"
    local health
    health="$(curl -s --max-time 10 "http://127.0.0.1:$WEB_PORT_P/sehat" || true)"
    cat <<TXT

Portal Satu Data (production profile): http://127.0.0.1:$WEB_PORT_P
  nginx -> gunicorn ($APP_BIND, workers: ${SATUDATA_WEB_WORKERS:-2 x cores}) + RQ worker, under supervisor
  health: http://127.0.0.1:$WEB_PORT_P/sehat
$(printf '%s\n' "$health" | sed -n 's/^ *"status": *"\(.*\)".*/  status: \1/p' | head -n 1)
First portal admin: .venv/bin/ckan -c config/production.ini sysadmin add <name> email=<e-mail>
Logs: var/prod/log/   Processes: scripts/prod.sh status   Stop: make prod-stop
TXT
}

cmd_stop() {
    ensure_local_keys
    if pid_alive "$PROD_RUN/supervisord.pid"; then
        supervisorctl shutdown >/dev/null 2>&1 || true
        wait_for 60 bash -c "! kill -0 $(cat "$PROD_RUN/supervisord.pid" 2>/dev/null || echo 0)" || true
        say "web, worker, nginx (prod): stopped"
    else
        say "web, worker, nginx (prod): not running"
    fi
    stop_pidfile "redis (prod)" "$PROD_RUN/redis.pid"
    solr stop
    pg_stop
}

cmd_status() {
    ensure_local_keys
    if pid_alive "$PROD_RUN/supervisord.pid"; then supervisorctl status || true
    else say "web, worker, nginx (prod): stopped"; fi
    redis_ok && say "redis (prod): running" || say "redis (prod): stopped"
    solr status || true
    pg_online && say "postgres (prod): running" || say "postgres (prod): stopped"
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    *) die "usage: prod.sh start|stop|status" ;;
esac
