#!/usr/bin/env bash
# Prints what a browser downloads to open the app (wasm + js + css, raw and gzipped -9), and
# apart from it what the page loads only on demand: the usage import module and its loader,
# fetched when "Import usage" is first opened (src/ui/usage_slot.rs). embed.js is left out: only
# pages that embed the widget load it. The last two lines are for scripts (make bench):
# DOWNLOAD_KIB=… and ON_DEMAND_KIB=….
set -euo pipefail
dir=${1:-dist}
kib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }
on_demand() { case "$1" in loopcost-usage*|usage-loader.js) return 0 ;; *) return 1 ;; esac; }
open_raw=0; open_gz=0; later_raw=0; later_gz=0
for f in "$dir"/*.wasm "$dir"/*.js "$dir"/*.css; do
  [ -f "$f" ] || continue
  name=$(basename "$f")
  [ "$name" = embed.js ] && continue
  raw=$(stat -c %s "$f"); gz=$(gzip -9 -c "$f" | wc -c)
  if on_demand "$name"; then
    later_raw=$((later_raw + raw)); later_gz=$((later_gz + gz)); when='on demand'
  else
    open_raw=$((open_raw + raw)); open_gz=$((open_gz + gz)); when=''
  fi
  printf '  %-44s %8s KiB %8s KiB gzipped  %s\n' "$name" "$(kib "$raw")" "$(kib "$gz")" "$when"
done
echo "to open the app (wasm + js + css): $(kib $open_raw) KiB, $(kib $open_gz) KiB gzipped (budget: 200 KiB gzipped)"
echo "on demand (Import usage, when first opened): $(kib $later_raw) KiB, $(kib $later_gz) KiB gzipped"
echo "DOWNLOAD_KIB=$(kib $open_gz)"
echo "ON_DEMAND_KIB=$(kib $later_gz)"
