//! Any text through the fast TOML parser and the `toml` crate: where the
//! fast parser reads it, it must read it exactly as `toml` does (same
//! tree, same spans) and `toml` must find no error in it.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Err(e) = redline::plain_toml_agrees(text) {
        panic!("{e}");
    }
});
