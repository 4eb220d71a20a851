//! `redline graph [PLAN]`

use super::common::Context;
use super::{formats_of, Exit, Weigh};
use clap::Args;
use redline::report::view::graph_view;
use redline::report::{Body, Command, Format};

/// `redline graph`.
#[derive(Debug, Args)]
pub struct GraphArgs {
    /// A plan file or plan id.
    pub plan: Option<String>,
    #[command(flatten)]
    pub weigh: Weigh,
    /// Output format: DOT for `dot -Tsvg`, or the graph in words.
    #[arg(long, value_parser = formats_of(Command::Graph), default_value = Command::Graph.default_format().name())]
    pub format: Format,
}

pub fn run(ctx: &Context, a: &GraphArgs) -> Exit {
    let mut s = ctx.session(Command::Graph, a.format);
    let plans: Vec<String> = a.plan.iter().cloned().collect();
    let ws = match s.load(&plans) {
        Ok(x) => x,
        Err(e) => return e,
    };
    let opts = match s.weigh(&ws, &a.weigh) {
        Ok(o) => o,
        Err(e) => return e,
    };
    let chosen = if a.plan.is_some() {
        ws.plans.first()
    } else {
        None
    };
    let g = match redline::conflict_graph(&ws.rules, chosen, &opts) {
        Ok(g) => g,
        Err(e) => return s.fail_one(&ws.files, e.diagnostic()),
    };
    s.write(
        s.document(&ws, Body::Graph(graph_view(&ws.rules, &g)), Some(&opts)),
        &ws.files,
    );
    // A picture, not a verdict: `redline graph PLAN | dot -Tsvg` works
    // under `set -o pipefail` whatever the plan's findings.
    Exit::Clean
}
