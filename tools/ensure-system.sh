#!/usr/bin/env bash
# Install the Debian packages diachi-geo needs, once: quick no-op when they are there.
set -euo pipefail
# qgis-server-wfs: the WFS-T service the publish tests run (qgis_mapserver alone has none).
# xvfb: the review screenshot renders under a real X server; zbar-tools and chromium check
# the reports (QR codes decoded back, the HTML page rendered); osmium-tool writes the small
# .osm.pbf extracts the reference-builder tests and the demo read.
# libgeos-dev, python3-dev and build-essential build shapely against Debian's GEOS for the
# QGIS tier (a shapely wheel brings its own newer GEOS, which crashes inside qgis_process)
packages=(python3-qgis qgis-providers qgis qgis-server-bin qgis-server-wfs python3-venv python3-pip
          qttools5-dev-tools poppler-utils fonts-dejavu-core libgeos-dev python3-dev
          build-essential xvfb xauth zbar-tools chromium osmium-tool)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "diachi-geo needs these Debian packages: ${missing[*]}" >&2
  echo "Run as root, or: sudo apt-get install --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
