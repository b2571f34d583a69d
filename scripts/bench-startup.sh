#!/usr/bin/env bash
# Benchmark (not a test): binary size, and the time from launch to the first frame with 200
# accounts, for the release build that users get. The accounts are imported with
# `otp-desk import` into a private gnome-keyring on a private D-Bus session; the window runs
# under a private Xvfb and prints when it drew its first frame (OTP_DESK_BENCH=1). Each launch
# is measured RUNS times; the first run pays for a cold page cache, so the median is reported.
#   scripts/bench-startup.sh                    # release build (LTO: ~10 min cold on 2 cores)
#   scripts/bench-startup.sh --profile dev      # debug build (dependencies optimised)
#   ACCOUNTS=500 RUNS=7 scripts/bench-startup.sh
#   OTP_DESK_BIN=/usr/bin/otp-desk scripts/bench-startup.sh     # measure a given binary
# Every process started here is stopped by PID on exit; the user's keyring is never touched.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=release
[ "${1:-}" = --profile ] && profile=${2:?--profile needs release or dev}
ACCOUNTS=${ACCOUNTS:-200}
RUNS=${RUNS:-5}

if [ -n "${OTP_DESK_BIN:-}" ]; then
    bin=$OTP_DESK_BIN # an existing binary, e.g. the one installed from the .deb
else
    cargo build --quiet --profile "$profile" --bin otp-desk
    dir=$profile; [ "$profile" = dev ] && dir=debug
    bin="$PWD/target/$dir/otp-desk"
fi

source scripts/private-keyring.sh
export OTP_DESK_DATA_DIR="$tmp/desk"
mkdir -p "$OTP_DESK_DATA_DIR"
unset WAYLAND_DISPLAY

# 200 distinct accounts: an issuer per store, a different 80-bit key each.
for i in $(seq 1 "$ACCOUNTS"); do
    key=$(printf 'JBSWY3DPEHPK%04d' "$i" | tr 0-9 A-J)
    echo "otpauth://totp/Store%20$i:shop$i@example.com?secret=$key&issuer=Store%20$i"
done >"$tmp/accounts.txt"
"$bin" import "$tmp/accounts.txt" >/dev/null

display_num=$((400 + RANDOM % 400))
while [ -e "/tmp/.X$display_num-lock" ]; do display_num=$((display_num + 1)); done
Xvfb ":$display_num" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$display_num" ] && break; sleep 0.1; done
export DISPLAY=":$display_num"

first_ms=()
filled_ms=()
for run in $(seq 1 "$RUNS"); do
    log="$tmp/run$run.log"
    start_ms=$(date +%s%3N)
    OTP_DESK_BENCH=1 "$bin" 2>"$log" &
    app=$!
    for _ in $(seq 300); do grep -q 'secrets-loaded' "$log" && break; sleep 0.05; done
    first=$(sed -n 's/.*first-frame unix_ms=\([0-9]*\).*/\1/p' "$log" | head -n1)
    filled=$(sed -n 's/.*secrets-loaded unix_ms=\([0-9]*\).*/\1/p' "$log" | head -n1)
    kill "$app" 2>/dev/null || true
    wait "$app" 2>/dev/null || true
    [ -n "$first" ] || { echo "run $run: the window never drew a frame:"; cat "$log"; exit 1; }
    first_ms+=($((first - start_ms)))
    [ -n "$filled" ] && filled_ms+=($((filled - start_ms)))
done

median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
size=$(stat -c %s "$bin")
count=$("$bin" list --json | grep -o '"id"' | wc -l)
echo "build:                $profile ($("$bin" --version)), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
awk -v b="$size" 'BEGIN { printf "binary size:          %.1f MB (%d bytes)\n", b / 1048576, b }'
echo "accounts:             $count"
echo "first frame:          median $(median "${first_ms[@]}") ms after launch (runs: ${first_ms[*]} ms)"
[ ${#filled_ms[@]} -gt 0 ] &&
    echo "all codes filled in:  median $(median "${filled_ms[@]}") ms after launch (runs: ${filled_ms[*]} ms)"
exit 0
