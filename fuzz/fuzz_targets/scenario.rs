//! Any bytes as a scenario file over the basic fixture: loading and running
//! it never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let files = common::base().with("tests/scenarios/fuzz.toml", data.to_vec());
    let loaded = redline::load(&files);
    let mut ws = loaded.workspace;
    let scenarios = redline::load_scenarios(&mut ws, &files, &[std::path::PathBuf::from("tests/scenarios/fuzz.toml")]);
    for sf in scenarios {
        let _ = redline::run_scenario_file(&mut ws, &files, sf, redline::Date::parse("2025-12-01").unwrap());
    }
});
