#!/usr/bin/env bash
# Renders memlens.svg to the PNG sizes, copies them where the window loads them, and builds the
# Windows .ico and macOS .icns. Needs rsvg-convert (librsvg2-bin), icotool (icoutils), png2icns (icnsutils).
set -euo pipefail
cd "$(dirname "$0")"
resources=../src/main/resources/dev/memlens/icons
mkdir -p png "$resources" ../packaging/windows ../packaging/macos ../packaging/linux
for size in 16 24 32 48 64 128 256 512; do
  rsvg-convert --width "$size" --height "$size" --keep-aspect-ratio memlens.svg --output "png/memlens-$size.png"
  cp "png/memlens-$size.png" "$resources/memlens-$size.png"
done
# jpackage takes the launcher icon from <resource-dir>/<app name>.png (Linux), .ico (Windows), .icns (macOS).
cp png/memlens-256.png ../packaging/linux/memlens.png
# The 256 px image is stored as PNG (Vista+ reads it) to keep the .ico small.
icotool --create --output ../packaging/windows/memlens.ico png/memlens-{16,24,32,48,64,128}.png --raw=png/memlens-256.png
png2icns ../packaging/macos/memlens.icns png/memlens-{16,32,128,256,512}.png >/dev/null
