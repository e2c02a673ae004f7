#!/usr/bin/env bash
# Bring the front-end libraries (package.json, pinned by package-lock.json)
# from the npm registry and copy the files the portal serves into
# ckanext/satudata/assets/vendor/ (not committed; webassets serves them, no CDN),
# and the region lists of idn-area-data (ODbL: provinces, kabupaten/kota,
# kecamatan, desa/kelurahan) into ckanext/satudata/reference/data/idn-area-data/
# (not committed; the portal reads them for any ckanext.satudata.wilayah, and
# falls back to the shipped Kota Kediri list without them).
# Safe to run again: does nothing when the lockfile has not changed.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

VENDOR="$REPO/ckanext/satudata/assets/vendor"
AREAS="$REPO/ckanext/satudata/reference/data/idn-area-data"
stamp="$VAR/.assets-stamp"
digest="$(cat "$REPO/package-lock.json" "$0" | sha256sum | cut -d' ' -f1)"
if [ -f "$VENDOR/leaflet/leaflet.js" ] && [ -f "$AREAS/villages.csv" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$digest" ]; then
    exit 0
fi
command -v npm >/dev/null 2>&1 || die "npm not found (Debian package npm)"
step "Installing front-end libraries (npm ci)"
(cd "$REPO" && npm ci --no-audit --no-fund --loglevel=error >"$LOG_DIR/npm.log" 2>&1) \
    || die "npm ci failed, see $LOG_DIR/npm.log"

modules="$REPO/node_modules"
rm -rf "$VENDOR"
mkdir -p "$VENDOR/leaflet" "$VENDOR/leaflet.markercluster" "$VENDOR/chart.js"
cp "$modules/leaflet/dist/leaflet.js" "$modules/leaflet/dist/leaflet.css" "$VENDOR/leaflet/"
cp -r "$modules/leaflet/dist/images" "$VENDOR/leaflet/"
cp "$modules/leaflet/LICENSE" "$VENDOR/leaflet/"
cp "$modules/leaflet.markercluster/dist/leaflet.markercluster.js" \
   "$modules/leaflet.markercluster/dist/MarkerCluster.css" \
   "$modules/leaflet.markercluster/dist/MarkerCluster.Default.css" \
   "$modules/leaflet.markercluster/MIT-LICENCE.txt" "$VENDOR/leaflet.markercluster/"
cp "$modules/chart.js/dist/chart.umd.min.js" "$modules/chart.js/LICENSE.md" "$VENDOR/chart.js/"
rm -rf "$AREAS"
mkdir -p "$AREAS"
cp "$modules/idn-area-data/data/provinces.csv" "$modules/idn-area-data/data/regencies.csv" \
   "$modules/idn-area-data/data/districts.csv" "$modules/idn-area-data/data/villages.csv" \
   "$modules/idn-area-data/data/LICENSE.md" "$AREAS/"
echo "$digest" > "$stamp"
say "front-end libraries: leaflet, leaflet.markercluster, chart.js in assets/vendor; idn-area-data in reference/data"
