#!/usr/bin/env bash
# The real window in Chinese with a team, for a minute, under Xvfb: a desk with 李娜 (admin) and
# 张伟 (member), fifteen accounts (six of one issuer), one shared with 张伟 until a time. The
# admin signs in with xdotool; screenshots are taken early in a period, in its last seconds,
# with Settings open at the default size and at 360×500 and 1200×780, then 张伟 signs in.
#   scripts/window-team-shots.sh [out-dir]        # default: /tmp/otp-desk-team-shots
#   PROFILE=release scripts/window-team-shots.sh  # the release build (target/release)
# Needs Xvfb, xdotool, imagemagick, dbus and gnome-keyring. Every process started here is
# stopped by PID on exit; the user's keyring is never touched.
set -euo pipefail
cd "$(dirname "$0")/.."
out_dir=$(realpath -m "${1:-/tmp/otp-desk-team-shots}")
mkdir -p "$out_dir"
PROFILE=${PROFILE:-dev}
dir=debug; [ "$PROFILE" = dev ] || dir=$PROFILE
bin="${BIN:-$PWD/target/$dir/otp-desk}"
[ -n "${BIN:-}" ] || cargo build --quiet --profile "$PROFILE" --bin otp-desk

source scripts/private-keyring.sh

# shellcheck source=scripts/private-xvfb.sh
source scripts/private-xvfb.sh

export OTP_DESK_DATA_DIR="$tmp/data"
mkdir -p "$OTP_DESK_DATA_DIR"
uris=(
    "otpauth://totp/%E4%BA%9A%E9%A9%AC%E9%80%8A:%E5%BE%B7%E5%9B%BD%E7%AB%99?secret=GEZDGNBVGY3TQOJQ&issuer=%E4%BA%9A%E9%A9%AC%E9%80%8A"
    "otpauth://totp/eBay:seller?secret=MFRGGZDFMZTWQ2LK&issuer=eBay&digits=8"
    "otpauth://totp/Shopify:%E5%AE%98%E6%96%B9%E5%BA%97?secret=KRSXG5CTMVRXEZLU&issuer=Shopify"
)
for store in 英国站 法国站 意大利站 西班牙站 日本站 美国站; do
    uris+=("otpauth://totp/Amazon:$store?secret=$(printf '%s' "$store" | md5sum | tr 0-9a-f A-P | cut -c1-16)&issuer=Amazon")
done
for i in 1 2 3 4 5 6; do
    uris+=("otpauth://totp/Store%20$i:shop$i?secret=$(printf '%04d' "$i" | tr 0-9 A-J)JBSWY3DPEHPK3PXP&issuer=Store%20$i")
done
"$bin" add "${uris[@]}" >/dev/null
printf '246810\n' | "$bin" people add 李娜 --admin >/dev/null
printf '246810\n135790\n' | "$bin" people add 张伟 --member --as 李娜 >/dev/null
until_hhmm=$(date -d '+3 hours' +%H:%M)
printf '246810\n' | "$bin" share 德国站 --with 张伟 --until "$until_hhmm" --as 李娜 >/dev/null

cat >"$OTP_DESK_DATA_DIR/settings.json" <<EOF
{ "language": "simplified-chinese", "theme": "light", "backup_reminder": false,
  "window": { "x": 20.0, "y": 20.0, "width": 440.0, "height": 640.0 } }
EOF
OTP_DESK_LOG=info "$bin" 2>"$tmp/window.log" &
app=$!
pids+=("$app")
wait_for "the window" xdotool search --name '^OTP Desk$'
window=$(xdotool search --name '^OTP Desk$' | head -1)
sleep 1.5

shot() { # name
    sleep 0.6
    import -window "$window" "$out_dir/$1.png"
    echo "screenshot: $out_dir/$1.png"
}
click_at() { # x y (in the window)
    xdotool windowfocus --sync "$window"
    xdotool mousemove --window "$window" "$1" "$2" click 1
    sleep 0.6
}
type_pin() { # pin
    xdotool windowfocus --sync "$window"
    xdotool type --delay 80 "$1"
    sleep 0.3
    xdotool key Return
    sleep 2
}
resize() { # w h
    xdotool windowsize "$window" "$1" "$2"
    sleep 1.2
}

shot 01-picker
# The picker: the first person's button sits near the top third; click it, type the PIN.
wait_for "the picker" true
click_at 220 219
shot 02-pin
type_pin 246810
while (($(date +%s) % 30 > 20)); do sleep 0.3; done
shot 02-admin-list
while (($(date +%s) % 30 < 26)); do sleep 0.2; done
shot 03-last-seconds
while (($(date +%s) % 30 < 28)); do sleep 0.2; done
shot 03b-click-copies-next
sleep 3
shot 04-new-period
dialogs() { # width, name suffix: Settings and the Log, each shot, then closed with Escape
    click_at $(($1 - 28)) 42
    shot "05-settings-$2"
    xdotool key Escape
    sleep 0.5
    click_at $(($1 - 32)) 18
    shot "05-log-$2"
    xdotool key Escape
    sleep 0.5
}
dialogs 440 440x640
resize 360 500
shot 05-list-360x500
dialogs 360 360x500
resize 1200 780
shot 06-list-1200x780
dialogs 1200 1200x780
resize 440 640
sleep 20
shot 07-after-a-minute
xdotool windowfocus --sync "$window"
xdotool key ctrl+l
sleep 1
click_at 220 158
type_pin 135790
shot 08-member
if grep -E "ERROR|WARN.*otp_desk" "$tmp/window.log"; then
    echo "the window logged errors" >&2
fi
