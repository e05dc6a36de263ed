#!/usr/bin/env bash
# Side-by-side benchmark (issue 15): ecert's CPU time per certificate against the plain-C
# Cairo + Pango + libqrencode loop in ../shared/bench/cairo-limit/limit.c, one worker each, on the
# same N rows, interleaved RUNS times. Prints each pair and the median ratio ecert/C of CPU seconds
# (user + sys of the process) per certificate; exits non-zero when the median is above TARGET.
#   make bench-vs-c                   # N = 2000, RUNS = 5, TARGET = 0.67
#   make bench-vs-c N=500 RUNS=3 TARGET=none
#   INSTR=200 make bench-vs-c         # also callgrind instruction counts for 200 certificates each
# CPU time rather than wall time: the machine is shared and wall time depends on what else runs.
set -euo pipefail
ecert=${1:?usage: bench-vs-c.sh ECERT_BINARY [N] [RUNS]}
n=${2:-2000}
runs=${3:-5}
target=${TARGET:-0.67}
root=$(cd "$(dirname "$0")/../.." && pwd)
shared="$root/../shared"
gen="$shared/data/gen_participants.py"
src="$shared/bench/cairo-limit/limit.c"
for f in "$gen" "$src"; do [ -f "$f" ] || { echo "bench-vs-c: $f not found (it lives in shared/ beside the project)" >&2; exit 1; }; done
command -v /usr/bin/time >/dev/null || { echo "bench-vs-c: /usr/bin/time missing; apt-get install time" >&2; exit 1; }

# OUT_DIR: where both write their PDFs (default: a temporary folder on the disk /tmp is on; a tmpfs
# such as /dev/shm takes the file system's own inode bookkeeping, which is noisy, out of the figure).
work=$(mktemp -d)
outs=$(mktemp -d "${OUT_DIR:-${TMPDIR:-/tmp}}/bench-vs-c.XXXXXX")
trap 'rm -rf "$work" "$outs"' EXIT
# Built exactly as its README says.
gcc -O2 -o "$work/limit" "$src" $(pkg-config --cflags --libs cairo pangocairo libqrencode)
python3 "$gen" --rows "$n" > "$work/participants.csv"
"$ecert" keygen "$work/issuer.key" >/dev/null

# cpu LABEL K CMD…: runs CMD writing into the new folder $out (kept until the end: deleting many
# files just before a run makes the next one's file creation slower), records "user sys".
cpu() {
  local label=$1 k=$2; shift 2
  /usr/bin/time -f '%U %S' -o "$work/$label-$k.time" "$@" > "$work/$label.log" 2>&1 \
    || { cat "$work/$label.log" >&2; echo "bench-vs-c: $label failed" >&2; exit 1; }
}
run_c() { mkdir -p "$outs/c-$1"; cpu c "$1" "$work/limit" "$n" "$outs/c-$1"; }
run_ecert() {
  cpu ecert "$1" "$ecert" issue "$work/participants.csv" --event "$root/examples/event.yaml" --key "$work/issuer.key" \
    --out "$outs/ecert-$1" --jobs 1 --quiet
}

echo "date:     $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine:  $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "rows:     $n, one worker each, $runs interleaved pairs (C first, then ecert); output in $(df --output=fstype "$outs" | tail -1) $outs"
ratios=(); user_ratios=()
for k in $(seq 1 "$runs"); do
  run_c "$k"; run_ecert "$k"
  read -r cu cs < "$work/c-$k.time"; read -r eu es < "$work/ecert-$k.time"
  ratios+=("$(awk -v a="$eu" -v b="$es" -v c="$cu" -v d="$cs" 'BEGIN { printf "%.3f", (a + b) / (c + d) }')")
  user_ratios+=("$(awk -v a="$eu" -v c="$cu" 'BEGIN { printf "%.3f", a / c }')")
  awk -v k="$k" -v cu="$cu" -v cs="$cs" -v eu="$eu" -v es="$es" -v n="$n" 'BEGIN {
    printf "pair %d:   C %.2f+%.2f s (%.3f ms/cert)   ecert %.2f+%.2f s (%.3f ms/cert)   ratio %.3f (user %.3f)\n",
      k, cu, cs, 1000 * (cu + cs) / n, eu, es, 1000 * (eu + es) / n, (eu + es) / (cu + cs), eu / cu }'
done
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
median=$(median "${ratios[@]}")
echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) (after)"
echo "median ecert/C cpu (user+sys) per certificate: $median (target <= $target); user time alone: $(median "${user_ratios[@]}")"

if [ -n "${INSTR:-}" ] && command -v valgrind >/dev/null; then
  # Instruction counts do not depend on load: the stable figure to compare optimisations by. Each
  # program runs for INSTR and 2 x INSTR certificates; the difference / INSTR leaves start-up out.
  # Valgrind cannot read Swift's DWARF, so ecert runs as a copy without debug sections.
  objcopy --strip-debug "$ecert" "$work/ecert-nodebug"
  instr() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'; }
  m1=$INSTR; m2=$((2 * INSTR))
  python3 "$gen" --rows "$m1" > "$work/small-1.csv"; python3 "$gen" --rows "$m2" > "$work/small-2.csv"
  mkdir -p "$outs/instr-c1" "$outs/instr-c2"
  c1=$(instr "$work/limit" "$m1" "$outs/instr-c1"); c2=$(instr "$work/limit" "$m2" "$outs/instr-c2")
  e() { instr "$work/ecert-nodebug" issue "$work/small-$1.csv" --event "$root/examples/event.yaml" --key "$work/issuer.key" --out "$outs/instr-e$1" --jobs 1 --quiet; }
  e1=$(e 1); e2=$(e 2)
  awk -v c1="$c1" -v c2="$c2" -v e1="$e1" -v e2="$e2" -v n="$INSTR" 'BEGIN {
    c = (c2 - c1) / n; e = (e2 - e1) / n
    printf "callgrind instructions per certificate (start-up excluded): C %.2f M, ecert %.2f M, ratio %.3f\n", c / 1e6, e / 1e6, e / c }'
fi
if [ "$target" != none ]; then
  awk -v m="$median" -v t="$target" 'BEGIN { if (m > t) { print "bench-vs-c: FAIL: ecert uses more than " t " x the C loop'"'"'s CPU per certificate" > "/dev/stderr"; exit 1 } print "bench-vs-c: OK" }'
fi
