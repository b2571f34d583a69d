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

# Clippy's lints while the tests are built: clippy-driver compiles like rustc and adds the lints
# for our own crate, as `cargo clippy` does, so `cargo clippy --all-targets -- -D warnings` and
# the test build become one build. A separate `cargo clippy` first would check every dependency
# once more: cold on this machine the one build took 553 s, the two steps 858 s (stop 27) and
# 1,179 s (stop 29). Exported, so that the Wine tests' host build reuses it.
clippy_driver="$(rustc --print sysroot)/bin/clippy-driver"
if [ -x "$clippy_driver" ]; then
    export RUSTC_WORKSPACE_WRAPPER="$clippy_driver" CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"
else
    cargo clippy --all-targets --locked -- -D warnings
fi
cargo test --locked --all-targets "$@"

# Windows and macOS from this machine: clippy for both, then the Windows build under Wine
# (skipped with one line where Debian's cross toolchain does not exist; mandatory with CI=true).
# One after the other: on two cores, running them beside the host build (even at nice 19) made
# the host build 4 minutes slower and left the cross steps almost no CPU until it was done.
bash scripts/cross-check.sh
bash scripts/wine-test.sh
