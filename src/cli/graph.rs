//! `redline graph [PLAN]`

use super::common::Context;
use super::Exit;
use redline::report::{self, Format};
use redline::solve::{self, Selection};

pub fn run(ctx: &Context, plan: Option<&str>) -> Exit {
    let plans: Vec<String> = plan.map(str::to_string).into_iter().collect();
    let (ws, _) = match ctx.load(&plans) {
        Ok(x) => x,
        Err(e) => return e,
    };
    let parties = match ctx.parties(&ws) {
        Ok(p) => p,
        Err(e) => return e,
    };
    let chosen = if plan.is_some() {
        ws.plans.first()
    } else {
        None
    };
    let sel = Selection {
        as_of: Some(ctx.as_of),
        parties: parties.clone(),
    };
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
        Format::Json => {
            let mut v = report::graph_json(&g);
            if let Some(m) = v.as_object_mut() {
                m.insert("version".into(), report::JSON_VERSION.into());
                m.insert("as_of".into(), ctx.as_of.to_string().into());
            }
            report::to_json(&v)
        }
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
