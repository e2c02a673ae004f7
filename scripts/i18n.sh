#!/usr/bin/env bash
# Refresh the extension's translation catalogues after changing user-facing text:
# extract the strings into i18n/ckanext-satudata.pot, merge them into each
# i18n/<locale>/LC_MESSAGES/ckanext-satudata.po, and compile the .mo files.
# Source strings are Indonesian; i18n/en holds the English translation.
# Then rebuild the Indonesian catalogue of CKAN core (scripts/translate/).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO"
pybabel="$VENV/bin/pybabel"
"$pybabel" -q extract -F babel.cfg --no-location --sort-output \
    --project ckanext-satudata --copyright-holder "ckanext-satudata" \
    -o i18n/ckanext-satudata.pot .
for po in i18n/*/LC_MESSAGES/ckanext-satudata.po; do
    locale="$(basename "$(dirname "$(dirname "$po")")")"
    "$pybabel" -q update --no-fuzzy-matching --ignore-obsolete -D ckanext-satudata \
        -i i18n/ckanext-satudata.pot -d i18n -l "$locale"
done
"$pybabel" -q compile --statistics -D ckanext-satudata -d i18n
"$PYTHON" scripts/translate/build.py --pot-out i18n/ckan.pot
