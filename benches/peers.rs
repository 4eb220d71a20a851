//! The instances of the side-by-side benchmark (`../shared/bench/gen.py`),
//! timed in-process stage by stage: load, check, amend and space, at the
//! four sizes of the sat family and of the conflict family, with the
//! growth exponent between sizes; then the hard family of overlapping,
//! unplanted conflicts (`benches/hard.py`): load, check and amend (its
//! agreement space is not what it measures).
//!
//! Run with `cargo bench --bench peers`. It needs `python3` and the bench's
//! `gen.py` (at `../shared/bench/gen.py`, or at `REDLINE_BENCH_GEN`);
//! without them it says so and times nothing. `compare.sh` in the same
//! folder times the whole `redline` process against the peers; this bench
//! says where redline's own time goes.

// Tests, benches and examples panic to report failure (see [lints] in Cargo.toml).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

// As in the binary: what `redline` runs with.
#[path = "../src/alloc.rs"]
mod alloc;
#[global_allocator]
static ALLOC: alloc::MiMalloc = alloc::MiMalloc;

use redline::{amend, check, load_workspace, space, AmendOptions, AmendOutcome, CheckOptions};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

mod common;
use common::time;

/// terms, parties, red lines per party, planted changes (as in the bench's README).
const SIZES: [(usize, usize, usize, usize); 4] = [
    (200, 20, 10, 5),
    (1_000, 100, 20, 10),
    (2_000, 100, 40, 15),
    (5_000, 200, 25, 20),
];
/// Planted conflicts of the conflict family, per size.
const CONFLICTS: [usize; 4] = [3, 5, 10, 20];
/// The hard family: terms, parties, planted red lines per party, planted
/// changes, hot terms, contested red lines.
const HARD: [(usize, usize, usize, usize, usize, usize); 4] = [
    (200, 20, 10, 5, 20, 40),
    (1_000, 100, 20, 10, 50, 300),
    (2_000, 100, 40, 15, 60, 400),
    (1_000, 100, 20, 10, 50, 500),
];

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn gen_py() -> Option<PathBuf> {
    let p = std::env::var_os("REDLINE_BENCH_GEN")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen.py"));
    p.is_file().then_some(p)
}

fn generate(gen: &Path, out: &Path, size: (usize, usize, usize, usize), conflicts: usize) {
    let (t, p, l, k) = size;
    let status = Command::new("python3")
        .arg(gen)
        .arg(out)
        .args(["--terms", &t.to_string(), "--parties", &p.to_string()])
        .args(["--lines", &l.to_string(), "--changed", &k.to_string()])
        .args(["--conflicts", &conflicts.to_string()])
        .status()
        .expect("python3 runs");
    assert!(status.success(), "gen.py failed for {size:?}");
}

fn bytes(dir: &Path) -> u64 {
    let mut n = 0;
    for sub in ["rules", "proposals"] {
        for e in std::fs::read_dir(dir.join(sub)).unwrap() {
            n += e.unwrap().metadata().unwrap().len();
        }
    }
    n
}

fn main() {
    let Some(gen) = gen_py() else {
        println!("SKIPPED: no gen.py (set REDLINE_BENCH_GEN, or keep ../shared/bench beside the repository)");
        return;
    };
    if Command::new("python3").arg("--version").output().is_err() {
        println!("SKIPPED: python3 is needed to run gen.py");
        return;
    }
    let root = std::env::temp_dir().join(format!("redline-bench-peers-{}", std::process::id()));
    println!("in-process medians (load and check of 5 runs, amend and space of 3); answers for comparing with compare.sh's peers");
    println!();
    println!(
        "{:>24} {:>8} {:>9} {:>8} {:>8} {:>8}  answer",
        "terms/parties/lines(+c)", "load", "MB/s", "check", "amend", "space"
    );
    for family in [false, true] {
        let mut prev: Option<(usize, [f64; 4])> = None;
        for (i, size) in SIZES.iter().enumerate() {
            let c = if family { CONFLICTS[i] } else { 0 };
            let dir = root.join(format!("{}-{c}", size.0));
            generate(&gen, &dir, *size, c);
            let ws_dir = dir.join("ws");
            let (load_t, loaded) = time(5, || load_workspace(&ws_dir));
            assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics.first());
            let ws = &loaded.workspace;
            let plan = ws.plans.first().expect("gen.py writes one plan");
            let opts = CheckOptions::default();
            let (check_t, _) = time(5, || check(&ws.rules, plan, &opts).unwrap());
            let a = AmendOptions {
                selection: opts.clone(),
                keep: vec![],
                time_limit: None,
            };
            let (amend_t, r) = time(3, || amend(&ws.rules, plan, &a).unwrap());
            let (space_t, _) = time(3, || space(&ws.rules, &opts, false).unwrap());
            let answer = answer_of(&r);
            let label = format!(
                "{}/{}/{}{}",
                size.0,
                size.1,
                size.1 * size.2,
                if c > 0 {
                    format!(" +{c}")
                } else {
                    String::new()
                }
            );
            let mbs = bytes(&ws_dir) as f64 / load_t.as_secs_f64() / 1e6;
            let now = [ms(load_t), ms(check_t), ms(amend_t), ms(space_t)];
            println!(
                "{label:>24} {:>5.1} ms {mbs:>9.1} {:>5.1} ms {:>5.1} ms {:>5.1} ms  {answer}",
                now[0], now[1], now[2], now[3]
            );
            if let Some((n0, before)) = prev {
                // How cost grows with size: t ~ n^k between this size and the last.
                let k: Vec<String> = before
                    .iter()
                    .zip(&now)
                    .map(|(b, a)| format!("{:.2}", (a / b).ln() / (size.0 as f64 / n0 as f64).ln()))
                    .collect();
                println!("{:>24}   growth exponent from {n0} terms: load {}, check {}, amend {}, space {}", "", k[0], k[1], k[2], k[3]);
            }
            prev = Some((size.0, now));
        }
    }
    hard(&root);
    let _ = std::fs::remove_dir_all(&root);
}

/// The hard family, from `benches/hard.py` beside this file.
fn hard(root: &Path) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/hard.py");
    println!();
    println!("hard family (overlapping, unplanted conflicts): in-process medians of 3");
    println!(
        "{:>34} {:>8} {:>8} {:>9}  answer",
        "terms/parties/planted+contested/hot", "load", "check", "amend"
    );
    for (t, p, l, k, h, r) in HARD {
        let dir = root.join(format!("hard-{t}-{r}"));
        let status = Command::new("python3")
            .arg(&script)
            .arg(&dir)
            .args(["--terms", &t.to_string(), "--parties", &p.to_string()])
            .args(["--lines", &l.to_string(), "--changed", &k.to_string()])
            .args(["--hot", &h.to_string(), "--contested", &r.to_string()])
            .status()
            .expect("python3 runs");
        assert!(status.success(), "hard.py failed");
        let ws_dir = dir.join("ws");
        let (load_t, loaded) = time(3, || load_workspace(&ws_dir));
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics.first());
        let ws = &loaded.workspace;
        let plan = ws.plans.first().expect("hard.py writes one plan");
        let opts = CheckOptions::default();
        let (check_t, _) = time(3, || check(&ws.rules, plan, &opts).unwrap());
        let a = AmendOptions {
            selection: opts.clone(),
            ..AmendOptions::default()
        };
        let (amend_t, res) = time(3, || amend(&ws.rules, plan, &a).unwrap());
        let answer = answer_of(&res);
        let label = format!("{t}/{p}/{}+{r}/{h}", p * l);
        println!(
            "{label:>34} {:>5.1} ms {:>5.1} ms {:>6.0} ms  {answer}",
            ms(load_t),
            ms(check_t),
            ms(amend_t)
        );
    }
}

/// The answer of `amend` as the peers give it: red lines to yield, changes.
fn answer_of(r: &redline::AmendResult) -> String {
    match &r.outcome {
        AmendOutcome::Amended(am) => format!("0 yield, {} changes", am.changes.len()),
        AmendOutcome::Impossible(imp) => format!(
            "{} yield, {} changes",
            imp.correction.len(),
            imp.after_yield.as_ref().map_or(0, |x| x.changes.len())
        ),
    }
}
