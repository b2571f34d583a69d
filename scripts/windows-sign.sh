#!/usr/bin/env bash
# Authenticode-signs Windows files in place with Debian's osslsigncode: the program, the NSIS
# setup and its uninstaller (called by makensis through !finalize / !uninstfinalize), the MSI.
#   OTP_DESK_SIGN_PFX=cert.pfx OTP_DESK_SIGN_PASSWORD=… [OTP_DESK_SIGN_TIMESTAMP_URL=http://…] \
#       scripts/windows-sign.sh FILE...
# The password reaches osslsigncode through a private temporary file (-readpass), never the
# command line, and nothing here prints it. Without OTP_DESK_SIGN_PFX this does nothing: the
# caller (scripts/package-windows.sh) says once that the packages are unsigned.
set -euo pipefail

[ -n "${OTP_DESK_SIGN_PFX:-}" ] || exit 0
[ -f "$OTP_DESK_SIGN_PFX" ] || { echo "sign: no certificate at OTP_DESK_SIGN_PFX=$OTP_DESK_SIGN_PFX" >&2; exit 1; }
umask 077
pass_file=$(mktemp)
trap 'rm -f "$pass_file"' EXIT
printf '%s' "${OTP_DESK_SIGN_PASSWORD:-}" >"$pass_file"
stamp=()
[ -n "${OTP_DESK_SIGN_TIMESTAMP_URL:-}" ] && stamp=(-ts "$OTP_DESK_SIGN_TIMESTAMP_URL")
for file in "$@"; do
    signed="$file.signing"
    if ! osslsigncode sign -pkcs12 "$OTP_DESK_SIGN_PFX" -readpass "$pass_file" -h sha256 \
        -n "OTP Desk" -i "https://github.com/${OTP_DESK_GITHUB_OWNER:-otpdesk}/otp-desk" \
        "${stamp[@]}" -in "$file" -out "$signed" >"$signed.log" 2>&1; then
        cat "$signed.log" >&2
        rm -f "$signed" "$signed.log"
        echo "sign: osslsigncode could not sign $file" >&2
        exit 1
    fi
    rm -f "$signed.log"
    mv -f "$signed" "$file"
done
