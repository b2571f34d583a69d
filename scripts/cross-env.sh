# Sourced by scripts/cross-check.sh and scripts/wine-test.sh: makes Debian's Rust toolchain with
# its standard library's source (rustc-web, rust-web-src) build OTP Desk for Windows and macOS
# from Linux (`-Zbuild-std`, since rustup cannot fetch other targets here), installing the
# packages it needs on first use. Defines `cross_cargo` and CROSS_TARGET_DIR.
#
# Where the packages do not exist (another distribution or release) it prints one line and
# returns 1, so the caller skips its step; with CI=true that is an error instead.
# shellcheck shell=bash

export CROSS_TARGET_DIR="${CROSS_TARGET_DIR:-$PWD/target/cross}"
# nsis, wixl (and msitools: msiinfo), osslsigncode, zip, unzip and openssl make and check the Windows packages
# (scripts/package-windows.sh, tests/wine_packages.rs).
cross_packages=(rustc-web cargo-web rust-web-src rust-web-clippy gcc-mingw-w64-x86-64 wine wine64 nsis
                wixl msitools osslsigncode zip unzip openssl)

cross_unavailable() { # reason
    if [ "${CI:-}" = "true" ]; then
        echo "cross checks: $1 (mandatory with CI=true)" >&2
        exit 1
    fi
    echo "cross checks skipped: $1"
    return 1
}

cross_install() {
    local missing=() p
    for p in "${cross_packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null || { cross_unavailable "no apt-get to install ${missing[*]}"; return 1; }
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    local candidate
    for p in "${missing[@]}"; do
        candidate=$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ {print $2}')
        if [ -z "$candidate" ] || [ "$candidate" = "(none)" ]; then
            $sudo apt-get update -qq >/dev/null 2>&1 || true
            candidate=$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ {print $2}')
        fi
        if [ -z "$candidate" ] || [ "$candidate" = "(none)" ]; then
            cross_unavailable "package $p does not exist here (Debian 12 or newer has it)"
            return 1
        fi
    done
    echo "Installing for the Windows/macOS checks: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Debian's cargo and rustc (1.96, with the std source), never rustup's, in a target folder of
# their own so the host build stays warm; RUSTC_BOOTSTRAP allows -Zbuild-std on a stable compiler.
# WINDRES is MinGW's resource compiler, which build.rs (winresource) uses to give otp-desk.exe
# its icon, version information and manifest.
# The host's clippy-driver (scripts/test.sh) belongs to another compiler: not used here.
cross_cargo() {
    env -u RUSTC_WORKSPACE_WRAPPER -u CLIPPY_ARGS \
        PATH="/usr/bin:$PATH" RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="$CROSS_TARGET_DIR" \
        CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc \
        WINDRES=x86_64-w64-mingw32-windres \
        CC_aarch64_apple_darwin="$PWD/scripts/cross-cc-stub.sh" AR_aarch64_apple_darwin=ar \
        /usr/bin/cargo "$@"
}

cross_install
