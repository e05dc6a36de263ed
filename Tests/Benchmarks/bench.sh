#!/usr/bin/env bash
# Benchmark: issue N certificates with the release binary, once with one worker and once with all
# cores, and print certificates/s for each, the N-job wall time and peak memory, the print-PDF
# rate and the verify time.
#   make bench            # N = 1000
#   make bench N=25000
# Rates from wall time depend on what else the machine runs; "cpu" figures (user + sys seconds)
# show the cost per certificate independent of load.
set -euo pipefail
ecert=${1:?usage: bench.sh ECERT_BINARY [N]}
n=${2:-1000}
jobs=${JOBS:-$(nproc)}
root=$(cd "$(dirname "$0")/../.." && pwd)
gen="$root/../shared/data/gen_participants.py"
[ -f "$gen" ] || { echo "bench: $gen not found (it lives in shared/ beside the project)" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "bench: /usr/bin/time missing; apt-get install time" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$gen" --rows "$n" > "$work/participants.csv"
"$ecert" keygen "$work/issuer.key" >/dev/null

# run LABEL OUT JOBS [extra args…]: issue and record "wall user sys maxrss_kb" in $work/LABEL.time
run() {
  local label=$1 out=$2 j=$3; shift 3
  /usr/bin/time -f '%e %U %S %M' -o "$work/$label.time" "$ecert" issue "$work/participants.csv" \
    --event "$root/examples/event.yaml" --key "$work/issuer.key" --out "$out" --jobs "$j" --quiet "$@" > "$work/$label.out"
}
rate() { awk -v n="$n" -v w="$1" 'BEGIN { printf "%.0f", n / w }'; }

run one "$work/one" 1
read -r wall1 user1 sys1 rss1 < "$work/one.time"
run many "$work/many" "$jobs"
read -r wallN userN sysN rssN < "$work/many.time"
cmp -s "$work/one/manifest.json" "$work/many/manifest.json" || { echo "bench: --jobs $jobs output differs from --jobs 1" >&2; exit 1; }
# Same batch again: every certificate is resumed (hashed, not rendered); then the print PDF.
run print "$work/many" "$jobs" --combined "$work/print.pdf"
/usr/bin/time -f '%e %M' -o "$work/vtime" "$ecert" verify "$work/many" --pub "$work/issuer.pub" >/dev/null
read -r vwall _ < "$work/vtime"
pages=$(sed -n 's/^Print PDF: .* (\([0-9]*\) pages in \([0-9.]*\) s)$/\1 \2/p' "$work/print.out")

echo "date:           $(date -u +%Y-%m-%d)"
echo "machine:        $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "certificates:   $n"
echo "1 job:          $(rate "$wall1") certificates/s (wall ${wall1} s; cpu $(awk -v n="$n" -v u="$user1" -v s="$sys1" 'BEGIN { printf "%.0f certificates per cpu-second", n / (u + s) }'))"
echo "$jobs jobs:         $(rate "$wallN") certificates/s (wall ${wallN} s; speed-up $(awk -v a="$wall1" -v b="$wallN" 'BEGIN { printf "%.2f", a / b }')x; cpu $(awk -v n="$n" -v u="$userN" -v s="$sysN" 'BEGIN { printf "%.0f certificates per cpu-second", n / (u + s) }'))"
echo "$n end to end: ${wallN} s with $jobs jobs"
awk -v k="$rssN" -v k1="$rss1" 'BEGIN { printf "peak RSS:       %.1f MB (%s jobs), %.1f MB (1 job)\n", k / 1024, "'"$jobs"'", k1 / 1024 }'
if [ -n "$pages" ]; then set -- $pages; awk -v p="$1" -v s="$2" 'BEGIN { printf "print PDF:      %d pages in %.2f s (%.0f pages/s)\n", p, s, p / s }'; fi
echo "verify:         ${vwall} s"
