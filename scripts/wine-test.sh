#!/usr/bin/env bash
# The Windows build, built here and tested under Wine: links otp-desk.exe (window included) and
# the library's unit tests for x86_64-pc-windows-gnu, builds the ProcessPrng shim that Wine 8
# lacks (packaging/windows/wine-bcryptprimitives.c), makes a throw-away Wine prefix for a
# Windows user named 张伟, and runs tests/wine_*.rs against it: the command-line flows, the
# console of a GUI-subsystem program, the window under Xvfb (its screenshot must show the account
# list), the quick pick typing into a Windows text field (tests/support/wine-field.c), the
# clipboard marks, the NSIS installer, the Windows unit tests, and every package of
# scripts/package-windows.sh (setup, MSI, portable zip, signatures, winget and Scoop manifests;
# tests/wine_packages.rs packages this build, never a release build).
# Called by scripts/test.sh after the host tests (which compiled tests/wine_*.rs already).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/cross-env.sh
source scripts/cross-env.sh || exit 0

target=x86_64-pc-windows-gnu
start=$SECONDS
# One build of the Windows dependencies for the program and the library's unit tests: a test
# build unifies the dev-dependencies' features, so a separate `cargo build` would compile every
# dependency a second time. An integration test is named only so that the real otp-desk.exe
# is linked alongside (cli_errors is the smallest).
mkdir -p "$CROSS_TARGET_DIR"
build_log="$CROSS_TARGET_DIR/wine-build.log"
if ! cross_cargo test --locked --quiet -Zbuild-std=std,panic_abort --target "$target" --profile wine \
    --lib --test cli_errors --no-run --message-format=json >"$build_log.json" 2>"$build_log"; then
    tail -n 40 "$build_log" >&2
    echo "wine: the Windows build failed (whole log: $build_log)" >&2
    exit 1
fi
lib_tests=$(grep '"kind":\["lib"\]' "$build_log.json" | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -n 1)
exe="$CROSS_TARGET_DIR/$target/wine/otp-desk.exe"
echo "wine: built otp-desk.exe ($(du -k "$exe" | cut -f1) KiB) and the unit tests in $((SECONDS - start)) s"

work=$(mktemp -d)
# Wine links the user's folders into $HOME: give it a throw-away one (rustup and cargo keep
# theirs).
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export WINEPREFIX="$work/prefix" WINEDEBUG=-all HOME="$work/home" USER=张伟 LOGNAME=张伟
export WINEDLLOVERRIDES="mscoree,mshtml=" # no Mono/Gecko install dialogs
mkdir -p "$HOME"
stop_wine() {
    WINEPREFIX="$work/prefix" wineserver -k 2>/dev/null || true
    rm -rf "$work"
}
trap stop_wine EXIT

x86_64-w64-mingw32-gcc -shared -O2 -o "$work/bcryptprimitives.dll" \
    packaging/windows/wine-bcryptprimitives.c -ladvapi32
x86_64-w64-mingw32-gcc -O2 -o "$work/launch-without-stdio.exe" tests/support/wine-launch-without-stdio.c
x86_64-w64-mingw32-gcc -O2 -municode -mwindows -o "$work/wine-field.exe" tests/support/wine-field.c
mkdir -p "$WINEPREFIX"
wineserver -p # stays up between the tests' many short runs; stopped by stop_wine
wineboot -i >/dev/null 2>&1
cp "$work/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"

bash scripts/cross-package-windows.sh "$work/installer"
export OTP_DESK_WINE_EXE="$exe" OTP_DESK_WINE_LIB_TESTS="$lib_tests"
export OTP_DESK_WINE_LAUNCHER="$work/launch-without-stdio.exe" OTP_DESK_WINE_FIELD="$work/wine-field.exe"
export OTP_DESK_WINE_SETUP="$work/installer/otp-desk-$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)-setup.exe"
export OTP_DESK_WINE_SHOTS="$CROSS_TARGET_DIR/wine-screenshots"
cargo test --locked --no-fail-fast --test wine_cli --test wine_console --test wine_desk --test wine_window \
    --test wine_quick_pick --test wine_packages -- --ignored --test-threads=1
echo "wine: done in $((SECONDS - start)) s"
