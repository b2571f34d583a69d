#!/usr/bin/env bash
# Every Windows package of OTP Desk, made on this Linux machine:
#   scripts/package-windows.sh [--profile release|wine] [--exe PATH] [--version X.Y.Z]
#                              [--owner GITHUB_OWNER] OUT_DIR
# writes into OUT_DIR
#   otp-desk-VERSION-setup.exe                 per-user NSIS setup, English and 简体中文
#   otp-desk-VERSION-x64.msi                   per-machine MSI (wixl), silent with /qn
#   otp-desk-VERSION-windows-x64-portable.zip  otp-desk.exe and a README, runs from any folder
#   winget/                                    winget manifests (ManifestVersion 1.9.0)
#   scoop/otp-desk.json                        a Scoop manifest
#   SHA256SUMS
# The default profile builds the release otp-desk.exe (LTO) for x86_64-pc-windows-gnu; `wine`
# packages the tests' build (scripts/wine-test.sh), --exe a given program. --version overrides
# Cargo.toml's version in the packages' names and metadata (the upgrade test makes an older
# package this way). Download URLs are
#   https://github.com/OWNER/otp-desk/releases/download/vVERSION/FILE
# with OWNER from --owner or $OTP_DESK_GITHUB_OWNER (default: otpdesk).
# Signing: with OTP_DESK_SIGN_PFX (a .pfx/.p12) and OTP_DESK_SIGN_PASSWORD, and optionally
# OTP_DESK_SIGN_TIMESTAMP_URL (an RFC 3161 server), the program, the setup, its uninstaller and
# the MSI are Authenticode-signed with osslsigncode (scripts/windows-sign.sh).
set -euo pipefail
caller=$PWD # paths on the command line are the caller's
cd "$(dirname "$0")/.."
# shellcheck source=scripts/cross-env.sh
source scripts/cross-env.sh || exit 0

usage() {
    sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}
profile=release
exe=""
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
owner=${OTP_DESK_GITHUB_OWNER:-otpdesk}
while [ $# -gt 0 ]; do
    case "$1" in
        --profile) profile=$2; shift ;;
        --exe) exe=$(cd "$caller" && realpath "$2"); shift ;;
        --version) version=$2; shift ;;
        --owner) owner=$2; shift ;;
        -h | --help) usage ;;
        -*) echo "unknown option $1" >&2; usage ;;
        *) break ;;
    esac
    shift
done
[ $# -eq 1 ] || usage
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "version must be X.Y.Z (MSI and NSIS need numbers): $version" >&2; exit 2; }
[[ "$owner" =~ ^[A-Za-z0-9][A-Za-z0-9-]*$ ]] || { echo "not a GitHub owner name: $owner" >&2; exit 2; }
out_dir=$(cd "$caller" && realpath -m "$1")
export OTP_DESK_GITHUB_OWNER=$owner
target=x86_64-pc-windows-gnu
start=$SECONDS

if [ -z "$exe" ]; then
    exe="$CROSS_TARGET_DIR/$target/$profile/otp-desk.exe"
    if [ "$profile" = release ] || [ ! -f "$exe" ]; then
        cross_cargo build --locked --quiet -Zbuild-std=std,panic_abort --target "$target" --profile "$profile" --bin otp-desk
        echo "package: built otp-desk.exe ($profile) in $((SECONDS - start)) s"
    fi
fi
if [ -n "${OTP_DESK_SIGN_PFX:-}" ]; then
    echo "package: signing with $(basename "$OTP_DESK_SIGN_PFX")${OTP_DESK_SIGN_TIMESTAMP_URL:+, time-stamped by $OTP_DESK_SIGN_TIMESTAMP_URL}"
else
    echo "package: UNSIGNED (set OTP_DESK_SIGN_PFX and OTP_DESK_SIGN_PASSWORD to sign; SmartScreen warns about unsigned downloads)"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out_dir" "$work/portable"
stem="otp-desk-$version"
setup="$stem-setup.exe" msi="$stem-x64.msi" zip="$stem-windows-x64-portable.zip"
rm -rf "${out_dir:?}/$setup" "${out_dir:?}/$msi" "${out_dir:?}/$zip" "$out_dir/winget" "$out_dir/scoop" "$out_dir/SHA256SUMS"

# The program once, signed before it goes into every package.
program="$work/portable/otp-desk.exe"
cp "$exe" "$program"
bash scripts/windows-sign.sh "$program"

# NSIS (per user)
release=()
[ "$profile" = release ] && release=(--release)
bash scripts/cross-package-windows.sh "${release[@]}" --exe "$program" --version "$version" "$out_dir" >/dev/null

# MSI (per machine). wixl reads the sources relative to the folder it runs in.
repo=$PWD
cp assets/icons/otp-desk.ico "$work/otp-desk.ico"
(cd "$work" && wixl -a x64 -D Version="$version" -D Exe=portable/otp-desk.exe -D Icon=otp-desk.ico \
    -D HomePage="https://github.com/$owner/otp-desk" -o "$out_dir/$msi" "$repo/packaging/windows/otp-desk.wxs")
bash scripts/windows-sign.sh "$out_dir/$msi"

# Portable zip: the program and what to know about it, nothing else.
sed "s/@VERSION@/$version/g" packaging/windows/portable-readme.txt | sed 's/$/\r/' >"$work/portable/README.txt"
level=-1 # the tests' zip in a second, the release's as small as zip makes it
[ "$profile" = release ] && level=-9
(cd "$work/portable" && zip -q -X "$level" "$out_dir/$zip" otp-desk.exe README.txt)

# Manifests with each file's SHA-256.
sha() { sha256sum "$out_dir/$1" | cut -d' ' -f1; }
url() { echo "https://github.com/$owner/otp-desk/releases/download/v$version/$1"; }
OTP_DESK_PACKAGE_VERSION=$version OTP_DESK_PACKAGE_OWNER=$owner \
    SETUP_URL=$(url "$setup") SETUP_SHA=$(sha "$setup") MSI_URL=$(url "$msi") MSI_SHA=$(sha "$msi") \
    ZIP_URL=$(url "$zip") ZIP_SHA=$(sha "$zip") \
    bash scripts/windows-manifests.sh "$out_dir"
(cd "$out_dir" && sha256sum "$setup" "$msi" "$zip" >SHA256SUMS)

for file in "$exe" "$out_dir/$setup" "$out_dir/$msi" "$out_dir/$zip"; do
    printf 'package: %-45s %6d KiB\n' "$(basename "$file")" "$(du -k "$file" | cut -f1)"
done
echo "package: $out_dir ($profile, version $version, owner $owner) in $((SECONDS - start)) s"
