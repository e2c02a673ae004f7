# Shared settings and helpers for the project's scripts. Source it; don't run it.
# Every path is relative to the repository; every service binds 127.0.0.1.

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VAR="${SATUDATA_VAR:-$REPO/var}"
LOG_DIR="$VAR/log"
RUN_DIR="$VAR/run"
VENV="${SATUDATA_VENV:-$REPO/.venv}"
PYTHON="$VENV/bin/python"
CKAN="$VENV/bin/ckan"
LOCAL_INI="$VAR/local.ini"
DEMO_INI="$REPO/config/demo.ini"
TEST_INI="$REPO/test.ini"

PG_VERSION=15
PG_CLUSTER=satudata
PG_PORT="${SATUDATA_PG_PORT:-5433}"
REDIS_PORT="${SATUDATA_REDIS_PORT:-6380}"
SOLR_PORT="${SOLR_PORT:-8983}"
WEB_PORT="${SATUDATA_WEB_PORT:-5000}"
SMTP_PORT="${SATUDATA_SMTP_PORT:-8025}"
PG_LOG="/var/log/postgresql/postgresql-$PG_VERSION-$PG_CLUSTER.log"

mkdir -p "$LOG_DIR" "$RUN_DIR"

say() { printf '%s\n' "$*"; }
step() { printf '==> %s\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# as_root CMD...: run as root (directly, or through sudo when not root).
as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# as_postgres CMD...: run as the postgres system user.
as_postgres() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

# port_open PORT: true when something accepts TCP connections on 127.0.0.1:PORT.
port_open() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# wait_for SECONDS CMD...: retry CMD every half second until it succeeds.
wait_for() {
    local deadline=$((SECONDS + $1)); shift
    until "$@" >/dev/null 2>&1; do
        [ "$SECONDS" -lt "$deadline" ] || return 1
        sleep 0.5
    done
}

# pid_alive FILE: true when FILE names a running process.
pid_alive() {
    [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

# stop_pidfile NAME FILE: TERM the process, KILL it if it lingers.
stop_pidfile() {
    local name="$1" file="$2" pid
    if ! pid_alive "$file"; then rm -f "$file"; say "$name: not running"; return 0; fi
    pid="$(cat "$file")"
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    wait_for 20 bash -c "! kill -0 $pid" || kill -KILL "$pid" 2>/dev/null || true
    rm -f "$file"
    say "$name: stopped"
}

# ini_value KEY: a value from the [DEFAULT] section of var/local.ini.
ini_value() {
    sed -n "s/^$1 *= *//p" "$LOCAL_INI" | head -n 1
}

# ini_default_set KEY VALUE: set KEY in the [DEFAULT] section of var/local.ini.
ini_default_set() {
    if grep -q "^$1 *=" "$LOCAL_INI"; then
        sed -i "s|^$1 *=.*|$1 = $2|" "$LOCAL_INI"
    else
        sed -i "0,/^\[DEFAULT\]\$/s||[DEFAULT]\n$1 = $2|" "$LOCAL_INI"
    fi
}
