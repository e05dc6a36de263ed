#!/usr/bin/env bash
# Benchmark: issue N certificates with the release binary and print certificates/s and peak memory.
#   make bench            # N = 1000
#   make bench N=25000
set -euo pipefail
ecert=${1:?usage: bench.sh ECERT_BINARY [N]}
n=${2:-1000}
root=$(cd "$(dirname "$0")/../.." && pwd)
gen="$root/../shared/data/gen_participants.py"
[ -f "$gen" ] || { echo "bench: $gen not found (it lives in shared/ beside the project)" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "bench: /usr/bin/time missing; apt-get install time" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$gen" --rows "$n" > "$work/participants.csv"
"$ecert" keygen "$work/issuer.key" >/dev/null

/usr/bin/time -f '%e %M' -o "$work/time" "$ecert" issue "$work/participants.csv" \
  --event "$root/examples/event.yaml" --key "$work/issuer.key" --out "$work/out" --quiet >/dev/null
read -r wall rss_kb < "$work/time"
/usr/bin/time -f '%e %M' -o "$work/vtime" "$ecert" verify "$work/out" --pub "$work/issuer.pub" >/dev/null
read -r vwall _ < "$work/vtime"

echo "machine:       $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "certificates:  $n"
echo "issue wall:    ${wall} s"
awk -v n="$n" -v w="$wall" 'BEGIN { printf "rate:          %.0f certificates/s\n", n / w }'
awk -v k="$rss_kb" 'BEGIN { printf "peak RSS:      %.1f MB\n", k / 1024 }'
echo "verify wall:   ${vwall} s"
