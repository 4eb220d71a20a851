//! `redline matrix [PLAN...]`

use super::common::Context;
use super::Exit;
use redline::report::{self, Format};
use serde_json::json;

pub fn run(ctx: &Context, plans: &[String]) -> Exit {
    let (ws, parties) = match ctx.load_with_parties(plans) {
        Ok(x) => x,
        Err(e) => return e,
    };
    let mut reports = Vec::new();
    for plan in &ws.plans {
        match ctx.check(&ws, plan, &parties) {
            Ok(r) => reports.push(r),
            Err(e) => return e,
        }
    }
    let m = match (ws.plans.as_slice(), reports.as_slice()) {
        ([plan], [r]) => report::matrix_clauses(&ws, plan, r, &parties),
        ([], _) => {
            eprintln!(
                "error: no plans to show\n  help: put plan files in `proposals/`, or name one"
            );
            return Exit::BadInput;
        }
        _ => {
            let pairs: Vec<_> = ws.plans.iter().zip(reports.iter()).collect();
            report::matrix_plans(&ws, &pairs, &parties)
        }
    };
    let text = match ctx.format {
        Format::Human => m.render_human(&ctx.scope(&ws)),
        Format::Markdown => m.render_markdown(&ctx.scope(&ws)),
        Format::Json => ctx.json_document(&ws, &json!({ "matrix": m })),
    };
    ctx.emit(&text);
    ctx.exit_for(&reports)
}
