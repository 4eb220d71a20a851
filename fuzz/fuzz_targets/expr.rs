//! Any text as a condition over the basic fixture's vocabulary: the parser
//! and type checker never panic, and spans lie within the text.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

static BASE: std::sync::OnceLock<redline::Loaded> = std::sync::OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let loaded = BASE.get_or_init(|| redline::load(&common::base()));
    let _ = redline::parse_expr(text, &loaded.workspace.rules.vocab);
    let _ = redline::string_offsets(text);
});
