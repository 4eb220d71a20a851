//! `redline space [--count]`

use super::common::Context;
use super::Exit;
use redline::report::{self, Format};
use redline::solve;

pub fn run(ctx: &Context, count: bool) -> Exit {
    // The space depends only on the rules; plans are loaded (and checked for
    // mistakes) like every other command does.
    let (ws, parties) = match ctx.load_with_parties(&[]) {
        Ok(x) => x,
        Err(e) => return e,
    };
    let sel = ctx.options(&ws, &parties);
    let space = match solve::space(&ws.rules, &sel, count) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return Exit::BadInput;
        }
    };
    let names: Vec<String> = parties
        .iter()
        .map(|p| ws.rules.party(*p).id.clone())
        .collect();
    let view = report::space_view(&ws, &space, &names);
    let as_of = ctx.scope(&ws);
    let text = match ctx.format {
        Format::Human => report::render_space_human(&view, &as_of),
        Format::Markdown => report::render_space_markdown(&view, &as_of),
        Format::Json => ctx.json_document(&ws, &view),
    };
    ctx.emit(&text);
    if space.acceptable || ctx.fail_on == super::FailOn::Never {
        Exit::Clean
    } else {
        Exit::Findings
    }
}
