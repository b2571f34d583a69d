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
start=$SECONDS
# One cargo run for every target: the build scripts and proc macros are built once for both,
# and one target's serial steps (a large crate, a link) overlap the other's work.
target_args=()
for target in "${targets[@]}"; do target_args+=(--target "$target"); done
# clippy 1.96 flags `thread_local!` statics that are already `const` on targets without native
# thread-locals, such as windows-gnu (rust-clippy#17566); MSVC builds are not affected. One run
# takes one set of lint flags, so the allowance applies to every target.
cross_cargo clippy --locked --quiet --all-targets -Zbuild-std=std,panic_abort "${target_args[@]}" \
    -- -D warnings -A clippy::missing_const_for_thread_local
echo "cross check ${targets[*]}: clippy clean ($((SECONDS - start)) s)"
