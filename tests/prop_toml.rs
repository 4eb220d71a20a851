//! The fast TOML parser against the `toml` crate: wherever it reads a
//! text, it must read it exactly as `toml` does (same tree, same spans) and
//! `toml` must find no error in it. `redline::plain_toml_agrees` makes the
//! comparison; these tests choose the texts: every file of the shipped and
//! fixture workspaces, generated workspaces, those files mutated at random,
//! and documents glued from fragments that hit each rule of the parser.

use crate::common::{root, scaled};
use crate::prop_robust::{apply, mutation_strategy};
use proptest::prelude::*;
use redline::plain_toml_agrees;
use redline_testkit::{generate, GenSpec};
use std::path::{Path, PathBuf};

fn toml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            toml_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "toml") {
            out.push(p);
        }
    }
}

/// Every `.toml` file of the shipped workspace and of the test fixtures.
fn all_files() -> Vec<(PathBuf, String)> {
    let mut paths = Vec::new();
    for d in [
        "rules",
        "proposals",
        "tests/scenarios",
        "tests/fixtures",
        "examples",
    ] {
        toml_files(&root().join(d), &mut paths);
    }
    paths
        .into_iter()
        .filter_map(|p| {
            let bytes = std::fs::read(&p).ok()?;
            Some((p, String::from_utf8(bytes).ok()?))
        })
        .collect()
}

fn agree(text: &str) -> bool {
    match plain_toml_agrees(text) {
        Ok(read) => read,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn every_shipped_file_takes_the_fast_path() {
    let mut n = 0;
    for d in ["rules", "proposals", "tests/scenarios"] {
        let mut paths = Vec::new();
        toml_files(&root().join(d), &mut paths);
        for p in paths {
            let text = std::fs::read_to_string(&p).unwrap();
            assert!(agree(&text), "{} fell back to the toml crate", p.display());
            n += 1;
        }
    }
    assert!(n > 30, "found only {n} shipped files");
}

#[test]
fn fixture_files_read_as_toml_reads_them() {
    let files = all_files();
    let plain = files.iter().filter(|(_, t)| agree(t)).count();
    // Broken fixtures fall back; most files are plain.
    assert!(
        plain * 2 > files.len(),
        "{plain} of {} files took the fast path",
        files.len()
    );
}

#[test]
fn generated_workspaces_take_the_fast_path() {
    for seed in 0..4 {
        let ws = generate(&GenSpec {
            parties: 5,
            terms: 40,
            red_lines: 30,
            clauses: 20,
            open_terms: 5,
            seed,
        });
        for (path, text) in &ws.files {
            assert!(
                agree(text),
                "{path} (seed {seed}) fell back to the toml crate"
            );
        }
    }
}

/// Fragments that between them hit every rule of the fast parser, valid
/// and not.
const FRAGMENTS: &[&str] = &[
    "a = 1\n",
    "a = -0\n",
    "b = +7\n",
    "c = 1_000\n",
    "c = 1__0\n",
    "c = 1_\n",
    "d = \"s\"\n",
    "d = 's'\n",
    "e = true\n",
    "e = false\n",
    "e = truth\n",
    "f = [1, 'x', [2]]\n",
    "f = [\n]\n",
    "f = [ # c\n 1 ,\n # d\n ]\n",
    "g = { h = 1, i.j = 2 }\n",
    "g = {}\n",
    "g = { h = 1, }\n",
    "g = { h = 1,\n i = 2 }\n",
    "g = { h.i = 1, h.j = 2 }\n",
    "g = { h = 1, h.j = 2 }\n",
    "k.l = 3\n",
    "k.m = 4\n",
    "k = 5\n",
    "k . n = 6\n",
    "[s]\n",
    "[s.t]\n",
    "[s.t.u]\n",
    "[[v]]\n",
    "[[v.w]]\n",
    "[v.x]\n",
    "[[s]]\n",
    "[ s . t ]\n",
    "['s'.\"t\"]\n",
    "[[ v ]]\n",
    "[ [v] ]\n",
    "[k]\n",
    "[k.l.z]\n",
    "[g.h]\n",
    "[f]\n",
    "[[f]]\n",
    "n = 2025-11-20\n",
    "n = 2024-02-29\n",
    "n = 2023-02-29\n",
    "n = 2025-13-01\n",
    "n = 2025-11-20T10:00:00\n",
    "n = 2025-11-20 10:00:00\n",
    "n = 10:00:00\n",
    "o = \"\\u00e9\\U0001F600\\n\\t\\\\\\\"\"\n",
    "o = \"\\uD800\"\n",
    "o = \"\\e\"\n",
    "o = \"\\x41\"\n",
    "o = \"\\q\"\n",
    "o = \"tab\there\"\n",
    "o = \"\"\n",
    "o = ''\n",
    "o = \"\"\"ml\"\"\"\n",
    "o = '''ml'''\n",
    "# comment\n",
    "# tab\tcomment\n",
    "\n",
    "\r\n",
    "\r",
    "p = 1 # trailing\n",
    "p = 1#x\n",
    "q = [1,]\n",
    "q = [,]\n",
    "r = 1.0\n",
    "r = 1e5\n",
    "r = inf\n",
    "r = nan\n",
    "r = 0x1F\n",
    "r = 0o7\n",
    "r = 0b1\n",
    "r = 01\n",
    "\"\" = 1\n",
    "u = \"a\" \n",
    " \t w = 1\n",
    "x = [ { a = 1 }, { a = 2 } ]\n",
    "y=1\n",
    "y =1\n",
    "z = 'it''s'\n",
    "[a]\n",
    "a.b.c = 1\n",
    "[a.b]\n",
    "[a.b.c]\n",
    "bad\n",
    "= 1\n",
    "[]\n",
    "[[]]\n",
    "[a\n",
    "t = 9223372036854775807\n",
    "t = 9223372036854775808\n",
    "t = -9223372036854775808\n",
    "t = -9223372036854775809\n",
    "é = 1\n",
    "\"é\" = 'ü'\n",
    "a = \"x\" b = 1\n",
    "a = 1 2\n",
    "a = [1 2]\n",
    "a = {b = 1 c = 2}\n",
    "a = \"unterminated\n",
    "a\n= 1\n",
    "a =\n1\n",
    "[x] y = 1\n",
    "-_ = 1\n",
    "1 = 2\n",
    "a.\"b.c\".d = 1\n",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(scaled(3_000)))]

    #[test]
    fn glued_fragments_read_as_toml_reads_them(
        parts in prop::collection::vec(prop::sample::select(FRAGMENTS), 0..14)
    ) {
        let text: String = parts.concat();
        let _ = agree(&text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(scaled(1_500)))]

    #[test]
    fn mutated_files_read_as_toml_reads_them(
        which in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation_strategy(), 1..4),
    ) {
        let files = every_file();
        let (_, text) = which.get(files);
        let mut text = text.clone();
        for m in &mutations {
            text = apply(&text, m);
        }
        let _ = agree(&text);
    }
}

/// `all_files`, read once.
fn every_file() -> &'static [(PathBuf, String)] {
    static FILES: std::sync::OnceLock<Vec<(PathBuf, String)>> = std::sync::OnceLock::new();
    FILES.get_or_init(all_files)
}
