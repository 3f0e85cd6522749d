#!/usr/bin/env bash
# Prints the size of what a browser downloads to open the app: wasm + js + css, raw and
# gzipped (-9). embed.js is left out: only pages that embed the widget load it.
set -euo pipefail
dir=${1:-dist}
total_raw=0; total_gz=0
kib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }
for f in "$dir"/*.wasm "$dir"/*.js "$dir"/*.css; do
  [ -f "$f" ] || continue
  [ "$(basename "$f")" = embed.js ] && continue
  raw=$(stat -c %s "$f"); gz=$(gzip -9 -c "$f" | wc -c)
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
  printf '  %-44s %8s KiB %8s KiB gzipped\n' "$(basename "$f")" "$(kib "$raw")" "$(kib "$gz")"
done
echo "bundle (wasm + js + css): $(kib $total_raw) KiB, $(kib $total_gz) KiB gzipped (budget: 200 KiB gzipped)"
