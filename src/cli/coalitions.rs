//! `redline coalitions [PLAN]`

use super::common::Context;
use super::{formats_of, Exit, FailOn, Gate, Weigh};
use clap::Args;
use redline::report::view::coalitions_view;
use redline::report::{Body, Command, Format};

/// `redline coalitions`.
#[derive(Debug, Args)]
pub struct CoalitionsArgs {
    /// A plan file or plan id: for each coalition, the smallest amendment
    /// that makes it acceptable to all its members.
    pub plan: Option<String>,
    #[command(flatten)]
    pub weigh: Weigh,
    #[command(flatten)]
    pub gate: Gate,
    /// Output format.
    #[arg(long, value_parser = formats_of(Command::Coalitions), default_value = Command::Coalitions.default_format().name())]
    pub format: Format,
}

pub fn run(ctx: &Context, a: &CoalitionsArgs) -> Exit {
    let mut s = ctx.session(Command::Coalitions, a.format);
    let plans: Vec<String> = a.plan.iter().cloned().collect();
    let ws = match s.load(&plans) {
        Ok(x) => x,
        Err(e) => return e,
    };
    let opts = match s.weigh(&ws, &a.weigh) {
        Ok(o) => o,
        Err(e) => return e,
    };
    // A plan named loads alone (or the load fails).
    let plan = a.plan.as_ref().and(ws.plans.first());
    let found = match redline::coalitions(&ws.rules, &opts, plan) {
        Ok(c) => c,
        Err(e) => return s.fail_one(&ws.files, e.diagnostic()),
    };
    let view = coalitions_view(&ws, &found, plan);
    s.write(
        s.document(&ws, Body::Coalitions(view), Some(&opts)),
        &ws.files,
    );
    if found.all_agree || a.gate.fail_on == FailOn::Never {
        Exit::Clean
    } else {
        Exit::Findings
    }
}
