//! Timings of `check`, `amend` and `space` on generated workspaces of
//! growing size, and of `amend` on each plan of the shipped workspace.
//!
//! Run with `cargo bench --bench solve`. No harness: each figure is the
//! median of several runs timed with `std::time::Instant`. Set
//! `REDLINE_BENCH_MAX=N` to stop after the N smallest sizes.

// Tests, benches and examples panic to report failure (see [lints] in Cargo.toml).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use redline::{amend, space, AmendOptions, AmendOutcome};
use redline::{check, CheckOptions};
use redline::{load_workspace, Workspace};
use redline::{Date, PartyId};
use redline_testkit::{generate, GenSpec};
use std::path::{Path, PathBuf};
use std::time::Duration;

mod common;
use common::time;

fn ms(d: Duration) -> String {
    let m = d.as_secs_f64() * 1e3;
    if m < 10.0 {
        format!("{m:.2} ms")
    } else {
        format!("{m:.0} ms")
    }
}

fn describe(o: &AmendOutcome) -> String {
    match o {
        AmendOutcome::Amended(a) => format!("{} changes", a.changes.len()),
        AmendOutcome::Impossible(i) => {
            format!("none: core {}, yield {}", i.core.len(), i.correction.len())
        }
    }
}

fn load(dir: &Path) -> Workspace {
    let loaded = load_workspace(dir);
    assert!(
        !loaded.has_errors(),
        "workspace has errors: {:?}",
        loaded.diagnostics.first()
    );
    loaded.workspace
}

fn generated() {
    let sizes: [(usize, usize); 5] = [
        (10, 100),
        (25, 500),
        (50, 1_000),
        (100, 2_500),
        (200, 5_000),
    ];
    let max: usize = std::env::var("REDLINE_BENCH_MAX")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(sizes.len());
    println!(
        "generated workspaces: one red line per two terms, a plan setting most terms, 5% of terms open"
    );
    println!("amend (all) weighs every party; amend (one) only the first party's red lines\n");
    println!(
        "{:>7} {:>6} {:>9} {:>10} {:>12} {:>12} {:>11} {:>11}  outcome (all / one)",
        "parties",
        "terms",
        "red lines",
        "check",
        "amend (all)",
        "amend (one)",
        "space",
        "space+count"
    );
    for (parties, terms) in sizes.into_iter().take(max) {
        let spec = GenSpec {
            parties,
            terms,
            red_lines: terms / 2,
            clauses: terms / 3,
            open_terms: terms / 20,
            seed: 2025,
        };
        let dir = std::env::temp_dir().join(format!(
            "redline-bench-solve-{}-{terms}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        generate(&spec).write_to(&dir).expect("write workspace");
        let ws = load(&dir);
        let plan = ws.plans.first().expect("the generated plan");
        let runs = if terms >= 2_500 { 3 } else { 5 };
        let (t_check, _) = time(runs, || {
            check(&ws.rules, plan, &CheckOptions::default()).expect("check")
        });
        let all = AmendOptions::default();
        let (t_all, r_all) = time(runs, || amend(&ws.rules, plan, &all).expect("amend"));
        let one = AmendOptions {
            selection: CheckOptions {
                as_of: None,
                parties: vec![PartyId::from_index(0)],
                ..Default::default()
            },
            keep: Vec::new(),
            time_limit: None,
        };
        let (t_one, r_one) = time(runs, || amend(&ws.rules, plan, &one).expect("amend"));
        let sel = CheckOptions::default();
        let (t_space, _) = time(runs, || space(&ws.rules, &sel, false).expect("space"));
        let (t_count, _) = time(runs, || space(&ws.rules, &sel, true).expect("space"));
        println!(
            "{:>7} {:>6} {:>9} {:>10} {:>12} {:>12} {:>11} {:>11}  {} / {}",
            parties,
            terms,
            spec.red_lines,
            ms(t_check),
            ms(t_all),
            ms(t_one),
            ms(t_space),
            ms(t_count),
            describe(&r_all.outcome),
            describe(&r_one.outcome)
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}

fn shipped() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    if !root.join("rules").is_dir() || !root.join("proposals").is_dir() {
        println!("\nno shipped workspace at the repository root: skipped");
        return;
    }
    let ws = load(&root);
    let as_of = Date::parse("2025-12-01");
    let target = Duration::from_millis(50);
    println!(
        "\nshipped workspace, red lines in force on 2025-12-01, target {}:",
        ms(target)
    );
    println!(
        "{:<28} {:>10} {:>12}  verdict  outcome",
        "plan", "check", "amend (all)"
    );
    for plan in &ws.plans {
        let opts = AmendOptions {
            selection: CheckOptions {
                as_of,
                parties: Vec::new(),
                ..Default::default()
            },
            keep: Vec::new(),
            time_limit: None,
        };
        let (t_check, _) = time(9, || {
            check(&ws.rules, plan, &opts.selection).expect("check")
        });
        let (t, r) = time(9, || amend(&ws.rules, plan, &opts).expect("amend"));
        println!(
            "{:<28} {:>10} {:>12}  {:<7}  {}",
            plan.id,
            ms(t_check),
            ms(t),
            if t <= target { "ok" } else { "MISSED" },
            describe(&r.outcome)
        );
    }
}

/// `coalitions` on generated workspaces of 13, 50 and 200 parties, with
/// `pairs` disjoint pairs of parties made to clash (one requires a term
/// at its lowest value, the other at its highest): each pair is a blocking
/// group, and the coalitions are the 2^pairs ways of leaving one member of
/// each pair out. The generator alone plants an acceptable plan, so with no
/// pair every party can agree.
fn coalitions_bench() {
    println!(
        "\ncoalitions: generated workspaces (one red line per two terms), with disjoint clashing pairs"
    );
    println!(
        "{:>7} {:>6} {:>6} {:>10} {:>11} {:>9}  complete",
        "parties", "terms", "pairs", "time", "coalitions", "blocking"
    );
    for (parties, terms) in [(13, 200), (50, 1_000), (200, 2_000)] {
        for pairs in [0usize, 3, 6, 12] {
            let spec = GenSpec {
                parties,
                terms,
                red_lines: terms / 2,
                clauses: terms / 3,
                open_terms: terms / 20,
                seed: 2025,
            };
            let dir = std::env::temp_dir().join(format!(
                "redline-bench-coalitions-{}-{parties}-{pairs}",
                std::process::id()
            ));
            let _ = std::fs::remove_dir_all(&dir);
            let mut g = generate(&spec);
            // Each clashing pair gets a bool term of its own.
            let mut terms_toml = g.file("rules/terms.toml").unwrap_or("").to_string();
            for k in 0..pairs {
                terms_toml.push_str(&format!(
                    "\n[[term]]\nid = \"clash.t{k}\"\nabout = \"A clash\"\ndefault = false\n"
                ));
                for (side, want) in [(2 * k, "true"), (2 * k + 1, "false")] {
                    let party = format!("rules/party_{side:03}.toml");
                    if let Some((_, text)) = g.files.iter_mut().find(|(p, _)| *p == party) {
                        text.push_str(&format!(
                            "\n[[red_line]]\nid = \"clash-{k}\"\nabout = \"A clash\"\nrequire = \"clash.t{k} == {want}\"\n"
                        ));
                    }
                }
            }
            if let Some((_, text)) = g.files.iter_mut().find(|(p, _)| p == "rules/terms.toml") {
                *text = terms_toml;
            }
            g.write_to(&dir).expect("write workspace");
            let ws = load(&dir);
            let sel = CheckOptions::default();
            let runs = if parties >= 200 { 1 } else { 3 };
            let (t, c) = time(runs, || {
                redline::coalitions(&ws.rules, &sel, None).expect("coalitions")
            });
            println!(
                "{:>7} {:>6} {:>6} {:>10} {:>11} {:>9}  {}",
                parties,
                terms,
                pairs,
                ms(t),
                c.coalitions.len(),
                c.blocking.len(),
                c.complete
            );
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is accepted and ignored.
    if std::env::var_os("REDLINE_BENCH_ONLY_COALITIONS").is_none() {
        shipped();
        println!();
        generated();
    }
    coalitions_bench();
}
