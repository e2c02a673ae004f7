#!/usr/bin/env bash
# `make test`: set up what is missing, start the services the tests use, and
# run the whole suite with CKAN's pytest plugin against them.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

"$REPO/scripts/setup.sh" --browser
"$REPO/scripts/services.sh" start postgres redis solr
"$REPO/scripts/db.sh" test
# the plain CKAN that harvests the portal in tests/interop/test_harvest.py
"$REPO/scripts/db.sh" harvest

step "Running the test suite"
cd "$REPO"
exec "$VENV/bin/pytest" --ckan-ini=test.ini "$@"
