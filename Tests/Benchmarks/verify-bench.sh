#!/usr/bin/env bash
# Benchmark of single-certificate verification (issue 3): payloads, PDFs (render + QR decode),
# a degraded photo, and the static page in headless Chromium. Prints seconds and items/s.
#   make bench-verify            # N = 50 certificates
set -euo pipefail
ecert=${1:?usage: verify-bench.sh ECERT_BINARY [N]}
n=${2:-50}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$root/../shared/data/gen_participants.py" --rows "$n" --verified-only > "$work/p.csv"
"$ecert" keygen "$work/k.key" >/dev/null
"$ecert" issue "$work/p.csv" --event "$root/examples/event.yaml" --key "$work/k.key" --out "$work/out" --quiet >/dev/null
count=$(ls "$work"/out/*.pdf | wc -l)
payloads=$(python3 -c "import json,sys; print(' '.join(r['payload'] for r in json.load(open(sys.argv[1]))['body']['records']))" "$work/out/manifest.json")

now() { date +%s.%N; }
rate() { awk -v n="$1" -v s="$2" -v e="$3" -v what="$4" 'BEGIN { printf "%-28s %4d in %6.2f s  (%.1f/s)\n", what, n, e - s, n / (e - s) }'; }

s=$(now); "$ecert" verify $payloads --pub "$work/k.pub" >/dev/null; e=$(now); rate "$count" "$s" "$e" "payloads (one call)"
s=$(now); "$ecert" verify "$work"/out/*.pdf --pub "$work/k.pub" --manifest "$work/out/manifest.json" >/dev/null; e=$(now); rate "$count" "$s" "$e" "PDFs (render + decode)"
first=$(ls "$work"/out/*.pdf | head -1)
pdftoppm -r 150 -png -singlefile "$first" "$work/scan"
convert "$work/scan.png" -seed 1 -blur 0x1.0 -attenuate 0.4 +noise Gaussian -background white -rotate 2 -quality 80 "$work/photo.jpg"
s=$(now); for i in 1 2 3 4 5; do "$ecert" verify "$work/photo.jpg" --pub "$work/k.pub" >/dev/null; done; e=$(now); rate 5 "$s" "$e" "photo 150 dpi, blurred"
"$ecert" site "$work/out" --out "$work/site" >/dev/null
p1=$(echo "$payloads" | cut -d' ' -f1)
s=$(now); for i in 1 2 3; do chromium --headless --no-sandbox --disable-gpu --virtual-time-budget=10000 --dump-dom "file://$work/site/index.html#$p1" 2>/dev/null | grep -q 'data-status="valid"'; done; e=$(now)
rate 3 "$s" "$e" "page in headless Chromium"
