#!/usr/bin/env bash
# Memory benchmark (issues 7 and 15): peak RSS of `ecert issue` (as two shards), `merge`, `verify`
# and `bundle` for a small and a large batch. Memory must be flat: for each command the large run
# may use at most LIMIT (1.10) times the small one's peak, plus PER_RECORD bytes per extra record
# (verify keeps 32 bytes a record: two 16-byte digest sets for duplicate serials and unlisted
# files; docs/SCALING.md), and never more than 150 MB. Exits non-zero when a command is not flat.
#   make bench-memory                        # 25,000 vs 100,000 rows
#   make bench-memory SMALL=25000 LARGE=1000000
set -euo pipefail
ecert=${1:?usage: bench-memory.sh ECERT_BINARY [SMALL] [LARGE]}
small=${2:-25000}
large=${3:-100000}
limit=${LIMIT:-1.10}
per_record=${PER_RECORD:-40}
ceiling_mb=${CEILING_MB:-150}
root=$(cd "$(dirname "$0")/../.." && pwd)
gen="$root/../shared/data/gen_participants.py"
[ -f "$gen" ] || { echo "bench-memory: $gen not found (it lives in shared/ beside the project)" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "bench-memory: /usr/bin/time missing; apt-get install time" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$ecert" keygen "$work/issuer.key" >/dev/null

# measure LABEL N CMD…: runs CMD, appends "LABEL N peak_kb wall_s" to $work/results
measure() {
  local label=$1 n=$2; shift 2
  /usr/bin/time -f '%M %e' -o "$work/t" "$@" > "$work/$label-$n.log" 2>&1 || { cat "$work/$label-$n.log" >&2; echo "bench-memory: $label failed" >&2; exit 1; }
  echo "$label $n $(cat "$work/t")" >> "$work/results"
}

run() {
  local n=$1 d="$work/n$1"
  mkdir -p "$d"
  python3 "$gen" --rows "$n" > "$d/list.csv"
  for k in 1 2; do
    measure issue "$n" "$ecert" issue "$d/list.csv" --event "$root/examples/event.yaml" --key "$work/issuer.key" --out "$d/shard-$k" --shard "$k/2" --quiet
  done
  measure merge "$n" "$ecert" merge "$d/shard-1" "$d/shard-2" --key "$work/issuer.key" --out "$d/batch"
  rm -rf "$d/shard-1" "$d/shard-2"
  measure verify "$n" "$ecert" verify "$d/batch" --pub "$work/issuer.pub"
  measure bundle "$n" "$ecert" bundle "$d/batch" --by "Kabupaten/Kota" --out "$d/bundles"
  rm -rf "$d"
}
run "$small"
run "$large"

echo "date:     $(date -u +%Y-%m-%d)"
echo "machine:  $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v small="$small" -v large="$large" -v l="$limit" -v per="$per_record" -v ceil="$ceiling_mb" '
  { key = $1 " " $2; if (!(key in peak) || $3 > peak[key]) peak[key] = $3; wall[key] += $4; seen[$1] = 1; order[NR] = $1 }
  END {
    fail = 0
    split("issue merge verify bundle", cmds, " ")
    for (i = 1; i <= 4; i++) {
      c = cmds[i]; a = peak[c " " small]; b = peak[c " " large]
      allowed = a * l + per * (large - small) / 1024
      ok = (b <= allowed && b / 1024 <= ceil)
      printf "%-7s %8d rows: %6.1f MB (%5.1f s)   %8d rows: %6.1f MB (%5.1f s)   allowed %6.1f MB  %s\n",
        c, small, a / 1024, wall[c " " small], large, b / 1024, wall[c " " large], allowed / 1024, ok ? "flat" : "NOT FLAT"
      if (!ok) fail = 1
    }
    if (fail) { print "bench-memory: FAIL: peak memory grows with the record count" > "/dev/stderr"; exit 1 }
    print "bench-memory: OK"
  }' "$work/results"
