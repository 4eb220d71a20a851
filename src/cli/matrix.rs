//! `redline matrix [PLAN...]`

use super::common::{exit_for, Context};
use super::{formats_of, Exit, Gate, Weigh};
use clap::Args;
use redline::report::view::matrix_of;
use redline::report::{Body, Command, Format};
use redline::{Code, Diagnostic};

/// `redline matrix`.
#[derive(Debug, Args)]
pub struct MatrixArgs {
    /// Plan files, or plan ids (default: every proposal).
    pub plans: Vec<String>,
    #[command(flatten)]
    pub weigh: Weigh,
    #[command(flatten)]
    pub gate: Gate,
    /// Output format.
    #[arg(long, value_parser = formats_of(Command::Matrix), default_value = Command::Matrix.default_format().name())]
    pub format: Format,
}

pub fn run(ctx: &Context, a: &MatrixArgs) -> Exit {
    let mut s = ctx.session(Command::Matrix, a.format);
    let (ws, opts, reports) = match s.load_and_check(&a.plans, &a.weigh) {
        Ok(x) => x,
        Err(e) => return e,
    };
    let pairs: Vec<_> = ws.plans.iter().zip(reports.iter()).collect();
    let Some(matrix) = matrix_of(&ws, &pairs, &opts.parties) else {
        return s.fail_one(
            &ws.files,
            Diagnostic::new(Code::BadArgument, "no plans to show")
                .help("put plan files in `proposals/`, or name one"),
        );
    };
    s.write(
        s.document(&ws, Body::Matrix { matrix }, Some(&opts)),
        &ws.files,
    );
    exit_for(&a.gate, &reports)
}
