//! Load + check timings on a large generated workspace.
//!
//! Run with `cargo bench --bench check`. No harness: each scenario is timed
//! with `std::time::Instant` over several runs and the median is reported.

// Tests, benches and examples panic to report failure (see [lints] in Cargo.toml).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use redline::load_workspace;
use redline::{check, CheckOptions};
use redline_testkit::{generate, GenSpec};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const RUNS: usize = 7;

struct Scenario {
    name: &'static str,
    spec: GenSpec,
    target: Duration,
}

struct Figures {
    load: Duration,
    check: Duration,
    total: Duration,
    findings: usize,
    problems: usize,
}

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs.get(xs.len() / 2).copied().unwrap_or_default()
}

fn temp_dir(tag: &str) -> PathBuf {
    std::env::temp_dir().join(format!("redline-bench-{}-{tag}", std::process::id()))
}

fn run_once(dir: &Path) -> (Duration, Duration, usize, usize) {
    let t0 = Instant::now();
    let loaded = load_workspace(dir);
    let t1 = Instant::now();
    assert!(
        loaded.diagnostics.is_empty(),
        "generated workspace has diagnostics: {:?}",
        loaded.diagnostics.first()
    );
    let ws = &loaded.workspace;
    let plan = ws.plans.first().expect("the generated plan");
    let report = check(&ws.rules, plan, &CheckOptions::default()).expect("check");
    let t2 = Instant::now();
    let problems = report.problems().count();
    (t1 - t0, t2 - t1, report.findings.len(), problems)
}

fn measure(s: &Scenario) -> Figures {
    let dir = temp_dir(s.name);
    let _ = std::fs::remove_dir_all(&dir);
    generate(&s.spec).write_to(&dir).expect("write workspace");
    // One warm-up run (file cache, allocator), then the timed runs.
    let _ = run_once(&dir);
    let mut loads = Vec::new();
    let mut checks = Vec::new();
    let mut totals = Vec::new();
    let (mut findings, mut problems) = (0, 0);
    for _ in 0..RUNS {
        let (l, c, f, p) = run_once(&dir);
        loads.push(l);
        checks.push(c);
        totals.push(l + c);
        findings = f;
        problems = p;
    }
    let _ = std::fs::remove_dir_all(&dir);
    Figures {
        load: median(loads),
        check: median(checks),
        total: median(totals),
        findings,
        problems,
    }
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is accepted and ignored.
    let base = GenSpec {
        parties: 50,
        terms: 500,
        red_lines: 2_000,
        clauses: 300,
        open_terms: 0,
        seed: 2025,
    };
    let scenarios = [
        Scenario {
            name: "fully-specified",
            spec: base,
            target: Duration::from_millis(100),
        },
        Scenario {
            name: "100-open-terms",
            spec: GenSpec {
                open_terms: 100,
                ..base
            },
            target: Duration::from_secs(1),
        },
    ];
    println!(
        "redline check bench: {} parties, {} terms, {} red lines, {} clauses; median of {RUNS} runs",
        base.parties, base.terms, base.red_lines, base.clauses
    );
    println!();
    println!(
        "{:<18} {:>11} {:>11} {:>11} {:>9} {:>9} {:>9}  verdict",
        "scenario", "load", "check", "total", "target", "findings", "problems"
    );
    let mut missed = false;
    for s in &scenarios {
        let f = measure(s);
        let ok = f.total <= s.target;
        missed |= !ok;
        println!(
            "{:<18} {:>11} {:>11} {:>11} {:>9} {:>9} {:>9}  {}",
            s.name,
            ms(f.load),
            ms(f.check),
            ms(f.total),
            ms(s.target),
            f.findings,
            f.problems,
            if ok { "ok" } else { "MISSED" }
        );
    }
    if missed {
        println!("\nat least one target was missed");
    }
}
