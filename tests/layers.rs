//! The library's shape: each top-level module under `src/` names (with
//! `crate::...`) only the modules below it. Comments are left out; a new
//! module must be given its place here. And no file there is over 1,000 lines.

use crate::common::root;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The layers, lowest first; a module may use those in earlier layers (and
/// its own).
const LAYERS: &[&[&str]] = &[
    &["model"],
    &["diagnostic"],
    &["error"],
    &["sat"],
    &["completion"],
    &["expr"],
    // Neither may use the other: loading never checks, checking never reads files.
    &["check", "load"],
    &["solve", "lint", "schema"],
    &["scenario"],
    &["report"],
    &["serve"],
    &["init"],
];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn no_module_uses_a_layer_above_it() {
    let src = root().join("src");
    let level = |m: &str| LAYERS.iter().position(|l| l.contains(&m));
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut uses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in &files {
        let rel = f.strip_prefix(&src).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if ["lib", "main", "cli"].contains(&top.as_str()) {
            continue;
        }
        let text = std::fs::read_to_string(f).unwrap();
        for line in text.lines() {
            let code = line.split("//").next().unwrap_or("");
            for (i, _) in code.match_indices("crate::") {
                let name: String = code[i + 7..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() && name != top {
                    uses.entry(top.clone()).or_default().insert(name);
                }
            }
        }
    }
    let mut wrong = Vec::new();
    for (m, used) in &uses {
        let Some(lm) = level(m) else {
            wrong.push(format!("`{m}` has no layer in tests/layers.rs"));
            continue;
        };
        for u in used {
            match level(u) {
                Some(lu) if lu < lm => {}
                Some(_) => wrong.push(format!("`{m}` uses `{u}`, which is not below it")),
                // Items of the crate root (re-exports) are no layer.
                None => {}
            }
        }
    }
    assert!(uses.len() >= 10, "only {} modules read", uses.len());
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// No file under `src/` is over 1,000 lines: past that, a file holds more
/// than one thing, and a newcomer cannot hold it in mind.
#[test]
fn no_source_file_is_over_a_thousand_lines() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let n = std::fs::read_to_string(f).unwrap().lines().count();
            (n > 1_000).then(|| format!("{}: {n} lines", f.display()))
        })
        .collect();
    assert!(files.len() > 50, "only {} files read", files.len());
    assert!(long.is_empty(), "{}", long.join("\n"));
}
