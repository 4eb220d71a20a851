//! Small generated workspaces, seeded by the input: check, amend and space
//! never panic, and an amendment, when one is found, leaves no veto.
#![no_main]
use libfuzzer_sys::fuzz_target;
use redline_testkit::{generate, GenSpec};

fuzz_target!(|data: &[u8]| {
    let mut seed = [0u8; 8];
    for (i, b) in data.iter().take(8).enumerate() {
        seed[i] = *b;
    }
    let byte = |i: usize| usize::from(data.get(i).copied().unwrap_or(0));
    let terms = 3 + byte(9) % 8;
    let spec = GenSpec {
        seed: u64::from_le_bytes(seed),
        parties: 2 + byte(8) % 4,
        terms,
        red_lines: 2 + byte(10) % 10,
        clauses: 1 + byte(11) % 4,
        open_terms: byte(12) % (terms + 1),
    };
    let ws = generate(&spec);
    let files: redline::Memory = ws.files.iter().cloned().collect();
    let loaded = redline::load(&files);
    if loaded.has_errors() {
        return;
    }
    let w = &loaded.workspace;
    let opts = redline::CheckOptions::default();
    for plan in &w.plans {
        let _ = redline::check(&w.rules, plan, &opts);
        let a = redline::AmendOptions { selection: opts.clone(), keep: vec![] };
        if let Ok(r) = redline::amend(&w.rules, plan, &a) {
            if let redline::AmendOutcome::Amended(am) = &r.outcome {
                assert!(am.report.acceptable(), "an amendment that leaves a veto");
            }
        }
    }
    let _ = redline::space(&w.rules, &opts, false);
});
