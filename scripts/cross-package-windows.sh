#!/usr/bin/env bash
# The Windows installer, made on Linux with Debian's NSIS (makensis) from
# packaging/windows/otp-desk.nsi: a per-user setup .exe, English and 简体中文.
#   scripts/cross-package-windows.sh [--release] [--exe PATH] [--version X.Y.Z] [out-dir]
# (default out-dir: target/cross/installer). Without --release it packages the .exe that
# scripts/wine-test.sh built (the `wine` profile), which is what tests/wine_window.rs installs;
# --release builds and packages a release .exe. --exe packages a given (already signed) program
# instead, --version names the setup another version than Cargo.toml's (an older setup for the
# upgrade test). With OTP_DESK_SIGN_PFX set, the uninstaller and the setup are signed by
# scripts/windows-sign.sh. scripts/package-windows.sh makes this setup with the other packages.
set -euo pipefail
caller=$PWD # paths on the command line are the caller's
cd "$(dirname "$0")/.."
# shellcheck source=scripts/cross-env.sh
source scripts/cross-env.sh || exit 0

profile=wine
exe=""
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
while [ $# -gt 0 ]; do
    case "$1" in
        --release) profile=release ;;
        --exe) exe=$(cd "$caller" && realpath "$2"); shift ;;
        --version) version=$2; shift ;;
        *) break ;;
    esac
    shift
done
out_dir=$(cd "$caller" && realpath -m "${1:-$CROSS_TARGET_DIR/installer}")
target=x86_64-pc-windows-gnu
if [ -z "$exe" ]; then
    exe="$CROSS_TARGET_DIR/$target/$profile/otp-desk.exe"
    if [ "$profile" = release ] || [ ! -f "$exe" ]; then
        cross_cargo build --locked --quiet -Zbuild-std=std,panic_abort --target "$target" --profile "$profile" --bin otp-desk
    fi
fi
mkdir -p "$out_dir"
setup="$out_dir/otp-desk-$version-setup.exe"
options=(-DFAST) # zlib for the tests' installer, LZMA for a release
[ "$profile" = release ] && options=()
[ -n "${OTP_DESK_SIGN_PFX:-}" ] && options+=(-DSIGN="$PWD/scripts/windows-sign.sh")
makensis -V2 -INPUTCHARSET UTF8 "${options[@]}" -DVERSION="$version" -DEXE="$exe" -DOUTFILE="$setup" \
    packaging/windows/otp-desk.nsi >/dev/null
echo "installer: $setup ($(du -k "$setup" | cut -f1) KiB, program $(du -k "$exe" | cut -f1) KiB, $profile)"
