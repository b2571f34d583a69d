#!/usr/bin/env bash
# Takes a screenshot of the real desk window under Xvfb, with accounts (one of them Chinese,
# 亚马逊:店铺1) in a private gnome-keyring, and prints the PNG's path so anyone can look at it.
# It runs tests/gui_window.rs, which also checks the picture is not blank.
#   scripts/window-screenshot.sh [out.png]
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-/tmp/otp-desk-window.png}")
OTP_DESK_SCREENSHOT="$out" cargo test --test gui_window -- --nocapture
echo "screenshot: $out"
