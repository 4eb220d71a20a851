//! `redline diff PLAN_A PLAN_B`

use super::common::Context;
use super::{Exit, FailOn};
use redline::load;
use redline::model::Severity;
use redline::report::{self, Format};
use redline::solve;

pub fn run(ctx: &Context, a: &str, b: &str) -> Exit {
    // Each draft is loaded on its own, so that two versions of one plan
    // (same id, say a draft and its amended copy) can be compared.
    let mut ws = match ctx.load(&[a.to_string()]) {
        Ok(x) => x,
        Err(e) => return e,
    };
    let other = match ctx.load(&[b.to_string()]) {
        Ok(x) => x,
        Err(e) => return e,
    };
    let parties = match ctx.parties(&ws) {
        Ok(p) => p,
        Err(e) => return e,
    };
    let Some(source) = other.plans.first().map(|p| other.files.get(p.file)) else {
        eprintln!("error: no plan `{b}` to compare");
        return Exit::BadInput;
    };
    let (idx, mut diags) =
        load::load_plan_text(&mut ws, &source.name, &source.path, source.text.to_string());
    if !ctx.report_diagnostics(&ws, &mut diags) {
        return Exit::BadInput;
    }
    let (Some(pa), Some(pb)) = (ws.plans.first(), idx.and_then(|i| ws.plans.get(i))) else {
        eprintln!("error: no plan `{b}` to compare");
        return Exit::BadInput;
    };
    let opts = ctx.options(&ws, &parties);
    let d = match solve::diff(&ws.rules, pa, pb, &opts) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return Exit::BadInput;
        }
    };
    let view = report::diff_view(&ws, pa, pb, &d);
    let as_of = ctx.scope(&ws);
    let text = match ctx.format {
        Format::Human => report::render_diff_human(&view, &as_of),
        Format::Markdown => report::render_diff_markdown(&view, &as_of),
        Format::Json => ctx.json_document(&ws, &view),
    };
    ctx.emit(&text);
    // Exit 1 when the second draft gains a violated veto (or, with
    // `--fail-on objection`, a violated objection).
    let fails = match ctx.fail_on {
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
