//! `redline coalitions [PLAN]`

use super::common::Context;
use super::{formats_of, Exit, FailOn, Gate, Weigh};
use clap::Args;
use redline::report::view::coalitions_view;
use redline::report::{Body, Command, Format};
use redline::{AmendOptions, CheckOptions, Code, Diagnostic};

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
    let found = match redline::coalitions(&ws.rules, &opts) {
        Ok(c) => c,
        Err(e) => return s.fail_one(&ws.files, e.diagnostic()),
    };
    let plan = match (&a.plan, ws.plans.as_slice()) {
        (None, _) => None,
        (Some(_), [p]) => Some(p),
        (Some(name), _) => {
            return s.fail_one(
                &ws.files,
                Diagnostic::new(Code::BadArgument, format!("`{name}` names no one plan"))
                    .help("name one plan file or plan id"),
            )
        }
    };
    let mut amended = Vec::new();
    if let Some(p) = plan {
        for c in &found.coalitions {
            let sel = CheckOptions {
                parties: c.parties.clone(),
                ..opts.clone()
            };
            let o = AmendOptions {
                selection: sel,
                keep: Vec::new(),
            };
            match redline::amend(&ws.rules, p, &o) {
                Ok(r) => amended.push(r),
                Err(e) => return s.fail_one(&ws.files, e.diagnostic()),
            }
        }
    }
    let view = coalitions_view(&ws, &found, plan.map(|p| (p, amended.as_slice())));
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
