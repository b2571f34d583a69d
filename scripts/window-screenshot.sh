#!/usr/bin/env bash
# Screenshots of the real desk window under Xvfb for the README: the `otp-desk` binary with a
# few accounts (one of them Chinese, 亚马逊:店铺1) in a private gnome-keyring on a private D-Bus
# session, once in English and once in 简体中文 (forced through settings.json in
# OTP_DESK_DATA_DIR). Only the window is captured, then stripped and, when pngquant is
# installed, quantised to stay small.
#   scripts/window-screenshot.sh [out-dir]     # default: assets/screenshots
# Writes window-en.png and window-zh.png. Needs Xvfb, xdotool, imagemagick, dbus and
# gnome-keyring (scripts/test.sh installs them). tests/real_window/accounts.rs checks the same window
# is not blank; OTP_DESK_SCREENSHOT=path cargo test --test real_window accounts keeps its picture.
set -euo pipefail
cd "$(dirname "$0")/.."
out_dir=$(realpath -m "${1:-assets/screenshots}")
mkdir -p "$out_dir"

cargo build --quiet --bin otp-desk
bin="$PWD/target/debug/otp-desk"

source scripts/private-keyring.sh

# shellcheck source=scripts/private-xvfb.sh
source scripts/private-xvfb.sh

# One data folder for both pictures (the keychain is shared: two folders would each see the
# other's accounts as items to recover).
export OTP_DESK_DATA_DIR="$tmp/data"
mkdir -p "$OTP_DESK_DATA_DIR"
"$bin" add \
    "otpauth://totp/Amazon:shop1@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Amazon" \
    "otpauth://totp/%E4%BA%9A%E9%A9%AC%E9%80%8A:%E5%BA%97%E9%93%BA1?secret=GEZDGNBVGY3TQOJQ&issuer=%E4%BA%9A%E9%A9%AC%E9%80%8A" \
    "otpauth://totp/GitHub:octo-desk?secret=KRSXG5CTMVRXEZLU&issuer=GitHub" \
    "otpauth://totp/eBay:seller?secret=MFRGGZDFMZTWQ2LK&issuer=eBay&digits=8" \
    "otpauth://totp/Steam:gamer?secret=GEZDGNBVGY3TQOJQGEZDGNBV&encoder=steam&issuer=Steam" \
    >/dev/null

shot() { # language-choice, file name
    local data="$OTP_DESK_DATA_DIR"
    # The language is forced here; the backup reminder is a banner for real users, not for
    # a picture of the list.
    cat >"$data/settings.json" <<EOF
{ "language": "$1", "theme": "light", "backup_reminder": false,
  "window": { "x": 40.0, "y": 40.0, "width": 480.0, "height": 376.0 } }
EOF
    # Early in a 30-second period, so the picture shows no "next code" preview.
    while (($(date +%s) % 30 > 15)); do sleep 1; done
    OTP_DESK_BENCH=1 OTP_DESK_LOG=info "$bin" 2>"$data/window.log" &
    local app=$!
    pids+=("$app")
    wait_for "the codes to be filled in" grep -q secrets-loaded "$data/window.log"
    wait_for "the window" xdotool search --name '^OTP Desk$'
    # Let the frame with the last code reach the screen.
    sleep 1.5
    local window
    window=$(xdotool search --name '^OTP Desk$' | head -1)
    import -window "$window" "$tmp/$2"
    kill "$app"
    wait "$app" 2>/dev/null || true
    # Winit warns about Xvfb itself (no XSETTINGS, a 0 mm screen); the app must not complain,
    # and the tray with no tray host on the bus must stay quiet.
    if grep -E "ERROR|WARN.*(otp_desk|tray|ksni)" "$data/window.log"; then
        echo "the window logged errors ($2)" >&2
        return 1
    fi
    /usr/bin/convert "$tmp/$2" -strip "$out_dir/$2"
    if command -v pngquant >/dev/null; then
        pngquant --force --skip-if-larger --strip --output "$out_dir/$2" -- "$out_dir/$2" || true
    fi
    echo "screenshot: $out_dir/$2 ($(stat -c %s "$out_dir/$2") bytes)"
}

shot english window-en.png
shot simplified-chinese window-zh.png
