#!/usr/bin/env bash
# Type-checks OTP Desk for Windows and macOS from Linux: `cargo clippy --all-targets -D warnings`
# for x86_64-pc-windows-gnu and aarch64-apple-darwin, everything included (window, tests,
# examples). Called by scripts/test.sh; see scripts/cross-env.sh for the toolchain.
#   scripts/cross-check.sh [target...]     # default: both targets
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/cross-env.sh
source scripts/cross-env.sh || exit 0

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(x86_64-pc-windows-gnu aarch64-apple-darwin)
for target in "${targets[@]}"; do
    start=$SECONDS
    allow=()
    # clippy 1.96 flags `thread_local!` statics that are already `const` on targets without
    # native thread-locals, such as windows-gnu (rust-clippy#17566); MSVC builds are not affected.
    [ "$target" = x86_64-pc-windows-gnu ] && allow=(-A clippy::missing_const_for_thread_local)
    cross_cargo clippy --locked --quiet --all-targets -Zbuild-std=std,panic_abort --target "$target" -- -D warnings "${allow[@]}"
    echo "cross check $target: clippy clean ($((SECONDS - start)) s)"
done
