//! `redline diff PLAN_A PLAN_B`

use super::common::Context;
use super::{formats_of, Exit, FailOn, Gate, Weigh};
use clap::Args;
use redline::report::view::diff_view;
use redline::report::{Body, Command, Format};
use redline::{Code, Diagnostic, Severity};

/// `redline diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier draft (file or plan id).
    pub plan_a: String,
    /// The later draft (file or plan id).
    pub plan_b: String,
    #[command(flatten)]
    pub weigh: Weigh,
    #[command(flatten)]
    pub gate: Gate,
    /// Output format.
    #[arg(long, value_parser = formats_of(Command::Diff), default_value = Command::Diff.default_format().name())]
    pub format: Format,
}

pub fn run(ctx: &Context, a: &DiffArgs) -> Exit {
    let mut s = ctx.session(Command::Diff, a.format);
    // Each draft is loaded on its own, so that two versions of one plan
    // (same id, say a draft and its amended copy) can be compared.
    let mut ws = match s.load(std::slice::from_ref(&a.plan_a)) {
        Ok(x) => x,
        Err(e) => return e,
    };
    let other = match s.load(std::slice::from_ref(&a.plan_b)) {
        Ok(x) => x,
        Err(e) => return e,
    };
    let opts = match s.weigh(&ws, &a.weigh) {
        Ok(o) => o,
        Err(e) => return e,
    };
    let no_plan = |ws: &redline::Workspace| {
        s.fail_one(
            &ws.files,
            Diagnostic::new(
                Code::BadArgument,
                format!("no plan `{}` to compare", a.plan_b),
            ),
        )
    };
    let Some(source) = other.plans.first().map(|p| other.files.get(p.file)) else {
        return no_plan(&ws);
    };
    let (idx, diags) =
        redline::load_plan_text(&mut ws, &source.name, &source.path, source.text.to_string());
    if !diags.is_empty() {
        return s.fail(&ws.files, diags);
    }
    let (Some(pa), Some(pb)) = (ws.plans.first(), idx.and_then(|i| ws.plans.get(i))) else {
        return no_plan(&ws);
    };
    let d = match redline::diff(&ws.rules, pa, pb, &opts) {
        Ok(d) => d,
        Err(e) => return s.fail_one(&ws.files, e.diagnostic()),
    };
    let view = diff_view(&ws, pa, pb, &d);
    s.write(s.document(&ws, Body::Diff(view), Some(&opts)), &ws.files);
    // Exit 1 when the second draft gains a violated veto (or, with
    // `--fail-on objection`, a violated objection).
    let fails = match a.gate.fail_on {
        FailOn::Never => false,
        FailOn::Veto => d.gains_violation(Severity::Veto),
        FailOn::Objection => d.gains_violation(Severity::Objection),
    };
    if fails {
        Exit::Findings
    } else {
        Exit::Clean
    }
}
