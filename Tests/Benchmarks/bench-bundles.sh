#!/usr/bin/env bash
# Benchmark for issue 4: district bundles and key-less re-issue on an N-certificate batch.
#   make bench-bundles            # N = 1000
#   make bench-bundles N=10000
set -euo pipefail
ecert=${1:?usage: bench-bundles.sh ECERT_BINARY [N]}
n=${2:-1000}
root=$(cd "$(dirname "$0")/../.." && pwd)
gen="$root/../shared/data/gen_participants.py"
[ -f "$gen" ] || { echo "bench: $gen not found (it lives in shared/ beside the project)" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "bench: /usr/bin/time missing; apt-get install time" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$gen" --rows "$n" > "$work/participants.csv"
"$ecert" keygen "$work/issuer.key" >/dev/null
"$ecert" issue "$work/participants.csv" --event "$root/examples/event.yaml" --key "$work/issuer.key" --out "$work/out" --quiet >/dev/null
count=$(ls "$work/out"/*.pdf | wc -l)

/usr/bin/time -f '%e %M' -o "$work/t1" "$ecert" bundle "$work/out" --by "Kabupaten/Kota" --out "$work/bundles" >/dev/null
read -r bwall brss < "$work/t1"
largest=$(ls -S "$work/bundles"/*.zip | head -1)
/usr/bin/time -f '%e %M' -o "$work/t2" "$ecert" verify "$largest" --pub "$work/issuer.pub" >/dev/null
read -r vwall _ < "$work/t2"
serial=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['body']['records'][-1]['serial'])" "$work/out/manifest.json")
/usr/bin/time -f '%e %M' -o "$work/t3" "$ecert" reissue "$work/out" --serial "$serial" --out "$work/again.pdf" >/dev/null
read -r rwall _ < "$work/t3"
/usr/bin/time -f '%e %M' -o "$work/t4" "$ecert" reissue "$largest" --serial "$(python3 -c "import zipfile,json,sys; print(json.loads(zipfile.ZipFile(sys.argv[1]).read('bundle.json'))['records'][0]['record']['serial'])" "$largest")" --out "$work/again2.pdf" >/dev/null
read -r rzwall _ < "$work/t4"

echo "machine:             $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "certificates:        $count (from $n rows)"
echo "bundle wall:         ${bwall} s, peak RSS $(awk -v k="$brss" 'BEGIN { printf "%.1f MB", k / 1024 }')"
echo "bundles:             $(ls "$work/bundles"/*.zip | wc -l) ZIPs, $(du -sh "$work/bundles" | cut -f1) in all"
echo "largest bundle:      $(basename "$largest"), $(python3 -c "import zipfile,sys; print(len(zipfile.ZipFile(sys.argv[1]).namelist())-1)" "$largest") PDFs, bundle.json $(python3 -c "import zipfile,sys; print(zipfile.ZipFile(sys.argv[1]).getinfo('bundle.json').file_size//1024)" "$largest") KiB"
echo "verify that bundle:  ${vwall} s"
echo "reissue (folder):    ${rwall} s for one certificate"
echo "reissue (bundle):    ${rzwall} s for one certificate"
