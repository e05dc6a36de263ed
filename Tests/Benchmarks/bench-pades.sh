#!/usr/bin/env bash
# Benchmark: what PAdES signing costs one worker. Issues N certificates with --jobs 1 three times
# (unsigned, RSA 2048 PKCS #1 v1.5, ECDSA P-256; keys from `ecert keygen --x509`) and prints
# certificates/s from wall time and per CPU-second (user + sys, independent of what else the
# machine runs). Fails when a signed run costs more than 25 % of the unsigned rate per CPU-second.
#   make bench-pades          # N = 1000
#   make bench-pades N=5000
set -euo pipefail
ecert=${1:?usage: bench-pades.sh ECERT_BINARY [N]}
n=${2:-1000}
root=$(cd "$(dirname "$0")/../.." && pwd)
gen="$root/../shared/data/gen_participants.py"
[ -f "$gen" ] || { echo "bench-pades: $gen not found (it lives in shared/ beside the project)" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "bench-pades: /usr/bin/time missing; apt-get install time" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$gen" --rows "$n" > "$work/participants.csv"
"$ecert" keygen "$work/issuer.key" >/dev/null
"$ecert" keygen --x509 "$work/rsa.key" >/dev/null
"$ecert" keygen --x509 --ec "$work/ec.key" >/dev/null

# run LABEL [extra args…]: issue with one worker, record "wall user sys" in $work/LABEL.time
run() {
  local label=$1; shift
  /usr/bin/time -f '%e %U %S' -o "$work/$label.time" "$ecert" issue "$work/participants.csv" \
    --event "$root/examples/event.yaml" --key "$work/issuer.key" --out "$work/$label" --jobs 1 --quiet "$@" > /dev/null
}
run unsigned
run rsa --sign-key "$work/rsa.key" --sign-cert "$work/rsa.crt"
run ec --sign-key "$work/ec.key" --sign-cert "$work/ec.crt"
issued=$(ls "$work/unsigned" | grep -c '\.pdf$')

echo "date:         $(date -u +%Y-%m-%d)"
echo "machine:      $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "certificates: $issued (1 job)"
read -r _ ub us < "$work/unsigned.time"
status=0
for label in unsigned rsa ec; do
  read -r wall user sys < "$work/$label.time"
  awk -v l="$label" -v n="$issued" -v w="$wall" -v u="$user" -v s="$sys" -v ub="$ub" -v us="$us" 'BEGIN {
    cost = (u + s) / (ub + us) - 1
    printf "%-9s     %5.0f certificates/s (wall %.2f s), %5.0f per cpu-second", l, n / w, w, n / (u + s)
    if (l != "unsigned") printf ", signing costs %+.1f %%", cost * 100
    printf "\n"
    exit (l != "unsigned" && cost > 0.25) ? 1 : 0
  }' || status=1
done
[ "$status" = 0 ] || echo "bench-pades: signing costs more than 25 % of one worker's rate" >&2
exit "$status"
