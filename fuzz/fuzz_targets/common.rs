//! Shared by the fuzz targets: a small valid workspace the inputs are laid
//! over, and a way to split one input into files.

use redline::Memory;

pub const TERMS: &str = include_str!("../../tests/fixtures/basic/rules/terms.toml");
pub const PARTIES: &str = include_str!("../../tests/fixtures/basic/rules/parties.toml");
pub const NORTH: &str = include_str!("../../tests/fixtures/basic/rules/north.toml");
pub const DRAFT: &str = include_str!("../../tests/fixtures/basic/proposals/draft.toml");

/// The basic fixture, in memory.
pub fn base() -> Memory {
    Memory::new()
        .with("rules/terms.toml", TERMS)
        .with("rules/parties.toml", PARTIES)
        .with("rules/north.toml", NORTH)
        .with("proposals/draft.toml", DRAFT)
}
