#!/usr/bin/env bash
# Runs the OTP Desk QR benchmark and the zxing-cpp reference over the same folders in one go,
# then prints per-folder ratios (our time / zxing-cpp time).
#
# Usage: scripts/bench-qr.sh [DIR...]     (default: the three ../shared/qr-corpus folders)
# Needs: pip install zxing-cpp pillow. Builds the release example once (cold: ~10 min).
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=../shared/qr-corpus
if [ "$#" -eq 0 ]; then
    set -- "$corpus/screens" "$corpus/zxing" "$corpus/zxing-cpp-extras"
fi

cargo build --release --example qr_bench >&2
ours=$(mktemp)
theirs=$(mktemp)
trap 'rm -f "$ours" "$theirs"' EXIT

echo "== otp-desk (rqrr + preprocessing)"
target/release/examples/qr_bench "$@" | tee "$ours"
echo
echo "== zxing-cpp $(python3 -c 'from importlib.metadata import version; print(version("zxing-cpp"))' 2>/dev/null || echo '?')"
python3 scripts/bench_zxing_cpp.py "$@" | tee "$theirs"
echo

# Columns: folder found/expect misread images median_ms p95_ms sum_ms; last line: total_ms N.
python3 - "$ours" "$theirs" <<'PY'
import sys

def table(path):
    rows, total = {}, None
    for line in open(path, encoding="utf-8"):
        parts = line.split()
        if not parts or parts[0] == "folder" or line.startswith(" "):
            continue
        if parts[0] == "total_ms":
            total = float(parts[1])
        elif len(parts) == 7:
            rows[parts[0]] = parts[1:]
    return rows, total

ours, our_total = table(sys.argv[1])
theirs, their_total = table(sys.argv[2])
print(f"{'folder':<20} {'found ours':>11} {'zxing-cpp':>10} {'misreads':>9} {'median x':>9} {'p95 x':>7} {'sum x':>7}")
for name, row in ours.items():
    ref = theirs.get(name)
    if not ref:
        continue
    ratio = lambda a, b: float(a) / float(b) if float(b) > 0 else float("nan")
    print(f"{name:<20} {row[0]:>11} {ref[0]:>10} {row[1] + '/' + ref[1]:>9} "
          f"{ratio(row[3], ref[3]):>9.2f} {ratio(row[4], ref[4]):>7.2f} {ratio(row[5], ref[5]):>7.2f}")
if our_total and their_total:
    print(f"whole run: {our_total:.0f} ms vs {their_total:.0f} ms = {our_total / their_total:.2f}x zxing-cpp")
PY
