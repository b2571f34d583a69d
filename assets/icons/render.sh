#!/usr/bin/env bash
# Renders the app icon from otp-desk.svg: PNGs for the Linux hicolor theme, cargo-packager
# and the tray, otp-desk.ico (Windows: exe resource and installer) and otp-desk.icns (macOS).
# The outputs are committed, so building never needs these tools; run this after editing
# the SVG. Needs: rsvg-convert (librsvg2-bin), ImageMagick (/usr/bin/convert), png2icns
# (icnsutils):
#   apt-get install -y --no-install-recommends librsvg2-bin imagemagick icnsutils
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p png
for size in 16 24 32 48 64 128 256 512 1024; do
    rsvg-convert --width "$size" --height "$size" otp-desk.svg --output "png/otp-desk-$size.png"
done
# Windows picks the closest size for the taskbar, title bar, Explorer and the installer.
/usr/bin/convert png/otp-desk-{16,24,32,48,64,128,256}.png otp-desk.ico
# png2icns takes 16, 32, 48, 128, 256, 512 and 1024 px images.
png2icns otp-desk.icns png/otp-desk-{16,32,48,128,256,512,1024}.png >/dev/null
