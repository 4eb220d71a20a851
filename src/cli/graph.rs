//! `redline graph [PLAN]`

use super::common::Context;
use super::Exit;
use redline::report::{self, Format};
use redline::solve;

pub fn run(ctx: &Context, plan: Option<&str>) -> Exit {
    let plans: Vec<String> = plan.map(str::to_string).into_iter().collect();
    let (ws, parties) = match ctx.load_with_parties(&plans) {
        Ok(x) => x,
        Err(e) => return e,
    };
    let chosen = if plan.is_some() {
        ws.plans.first()
    } else {
        None
    };
    let sel = ctx.options(&ws, &parties);
    let g = match solve::conflict_graph(&ws.rules, chosen, &sel) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("error: {e}");
            return Exit::BadInput;
        }
    };
    let text = match ctx.format {
        Format::Human => report::render_dot(&g),
        Format::Markdown => report::render_graph_markdown(&g),
        Format::Json => ctx.json_document(&ws, &report::graph_json(&g)),
    };
    ctx.emit(&text);
    match chosen {
        Some(p) => match ctx.check(&ws, p, &parties) {
            Ok(r) => ctx.exit_for([&r]),
            Err(e) => e,
        },
        None => Exit::Clean,
    }
}
