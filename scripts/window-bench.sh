#!/usr/bin/env bash
# Benchmark (not a test): the desk window under Xvfb with 50 accounts in a private gnome-keyring.
# Reports time to first frame, time until every code is filled in, idle CPU (% of one core over
# IDLE_SECS, from the nanosecond counter in /proc/PID/schedstat), frames drawn meanwhile and the
# CPU time of one frame, anonymous and resident memory. A bare eframe window is measured
# beside it as the baseline. (Minimised and hidden windows ask for no frame at all; Xvfb has no
# window manager to minimise with, so tests/gui_idle.rs checks that a window hidden in the tray asks for none.) Targets (issue 15): idle CPU <= 0.3 % with 50 accounts, RssAnon <= 40 MB.
#   scripts/window-bench.sh            # debug build (dependencies optimised, see Cargo.toml)
#   PROFILE=release scripts/window-bench.sh
# Every process started here is stopped by PID on exit; the user's keyring is never touched.
set -euo pipefail
cd "$(dirname "$0")/.."
PROFILE=${PROFILE:-dev}
IDLE_SECS=${IDLE_SECS:-60}
ACCOUNTS=${ACCOUNTS:-50}
DISPLAY_NUM=${DISPLAY_NUM:-$((90 + RANDOM % 100))}

cargo build --quiet --profile "$PROFILE" --bin otp-desk --example baseline_window
dir=debug; [ "$PROFILE" = dev ] || dir=$PROFILE
bin="${BIN:-$PWD/target/$dir/otp-desk}"
baseline_bin="$PWD/target/$dir/examples/baseline_window"

source scripts/private-keyring.sh
export OTP_DESK_DATA_DIR="$tmp/desk"
mkdir -p "$OTP_DESK_DATA_DIR"

uris=()
for i in $(seq 1 "$ACCOUNTS"); do
    uris+=("otpauth://totp/Store%20$i:shop$i@example.com?secret=$(printf "%04d" "$i" | tr 0-9 A-J)JBSWY3DPEHPK3PXP&issuer=Store%20$i")
done
"$bin" add "${uris[@]}" >/dev/null

Xvfb ":$DISPLAY_NUM" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$DISPLAY_NUM" ] && break; sleep 0.1; done

start_ms=$(date +%s%3N)
DISPLAY=":$DISPLAY_NUM" OTP_DESK_BENCH=1 WAYLAND_DISPLAY= "$bin" 2>"$tmp/app.log" &
app=$!
pids+=($app)
for _ in $(seq 100); do grep -q 'secrets-loaded' "$tmp/app.log" && break; sleep 0.1; done
first=$(sed -n 's/.*first-frame unix_ms=\([0-9]*\).*/\1/p' "$tmp/app.log" | head -n1)
filled=$(sed -n 's/.*secrets-loaded unix_ms=\([0-9]*\).*/\1/p' "$tmp/app.log" | head -n1)
[ -n "$first" ] || { echo "the window never drew a frame:"; cat "$tmp/app.log"; exit 1; }

sleep 3 # let start-up work settle before measuring idle
# All threads of the process (the UI, llvmpipe's, the vault worker): their nanosecond counters.
cpu_ns() { cat /proc/"$1"/task/*/schedstat | awk '{ s += $1 } END { printf "%d", s }'; }
frames() { sed -n 's/.*otp-desk-bench frames=\([0-9]*\).*/\1/p' "$tmp/app.log" | tail -n1; }
# The window prints one line per frame in bench mode.
f0=$(frames); t0=$(cpu_ns "$app"); sleep "$IDLE_SECS"; t1=$(cpu_ns "$app"); f1=$(frames)
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$app/status")
anon_kb=$(awk '/RssAnon/ {print $2}' "/proc/$app/status")
shot="${SHOT:-/tmp/otp-desk-bench.png}"
DISPLAY=":$DISPLAY_NUM" /usr/bin/import -window root "$shot" 2>/dev/null || true

# The same measurement of the smallest eframe window (examples/baseline_window.rs), for a ratio.
DISPLAY=":$DISPLAY_NUM" WAYLAND_DISPLAY= "$baseline_bin" >/dev/null 2>&1 &
base=$!
pids+=($base)
sleep 3
b0=$(cpu_ns "$base"); sleep "$IDLE_SECS"; b1=$(cpu_ns "$base")
base_rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$base/status")
base_anon_kb=$(awk '/RssAnon/ {print $2}' "/proc/$base/status")

echo "accounts:            $ACCOUNTS ($PROFILE build)"
echo "first frame:         $((first - start_ms)) ms after launch"
[ -n "$filled" ] && echo "all codes filled in: $((filled - start_ms)) ms after launch"
awk -v d="$((t1 - t0))" -v s="$IDLE_SECS" 'BEGIN { printf "idle CPU:            %.3f %% of one core over %d s (window visible)\n", 100 * d / 1e9 / s, s }'
if [ -n "${f0:-}" ] && [ -n "${f1:-}" ] && [ "$f1" -gt "$f0" ]; then
    awk -v d="$((t1 - t0))" -v n="$((f1 - f0))" -v s="$IDLE_SECS" 'BEGIN { printf "frames while idle:   %d in %d s (%.2f per s), %.2f ms of CPU each\n", n, s, n / s, d / 1e6 / n }'
fi
awk -v kb="$anon_kb" -v base="$base_anon_kb" 'BEGIN { printf "anonymous memory:    %.1f MB (a bare eframe window: %.1f MB)\n", kb / 1024, base / 1024 }'
awk -v kb="$rss_kb" -v base="$base_rss_kb" 'BEGIN { printf "resident memory:     %.1f MB (a bare eframe window: %.1f MB; ratio %.2f)\n", kb / 1024, base / 1024, kb / base }'
awk -v d="$((b1 - b0))" -v s="$IDLE_SECS" 'BEGIN { printf "bare window idle:    %.3f %% of one core\n", 100 * d / 1e9 / s }'
echo "screenshot:          $shot"
