//! `redline explain PLAN (--clause ID | --party ID)`

use super::common::Context;
use super::{formats_of, Exit, FailOn, Gate, Weigh};
use clap::Args;
use redline::report::view::ExplainView;
use redline::report::{Body, Command, Format};
use redline::{Code, Diagnostic, Severity, Verdict};

/// `redline explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A plan file or plan id.
    pub plan: String,
    /// The clause to explain; without it, give one `--party` to explain
    /// every red line of that party, satisfied or not.
    #[arg(long, value_name = "ID")]
    pub clause: Option<String>,
    #[command(flatten)]
    pub weigh: Weigh,
    #[command(flatten)]
    pub gate: Gate,
    /// Output format.
    #[arg(long, value_parser = formats_of(Command::Explain), default_value = Command::Explain.default_format().name())]
    pub format: Format,
}

pub fn run(ctx: &Context, a: &ExplainArgs) -> Exit {
    let mut s = ctx.session(Command::Explain, a.format);
    let ws = match s.load(std::slice::from_ref(&a.plan)) {
        Ok(x) => x,
        Err(e) => return e,
    };
    let opts = match s.weigh(&ws, &a.weigh) {
        Ok(o) => o,
        Err(e) => return e,
    };
    let Some(plan) = ws.plans.first() else {
        return s.fail_one(
            &ws.files,
            Diagnostic::new(Code::BadArgument, format!("no plan `{}`", a.plan)),
        );
    };
    let view = match (&a.clause, opts.parties.as_slice()) {
        (Some(cid), _) => {
            let ci = match redline::clause_named(plan, cid, "") {
                Ok(ci) => ci,
                Err(d) => return s.fail_one(&ws.files, d),
            };
            let report = match s.check(&ws, plan, &opts) {
                Ok(r) => r,
                Err(e) => return e,
            };
            ExplainView::clause(&ws, plan, ci, &report)
        }
        (None, [p]) => {
            let report = match s.check(&ws, plan, &opts) {
                Ok(r) => r,
                Err(e) => return e,
            };
            ExplainView::party(&ws, plan, *p, &report)
        }
        (None, _) => {
            return s.fail_one(
                &ws.files,
                Diagnostic::new(
                    Code::BadArgument,
                    "explain needs `--clause ID` or exactly one `--party ID`",
                )
                .help("e.g. `redline explain proposals/plan.toml --clause 7` or `--party PARTY`"),
            );
        }
    };
    // Exit 1 when what is explained includes a violated veto (or, with
    // `--fail-on objection`, a violated objection), as `check` would.
    let fails = view.findings.iter().any(|f| {
        f.verdict == Verdict::Violated
            && match a.gate.fail_on {
                FailOn::Never => false,
                FailOn::Veto => f.severity == Severity::Veto,
                FailOn::Objection => true,
            }
    });
    s.write(s.document(&ws, Body::Explain(view), Some(&opts)), &ws.files);
    if fails {
        Exit::Findings
    } else {
        Exit::Clean
    }
}
