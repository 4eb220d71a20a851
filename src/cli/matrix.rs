//! `redline matrix [PLAN...]`

use super::common::{exit_for, Context};
use super::{Exit, Gate, Output, Weigh};
use clap::Args;
use redline::report::view::{matrix_clauses, matrix_plans};
use redline::report::{Body, Command};
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
    #[command(flatten)]
    pub output: Output,
}

pub fn run(ctx: &Context, a: &MatrixArgs) -> Exit {
    let mut s = ctx.session(Command::Matrix, a.output.format);
    let ws = match s.load(&a.plans) {
        Ok(x) => x,
        Err(e) => return e,
    };
    let opts = match s.weigh(&ws, &a.weigh) {
        Ok(o) => o,
        Err(e) => return e,
    };
    let mut reports = Vec::new();
    for plan in &ws.plans {
        match s.check(&ws, plan, &opts) {
            Ok(r) => reports.push(r),
            Err(e) => return e,
        }
    }
    let matrix = match (ws.plans.as_slice(), reports.as_slice()) {
        ([plan], [r]) => matrix_clauses(&ws, plan, r, &opts.parties),
        ([], _) => {
            return s.fail_one(
                &ws.files,
                Diagnostic::new(Code::BadArgument, "no plans to show")
                    .help("put plan files in `proposals/`, or name one"),
            )
        }
        _ => {
            let pairs: Vec<_> = ws.plans.iter().zip(reports.iter()).collect();
            matrix_plans(&ws, &pairs, &opts.parties)
        }
    };
    s.write(
        &s.document(&ws, Body::Matrix { matrix }, Some(&opts)),
        &ws.files,
    );
    exit_for(&a.gate, &reports)
}
