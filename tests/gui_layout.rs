//! The window's shape, checked from its source (issue: the window re-layout). Reads every file
//! under `src/gui`, resolves the `crate::gui::…` and `super::…` paths it names to files, and
//! asserts the dependency rule: `command` imports no other window module, `model` knows no
//! feature or runtime, `runtime` knows no feature, `support` knows only `command`, nothing but
//! `gui/mod.rs` imports `app.rs`; no import circle spans more than three files; no file is over
//! 400 lines; hashing, sockets and file replacement live outside the window.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// `gui::features::lock::lock_ui` for `src/gui/features/lock/lock_ui.rs`.
fn module_of(root: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(root).unwrap().with_extension("");
    let mut parts: Vec<String> = std::iter::once("gui".to_owned())
        .chain(rel.iter().map(|p| p.to_string_lossy().into_owned()))
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without comments (so a doc link is not an import).
fn code_of(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every module path a file names, absolute (`gui::…`), from `crate::gui::` and `super::`.
fn referenced(code: &str, me: &[String]) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let bytes = code.as_bytes();
    for start in ["crate::gui::", "super::"] {
        let mut from = 0;
        while let Some(i) = code[from..].find(start) {
            let at = from + i;
            from = at + start.len();
            // Not the tail of a longer path (e.g. `otp_desk::super`); `use super::{a, b}` too.
            if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b':') {
                continue;
            }
            let tail: String = code[at..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':' || *c == '{')
                .collect();
            let mut segments: Vec<String> = tail
                .split("::")
                .map(|s| s.trim_end_matches('{').to_owned())
                .filter(|s| !s.is_empty())
                .collect();
            let mut base: Vec<String> = if segments[0] == "crate" {
                segments.remove(0);
                Vec::new()
            } else {
                // `super` is the parent module, for a `mod.rs` as for any other file.
                let mut base = me.to_vec();
                base.pop();
                while segments.first().is_some_and(|s| s == "super") {
                    segments.remove(0);
                    if segments.first().is_some_and(|s| s == "super") {
                        base.pop();
                    }
                }
                base
            };
            base.extend(segments);
            found.push(base);
        }
    }
    found
}

struct Tree {
    files: BTreeMap<Vec<String>, (PathBuf, String)>,
}

impl Tree {
    fn load() -> Self {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/gui");
        let mut paths = Vec::new();
        rust_files(&root, &mut paths);
        let files = paths
            .into_iter()
            .map(|p| {
                let text = std::fs::read_to_string(&p).unwrap();
                (module_of(&root, &p), (p, text))
            })
            .collect();
        Self { files }
    }

    /// The file a path points into: its longest prefix that is a module of the window.
    fn file_of(&self, path: &[String]) -> Option<Vec<String>> {
        (1..=path.len())
            .rev()
            .map(|n| path[..n].to_vec())
            .find(|prefix| self.files.contains_key(prefix))
    }

    /// Which files each file imports.
    fn edges(&self) -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
        self.files
            .iter()
            .map(|(module, (_, text))| {
                let targets = referenced(&code_of(text), module)
                    .iter()
                    .filter_map(|p| self.file_of(p))
                    .filter(|t| t != module)
                    .collect();
                (module.clone(), targets)
            })
            .collect()
    }
}

fn layer(module: &[String]) -> &str {
    module.get(1).map_or("mod", String::as_str)
}

#[test]
fn imports_flow_one_way() {
    let tree = Tree::load();
    let mut broken = Vec::new();
    for (from, targets) in tree.edges() {
        for to in &targets {
            let (a, b) = (layer(&from), layer(to));
            let allowed = match a {
                _ if a == b => true,
                "command" => false,
                "support" => b == "command",
                "model" => matches!(b, "command" | "support"),
                "runtime" => matches!(b, "support"),
                "features" => matches!(b, "command" | "model" | "runtime" | "support"),
                "app" => b != "mod" || to.len() == 1,
                "mod" => true,
                _ => false,
            };
            let imports_app = b == "app" && a != "mod";
            if !allowed || imports_app {
                broken.push(format!("{} -> {}", from.join("::"), to.join("::")));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "imports against the rule:\n{}",
        broken.join("\n")
    );
}

/// Strongly connected components of the file graph (Tarjan, iterative enough for ~70 files).
fn cycles(edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Vec<Vec<Vec<String>>> {
    struct State<'a> {
        edges: &'a BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        index: BTreeMap<&'a Vec<String>, usize>,
        low: BTreeMap<&'a Vec<String>, usize>,
        stack: Vec<&'a Vec<String>>,
        on_stack: BTreeSet<&'a Vec<String>>,
        out: Vec<Vec<Vec<String>>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a Vec<String>) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.edges.get(v).into_iter().flatten() {
            let Some((w, _)) = s.edges.get_key_value(w) else {
                continue;
            };
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w.clone());
                if w == v {
                    break;
                }
            }
            s.out.push(component);
        }
    }
    let mut s = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in edges.keys() {
        if !s.index.contains_key(v) {
            visit(&mut s, v);
        }
    }
    s.out.into_iter().filter(|c| c.len() > 1).collect()
}

#[test]
fn no_import_circle_spans_more_than_three_files() {
    let tree = Tree::load();
    let edges = tree.edges();
    // The checker itself must see the edges it is about (the frame loop imports features).
    assert!(edges[&vec!["gui".to_owned(), "app".to_owned()]].len() > 10);
    for component in cycles(&edges) {
        let names: Vec<String> = component.iter().map(|m| m.join("::")).collect();
        assert!(component.len() <= 3, "import circle: {}", names.join(", "));
    }
}

#[test]
fn the_cycle_finder_finds_a_circle() {
    let m = |s: &str| vec!["gui".to_owned(), s.to_owned()];
    let edges = BTreeMap::from([
        (m("a"), BTreeSet::from([m("b")])),
        (m("b"), BTreeSet::from([m("c")])),
        (m("c"), BTreeSet::from([m("a")])),
        (m("d"), BTreeSet::from([m("a")])),
    ]);
    let found = cycles(&edges);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].len(), 3);
}

#[test]
fn files_are_small_and_window_code_only() {
    let tree = Tree::load();
    let mut folders = BTreeSet::new();
    for (module, (path, text)) in &tree.files {
        let lines = text.lines().count();
        assert!(lines <= 400, "{} has {lines} lines", path.display());
        let code = code_of(text);
        for forbidden in ["Argon2", "TcpListener", "fs::rename", "File::create"] {
            assert!(
                !code.contains(forbidden),
                "{} uses {forbidden}",
                path.display()
            );
        }
        assert!(
            text.trim_start().starts_with("//!"),
            "{} has no module doc",
            path.display()
        );
        if module.len() > 2 {
            folders.insert(module[1].clone());
        }
    }
    assert!(folders.len() >= 4, "sub-folders: {folders:?}");
}

#[test]
fn only_the_runtime_starts_threads() {
    let tree = Tree::load();
    for (module, (path, text)) in &tree.files {
        let code = code_of(text);
        if layer(module) != "runtime" {
            for spawn in ["thread::spawn", "thread::Builder"] {
                assert!(!code.contains(spawn), "{} starts a thread", path.display());
            }
        }
    }
}
