#!/usr/bin/env bash
# The Windows installer, made on Linux with Debian's NSIS (makensis) from
# packaging/windows/otp-desk.nsi: a per-user setup .exe, English and 简体中文.
#   scripts/cross-package-windows.sh [--release] [out-dir]    # default out-dir: target/cross/installer
# Without --release it packages the .exe that scripts/wine-test.sh built (the `wine` profile),
# which is what tests/wine_window.rs installs; --release builds and packages a release .exe.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/cross-env.sh
source scripts/cross-env.sh || exit 0

profile=wine
if [ "${1:-}" = "--release" ]; then
    profile=release
    shift
fi
out_dir=$(realpath -m "${1:-$CROSS_TARGET_DIR/installer}")
target=x86_64-pc-windows-gnu
exe="$CROSS_TARGET_DIR/$target/$profile/otp-desk.exe"
if [ "$profile" = release ] || [ ! -f "$exe" ]; then
    cross_cargo build --locked --quiet -Zbuild-std=std,panic_abort --target "$target" --profile "$profile" --bin otp-desk
fi
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
mkdir -p "$out_dir"
setup="$out_dir/otp-desk-$version-setup.exe"
fast=(-DFAST) # zlib for the tests' installer, LZMA for a release
[ "$profile" = release ] && fast=()
makensis -V2 -INPUTCHARSET UTF8 "${fast[@]}" -DVERSION="$version" -DEXE="$(realpath "$exe")" -DOUTFILE="$setup" \
    packaging/windows/otp-desk.nsi >/dev/null
echo "installer: $setup ($(du -k "$setup" | cut -f1) KiB, program $(du -k "$exe" | cut -f1) KiB, $profile)"
