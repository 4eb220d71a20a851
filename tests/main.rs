//! The integration tests, in one binary: each file below is a module, so
//! the crate is linked once (nine binaries each linking it made a cold
//! `cargo test` take minutes).
//!
//! - `cli`: the `redline` binary on fixture workspaces, one snapshot per
//!   diagnostic code and per command and format;
//! - `solve`: the solver's commands, `--write` and `--out`;
//! - `workspace`: the shipped Ukraine workspace, its scenarios and the
//!   README's examples;
//! - `prop_check`, `prop_solve`, `prop_robust`: properties against
//!   brute-force oracles, robustness and determinism (`REDLINE_PROP_SCALE`
//!   multiplies their case counts);
//! - `prop_anytime`: `amend` on overlapping conflicts against brute force,
//!   with and without a time limit;
//! - `prop_time`: `timeline` against `check` on every day of a window;
//! - `prop_coalitions`: `coalitions` against every subset of parties;
//! - `prop_toml`: the fast TOML parser against the `toml` crate;
//! - `serve`: `redline mcp` and `redline lsp`, in process, over stdio,
//!   and through real clients (`tests/clients/`);
//! - `generate`: the dev-only workspace generator (`testkit/`) makes
//!   workspaces that load clean.

// Tests, benches and examples panic to report failure (see [lints] in Cargo.toml).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[macro_use]
mod common;

mod browser;
mod ci_formats;
mod cli;
mod fixes;
mod generate;
mod hostile;
mod layers;
mod prop_anytime;
mod prop_check;
mod prop_coalitions;
mod prop_robust;
mod prop_solve;
mod prop_time;
mod prop_toml;
mod scale;
#[cfg(all(feature = "mcp", feature = "lsp"))]
mod serve;
mod solve;
mod workspace;
