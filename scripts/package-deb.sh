#!/usr/bin/env bash
# Builds the Debian package of OTP Desk with dpkg-deb alone (no cargo-deb): binary, desktop
# entry, hicolor icons, AppStream metainfo and copyright, with a control file whose Depends
# lists the libraries the window loads at run time (X11/Wayland, xkbcommon, GL); the keychain
# and the desktop portal (file dialogs) are Recommends.
#
#   scripts/package-deb.sh                      # release build (LTO, ~10 min cold on 2 cores)
#   scripts/package-deb.sh --profile dev        # debug build, debug info stripped in the package
#   scripts/package-deb.sh --bin PATH --profile dev --out DIR   # package an existing binary
#
# Prints the path of the .deb (default: target/debian/otp-desk_VERSION_ARCH.deb) on stdout.
# Install it with `sudo apt install ./target/debian/otp-desk_*.deb`.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=release
bin=""
out="$PWD/target/debian"
while [ $# -gt 0 ]; do
    case "$1" in
        --profile) profile=${2:?--profile needs release or dev}; shift 2 ;;
        --bin) bin=${2:?--bin needs a path}; shift 2 ;;
        --out) out=${2:?--out needs a directory}; shift 2 ;;
        -h|--help) sed -n '2,/^set -e/{/^#/p}' "$0"; exit 0 ;;
        *) echo "package-deb.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
    esac
done
case "$profile" in
    release|dev) ;;
    *) echo "package-deb.sh: --profile is release or dev, not $profile" >&2; exit 2 ;;
esac

if [ -z "$bin" ]; then
    cargo build --quiet --locked --profile "$profile" --bin otp-desk >&2
    dir=release; [ "$profile" = dev ] && dir=debug
    bin="$PWD/target/$dir/otp-desk"
fi
[ -x "$bin" ] || { echo "package-deb.sh: $bin is not an executable" >&2; exit 1; }

app_id=io.github.otpdesk.OtpDesk
package=otp-desk
# The first `version = ` of Cargo.toml is the package's (it comes right after [package]).
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n1)
arch=$(dpkg --print-architecture)
maintainer=${DEB_MAINTAINER:-OTP Desk maintainers <maintainers@otp-desk.invalid>}

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root="$stage/root"

install -D -m 0755 "$bin" "$root/usr/bin/otp-desk"
# A dev binary carries ~0.5 GB of debug info; release builds are stripped by the profile.
strip --strip-debug "$root/usr/bin/otp-desk"
install -D -m 0644 "assets/$app_id.desktop" "$root/usr/share/applications/$app_id.desktop"
install -D -m 0644 "assets/$app_id.metainfo.xml" "$root/usr/share/metainfo/$app_id.metainfo.xml"
for size in 16 24 32 48 64 128 256 512; do
    install -D -m 0644 "assets/icons/png/otp-desk-$size.png" \
        "$root/usr/share/icons/hicolor/${size}x$size/apps/$app_id.png"
done
install -D -m 0644 assets/icons/otp-desk.svg "$root/usr/share/icons/hicolor/scalable/apps/$app_id.svg"
install -d -m 0755 "$root/usr/share/doc/$package"
cat packaging/debian/copyright.in assets/fonts/OFL-1.1.txt | sed '/^License: OFL-1.1$/,$ { /^License: OFL-1.1$/! { s/^$/./; s/^/ / } }' \
    >"$root/usr/share/doc/$package/copyright"
chmod 0644 "$root/usr/share/doc/$package/copyright"

# The oldest glibc the binary asks for; the GUI libraries are loaded with dlopen at run time,
# so they are not in the ELF's NEEDED list and are named here by hand.
glibc=$(objdump -T "$root/usr/bin/otp-desk" | sed -n 's/.*GLIBC_\([0-9.]*\).*/\1/p' | sort -uV | tail -n1)
depends="libc6 (>= ${glibc:-2.31}), libgcc-s1, libxkbcommon0, libxkbcommon-x11-0, libx11-6, libx11-xcb1, libxcursor1, libxrandr2, libxi6, libwayland-client0, libwayland-egl1, libegl1, libgl1"
# Any other library the binary links (a new dependency with a C library) becomes a Depends too.
for lib in $(objdump -p "$root/usr/bin/otp-desk" | awk '/NEEDED/ { print $2 }'); do
    case "$lib" in libc.so.*|libm.so.*|libgcc_s.so.*|ld-linux*) continue ;; esac
    path=$(ldconfig -p | awk -v lib="$lib" '$1 == lib { print $NF; exit }')
    owner=$( { [ -n "$path" ] && dpkg -S "$(readlink -f "$path")" 2>/dev/null || dpkg -S "$path" 2>/dev/null; } \
        | head -n1 | cut -d: -f1)
    [ -n "$owner" ] || { echo "package-deb.sh: no Debian package provides $lib, which otp-desk links" >&2; exit 1; }
    case ", $depends, " in *", $owner, "*) ;; *) depends="$depends, $owner" ;; esac
done

install -d -m 0755 "$root/DEBIAN"
installed_kb=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat >"$root/DEBIAN/control" <<EOF
Package: $package
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $installed_kb
Depends: $depends
Recommends: gnome-keyring | keepassxc, xdg-desktop-portal-gtk | xdg-desktop-portal-backend
Section: utils
Priority: optional
Description: two-step verification codes on the desk, from the system keychain
 OTP Desk lists TOTP, HOTP and Steam Guard accounts with live codes and a
 countdown; clicking an account copies its code. Accounts come in from a
 screenshot of the enrollment QR code, a typed key, otpauth:// or Google
 Authenticator export links, and the backups of other authenticator apps.
 .
 Secrets live in the Secret Service keychain (GNOME Keyring, KeePassXC),
 never in a plain file. The window is in English and Simplified Chinese; the
 same binary is a command-line tool (otp-desk --help).
EOF
(cd "$root" && find usr -type f -print0 | sort -z | xargs -0 md5sum >DEBIAN/md5sums)
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"

# xz for releases; a quick gzip for dev packages, which only tests install.
compression=(-Zxz)
[ "$profile" = dev ] && compression=(-Zgzip -z1)
mkdir -p "$out"
deb="$out/${package}_${version}_$arch.deb"
dpkg-deb --build --root-owner-group "${compression[@]}" "$root" "$deb" >&2
echo "$deb"
