#!/usr/bin/env bash
# OTP Desk's QR reader (`otp-desk scan --json`) against zxing-cpp on the same folders in the
# same run, the two timed alternately RUNS times; medians are reported because other work on
# the machine makes single runs noisy.
#
# Usage: scripts/bench-qr.sh [GROUP...]
#   GROUP: one folder, or several joined with commas, read by ONE process of each program, so
#   the whole-process time includes start-up (our binary's; Python's and zxing-cpp's import).
#   Default: the photos (zxing,zxing-cpp-extras) and the screenshots (screens) of
#   ../shared/qr-corpus.
# Env: RUNS (default 5), PROFILE (cargo profile, default release).
# Needs: pip install zxing-cpp pillow. Builds the CLI without the window.
#
# Prints per folder: codes read (ours, zxing-cpp, expected), misreads (ours/zxing-cpp) and the
# summed per-image time (file read, image decoding, QR reading) with its ratio; per group: the
# whole-process wall and CPU (user + system) times with their ratios; and the load average.
# Ground truth and matching are those of scripts/bench_zxing_cpp.py (manifest.jsonl or
# <image>.txt; exact texts, as multisets).
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=../shared/qr-corpus
if [ "$#" -eq 0 ]; then
    set -- "$corpus/zxing,$corpus/zxing-cpp-extras" "$corpus/screens"
fi
profile=${PROFILE:-release}
cargo build --profile "$profile" --no-default-features --bin otp-desk >&2
target_dir=$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
RUNS=${RUNS:-5} python3 - "$target_dir/$profile/otp-desk" "$@" <<'PY'
import json, os, resource, statistics, subprocess, sys, time
from importlib.metadata import version
from pathlib import Path

sys.path.insert(0, "scripts")
from bench_zxing_cpp import collect_cases, compare  # one definition of ground truth

ours_bin, groups = sys.argv[1], sys.argv[2:]
runs = int(os.environ["RUNS"])
med = statistics.median

def cpu_ms():
    """User + system time of every waited-for child so far, in ms."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (r.ru_utime + r.ru_stime) * 1000.0

def ours(folders):
    """(wall ms, CPU ms, {folder: (found, expected, misreads, summed ms)}) of one otp-desk
    process."""
    cases = {f: [] for f in folders}
    for f in folders:
        collect_cases(Path(f), cases[f])
    files = [str(p) for f in folders for p, _ in cases[f]]
    start, cpu = time.perf_counter(), cpu_ms()
    out = subprocess.run([ours_bin, "scan", "--json", *files], capture_output=True, text=True)
    wall, cpu = (time.perf_counter() - start) * 1000.0, cpu_ms() - cpu
    rows = iter(json.loads(line) for line in out.stdout.splitlines() if line.strip())
    table = {}
    for f in folders:
        found = expected = misreads = 0
        ms = 0.0
        for path, truth in cases[f]:
            row = next(rows)
            assert row["file"] == str(path), (row["file"], path)
            got = row.get("codes", [])
            ok, bad = compare(truth, got)
            found, misreads, expected = found + ok, misreads + bad, expected + len(truth)
            ms += row.get("ms", 0.0)
        table[f] = (found, expected, misreads, ms)
    return wall, cpu, table

def theirs(folders):
    """The same for one process of scripts/bench_zxing_cpp.py (its TOTAL-less rows)."""
    start, cpu = time.perf_counter(), cpu_ms()
    out = subprocess.run([sys.executable, "scripts/bench_zxing_cpp.py", *folders],
                         check=True, capture_output=True, text=True)
    wall, cpu = (time.perf_counter() - start) * 1000.0, cpu_ms() - cpu
    rows = [l.split() for l in out.stdout.splitlines()[1:len(folders) + 1]]
    table = {}
    for f, r in zip(folders, rows):
        found, expected = r[1].split("/")
        table[f] = (int(found), int(expected), int(r[2]), float(r[6]))
    return wall, cpu, table

load_at_start = " ".join(f"{x:.2f}" for x in os.getloadavg())
results = {g: {"ours": [], "zxing-cpp": []} for g in groups}
for run in range(runs):
    for group in groups:
        folders = group.split(",")
        pair = [("ours", ours), ("zxing-cpp", theirs)]
        for name, program in pair if run % 2 == 0 else pair[::-1]:
            results[group][name].append(program(folders))

name = lambda f: Path(f.rstrip("/")).name
load = " ".join(f"{x:.2f}" for x in os.getloadavg())
print(f"OTP Desk vs zxing-cpp {version('zxing-cpp')}: medians of {runs} alternating runs"
      f" (load average at the start {load_at_start}, at the end {load})")
print(f"{'folder':<18} {'codes ours':>10} {'zxing-cpp':>9} {'expected':>8} {'misreads':>9}"
      f" {'sum ms ours':>11} {'zxing-cpp':>9} {'ratio':>6}")
for group in groups:
    for f in group.split(","):
        o = [t[f] for _, _, t in results[group]["ours"]]
        z = [t[f] for _, _, t in results[group]["zxing-cpp"]]
        # The fewest codes and the most misreads of any run (neither should vary).
        misreads = f"{max(r[2] for r in o)}/{max(r[2] for r in z)}"
        o_ms, z_ms = med(r[3] for r in o), med(r[3] for r in z)
        print(f"{name(f):<18} {min(r[0] for r in o):>10} {min(r[0] for r in z):>9} {o[0][1]:>8}"
              f" {misreads:>9} {o_ms:>11.0f} {z_ms:>9.0f} {o_ms / z_ms:>6.2f}")
print()
# CPU time (user + system) counts only the work done, so it moves far less than wall time
# when other jobs share the machine.
print(f"{'whole process':<34} {'wall ms ours':>12} {'zxing-cpp':>9} {'ratio':>6}"
      f" {'CPU ms ours':>11} {'zxing-cpp':>9} {'ratio':>6}")
for group in groups:
    o, z = results[group]["ours"], results[group]["zxing-cpp"]
    ow, zw = med(r[0] for r in o), med(r[0] for r in z)
    oc, zc = med(r[1] for r in o), med(r[1] for r in z)
    label = "+".join(name(f) for f in group.split(","))
    print(f"{label:<34} {ow:>12.0f} {zw:>9.0f} {ow / zw:>6.2f} {oc:>11.0f} {zc:>9.0f} {oc / zc:>6.2f}")
PY
