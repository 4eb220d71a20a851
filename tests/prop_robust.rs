//! Robustness: bad input is never a panic, diagnostics point inside their
//! files, and checking is deterministic.
//!
//! - random bytes and near-valid TOML (mutations of a valid small workspace)
//!   are fed to `load` (in memory); every label of every diagnostic must lie
//!   within its file (on character boundaries), and rendering the
//!   diagnostics must not panic;
//! - pathological nesting (100,000 `(`, `[`, `{`, dotted keys) is rejected
//!   without blowing the stack;
//! - random strings are fed to `redline::parse` and `string_offsets`;
//! - checking one generated workspace twice gives identical reports.

use crate::common::render_diagnostics;
use proptest::prelude::*;
use redline::report::Format;
use redline::Diagnostic;
use redline::SourceMap;
use redline::{check, CheckOptions};
use redline::{load, Loaded, Memory};
use redline_testkit::{generate, GenSpec, GeneratedWorkspace};

/// A workspace in memory.
fn memory(files: &[(String, Vec<u8>)]) -> Memory {
    files.iter().cloned().collect()
}

/// A valid generated workspace, plus two known terms for hand-written red
/// lines: `fuzz.flag` (bool) and `fuzz.level` (enum).
fn small_workspace() -> GeneratedWorkspace {
    let mut ws = generate(&GenSpec {
        parties: 3,
        terms: 6,
        red_lines: 6,
        clauses: 3,
        open_terms: 2,
        seed: 11,
    });
    for (path, text) in &mut ws.files {
        if path == "rules/terms.toml" {
            text.push_str(
                "\n[[term]]\nid = \"fuzz.flag\"\n\n[[term]]\nid = \"fuzz.level\"\nvalues = [\"none\", \"some\", \"all\"]\ndefault = \"none\"\n",
            );
        }
    }
    ws
}

fn as_bytes(ws: &GeneratedWorkspace) -> Vec<(String, Vec<u8>)> {
    ws.files
        .iter()
        .map(|(p, t)| (p.clone(), t.as_bytes().to_vec()))
        .collect()
}

/// Every label of `d` lies within its file, on character boundaries.
fn labels_within(files: &SourceMap, d: &Diagnostic) -> Result<(), String> {
    let all: Vec<_> = files.files().collect();
    for l in &d.labels {
        let Some((_, f)) = all.iter().find(|(id, _)| *id == l.loc.file) else {
            return Err(format!("label in unknown file {:?}: {d:?}", l.loc.file));
        };
        let (s, e) = (l.loc.span.start, l.loc.span.end);
        if s > e || e > f.text.len() {
            return Err(format!(
                "label {s}..{e} outside `{}` ({} bytes): {d:?}",
                f.name,
                f.text.len()
            ));
        }
        if !f.text.is_char_boundary(s) || !f.text.is_char_boundary(e) {
            return Err(format!(
                "label {s}..{e} splits a character in `{}`: {d:?}",
                f.name
            ));
        }
    }
    Ok(())
}

/// Load, check every diagnostic's labels, render them, and check the plans
/// when the workspace loaded without errors.
fn load_and_inspect(files: &[(String, Vec<u8>)]) -> Result<Loaded, String> {
    let loaded = load(&memory(files));
    let ws = &loaded.workspace;
    for d in &loaded.diagnostics {
        labels_within(&ws.files, d)?;
    }
    // The human renderer (miette) panics on lines longer than 65,535
    // characters (see `render_diagnostic_on_a_very_long_line`): render here
    // only when every line is shorter.
    let short_lines = ws
        .files
        .files()
        .all(|(_, f)| f.text.lines().all(|l| l.len() < 60_000));
    if short_lines {
        let _ = render_diagnostics(&ws.files, &loaded.diagnostics, Format::Human);
    }
    let _ = render_diagnostics(&ws.files, &loaded.diagnostics, Format::Json);
    let _ = render_diagnostics(&ws.files, &loaded.diagnostics, Format::Markdown);
    if !loaded.has_errors() {
        for plan in &ws.plans {
            check(&ws.rules, plan, &CheckOptions::default()).map_err(|e| e.to_string())?;
        }
    }
    Ok(loaded)
}

// ------------------------------------------------------------- mutations

#[derive(Debug, Clone)]
pub enum Mutation {
    Delete(usize),
    Duplicate(usize),
    Swap(usize),
    Insert(usize, char),
    InsertLine(usize, usize),
    DuplicateLine(usize),
    DeleteLine(usize),
}

const INSERTED: &[char] = &[
    '"', '\'', '[', ']', '{', '}', '=', ',', '.', '\n', ' ', '#', '-', '_', ':', '0', '9', 'a',
    't', '\\', '(', ')', '<', '>', 'é', '\u{0}', '\u{feff}', '\t', '\r', '😀',
];

const LINES: &[&str] = &[
    "zz = 1",
    "[[term]]",
    "[[red_line]]",
    "[[clause]]",
    "[[party]]",
    "[zz]",
    "id = \"dup\"",
    "forbid = \"x.y == 'z'\"",
    "require = \"(((\"",
    "when = \"not\"",
    "values = []",
    "range = [5, 1]",
    "default = 3",
    "members = [\"party_000\", \"party_000\"]",
    "decides = \"majority\"",
    "set = { \"nope\" = 1 }",
    "set = 5",
    "stated = 2025-02-30",
    "until = \"yesterday\"",
    "party = 7",
    "owner = \"nobody\"",
    "x = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
    "'''",
    "\"\"\"",
];

pub fn mutation_strategy() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Delete),
        any::<usize>().prop_map(Mutation::Duplicate),
        any::<usize>().prop_map(Mutation::Swap),
        (any::<usize>(), prop::sample::select(INSERTED)).prop_map(|(p, c)| Mutation::Insert(p, c)),
        (any::<usize>(), 0..LINES.len()).prop_map(|(p, l)| Mutation::InsertLine(p, l)),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        any::<usize>().prop_map(Mutation::DeleteLine),
    ]
}

pub fn apply(text: &str, m: &Mutation) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let at = |p: usize, extra: usize| p % (n + extra).max(1);
    match m {
        Mutation::Delete(p) if n > 0 => {
            chars.remove(at(*p, 0));
        }
        Mutation::Duplicate(p) if n > 0 => {
            let i = at(*p, 0);
            chars.insert(i, chars[i]);
        }
        Mutation::Swap(p) if n > 1 => {
            let i = at(*p, 0) % (n - 1);
            chars.swap(i, i + 1);
        }
        Mutation::Insert(p, c) => chars.insert(at(*p, 1), *c),
        Mutation::InsertLine(p, l) => {
            let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
            let i = p % (lines.len() + 1);
            lines.insert(i, LINES[*l].to_string());
            return lines.join("\n");
        }
        Mutation::DuplicateLine(p) => {
            let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
            if !lines.is_empty() {
                let i = p % lines.len();
                lines.insert(i, lines[i].clone());
            }
            return lines.join("\n");
        }
        Mutation::DeleteLine(p) => {
            let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
            if !lines.is_empty() {
                lines.remove(p % lines.len());
            }
            return lines.join("\n");
        }
        _ => {}
    }
    chars.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    /// Near-valid TOML: a few mutations of one file of a valid workspace.
    #[test]
    fn mutated_workspaces_never_panic(
        file in any::<prop::sample::Index>(),
        muts in prop::collection::vec(mutation_strategy(), 1..6),
    ) {
        let ws = small_workspace();
        let i = file.index(ws.files.len());
        let mut files = as_bytes(&ws);
        let mut text = ws.files[i].1.clone();
        for m in &muts {
            text = apply(&text, m);
        }
        files[i].1 = text.into_bytes();
        if let Err(e) = load_and_inspect(&files) {
            return Err(TestCaseError::fail(e));
        }
    }

    /// Random bytes in place of one file (or as an extra red-line file).
    #[test]
    fn random_bytes_never_panic(
        file in 0usize..7,
        bytes in prop::collection::vec(any::<u8>(), 0..300),
    ) {
        let ws = small_workspace();
        let mut files = as_bytes(&ws);
        if file < files.len() {
            files[file].1 = bytes;
        } else {
            files.push(("rules/zz_random.toml".to_string(), bytes));
        }
        if let Err(e) = load_and_inspect(&files) {
            return Err(TestCaseError::fail(e));
        }
    }

    /// Random printable text in place of a red line's expression.
    #[test]
    fn random_expression_text_in_a_workspace(
        text in "[ -~é😀\\t]{0,60}",
    ) {
        let ws = small_workspace();
        let mut files = as_bytes(&ws);
        let escaped = text.replace('\\', "\\\\").replace('"', "\\\"");
        let extra = format!(
            "party = \"party_000\"\n\n[[red_line]]\nid = \"fuzz\"\nforbid = \"{escaped}\"\nwhen = '{}'\n",
            text.replace('\'', "")
        );
        files.push(("rules/zz_fuzz.toml".to_string(), extra.into_bytes()));
        if let Err(e) = load_and_inspect(&files) {
            return Err(TestCaseError::fail(e));
        }
    }
}

// ----------------------------------------------------------- expressions

fn vocab_workspace() -> Loaded {
    let ws = small_workspace();
    let loaded = load(&memory(&as_bytes(&ws)));
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    loaded
}

/// Expression-ish text: tokens of the language, term names, junk.
fn expr_text() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("(".to_string()),
        Just(")".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just(",".to_string()),
        Just("and".to_string()),
        Just("or".to_string()),
        Just("not".to_string()),
        Just("in".to_string()),
        Just("implies".to_string()),
        Just("true".to_string()),
        Just("false".to_string()),
        Just("==".to_string()),
        Just("!=".to_string()),
        Just("<".to_string()),
        Just("<=".to_string()),
        Just(">".to_string()),
        Just(">=".to_string()),
        Just("=".to_string()),
        Just("->".to_string()),
        Just("'none'".to_string()),
        Just("'full'".to_string()),
        Just("\"barred\"".to_string()),
        Just("'".to_string()),
        Just("\"".to_string()),
        Just("-".to_string()),
        Just("AND".to_string()),
        Just("troops".to_string()),
        Just("fuzz.flag".to_string()),
        Just("fuzz.level".to_string()),
        Just("'some'".to_string()),
        Just("troops.t0000".to_string()),
        Just("territory.t0001".to_string()),
        Just("sanctions.t0002".to_string()),
        Just("guarantees.t0003".to_string()),
        Just("nuclear.t0004".to_string()),
        Just("elections.t0005".to_string()),
        "-?[0-9_]{1,25}",
        "[a-z_.]{1,10}",
        "'[a-zé ]{0,6}'",
        "\\PC{1,3}",
    ];
    (
        prop::collection::vec(token, 0..14),
        prop::collection::vec(prop::sample::select(&[" ", "", "  ", "\n", "\t"][..]), 14),
    )
        .prop_map(|(tokens, seps)| {
            let mut s = String::new();
            for (t, sep) in tokens.iter().zip(seps.iter().cycle()) {
                s.push_str(t);
                s.push_str(sep);
            }
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn parse_never_panics_and_spans_lie_within(text in prop_oneof![expr_text(), "\\PC{0,40}", ".{0,40}"]) {
        thread_local! {
            static LOADED: Loaded = vocab_workspace();
        }
        LOADED.with(|loaded| -> Result<(), TestCaseError> {
            match redline::parse_expr(&text, &loaded.workspace.rules.vocab) {
                Ok(e) => {
                    // Whatever parsed evaluates without trouble.
                    let _ = e.terms();
                }
                Err(errors) => {
                    prop_assert!(!errors.is_empty(), "an error without a diagnostic for {:?}", text);
                    for err in errors {
                        let (s, e) = (err.span.start, err.span.end);
                        prop_assert!(s <= e && e <= text.len(), "span {}..{} outside {:?}: {:?}", s, e, text, err);
                        prop_assert!(
                            text.is_char_boundary(s) && text.is_char_boundary(e),
                            "span {}..{} splits a character of {:?}: {:?}", s, e, text, err
                        );
                    }
                }
            }
            Ok(())
        })?;
    }

    #[test]
    fn string_offsets_never_panic(raw in prop_oneof![
        "\\PC{0,30}",
        "\"[a-z\\\\\"'nt u0-9{}]{0,20}\"",
        "'[a-z\\\\\"]{0,20}'",
        "\"\"\"[a-z\\\\\"\n]{0,20}\"\"\"",
        "'''[a-z'\n]{0,20}'''",
    ]) {
        if let Some(m) = redline::string_offsets(&raw) {
            prop_assert!(m.windows(2).all(|w| w[0] <= w[1]), "offsets decrease: {:?}", m);
            prop_assert!(m.iter().all(|o| *o <= raw.len()), "offset past the end: {:?}", m);
        }
    }
}

// ------------------------------------------------------ deep nesting

fn with_file(rel: &str, text: String) -> Vec<(String, Vec<u8>)> {
    let mut files = as_bytes(&small_workspace());
    match files.iter_mut().find(|(p, _)| p == rel) {
        Some(slot) => slot.1 = text.into_bytes(),
        None => files.push((rel.to_string(), text.into_bytes())),
    }
    files
}

fn expect_errors(files: &[(String, Vec<u8>)], what: &str) {
    let loaded = load_and_inspect(files).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(loaded.has_errors(), "{what}: no error reported");
}

const DEEP: usize = 100_000;

#[test]
fn deeply_nested_expression() {
    let text = format!(
        "party = \"party_000\"\n[[red_line]]\nid = \"deep\"\nforbid = \"{}fuzz.level == 'some'{}\"\n",
        "(".repeat(DEEP),
        ")".repeat(DEEP)
    );
    expect_errors(&with_file("rules/zz_deep.toml", text), "100,000 `(`");
    let text = format!(
        "party = \"party_000\"\n[[red_line]]\nid = \"deep\"\nforbid = \"{}\"\n",
        "(".repeat(DEEP)
    );
    expect_errors(
        &with_file("rules/zz_deep.toml", text),
        "100,000 unclosed `(`",
    );
    let text = format!(
        "party = \"party_000\"\n[[red_line]]\nid = \"deep\"\nforbid = \"{}fuzz.flag\"\n",
        "not ".repeat(DEEP)
    );
    expect_errors(&with_file("rules/zz_deep.toml", text), "100,000 `not`");
    let text = format!(
        "party = \"party_000\"\n[[red_line]]\nid = \"deep\"\nforbid = \"fuzz.flag{}\"\n",
        " implies fuzz.flag".repeat(DEEP / 10)
    );
    expect_errors(&with_file("rules/zz_deep.toml", text), "10,000 `implies`");
}

#[test]
fn long_flat_expression_is_fine() {
    // Long but flat: `and` chains are not nesting.
    let text = format!(
        "party = \"party_000\"\n[[red_line]]\nid = \"long\"\nforbid = \"fuzz.flag{}\"\n",
        " and fuzz.flag or not fuzz.flag".repeat(DEEP / 20)
    );
    let loaded = load_and_inspect(&with_file("rules/zz_long.toml", text)).unwrap();
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics.first());
}

#[test]
fn deeply_nested_toml_arrays() {
    let text = format!("x = {}{}\n", "[".repeat(DEEP), "]".repeat(DEEP));
    expect_errors(
        &with_file("rules/terms.toml", text),
        "100,000 nested arrays",
    );
    let text = format!("x = {}\n", "[".repeat(DEEP));
    expect_errors(
        &with_file("rules/terms.toml", text),
        "100,000 unclosed arrays",
    );
}

#[test]
fn deeply_nested_toml_inline_tables() {
    let text = format!("x = {}{}\n", "{ a = ".repeat(DEEP), "}".repeat(DEEP));
    expect_errors(
        &with_file("rules/parties.toml", text),
        "100,000 nested tables",
    );
}

#[test]
fn deeply_nested_set_table() {
    // `set` flattens nested tables into dotted ids: 100,000 levels deep.
    let ws = small_workspace();
    let plan = ws.file("proposals/plan.toml").unwrap();
    let deep = format!(
        "{plan}\n[[clause]]\nid = \"deep\"\nset = {}1{}\n",
        "{ a = ".repeat(DEEP),
        " }".repeat(DEEP)
    );
    expect_errors(
        &with_file("proposals/plan.toml", deep),
        "100,000 nested `set` tables",
    );
}

#[test]
fn very_long_dotted_key() {
    let key = vec!["a"; DEEP].join(".");
    let ws = small_workspace();
    let plan = ws.file("proposals/plan.toml").unwrap();
    let text = format!("{plan}\n[[clause]]\nid = \"long-key\"\nset = {{ {key} = 1 }}\n");
    expect_errors(
        &with_file("proposals/plan.toml", text),
        "a key of 100,000 dots",
    );
    let text = format!("{key} = 1\n");
    expect_errors(
        &with_file("rules/sources.toml", text),
        "a top-level dotted key",
    );
}

/// miette panics ("Formatting argument out of range") when asked to draw a
/// labelled line longer than 65,535 characters; the report layer gives such
/// locations as `file:line:col` instead of drawing them.
#[test]
fn render_diagnostic_on_a_very_long_line() {
    let text = format!("x = {}\n", "[".repeat(70_000));
    let files = with_file("rules/terms.toml", text);
    let loaded = load(&memory(&files));
    assert!(loaded.has_errors());
    let out = render_diagnostics(&loaded.workspace.files, &loaded.diagnostics, Format::Human);
    assert!(out.contains("rules/terms.toml:1:"), "{out}");
}

#[test]
fn many_array_of_tables_headers() {
    let text = "[[term]]\n".repeat(DEEP / 10);
    expect_errors(&with_file("rules/terms.toml", text), "10,000 empty terms");
}

// ---------------------------------------------------------- determinism

#[test]
fn checking_is_deterministic() {
    let spec = GenSpec {
        parties: 12,
        terms: 80,
        red_lines: 300,
        clauses: 40,
        open_terms: 20,
        seed: 99,
    };
    let gen = generate(&spec);
    assert_eq!(gen, generate(&spec), "the generator is not deterministic");
    let files = as_bytes(&gen);
    let first = load_and_inspect(&files).unwrap();
    let second = load_and_inspect(&files).unwrap();
    assert!(first.diagnostics.is_empty());
    let ws = &first.workspace;
    let plan = ws.plans.first().unwrap();
    let opts = CheckOptions::default();
    let a = format!("{:?}", check(&ws.rules, plan, &opts).unwrap());
    let b = format!("{:?}", check(&ws.rules, plan, &opts).unwrap());
    assert_eq!(a, b, "checking one loaded workspace twice differs");
    let ws2 = &second.workspace;
    let c = format!(
        "{:?}",
        check(&ws2.rules, ws2.plans.first().unwrap(), &opts).unwrap()
    );
    assert_eq!(a, c, "checking a reloaded workspace differs");
    // And the same with a date: red lines out of force drop out alike.
    let dated = CheckOptions {
        as_of: redline::Date::parse("2025-06-15"),
        parties: Vec::new(),
        ..Default::default()
    };
    let d = format!("{:?}", check(&ws.rules, plan, &dated).unwrap());
    let e = format!(
        "{:?}",
        check(&ws2.rules, ws2.plans.first().unwrap(), &dated).unwrap()
    );
    assert_eq!(d, e);
}
