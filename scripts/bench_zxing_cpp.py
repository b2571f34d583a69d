#!/usr/bin/env python3
"""zxing-cpp over folders with QR ground truth: the reference for examples/qr_bench.rs.

Usage: python3 scripts/bench_zxing_cpp.py DIR [DIR...] [--verbose]
Needs: pip install zxing-cpp pillow

Same ground truth and same table as `cargo run --release --example qr_bench`:
a folder's manifest.jsonl (file, codes) wins, otherwise <image-basename>.txt holds one text.
Timed per image: reading the file, decoding it to pixels and zxingcpp.read_barcodes
(QR only), so both programs pay for image decoding.
"""
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import zxingcpp
from PIL import Image

IMAGE_EXTENSIONS = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp"}


def collect_cases(folder: Path, cases: list) -> None:
    manifest_path = folder / "manifest.jsonl"
    manifest = None
    if manifest_path.exists():
        manifest = {}
        for line in manifest_path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                manifest[row["file"]] = row["codes"]
    for path in sorted(folder.iterdir()):
        if path.is_dir():
            collect_cases(path, cases)
        elif path.suffix.lower() in IMAGE_EXTENSIONS:
            if manifest is not None:
                expected = manifest.get(path.name)
            else:
                txt = path.with_suffix(".txt")
                expected = [txt.read_bytes().decode("utf-8", "replace")] if txt.exists() else None
            if expected is not None:
                cases.append((path, expected))


def decode(path: Path) -> list:
    with Image.open(path) as image:
        image.load()
        results = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    return [r.text for r in results]


def compare(expected: list, got: list) -> tuple:
    left = Counter(expected)
    found = misreads = 0
    for text in got:
        if left[text] > 0:
            left[text] -= 1
            found += 1
        else:
            misreads += 1
    return found, misreads


def pick(values: list, q: float) -> float:
    ordered = sorted(values)
    return ordered[round((len(ordered) - 1) * q)] if ordered else 0.0


def print_row(name: str, t: dict) -> None:
    found = f"{t['found']}/{t['expected']}"
    print(f"{name:<28} {found:>13} {t['misreads']:>8} {t['images']:>8} "
          f"{pick(t['ms'], 0.5):>9.1f} {pick(t['ms'], 0.95):>9.1f} {sum(t['ms']):>9.1f}")


def main() -> None:
    verbose = any(a in ("-v", "--verbose") for a in sys.argv[1:])
    dirs = [a for a in sys.argv[1:] if not a.startswith("-")]
    if not dirs:
        sys.exit("usage: bench_zxing_cpp.py DIR [DIR...] [--verbose]")
    print(f"{'folder':<28} {'found/expect':>13} {'misread':>8} {'images':>8} {'median_ms':>9} {'p95_ms':>9} {'sum_ms':>9}")
    total = {"found": 0, "expected": 0, "misreads": 0, "images": 0, "ms": []}
    for d in dirs:
        cases = []
        collect_cases(Path(d), cases)
        tally = {"found": 0, "expected": 0, "misreads": 0, "images": 0, "ms": []}
        for path, expected in cases:
            start = time.perf_counter()
            try:
                got = decode(path)
            except Exception as error:  # a corpus file zxing-cpp or Pillow cannot open
                print(f"error: {path}: {error}", file=sys.stderr)
                got = []
            tally["ms"].append((time.perf_counter() - start) * 1000.0)
            found, misreads = compare(expected, got)
            tally["found"] += found
            tally["misreads"] += misreads
            tally["expected"] += len(expected)
            tally["images"] += 1
            if verbose and (found < len(expected) or misreads):
                print(f"  miss {path} found {found}/{len(expected)} misreads {misreads}")
        print_row(Path(d.rstrip("/")).name, tally)
        for key in ("found", "expected", "misreads", "images"):
            total[key] += tally[key]
        total["ms"].extend(tally["ms"])
    print_row("TOTAL", total)
    print(f"total_ms {sum(total['ms']):.1f}")


if __name__ == "__main__":
    main()
