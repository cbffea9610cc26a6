//! The shape of `src/`, as the house style asks: no file imports a file that imports it back
//! (a module and its own parent aside), and no file is over 600 lines. Paths are read from the
//! code (`use crate::…`, `super::x::f(…)`), so a cycle made in a function body counts too.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The longest a file of `src/` may be.
const LONGEST: usize = 600;

/// Every `.rs` file under `src/` by its module path (`render::views`), and its text.
fn modules() -> BTreeMap<Vec<String>, (PathBuf, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = BTreeMap::new();
    for item in walkdir::WalkDir::new(&src) {
        let item = item.unwrap();
        let path = item.path();
        if path.extension().and_then(|e| e.to_str()) != Some("rs") {
            continue;
        }
        let rel = path.strip_prefix(&src).unwrap().with_extension("");
        let mut parts: Vec<String> = rel
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        if matches!(
            parts.last().map(String::as_str),
            Some("mod" | "lib" | "main")
        ) {
            parts.pop();
        }
        let text = std::fs::read_to_string(path).unwrap();
        found.insert(
            parts,
            (path.strip_prefix(&src).unwrap().to_path_buf(), text),
        );
    }
    found
}

/// The code of a file without its comments and its `mod tests`.
fn code(text: &str) -> String {
    let text = text
        .split("#[cfg(test)]\nmod tests {")
        .next()
        .unwrap_or(text);
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The module paths a file's code names: `crate::a::b`, `super::c`, `self::d`, and each item of
/// a `{…}` group after one.
fn named(module: &[String], is_parent: bool, code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    for start in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(i) = code[from..].find(start) {
            let at = from + i;
            from = at + start.len();
            if at > 0 && (word(bytes[at - 1]) || bytes[at - 1] == b':') {
                continue;
            }
            let mut base: Vec<String> = match start {
                "crate::" => Vec::new(),
                "self::" => module.to_vec(),
                _ if is_parent => module[..module.len().saturating_sub(1)].to_vec(),
                _ => module[..module.len().saturating_sub(1)].to_vec(),
            };
            let rest = &code[from..];
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(rest.len());
            let mut segments: Vec<&str> =
                rest[..end].split("::").filter(|s| !s.is_empty()).collect();
            while segments.first() == Some(&"super") {
                base.pop();
                segments.remove(0);
            }
            base.extend(segments.iter().map(|s| s.to_string()));
            if rest[end..].starts_with('{') {
                let group = &rest[end + 1..rest[end..].find('}').map_or(end, |j| end + j)];
                for item in group.split(',') {
                    let first = item.trim().split("::").next().unwrap_or("").trim();
                    if !first.is_empty() {
                        let mut path = base.clone();
                        path.push(first.to_string());
                        out.push(path);
                    }
                }
            } else {
                out.push(base);
            }
        }
    }
    out
}

/// The file a module path is in: the longest prefix that is a file.
fn file_of(
    modules: &BTreeMap<Vec<String>, (PathBuf, String)>,
    path: &[String],
) -> Option<Vec<String>> {
    (0..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|p| modules.contains_key(p))
}

/// Whether one module is the other's parent.
fn related(a: &[String], b: &[String]) -> bool {
    (a.len() + 1 == b.len() && b.starts_with(a)) || (b.len() + 1 == a.len() && a.starts_with(b))
}

#[test]
fn no_file_of_src_imports_a_file_that_imports_it_back() {
    let modules = modules();
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (module, (path, text)) in &modules {
        let is_parent = path.ends_with("mod.rs");
        let targets = named(module, is_parent, &code(text))
            .into_iter()
            .filter_map(|p| file_of(&modules, &p))
            .filter(|t| t != module && !related(module, t));
        edges.entry(module.clone()).or_default().extend(targets);
    }
    // A cycle: a file that reaches itself through others.
    let mut cycles = BTreeSet::new();
    for start in edges.keys() {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<(Vec<String>, Vec<Vec<String>>)> =
            vec![(start.clone(), vec![start.clone()])];
        while let Some((at, trail)) = stack.pop() {
            for next in edges.get(&at).into_iter().flatten() {
                if next == start {
                    let mut names: Vec<String> = trail.iter().map(|m| m.join("::")).collect();
                    names.sort();
                    cycles.insert(names.join(" -> "));
                } else if seen.insert(next.clone()) {
                    let mut longer = trail.clone();
                    longer.push(next.clone());
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
    assert!(
        edges.values().map(BTreeSet::len).sum::<usize>() > 100,
        "the imports were not read"
    );
    assert!(cycles.is_empty(), "import cycles: {cycles:#?}");
}

#[test]
fn no_file_of_src_is_over_600_lines() {
    let long: Vec<String> = modules()
        .values()
        .filter(|(_, text)| text.lines().count() > LONGEST)
        .map(|(path, text)| format!("src/{}: {} lines", path.display(), text.lines().count()))
        .collect();
    assert!(long.is_empty(), "split these files: {long:#?}");
}

#[test]
fn an_import_cycle_is_found() {
    // The reader itself: two files naming each other are a cycle, a parent and child are not.
    let m = |s: &str| s.split("::").map(String::from).collect::<Vec<_>>();
    let a = named(
        &m("render::a"),
        false,
        "use super::b::X;\nfn f() { crate::render::c::g(); }",
    );
    assert_eq!(a, vec![m("render::c::g"), m("render::b::X")]);
    assert!(related(&m("render"), &m("render::a")) && !related(&m("render::a"), &m("render::b")));
}
