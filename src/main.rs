//! The `redline` command: parse arguments, run a command, choose the exit code.

mod alloc;
mod cli;

#[global_allocator]
static ALLOC: alloc::MiMalloc = alloc::MiMalloc;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::Cli::try_parse() {
        Ok(args) => ExitCode::from(cli::run(args) as u8),
        // Help, version and usage errors, as clap words them; a closed
        // stream is not a panic.
        Err(e) => {
            let _ = e.print();
            ExitCode::from(if e.use_stderr() { 2 } else { 0 })
        }
    }
}
