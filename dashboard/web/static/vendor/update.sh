#!/bin/sh
# Reproduces this folder's vendored libraries from the npm registry: packs the pinned versions
# with `npm pack` into a temporary directory, copies the files the dashboard serves, writes the
# ES-module wrapper for topojson-client and prints each file's SHA-256 (for README.md).
# Usage: dashboard/web/static/vendor/update.sh   (needs npm and sha256sum; changes only this folder)
# To move to a new version: change the pins below, run it, read the libraries' changelogs,
# update README.md (versions, hashes) and check the map page in a browser.
set -eu

LEAFLET_VERSION=1.9.4
TOPOJSON_CLIENT_VERSION=3.1.0

here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

cd "$tmp"
npm pack --silent "leaflet@$LEAFLET_VERSION" "topojson-client@$TOPOJSON_CLIENT_VERSION" >/dev/null
mkdir leaflet topojson-client
tar xzf "leaflet-$LEAFLET_VERSION.tgz" -C leaflet
tar xzf "topojson-client-$TOPOJSON_CLIENT_VERSION.tgz" -C topojson-client

dest="$here/leaflet"
rm -rf "$dest"
mkdir -p "$dest/images"
cp leaflet/package/dist/leaflet-src.esm.js leaflet/package/dist/leaflet.js \
   leaflet/package/dist/leaflet.css leaflet/package/LICENSE "$dest/"
cp leaflet/package/dist/images/*.png "$dest/images/"

dest="$here/topojson-client"
rm -rf "$dest"
mkdir -p "$dest"
cp topojson-client/package/dist/topojson-client.js topojson-client/package/LICENSE "$dest/"
cat > "$dest/topojson-client.esm.js" <<'WRAPPER'
// ES-module face of topojson-client's UMD build (written by ../update.sh, no eval): importing
// the UMD file as a module runs it with no `exports` or `define`, so it sets self.topojson;
// this file re-exports its functions.
import './topojson-client.js';

const topojson = self.topojson;
export const { bbox, feature, merge, mergeArcs, mesh, meshArcs, neighbors, quantize, transform,
  untransform } = topojson;
export default topojson;
WRAPPER

cd "$here"
find leaflet topojson-client -type f | LC_ALL=C sort | xargs sha256sum
