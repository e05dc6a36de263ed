#!/usr/bin/env bash
# Benchmark: e-mail N certificates through libcurl to a real SMTP server on 127.0.0.1
# (Tests/Fixtures/smtp_server.py: aiosmtpd, STARTTLS on a test certificate, AUTH PLAIN, Maildir),
# once with download links and once with the PDF attached; prints messages/s for each.
#   make bench-send          # N = 1000
#   make bench-send N=5000
# Every message goes through the delivery ledger (two fsyncs per message), as in real use; the
# server runs on the same machine and shares its cores, so the figure is a lower bound for ecert.
set -euo pipefail
ecert=${1:?usage: bench-send.sh ECERT_BINARY [N]}
n=${2:-1000}
root=$(cd "$(dirname "$0")/../.." && pwd)
gen="$root/../shared/data/gen_participants.py"
[ -f "$gen" ] || { echo "bench-send: $gen not found (it lives in shared/ beside the project)" >&2; exit 1; }
python3 -c "import aiosmtpd" 2>/dev/null || { echo "bench-send: aiosmtpd missing; run make test-deps" >&2; exit 1; }

work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# The generator's names (accents, titles, long names); every row gets an address, as a list
# checked by `ecert check` would have.
python3 "$gen" --rows "$n" | python3 -c '
import csv, sys
rows = csv.DictReader(sys.stdin)
out = csv.writer(sys.stdout)
out.writerow(["Nama Lengkap", "NUPTK", "Email"])
for k, row in enumerate(rows):
    out.writerow([row["Nama Lengkap"], "%016d" % (10**15 + k), "guru%d@guru.example.id" % k])
' > "$work/participants.csv"
"$ecert" keygen "$work/issuer.key" >/dev/null
"$ecert" issue "$work/participants.csv" --event "$root/examples/event.yaml" --key "$work/issuer.key" --out "$work/batch" --quiet >/dev/null
"$ecert" publish "$work/batch" --site "$work/site" --key "$work/issuer.key" >/dev/null 2>&1
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -days 1 \
  -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>/dev/null

python3 -u "$root/Tests/Fixtures/smtp_server.py" --maildir "$work/Maildir" --cert "$work/cert.pem" --key "$work/key.pem" \
  --user bench --password bench-password > "$work/server.out" 2>/dev/null &
server=$!
for _ in $(seq 100); do grep -q READY "$work/server.out" 2>/dev/null && break; sleep 0.1; done
port=$(awk '/READY/ { print $2 }' "$work/server.out")
[ -n "$port" ] || { echo "bench-send: the SMTP server did not start" >&2; exit 1; }
cat > "$work/smtp.yaml" <<YAML
host: 127.0.0.1
port: $port
security: starttls
username: bench
password_env: BENCH_SMTP_PASSWORD
from: panitia@dinas.example.id
from_name: Panitia
ca_file: cert.pem
YAML
export BENCH_SMTP_PASSWORD=bench-password

# send LABEL [extra args…]: a fresh ledger, then "wall user sys" in $work/LABEL.time
send() {
  local label=$1; shift
  rm -f "$work/batch/delivery-ledger.jsonl"
  /usr/bin/time -f '%e %U %S' -o "$work/$label.time" "$ecert" send "$work/batch" --smtp "$work/smtp.yaml" --key "$work/issuer.key" "$@" > "$work/$label.out" 2>&1 \
    || { echo "bench-send: $label run failed:" >&2; tail -5 "$work/$label.out" >&2; exit 1; }
}
send link
send attach --attach
delivered=$(ls "$work/Maildir/new" | wc -l)
[ "$delivered" -eq $((2 * n)) ] || { echo "bench-send: the server holds $delivered messages, expected $((2 * n))" >&2; exit 1; }
size=$(du -sk "$work/Maildir/new" | awk '{ print $1 }')

report() {
  read -r wall user sys < "$work/$1.time"
  awk -v n="$n" -v w="$wall" -v u="$user" -v s="$sys" -v l="$1" \
    'BEGIN { printf "%-7s %6d messages in %6.2f s: %6.1f messages/s (ecert cpu %.2f s, %.2f ms/message)\n", l, n, w, n / w, u + s, 1000 * (u + s) / n }'
}
echo "ecert send to aiosmtpd on 127.0.0.1 (STARTTLS, AUTH PLAIN), $(nproc) cores, $(date -u +%Y-%m-%d):"
report link
report attach
echo "Maildir: $((2 * n)) messages, $((size / 1024)) MiB"
