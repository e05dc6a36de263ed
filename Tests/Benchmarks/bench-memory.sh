#!/usr/bin/env bash
# Memory benchmark (issue 7): peak RSS of `ecert issue` for a small and a large participant list,
# with the default number of jobs. Memory must be flat: the large run may use at most 10 % more
# than the small one. Exits non-zero when it does not.
#   make bench-memory                       # 1,000 vs 100,000 rows
#   make bench-memory SMALL=1000 LARGE=20000
set -euo pipefail
ecert=${1:?usage: bench-memory.sh ECERT_BINARY [SMALL] [LARGE]}
small=${2:-1000}
large=${3:-100000}
limit=${LIMIT:-1.10}
root=$(cd "$(dirname "$0")/../.." && pwd)
gen="$root/../shared/data/gen_participants.py"
[ -f "$gen" ] || { echo "bench-memory: $gen not found (it lives in shared/ beside the project)" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "bench-memory: /usr/bin/time missing; apt-get install time" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$ecert" keygen "$work/issuer.key" >/dev/null

# issue N: prints "peak_kb wall_s"
issue() {
  local n=$1
  python3 "$gen" --rows "$n" > "$work/list-$n.csv"
  /usr/bin/time -f '%M %e' -o "$work/time-$n" "$ecert" issue "$work/list-$n.csv" \
    --event "$root/examples/event.yaml" --key "$work/issuer.key" --out "$work/out-$n" --quiet > "$work/issue-$n.out"
  cat "$work/time-$n"
  rm -rf "$work/out-$n"
}

read -r rss_small wall_small < <(issue "$small")
read -r rss_large wall_large < <(issue "$large")

echo "date:          $(date -u +%Y-%m-%d)"
echo "machine:       $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v k="$rss_small" -v n="$small" -v w="$wall_small" 'BEGIN { printf "%7d rows:  peak RSS %.1f MB (%.1f s)\n", n, k / 1024, w }'
awk -v k="$rss_large" -v n="$large" -v w="$wall_large" 'BEGIN { printf "%7d rows:  peak RSS %.1f MB (%.1f s)\n", n, k / 1024, w }'
awk -v a="$rss_small" -v b="$rss_large" -v l="$limit" 'BEGIN {
  r = b / a
  printf "ratio:         %.3f (limit %.2f)\n", r, l
  if (r > l) { print "bench-memory: FAIL: peak memory grows with the row count" > "/dev/stderr"; exit 1 }
  print "bench-memory: OK"
}'
