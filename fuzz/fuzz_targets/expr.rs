//! Any text as a condition over the basic fixture's vocabulary: the parser
//! and type checker never panic, and spans lie within the text.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let loaded = redline::load(&common::base());
    let _ = redline::parse_expr(text, &loaded.workspace.rules.vocab);
    let _ = redline::string_offsets(text);
});
