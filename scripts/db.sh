#!/usr/bin/env bash
# Create the roles and databases on the project's PostgreSQL cluster and bring
# CKAN's schema up to date. Safe to run again.
#   db.sh demo   satudata + satudata_datastore            (config/demo.ini)
#   db.sh test   satudata_test + satudata_test_datastore  (test.ini)
# Roles: satudata (owner, read-write) and satudata_ro (the DataStore's
# read-only user), with the passwords from var/local.ini.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

target="${1:-}"
case "$target" in
    demo) ini="$DEMO_INI"; db=satudata ;;
    test) ini="$TEST_INI"; db=satudata_test ;;
    *) die "usage: db.sh demo|test" ;;
esac
log="$LOG_DIR/db-$target.log"
: > "$log"

psql_admin() { as_postgres psql -X -q -v ON_ERROR_STOP=1 -h /var/run/postgresql -p "$PG_PORT" "$@" >>"$log" 2>&1; }

ensure_role() {
    psql_admin -d postgres -v name="$1" -v password="$2" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'name')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'name') \gexec
ALTER ROLE :"name" WITH LOGIN PASSWORD :'password' NOSUPERUSER NOCREATEDB NOCREATEROLE;
SQL
}

ensure_database() {
    psql_admin -d postgres -v name="$1" <<'SQL'
SELECT format('CREATE DATABASE %I OWNER satudata ENCODING ''UTF8'' TEMPLATE template0', :'name')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'name') \gexec
SQL
}

ensure_role satudata "$(ini_value db_password)" || die "postgres: could not create role satudata, see $log"
ensure_role satudata_ro "$(ini_value datastore_ro_password)" || die "postgres: could not create role satudata_ro, see $log"
ensure_database "$db" || die "postgres: could not create database $db, see $log"
ensure_database "${db}_datastore" || die "postgres: could not create database ${db}_datastore, see $log"

"$CKAN" -c "$ini" db init >>"$log" 2>&1 || die "ckan db init ($target) failed, see $log"
"$CKAN" -c "$ini" db upgrade >>"$log" 2>&1 || die "ckan db upgrade ($target) failed, see $log"
"$CKAN" -c "$ini" datastore set-permissions 2>>"$log" | psql_admin -d "${db}_datastore" \
    || die "datastore permissions ($target) failed, see $log"
# xloader's jobs call the API as the site user: give it a token once per database.
token_key="${target}_xloader_token"
grep -q "^$token_key *=" "$LOCAL_INI" || printf '%s = NOT_SET\n' "$token_key" >> "$LOCAL_INI"
if [ "$(ini_value "$token_key")" = NOT_SET ] || ! "$PYTHON" - "$ini" "$(ini_value "$token_key")" >>"$log" 2>&1 <<'PY'
import sys
from ckan.cli import load_config
from ckan.config.middleware import make_app
make_app(load_config(sys.argv[1]))
from ckan.lib.api_token import get_user_from_token
sys.exit(0 if get_user_from_token(sys.argv[2]) else 1)
PY
then
    token="$("$CKAN" -c "$ini" satudata token --site-user --name xloader 2>>"$log" | tail -n 1)"
    [ -n "$token" ] || die "could not create the xloader API token ($target), see $log"
    sed -i "s|^$token_key *=.*|$token_key = $token|" "$LOCAL_INI"
fi
say "database ($target): $db and ${db}_datastore ready"
