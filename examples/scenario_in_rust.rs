//! A regression scenario written in Rust with the library API and insta.
//!
//! Scenario files (`tests/scenarios/*.toml`, run by `redline test`) cover
//! most needs. When a check belongs in a Rust test suite instead, or needs
//! logic a file cannot express, load the workspace, amend a plan, check it,
//! and snapshot what matters:
//!
//! ```sh
//! cargo run --example scenario_in_rust
//! ```
//!
//! The snapshot lives in `examples/snapshots/`; with `CI=true` a mismatch
//! fails instead of writing a new file.

// Tests, benches and examples panic to report failure (see [lints] in Cargo.toml).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use redline::report::format::words::headline_plain;
use redline::report::view::explain;
use redline::{check, load_workspace, CheckOptions, Date, Edit, Located, Setting};
use std::path::Path;

fn main() {
    let loaded = load_workspace(Path::new(env!("CARGO_MANIFEST_DIR")));
    assert!(
        !loaded.has_errors(),
        "the shipped workspace has errors: {:?}",
        loaded.diagnostics
    );
    let ws = &loaded.workspace;
    let rules = &ws.rules;

    // The three-tier plan, with the European brigades turned into a
    // contingent sent only if Russia invades again.
    let mut plan = ws
        .plan("three-tier-security-plan")
        .expect("shipped plan")
        .clone();
    let timing = rules.vocab.lookup("troops.western_timing").expect("term");
    let reactive = rules.vocab.parse_value(timing, "reactive").expect("value");
    let loc = plan.clause("tier-3").expect("shipped clause").loc;
    plan.apply(&Edit::Set {
        clause: "tier-3".to_string(),
        set: vec![(
            timing,
            Located {
                value: Setting::Fixed(reactive),
                loc,
            },
        )],
    })
    .expect("clause tier-3");

    // As of the workspace's own date (redline.toml).
    let opts = CheckOptions {
        as_of: ws.settings.as_of.or(Date::parse("2025-12-03")),
        ..Default::default()
    };
    let report = check(rules, &plan, &opts).expect("solver");

    // What each party now vetoes, in words.
    let vetoes: Vec<String> = report
        .findings
        .iter()
        .filter(|f| f.is_veto())
        .map(|f| {
            let e = explain(ws, &plan, f);
            format!(
                "{} [{}]",
                headline_plain(&e),
                e.red_line.unwrap_or_else(|| "consent".to_string())
            )
        })
        .collect();
    println!("{}", vetoes.join("\n"));

    // Russia's veto on tier-3 moves from `no-nato-contingent` (a force
    // stationed after the deal) to its conditional `reactive-needs-package`:
    // without sanctions relief and a halt to NATO's expansion, a reactive
    // contingent is still refused. France's and the UK's condition covers
    // any deployment, reactive too, so their vetoes remain.
    insta::assert_snapshot!("three_tier_reactive_vetoes", vetoes.join("\n"));
}
