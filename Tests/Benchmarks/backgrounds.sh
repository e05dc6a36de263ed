#!/usr/bin/env bash
# What a background costs per certificate: the classic design issued N times with no background,
# its vector frame (SVG), the same page as a one-page PDF, and as a 300-dpi A4 PNG and JPEG.
# Also the start-up of `ecert issue` (1 certificate) with and without the bundled Noto fonts.
#   bash Tests/Benchmarks/backgrounds.sh .build/release/ecert [N]
# Needs pdftoppm and rsvg-convert (make test-deps).
set -euo pipefail
ecert=$(realpath "${1:?usage: backgrounds.sh ECERT_BINARY [N]}")
n=${2:-200}
root=$(cd "$(dirname "$0")/../.." && pwd)
gen="$root/../shared/data/gen_participants.py"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$gen" --rows "$n" > "$work/list.csv"
python3 "$gen" --rows 1 > "$work/one.csv"
"$ecert" keygen "$work/k.key" >/dev/null

# Resources: the repository's fonts, and variants of the classic template.
mkdir -p "$work/res/templates"
ln -s "$root/fonts" "$work/res/fonts"
classic="$root/templates/classic"
variant() { # NAME BACKGROUND_FILE
  mkdir -p "$work/res/templates/$1"
  if [ -n "$2" ]; then
    cp "$2" "$work/res/templates/$1/"
    sed "s|^background: .*|background: $(basename "$2")|" "$classic/template.yaml" > "$work/res/templates/$1/template.yaml"
  else
    grep -v '^background:' "$classic/template.yaml" > "$work/res/templates/$1/template.yaml"
  fi
}
rsvg-convert -f pdf -o "$work/frame.pdf" "$classic/frame.svg"
pdftoppm -r 300 -singlefile -png "$work/frame.pdf" "$work/frame300"
pdftoppm -r 300 -singlefile -jpeg -jpegopt quality=85 "$work/frame.pdf" "$work/frame300"
variant none ""
variant svg "$classic/frame.svg"
variant pdf "$work/frame.pdf"
variant png "$work/frame300.png"
variant jpeg "$work/frame300.jpg"

event() { sed "s/^template: .*/template: $1/" "$root/examples/event.yaml" > "$work/event-$1.yaml"; echo "$work/event-$1.yaml"; }

echo "machine: $(nproc) cores; $n certificates per run; background files: PNG $(stat -c %s "$work/frame300.png") B, JPEG $(stat -c %s "$work/frame300.jpg") B (3508×2480 px: A4 landscape at 300 dpi)"
printf '%-10s %10s %12s %14s\n' background "wall s" "ms/cert" "KB/certificate"
for v in none svg pdf png jpeg; do
  ev=$(event "$v")
  /usr/bin/time -f '%e' -o "$work/t" "$ecert" issue "$work/list.csv" --event "$ev" --key "$work/k.key" \
    --out "$work/out-$v" --resources "$work/res" --quiet >/dev/null
  wall=$(cat "$work/t")
  kb=$(du -k --apparent-size -c "$work/out-$v"/*.pdf | tail -1 | cut -f1)
  awk -v v="$v" -v w="$wall" -v n="$n" -v kb="$kb" 'BEGIN { printf "%-10s %10.2f %12.1f %14.0f\n", v, w, 1000*w/n, kb/n }'
done

# Start-up: one certificate, warm fontconfig cache, median of 5; with only the skeleton's fonts
# versus every bundled font.
mkdir -p "$work/old/fonts"
cp "$root"/fonts/EBGaramond* "$root"/fonts/Lato* "$work/old/fonts/"
ln -s "$root/templates" "$work/old/templates"
startup() { # RESOURCES
  for i in 1 2 3 4 5 6; do
    rm -rf "$work/o1"
    /usr/bin/time -f '%e' -a -o "$work/s-$(basename "$1")" "$ecert" issue "$work/one.csv" --event "$root/examples/event.yaml" \
      --key "$work/k.key" --out "$work/o1" --resources "$1" --quiet >/dev/null
  done
  tail -5 "$work/s-$(basename "$1")" | sort -n | sed -n 3p
}
echo "start-up (1 certificate, median of 5 warm runs): skeleton fonts only $(startup "$work/old") s, all bundled fonts $(startup "$root") s"
