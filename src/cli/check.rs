//! `redline check [PLAN...]`

use super::common::{exit_for, Context};
use super::{Exit, Gate, Output, Weigh};
use clap::Args;
use redline::report::view::explain_plan;
use redline::report::{Body, Command};
use redline::{Code, Diagnostic};

/// `redline check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Plan files, or plan ids from `proposals/`.
    pub plans: Vec<String>,
    #[command(flatten)]
    pub weigh: Weigh,
    #[command(flatten)]
    pub gate: Gate,
    #[command(flatten)]
    pub output: Output,
}

pub fn run(ctx: &Context, a: &CheckArgs) -> Exit {
    let mut s = ctx.session(Command::Check, a.output.format);
    let (ws, opts, reports) = match s.load_and_check(&a.plans, &a.weigh) {
        Ok(x) => x,
        Err(e) => return e,
    };
    if ws.plans.is_empty() {
        return s.fail_one(
            &ws.files,
            Diagnostic::new(Code::BadArgument, "no plans to check").help(
                "put plan files in `proposals/`, or name one: `redline check path/to/plan.toml`",
            ),
        );
    }
    let plans = ws
        .plans
        .iter()
        .zip(&reports)
        .map(|(p, r)| explain_plan(&ws, p, r))
        .collect();
    s.write(
        &s.document(&ws, Body::Check { plans }, Some(&opts)),
        &ws.files,
    );
    exit_for(&a.gate, &reports)
}
