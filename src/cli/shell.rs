//! `redline completions SHELL` and `redline man`: generated from the clap
//! definitions, so they never fall behind the options.

use super::{Cli, Exit};
use clap::{Args, CommandFactory};

/// `redline completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `redline man`.
#[derive(Debug, Args)]
pub struct ManArgs {}

fn emit(bytes: &[u8]) -> Exit {
    super::common::put(bytes, false);
    Exit::Clean
}

pub fn completions(a: &CompletionsArgs) -> Exit {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(a.shell, &mut cmd, "redline", &mut buf);
    emit(&buf)
}

pub fn man(_: &ManArgs) -> Exit {
    let mut buf = Vec::new();
    if clap_mangen::Man::new(Cli::command())
        .render(&mut buf)
        .is_err()
    {
        return Exit::BadInput;
    }
    emit(&buf)
}
