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

use redline::check::{check, CheckOptions};
use redline::load::load_workspace;
use redline::model::Date;
use redline::report::explain;
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
    let presence = rules.vocab.lookup("troops.western_presence").expect("term");
    let reactive = rules
        .vocab
        .parse_value(presence, "reactive")
        .expect("value");
    assert!(plan.set("tier-3", presence, reactive));

    let opts = CheckOptions {
        as_of: Date::parse("2025-12-01"),
        parties: vec![],
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
                e.headline,
                e.red_line.unwrap_or_else(|| "consent".to_string())
            )
        })
        .collect();
    println!("{}", vetoes.join("\n"));

    // The E3's backstop condition no longer applies (it covers brigades, not
    // a reactive force), and Russia's veto on tier-3 moves from
    // `no-nato-contingent` to its conditional `reactive-needs-package`: without
    // sanctions relief, a halt to NATO's expansion and a territorial
    // settlement, a reactive contingent is still refused.
    insta::assert_snapshot!("three_tier_reactive_vetoes", vetoes.join("\n"));
}
