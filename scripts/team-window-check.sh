#!/usr/bin/env bash
# The team folder's pages in the real window, as a person sees them: the `otp-desk` binary
# (OTP_DESK_BIN, default the bench-fast build: the release build without LTO) in Chinese under
# Xvfb with openbox, a private D-Bus session, gnome-keyring and the AT-SPI bus. Buttons are
# pressed through the accessibility tree (by their Chinese names, as a screen reader would),
# text is typed with xdotool. Writes a screenshot of each page at each window size, and the
# accessibility tree of each, to target/tmp/team-screens/ (or $1). Each size runs with its own
# keyring: the keychain is the login's, so two "computers" on one keyring would share it.
#   scripts/team-window-check.sh [out-dir] [width height]   # default: 440 640, 360 500, 1200 780
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-target/tmp/team-screens}")
mkdir -p "$out"
if [ $# -le 1 ]; then
    for size in "440 640" "360 500" "1200 780"; do
        # shellcheck disable=SC2086 # two words: the width and the height
        bash "$0" "$out" $size
    done
    exit 0
fi
w=$2 h=$3
bin=$(realpath "${OTP_DESK_BIN:-target/bench-fast/otp-desk}")
[ -x "$bin" ] || { echo "build it first: cargo build --profile bench-fast --bin otp-desk" >&2; exit 1; }
walker=$PWD/tests/support/atspi_walk.py

source scripts/private-keyring.sh
# shellcheck source=scripts/private-xvfb.sh
source scripts/private-xvfb.sh
openbox >/dev/null 2>&1 &
pids+=($!)
env -u DISPLAY /usr/libexec/at-spi-bus-launcher --launch-immediately >/dev/null 2>&1 &
pids+=($!)
wait_for "org.a11y.Bus" sh -c 'dbus-send --session --print-reply --dest=org.freedesktop.DBus \
    /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:org.a11y.Bus | grep -q "boolean true"'
for property in IsEnabled ScreenReaderEnabled; do
    dbus-send --session --print-reply --dest=org.a11y.Bus /org/a11y/bus \
        org.freedesktop.DBus.Properties.Set string:org.a11y.Status "string:$property" \
        variant:boolean:true >/dev/null
done
# What D-Bus activation started for this session (the registry daemon) is stopped by PID too.
stop_activated() {
    for proc in /proc/[0-9]*; do
        grep -qz "^DBUS_SESSION_BUS_ADDRESS=$DBUS_SESSION_BUS_ADDRESS\$" "$proc/environ" 2>/dev/null \
            && [[ "$(cat "$proc/comm" 2>/dev/null)" == at-spi* ]] && kill "${proc#/proc/}" 2>/dev/null
    done
    cleanup
}
trap stop_activated EXIT

press() { # accessible name (or its first word): presses the first button, radio or link
    /usr/bin/python3 - "$1" <<'PY'
import sys, pyatspi
want = sys.argv[1]
def find(node, depth=0):
    if node is None or depth > 60:
        return None
    try:
        name = node.name or ""
        if (name == want or name.startswith(want + " ")) and node.getRoleName() in ("push button", "radio button", "link", "toggle button"):
            return node
        for i in range(node.childCount):
            hit = find(node.getChildAtIndex(i), depth + 1)
            if hit:
                return hit
    except Exception:
        return None
desktop = pyatspi.Registry.getDesktop(0)
for i in range(desktop.childCount):
    hit = find(desktop.getChildAtIndex(i))
    if hit:
        hit.queryAction().doAction(0)
        sys.exit(0)
sys.exit(1)
PY
}
focus() { # accessible name of a text field: gives it the focus
    /usr/bin/python3 - "$1" <<'PY'
import sys, pyatspi
want = sys.argv[1]
def find(node, depth=0):
    if node is None or depth > 60:
        return None
    try:
        if (node.name or "") == want and node.getRoleName() in ("entry", "password text", "text"):
            return node
        for i in range(node.childCount):
            hit = find(node.getChildAtIndex(i), depth + 1)
            if hit:
                return hit
    except Exception:
        return None
desktop = pyatspi.Registry.getDesktop(0)
for i in range(desktop.childCount):
    hit = find(desktop.getChildAtIndex(i))
    if hit:
        hit.queryComponent().grabFocus()
        sys.exit(0)
sys.exit(1)
PY
}
retry() { # what, command...: up to 10 s
    local what=$1
    shift
    for _ in $(seq 50); do "$@" && return 0; sleep 0.2; done
    echo "could not: $what; the tree:" >&2
    /usr/bin/python3 "$walker" 2>&1 | head -n 80 >&2
    return 1
}
shot() { # name
    sleep 1.2
    import -window root "$out/$1.png"
    /usr/bin/python3 "$walker" >"$out/$1.tree.txt" 2>/dev/null || true
    echo "  $out/$1.png"
}

new_desk() { # dir
    mkdir -p "$1"
    OTP_DESK_DATA_DIR="$1" "$bin" people add 李娜 --admin <<<"246810" >/dev/null
    OTP_DESK_DATA_DIR="$1" "$bin" add --as 李娜 \
        "otpauth://totp/%E4%BA%9A%E9%A9%AC%E9%80%8A:%E5%BA%97%E9%93%BA1?secret=GEZDGNBVGY3TQOJQ&issuer=%E4%BA%9A%E9%A9%AC%E9%80%8A" \
        <<<"246810" >/dev/null
    OTP_DESK_DATA_DIR="$1" "$bin" people add 王芳 --admin --as 李娜 <<<$'246810\n864200' >/dev/null
}
settings_for() { # dir, width, height
    cat >"$1/settings.json" <<JSON
{ "language": "simplified-chinese", "theme": "light", "backup_reminder": false,
  "window": { "x": 0.0, "y": 0.0, "width": $2, "height": $3 } }
JSON
}
window=""
open_window() { # dir
    OTP_DESK_DATA_DIR="$1" "$bin" >"$1/window.log" 2>&1 &
    window=$!
    pids+=("$window")
    retry "the window" press 李娜
    sleep 0.6
    xdotool type --delay 40 246810
    xdotool key Return
    retry "the session" grep -q "desk session started" "$1/window.log" || true
}
close_window() {
    kill "$window" 2>/dev/null || true
    wait "$window" 2>/dev/null || true
}

export OTP_DESK_LOG=info
tag="${w}x${h}"
echo "window ${tag}:"
# A new, empty computer first: Settings offers to join a team.
two="$tmp/two"
mkdir -p "$two"
settings_for "$two" "$w" "$h"
OTP_DESK_DATA_DIR="$two" "$bin" >"$two/window.log" 2>&1 &
window=$!
pids+=("$window")
retry "Settings" press 设置
shot "settings-empty-$tag"
retry "Join" press 加入团队…
shot "join-$tag"
retry "Join go" press 加入
shot "join-refused-$tag"
close_window
# A desk in desk mode, in no team yet: Settings offers to share it.
one="$tmp/one"
new_desk "$one"
settings_for "$one" "$w" "$h"
open_window "$one"
# An admin leaves: the leaving list, with the advice to give the others new PINs (the desk key
# was replaced). 李娜 has no Remove button of her own, so the first is 王芳's.
retry "People" press 人员…
retry "Remove" press 移除
shot "leaving-admin-$tag"
retry "Close People" press 关闭对话框
retry "Settings" press 设置
shot "settings-no-team-$tag"
retry "Share" press 与其他电脑共享…
focus 团队文件夹 && xdotool type --delay 10 "$tmp/Shop-team"
shot "share-$tag"
retry "Share go" press 开始共享
sleep 2
shot "shared-toast-$tag"
# The log on a team computer: each line with its computer's name.
retry "Log" press 日志…
shot "log-$tag"
retry "Close the log" press 关闭
retry "Settings" press 设置
shot "settings-team-$tag"
retry "Invite" press 邀请电脑…
shot "invite-$tag"
sleep 5
shot "invite-later-$tag"
# A second computer (the command line, with a keychain of its own: its own D-Bus session and
# gnome-keyring) joins with the code on the page, then revokes this one: the window learns it
# from the new key's grant, and Settings says so.
code=$(grep -oE '[0-9A-Z]{5}-[0-9A-Z]{5}' "$out/invite-$tag.tree.txt" | head -n1)
three="$tmp/three"
mkdir -p "$three/home/data" "$three/run"
chmod 700 "$three/run"
dbus-daemon --session --nofork --print-address=1 >"$three/bus" 2>/dev/null &
pids+=($!)
wait_for "the second D-Bus" test -s "$three/bus"
as_three() {
    env HOME="$three/home" XDG_RUNTIME_DIR="$three/run" XDG_DATA_HOME="$three/home/data" \
        XDG_CONFIG_HOME="$three/home/config" DBUS_SESSION_BUS_ADDRESS="$(head -n1 "$three/bus")" \
        OTP_DESK_DATA_DIR="$three/data" "$@"
}
printf 'private-keyring' | as_three gnome-keyring-daemon --foreground --unlock --components=secrets \
    >/dev/null 2>&1 &
pids+=($!)
three_keyring_up() {
    as_three dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets | grep -q 'boolean true'
}
wait_for "the second keyring" three_keyring_up
printf '%s\n246810\n' "$code" | as_three "$bin" team join "$tmp/Shop-team" --name 备用电脑 --as 李娜 \
    >"$three/join.log" 2>&1 || { cat "$three/join.log" >&2; exit 1; }
here=$(as_three "$bin" team status --json | /usr/bin/python3 -c \
    'import json,sys; print(next(d["id"] for d in json.load(sys.stdin)["desks"] if d["name"] != "备用电脑"))')
as_three "$bin" team revoke "$here" --as 李娜 <<<"246810" >"$three/revoke.log" 2>&1 \
    || { cat "$three/revoke.log" >&2; exit 1; }
retry "Close the invite" press 关闭
retry "Settings" press 设置
revoked_shown() { /usr/bin/python3 "$walker" 2>/dev/null | grep -q "本机已在团队的另一台电脑上被撤销"; }
retry "the revocation" revoked_shown
shot "settings-revoked-$tag"
retry "Close Settings" press 关闭对话框
shot "main-revoked-$tag"
close_window
echo "done: $out"
