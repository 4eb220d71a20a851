//! `redline check [PLAN...]`

use super::common::Context;
use super::Exit;
use redline::report::{self, Format};
use serde_json::json;

pub fn run(ctx: &Context, plans: &[String]) -> Exit {
    let (ws, parties) = match ctx.load_with_parties(plans) {
        Ok(x) => x,
        Err(e) => return e,
    };
    if ws.plans.is_empty() {
        eprintln!("error: no plans to check\n  help: put plan files in `proposals/`, or name one: `redline check path/to/plan.toml`");
        return Exit::BadInput;
    }
    let mut reports = Vec::new();
    for plan in &ws.plans {
        match ctx.check(&ws, plan, &parties) {
            Ok(r) => reports.push(r),
            Err(e) => return e,
        }
    }
    let views: Vec<_> = ws
        .plans
        .iter()
        .zip(&reports)
        .map(|(p, r)| report::explain_plan(&ws, p, r))
        .collect();
    let scope = ctx.scope(&ws);
    let text = match ctx.format {
        Format::Human => report::render_check_human(&ws, &views, &scope, ctx.style),
        Format::Markdown => report::render_check_markdown(&views, &scope),
        Format::Json => ctx.json_document(&ws, &json!({ "plans": views })),
    };
    ctx.emit(&text);
    ctx.exit_for(&reports)
}
