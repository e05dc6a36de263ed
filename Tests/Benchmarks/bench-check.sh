#!/usr/bin/env bash
# Benchmark: `ecert check` of an N-row participant list (release binary); prints wall and CPU time and peak memory.
#   make bench-check            # N = 25000, as CSV and as .xlsx
set -euo pipefail
ecert=${1:?usage: bench-check.sh ECERT_BINARY [N]}
n=${2:-25000}
root=$(cd "$(dirname "$0")/../.." && pwd)
gen="$root/../shared/data/gen_participants.py"
[ -f "$gen" ] || { echo "bench-check: $gen not found (it lives in shared/ beside the project)" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "bench-check: /usr/bin/time missing; apt-get install time" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$gen" --rows "$n" > "$work/participants.csv"
python3 "$gen" --rows "$n" --delimiter ';' --encoding cp1252 > "$work/participants-cp1252.csv"
python3 "$root/Tests/Fixtures/lists.py" xlsx "$work/participants.csv" "$work/participants.xlsx"

echo "machine:       $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "rows:          $n"
for f in participants.csv participants-cp1252.csv participants.xlsx; do
  best=""
  for _ in 1 2 3; do
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$ecert" check "$work/$f" >/dev/null 2>&1 || true
    read -r wall user sys rss_kb < "$work/time"
    if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then
      best=$wall; best_cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }'); best_rss=$rss_kb
    fi
  done
  printf "check %-26s %5s s wall, %5s s CPU (best of 3), peak RSS %.1f MB\n" "$f:" "$best" "$best_cpu" "$(awk -v k="$best_rss" 'BEGIN { print k / 1024 }')"
done
