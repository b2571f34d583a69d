#!/usr/bin/env bash
# Runs every test of OTP Desk on a fresh Debian/Ubuntu machine with a Rust toolchain.
# Installs what the tests need (a real Secret Service, D-Bus, Xvfb, a CJK font, screenshot
# tools), then runs fmt, clippy and the whole test suite. The tests start their own private
# D-Bus session, gnome-keyring and Xvfb and stop them by PID; the user's keyring is never used.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(gnome-keyring libsecret-tools dbus dbus-x11 xvfb xauth xdotool imagemagick fonts-noto-cjk
          libgl1-mesa-dri libegl1 libxkbcommon-x11-0 libxcursor1 libxrandr2 libxi6 desktop-file-utils appstream binutils xclip
          openbox python3-tk at-spi2-core python3-pyatspi syncthing)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

export CARGO_TERM_COLOR=never
cargo fmt --all --check

# Windows and macOS from this machine: clippy for both and the Windows build (skipped with one
# line where Debian's cross toolchain does not exist; mandatory with CI=true). They run beside
# the host's steps at the lowest CPU priority, so they take only what the host leaves idle: its
# serial compile steps and links, and the tests that wait on windows, keyrings and sync engines.
# Their own target folder (target/cross) keeps the two builds from waiting on each other's lock.
# setsid makes them one process group to stop; where the kernel groups CPU time by session
# (autogroup), that new session's group gets the lowest priority too, or it would take half
# the CPU whatever its nice value.
cross_log=$(mktemp)
setsid nice -n 19 bash -c '{ echo 19 >/proc/self/autogroup; } 2>/dev/null || true
    bash scripts/cross-check.sh && bash scripts/wine-test.sh --build-only' >"$cross_log" 2>&1 &
cross_pid=$!
stop_cross() {
    local status=$?
    if kill -- -"$cross_pid" 2>/dev/null && [ "$status" -ne 0 ]; then
        echo "(the Windows/macOS checks were stopped; their output so far:)" >&2
        tail -n 20 "$cross_log" >&2
    fi
    rm -f "$cross_log"
}
trap stop_cross EXIT

cargo clippy --all-targets --locked -- -D warnings
cargo test --locked --all-targets "$@"

cross_status=0
wait "$cross_pid" || cross_status=$?
cat "$cross_log"
[ "$cross_status" -eq 0 ] || { echo "the Windows/macOS checks failed (exit $cross_status)" >&2; exit "$cross_status"; }
# The Windows build under Wine (built above; this only links what changed since).
bash scripts/wine-test.sh
