//! Accuracy and speed of `otp_desk::qr` over folders of images with ground truth.
//!
//! `cargo run --release --example qr_bench -- DIR [DIR...] [--verbose]`
//!
//! Ground truth (see ../shared/qr-corpus/README.md): a folder's `manifest.jsonl` (`file`,
//! `codes`) wins; otherwise `<image-basename>.txt` holds exactly one expected text.
//! Prints per DIR: codes found / expected, misreads, median, p95 and summed ms per image;
//! then totals. Each image is timed from reading the file to the decoded texts.
//! `scripts/bench_zxing_cpp.py` prints the same table for zxing-cpp.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

const IMAGE_EXTENSIONS: [&str; 6] = ["png", "jpg", "jpeg", "gif", "bmp", "webp"];

struct Case {
    image: PathBuf,
    expected: Vec<String>,
}

#[derive(Default)]
struct Tally {
    found: usize,
    expected: usize,
    misreads: usize,
    images: usize,
    errors: usize,
    millis: Vec<f64>,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "--verbose" || a == "-v");
    let dirs: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    if dirs.is_empty() {
        eprintln!("usage: qr_bench DIR [DIR...] [--verbose]");
        std::process::exit(2);
    }
    let mut total = Tally::default();
    println!(
        "{:<28} {:>13} {:>8} {:>8} {:>9} {:>9} {:>9}",
        "folder", "found/expect", "misread", "images", "median_ms", "p95_ms", "sum_ms"
    );
    for dir in dirs {
        let mut cases = Vec::new();
        collect_cases(Path::new(dir), &mut cases);
        let tally = run(&cases, verbose);
        print_row(&folder_name(dir), &tally);
        total.found += tally.found;
        total.expected += tally.expected;
        total.misreads += tally.misreads;
        total.images += tally.images;
        total.errors += tally.errors;
        total.millis.extend(tally.millis);
    }
    print_row("TOTAL", &total);
    let sum: f64 = total.millis.iter().sum();
    println!("total_ms {sum:.1}");
}

fn folder_name(dir: &str) -> String {
    let path = Path::new(dir.trim_end_matches('/'));
    path.file_name()
        .map_or_else(|| dir.to_owned(), |n| n.to_string_lossy().into_owned())
}

fn run(cases: &[Case], verbose: bool) -> Tally {
    let mut tally = Tally::default();
    for case in cases {
        let start = Instant::now();
        let result = otp_desk::qr::decode_file(&case.image);
        tally.millis.push(start.elapsed().as_secs_f64() * 1000.0);
        tally.images += 1;
        tally.expected += case.expected.len();
        let got = result.unwrap_or_else(|e| {
            tally.errors += 1;
            eprintln!("error: {e}");
            Vec::new()
        });
        let (found, misreads) = compare(&case.expected, &got);
        tally.found += found;
        tally.misreads += misreads;
        let ms = tally.millis.last().copied().unwrap_or_default();
        if verbose && (found < case.expected.len() || misreads > 0 || ms > 50.0) {
            let name = case.image.display();
            println!(
                "  {name} found {found}/{} misreads {misreads} {ms:.1} ms",
                case.expected.len()
            );
            for text in &got {
                if !case.expected.contains(text) {
                    println!("    misread: {text:?}");
                }
            }
        }
    }
    tally
}

/// (codes read exactly, texts that match nothing expected), comparing as multisets.
fn compare(expected: &[String], got: &[String]) -> (usize, usize) {
    let mut left: HashMap<&str, usize> = HashMap::new();
    for e in expected {
        *left.entry(e).or_default() += 1;
    }
    let (mut found, mut misreads) = (0, 0);
    for g in got {
        match left.get_mut(g.as_str()) {
            Some(n) if *n > 0 => {
                *n -= 1;
                found += 1;
            }
            _ => misreads += 1,
        }
    }
    (found, misreads)
}

fn print_row(name: &str, t: &Tally) {
    let mut ms = t.millis.clone();
    ms.sort_by(f64::total_cmp);
    let pick = |q: f64| {
        ms.get(((ms.len() as f64 - 1.0) * q).round() as usize)
            .copied()
            .unwrap_or(0.0)
    };
    let found = format!("{}/{}", t.found, t.expected);
    let sum: f64 = ms.iter().sum();
    println!(
        "{name:<28} {found:>13} {:>8} {:>8} {:>9.1} {:>9.1} {sum:>9.1}",
        t.misreads,
        t.images,
        pick(0.5),
        pick(0.95)
    );
}

/// Walks `dir` recursively; each folder uses its manifest if present, else sidecar .txt files.
fn collect_cases(dir: &Path, cases: &mut Vec<Case>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    let manifest = read_manifest(&dir.join("manifest.jsonl"));
    for path in &paths {
        if path.is_dir() {
            collect_cases(path, cases);
            continue;
        }
        let is_image = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| IMAGE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
        if !is_image {
            continue;
        }
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let expected = match &manifest {
            Some(m) => m.get(&file_name).cloned(),
            None => std::fs::read(path.with_extension("txt"))
                .ok()
                .map(|b| vec![String::from_utf8_lossy(&b).into_owned()]),
        };
        if let Some(expected) = expected {
            cases.push(Case {
                image: path.clone(),
                expected,
            });
        }
    }
}

fn read_manifest(path: &Path) -> Option<HashMap<String, Vec<String>>> {
    let text = std::fs::read_to_string(path).ok()?;
    let mut map = HashMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let file = value["file"].as_str().unwrap_or_default().to_owned();
        let codes = value["codes"].as_array().map(|a| {
            a.iter()
                .filter_map(|c| c.as_str().map(str::to_owned))
                .collect()
        });
        if let Some(codes) = codes {
            map.insert(file, codes);
        }
    }
    Some(map)
}
