#!/usr/bin/env bash
# `make demo`: install what is missing, start the services, prepare the demo
# database with the reference organisations and demo accounts, and serve the
# portal at http://127.0.0.1:5000.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

# WILAYAH=35.06 make demo: the demo portal's region (ckanext.satudata.wilayah,
# Kemendagri codes; default 35.71, Kota Kediri), kept in var/local.ini for demo.ini.
wilayah="${WILAYAH:-35.71}"
[[ "$wilayah" =~ ^[0-9][0-9.,\ ]*$ ]] || die "WILAYAH: Kemendagri codes, e.g. WILAYAH=35.06"

"$REPO/scripts/setup.sh"
ini_default_set demo_wilayah "$wilayah"
"$REPO/scripts/services.sh" start postgres redis solr smtp
"$REPO/scripts/db.sh" demo

step "Loading the reference organisations and demo accounts"
log="$LOG_DIR/demo-data.log"
"$CKAN" -c "$DEMO_INI" satudata muat-referensi >"$log" 2>&1 || die "loading reference data failed, see $log"
if [ "$wilayah" = 35.71 ]; then   # the approximate boundaries are Kota Kediri's
    "$CKAN" -c "$DEMO_INI" satudata muat-batas >>"$log" 2>&1 \
        || die "loading the approximate kelurahan boundaries failed, see $log"
fi
"$CKAN" -c "$DEMO_INI" satudata muat-demo --accounts-file "$VAR/demo-accounts.txt" >>"$log" 2>&1 \
    || die "creating demo accounts failed, see $log"
"$CKAN" -c "$DEMO_INI" satudata muat-katalog --contoh >>"$log" 2>&1 \
    || die "loading the indicator catalogue failed, see $log"
"$CKAN" -c "$DEMO_INI" search-index rebuild --only-missing >>"$log" 2>&1 || die "search index rebuild failed, see $log"

# The worker loads tables into the DataStore by fetching them from the web
# server, so both run before the sample datasets are created.
"$REPO/scripts/services.sh" start worker web
"$CKAN" -c "$DEMO_INI" satudata muat-contoh >>"$log" 2>&1 || die "loading sample datasets failed, see $log"
# Map points and statistics of datasets published by an older version.
"$CKAN" -c "$DEMO_INI" satudata segarkan-terbit >>"$log" 2>&1 || die "refreshing published datasets failed, see $log"
grep "^Organisasi referensi\|^Akun PIC\|^Katalog indikator\|^Dataset contoh\|^Dataset terbit" "$log" || true

cat <<TXT

Portal Satu Data (wilayah $wilayah): http://127.0.0.1:$WEB_PORT

Demo accounts (passwords are kept in var/demo-accounts.txt):
TXT
"$PYTHON" - "$VAR/demo-accounts.txt" <<'PY'
import sys
from ckanext.satudata.demo.accounts import DEMO_ACCOUNTS, load_or_create_passwords
passwords = load_or_create_passwords(sys.argv[1])
for account in DEMO_ACCOUNTS:
    print(f"  {account.name:<16} {passwords[account.name]:<22} {account.role_description}")
PY
cat <<TXT

Logs: var/log/   Stop everything: make stop   API token: make token USER=kurator
TXT
