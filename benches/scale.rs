//! Scale: the large and hostile cases of issue 13, each loaded from memory,
//! checked (or amended) and rendered for a terminal, timed once each.
//!
//! Run with `cargo bench --bench scale`. Every case should finish within
//! 5 s; the bench says which do not.

// Tests, benches and examples panic to report failure (see [lints] in Cargo.toml).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use redline::report::{self, view, Body, Command, Document, Format, Style};
use redline::{AmendOptions, CheckOptions, Date, Memory};
use std::time::{Duration, Instant};

const N: usize = 100_000;
const PARTIES: &str = "[[party]]\nid = \"north\"\n\n[[party]]\nid = \"south\"\n";
const CAP: &str = "[[term]]\nid = \"army.cap\"\nrange = [0, 1_000_000]\ndefault = 5\n";

fn ws(terms: String, rules: String, plan: String) -> Memory {
    Memory::new()
        .with("rules/terms.toml", terms)
        .with("rules/parties.toml", PARTIES)
        .with("rules/north.toml", format!("party = \"north\"\n{rules}"))
        .with("proposals/p.toml", format!("id = \"p\"\n{plan}"))
}

fn clauses(n: usize, set: impl Fn(usize) -> String) -> String {
    (0..n)
        .map(|i| format!("[[clause]]\nid = \"c{i}\"\nset = {{ {} }}\n", set(i)))
        .collect()
}

fn red_lines(n: usize, rule: impl Fn(usize) -> String) -> String {
    (0..n)
        .map(|i| format!("[[red_line]]\nid = \"r{i}\"\n{}\n", rule(i)))
        .collect()
}

/// Load, then check and render (or, with `amend`, amend); the time taken.
fn run(files: &Memory, amend: bool) -> Duration {
    let start = Instant::now();
    let loaded = redline::load(files);
    let ws = &loaded.workspace;
    let opts = CheckOptions {
        as_of: Date::parse("2025-12-01"),
        ..Default::default()
    };
    if loaded.has_errors() {
        let _ = report::render(
            &Document::failed(
                Command::Check,
                view::diagnostic_views(&ws.files, &loaded.diagnostics),
            ),
            &ws.files,
            Format::Human,
            Style::plain(),
        );
        return start.elapsed();
    }
    for plan in &ws.plans {
        if amend {
            let a = AmendOptions {
                selection: opts.clone(),
                keep: vec![],
                time_limit: None,
            };
            let _ = redline::amend(&ws.rules, plan, &a).unwrap();
        } else {
            let r = redline::check(&ws.rules, plan, &opts).unwrap();
            let doc = Document::new(
                Command::Check,
                Body::Check(view::check_view(ws, &[(plan, &r)], &[])),
            );
            let _ = report::render(&doc, &ws.files, Format::Human, Style::plain());
        }
    }
    start.elapsed()
}

fn main() {
    let rl = || red_lines(1, |_| "forbid = \"army.cap < 10\"".to_string());
    let cases: Vec<(&str, Memory, bool)> = vec![
        (
            "100k clauses setting one term",
            ws(CAP.into(), rl(), clauses(N, |_| "\"army.cap\" = 5".into())),
            false,
        ),
        (
            "100k conflicting clauses",
            ws(
                CAP.into(),
                rl(),
                clauses(N, |i| format!("\"army.cap\" = {}", i % 2)),
            ),
            false,
        ),
        (
            "100k terms, 100k clauses",
            ws(
                (0..N)
                    .map(|i| format!("[[term]]\nid = \"t.x{i}\"\ndefault = false\n"))
                    .collect(),
                red_lines(1, |_| "forbid = \"t.x0\"".into()),
                clauses(N, |i| format!("\"t.x{i}\" = true")),
            ),
            false,
        ),
        (
            "100k red lines",
            ws(
                CAP.into(),
                red_lines(N, |i| format!("forbid = \"army.cap < {}\"", i % 1000)),
                clauses(1, |_| "\"army.cap\" = 500".into()),
            ),
            false,
        ),
        (
            "amend, 100k red lines",
            ws(
                CAP.into(),
                red_lines(N, |i| format!("forbid = \"army.cap < {}\"", i % 1000)),
                clauses(1, |_| "\"army.cap\" = 500".into()),
            ),
            true,
        ),
        (
            "100k duplicate keys",
            ws(format!("{CAP}{}", "x = 1\n".repeat(N)), rl(), String::new()),
            false,
        ),
        (
            "100k syntax errors",
            ws(CAP.into(), rl(), "= broken\n".repeat(N)),
            false,
        ),
        (
            "10k-member bloc cycle",
            Memory::new().with("rules/terms.toml", CAP).with(
                "rules/parties.toml",
                (0..10_000)
                    .map(|i| {
                        format!(
                            "[[party]]\nid = \"b{i}\"\nmembers = [\"b{}\"]\n",
                            (i + 1) % 10_000
                        )
                    })
                    .collect::<String>(),
            ),
            false,
        ),
        (
            "100k-value enum",
            ws(
                format!(
                    "[[term]]\nid = \"e.v\"\nvalues = [{}]\ndefault = \"v0\"\n",
                    (0..N)
                        .map(|i| format!("\"v{i}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                red_lines(1, |_| "forbid = \"e.v > 'v50000'\"".into()),
                clauses(1, |_| "\"e.v\" = [\"v1\", \"v99999\"]".into()),
            ),
            false,
        ),
        (
            "amend, 2,000 objections",
            ws(
                (0..2000)
                    .map(|i| format!("[[term]]\nid = \"t.x{i}\"\ndefault = false\n"))
                    .collect(),
                red_lines(2000, |i| {
                    format!("require = \"t.x{i}\"\nseverity = \"objection\"")
                }),
                clauses(1, |_| "\"t.x1\" = false".into()),
            ),
            true,
        ),
    ];
    println!("| case | time |\n|---|---|");
    let mut slow = 0;
    for (name, files, amend) in &cases {
        let t = run(files, *amend);
        let mark = if t > Duration::from_secs(5) {
            slow += 1;
            " (over 5 s)"
        } else {
            ""
        };
        println!("| {name} | {:.2} s{mark} |", t.as_secs_f64());
    }
    if slow > 0 {
        println!("{slow} case(s) over the 5 s budget");
        std::process::exit(1);
    }
}
