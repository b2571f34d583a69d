#!/usr/bin/env bash
# What replacing the desk key costs: a desk of 50 accounts and 10 people (2 admins) on a private
# gnome-keyring; times `people remove` of the second admin (a rotation: every item sealed
# again, every slot re-wrapped) against `people remove` of a member (no rotation) in the same
# run, each with its one Argon2id unlock. Uses the binary of $PROFILE (default: debug, whose
# dependencies are optimised as in release).
#   PROFILE=release scripts/bench-desk.sh
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${PROFILE:-debug}
flag=(); [ "$profile" = debug ] || flag=(--profile "$profile")
cargo build --quiet --locked "${flag[@]}" --bin otp-desk
bin="$PWD/target/$profile/otp-desk"
# shellcheck source=scripts/private-keyring.sh
source scripts/private-keyring.sh
export OTP_DESK_DATA_DIR="$tmp/data"

uris=()
for i in $(seq 50); do
    uris+=("otpauth://totp/Amazon:store$i?secret=JBSWY3DPEHPK3PXP$(printf '%04d' "$i" | tr 0-9 A-J)&issuer=Amazon")
done
"$bin" add "${uris[@]}" >/dev/null
printf '246810\n' | "$bin" people add Admin1 --admin >/dev/null
printf '246810\n135790\n' | "$bin" people add Admin2 --admin --as Admin1 >/dev/null
for i in $(seq 8); do
    printf '246810\n13579%d\n' "$i" | "$bin" people add "Member$i" --member --as Admin1 >/dev/null
done
ms() { local start end; start=$(date +%s%N); "$@" >/dev/null; end=$(date +%s%N); echo $(((end - start) / 1000000)); }
member=$(ms sh -c "printf '246810\n' | '$bin' people remove Member1 --as Admin1")
admin=$(ms sh -c "printf '246810\n' | '$bin' people remove Admin2 --as Admin1")
check=$(printf '246810\n' | "$bin" code store50 --as Admin1 | head -n1)
echo "desk of 50 accounts, 10 people ($profile build):"
echo "  remove a member (no rotation):          ${member} ms"
echo "  remove an admin (rotation of the desk key): ${admin} ms  ($(awk "BEGIN{printf \"%.1f\", $admin/$member}")x)"
echo "  a code after the rotation: $check"
