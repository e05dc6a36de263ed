#!/usr/bin/env bash
# Copies the Noto fonts ecert needs for non-Latin names into fonts/, from Debian's packages.
# Run once by a maintainer; the result is committed (fonts/README.md records the provenance).
#   bash fonts/fetch-noto-fonts.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
apt-get download fonts-noto-core fonts-noto-cjk
for deb in *.deb; do dpkg-deb -x "$deb" x; done
core=x/usr/share/fonts/truetype/noto
cjk=x/usr/share/fonts/opentype/noto
for script in "" Thai Khmer Lao Myanmar Arabic Hebrew Devanagari; do
  for weight in Regular Bold; do
    cp "$core/NotoSans$script-$weight.ttf" "$root/fonts/"
  done
done
# One CJK weight only (19 MB): the TTC holds the JP/KR/SC/TC/HK families of Noto Sans CJK.
cp "$cjk/NotoSansCJK-Regular.ttc" "$root/fonts/"
cp x/usr/share/doc/fonts-noto-core/copyright "$root/fonts/LICENSE-Noto-core.txt"
cp x/usr/share/doc/fonts-noto-cjk/copyright "$root/fonts/LICENSE-Noto-CJK.txt"
for deb in *.deb; do dpkg-deb -f "$deb" Package Version | paste -sd' '; done
