#!/usr/bin/env bash
# Start, stop or check the portal's services, all on 127.0.0.1:
#   postgres  PostgreSQL 15 (Debian cluster "satudata")     port $SATUDATA_PG_PORT (5433)
#   redis     Redis (jobs queue, cache)                     port $SATUDATA_REDIS_PORT (6380)
#   solr      Solr 9 (search index), see scripts/solr.sh    port $SOLR_PORT (8983)
#   smtp      mail sink that keeps every message in var/mail  port $SATUDATA_SMTP_PORT (8025)
#   worker    CKAN's RQ worker (xloader and other jobs) for the demo
#   web       the demo portal (ckan run)                   port $SATUDATA_WEB_PORT (5000)
# Usage: services.sh start|stop|status [service...]   (default: all of them)
# Starting a service that already runs is harmless.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ALL_SERVICES=(postgres redis solr smtp worker web)

# -- PostgreSQL --------------------------------------------------------------
postgres_start() {
    if ! as_root pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -qx "$PG_VERSION $PG_CLUSTER"; then
        port_open "$PG_PORT" && die "postgres: port $PG_PORT already in use by another process"
        as_root pg_createcluster "$PG_VERSION" "$PG_CLUSTER" --port "$PG_PORT" --start-conf manual \
            -- --auth-local=peer --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 \
            >"$LOG_DIR/postgres-setup.log" 2>&1 \
            || die "postgres: could not create the cluster, see $LOG_DIR/postgres-setup.log"
    fi
    if postgres_healthy; then say "postgres: running on 127.0.0.1:$PG_PORT"; return 0; fi
    # Loopback only; a demo and test cluster trades durability for speed.
    as_root tee "/etc/postgresql/$PG_VERSION/$PG_CLUSTER/conf.d/satudata.conf" >/dev/null <<CONF
# Written by ckanext-satudata's scripts/services.sh
listen_addresses = '127.0.0.1'
port = $PG_PORT
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
    port_open "$PG_PORT" && die "postgres: port $PG_PORT already in use by another process"
    as_root pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start >"$LOG_DIR/postgres-start.log" 2>&1 \
        || die "postgres: failed to start, see $PG_LOG"
    wait_for 30 postgres_healthy || die "postgres: not answering, see $PG_LOG"
    say "postgres: running on 127.0.0.1:$PG_PORT"
}
postgres_healthy() { pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; }
postgres_stop() {
    if as_root pg_lsclusters -h 2>/dev/null | awk '$1=="'"$PG_VERSION"'" && $2=="'"$PG_CLUSTER"'" && $4=="online"' | grep -q .; then
        as_root pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" stop -m fast && say "postgres: stopped"
    else
        say "postgres: not running"
    fi
}

# -- Redis -------------------------------------------------------------------
redis_healthy() { timeout 3 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }
redis_start() {
    if pid_alive "$RUN_DIR/redis.pid" && redis_healthy; then say "redis: running on 127.0.0.1:$REDIS_PORT"; return 0; fi
    port_open "$REDIS_PORT" && die "redis: port $REDIS_PORT already in use by another process"
    mkdir -p "$VAR/redis"
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes \
        --pidfile "$RUN_DIR/redis.pid" --logfile "$LOG_DIR/redis.log" --dir "$VAR/redis" \
        --save "" --appendonly no >/dev/null 2>&1 || die "redis: failed to start, see $LOG_DIR/redis.log"
    wait_for 20 redis_healthy || die "redis: failed to start, see $LOG_DIR/redis.log"
    say "redis: running on 127.0.0.1:$REDIS_PORT"
}
redis_stop() { stop_pidfile redis "$RUN_DIR/redis.pid"; }

# -- Solr --------------------------------------------------------------------
solr_start() { "$REPO/scripts/solr.sh" start; }
solr_stop() { "$REPO/scripts/solr.sh" stop; }

# -- background Python processes (smtp sink, worker, web) --------------------
# spawn NAME CMD...: run CMD detached in its own session, logging to var/log/NAME.log.
spawn() {
    local name="$1"; shift
    setsid "$@" >>"$LOG_DIR/$name.log" 2>&1 < /dev/null &
    echo $! > "$RUN_DIR/$name.pid"
}

smtp_healthy() { port_open "$SMTP_PORT"; }
smtp_start() {
    if pid_alive "$RUN_DIR/smtp.pid" && smtp_healthy; then say "smtp: running on 127.0.0.1:$SMTP_PORT"; return 0; fi
    port_open "$SMTP_PORT" && die "smtp: port $SMTP_PORT already in use by another process"
    spawn smtp "$PYTHON" -m ckanext.satudata.demo.mailsink --host 127.0.0.1 --port "$SMTP_PORT" --maildir "$VAR/mail"
    wait_for 20 smtp_healthy || die "smtp: failed to start, see $LOG_DIR/smtp.log"
    say "smtp: running on 127.0.0.1:$SMTP_PORT, messages in var/mail"
}
smtp_stop() { stop_pidfile smtp "$RUN_DIR/smtp.pid"; }

worker_start() {
    if pid_alive "$RUN_DIR/worker.pid"; then say "worker: running"; return 0; fi
    spawn worker "$CKAN" -c "$DEMO_INI" jobs worker
    sleep 1
    pid_alive "$RUN_DIR/worker.pid" || die "worker: failed to start, see $LOG_DIR/worker.log"
    say "worker: running (log var/log/worker.log)"
}
worker_stop() { stop_pidfile worker "$RUN_DIR/worker.pid"; }

web_healthy() { curl -fs --max-time 5 -o /dev/null "http://127.0.0.1:$WEB_PORT/api/3/action/status_show"; }
web_start() {
    if pid_alive "$RUN_DIR/web.pid" && web_healthy; then say "web: running on http://127.0.0.1:$WEB_PORT"; return 0; fi
    port_open "$WEB_PORT" && die "web: port $WEB_PORT already in use by another process"
    spawn web "$CKAN" -c "$DEMO_INI" run --host 127.0.0.1 --port "$WEB_PORT" --disable-reloader --threaded
    wait_for 90 web_healthy || die "web: failed to start, see $LOG_DIR/web.log"
    say "web: running on http://127.0.0.1:$WEB_PORT"
}
web_stop() { stop_pidfile web "$RUN_DIR/web.pid"; }

status() {
    local name="$1" healthy
    case "$name" in
        worker) pid_alive "$RUN_DIR/worker.pid" && healthy=1 || healthy=0 ;;
        solr) "$REPO/scripts/solr.sh" status >/dev/null 2>&1 && healthy=1 || healthy=0 ;;
        *) "${name}_healthy" && healthy=1 || healthy=0 ;;
    esac
    [ "$healthy" = 1 ] && say "$name: running" || say "$name: stopped"
}

command="${1:-}"; shift || true
services=("$@"); [ "${#services[@]}" -gt 0 ] || services=("${ALL_SERVICES[@]}")
case "$command" in
    start) for s in "${services[@]}"; do "${s}_start"; done ;;
    stop)
        # stop in reverse order: the web and worker before what they use
        for ((i=${#services[@]}-1; i>=0; i--)); do "${services[$i]}_stop"; done ;;
    status) for s in "${services[@]}"; do status "$s"; done ;;
    *) die "usage: services.sh start|stop|status [${ALL_SERVICES[*]}]" ;;
esac
