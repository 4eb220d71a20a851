//! `redline check [PLAN...]`

use super::common::{exit_for, Context};
use super::{formats_of, Exit, Gate, Weigh};
use clap::Args;
use redline::report::view::{check_view, graph_view, timeline_view};
use redline::report::{Body, Command, Format};
use redline::{Code, Diagnostic};

/// `redline check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Plan files, or plan ids from `proposals/`.
    pub plans: Vec<String>,
    #[command(flatten)]
    pub weigh: Weigh,
    #[command(flatten)]
    pub gate: Gate,
    /// Output format.
    #[arg(long, value_parser = formats_of(Command::Check), default_value = Command::Check.default_format().name())]
    pub format: Format,
}

pub fn run(ctx: &Context, a: &CheckArgs) -> Exit {
    let mut s = ctx.session(Command::Check, a.format);
    let (ws, opts, reports) = match s.load_and_check(&a.plans, &a.weigh) {
        Ok(x) => x,
        Err(e) => return e,
    };
    if ws.plans.is_empty() {
        return s.fail_one(
            &ws.files,
            Diagnostic::new(Code::BadArgument, "no plans to check").help(
                "put plan files in `proposals/`, or name one: `redline check path/to/plan.toml`",
            ),
        );
    }
    let pairs: Vec<_> = ws.plans.iter().zip(&reports).collect();
    let mut view = check_view(&ws, &pairs, &opts.parties);
    if s.format == Format::Html {
        // The HTML report draws each plan's party × clause grid and its
        // conflict graph.
        view.draw_grids(&ws, &pairs, &opts.parties);
        for plan in &ws.plans {
            match redline::conflict_graph(&ws.rules, Some(plan), &opts) {
                Ok(g) => view.graphs.push(graph_view(&ws.rules, &g)),
                Err(e) => return s.fail_one(&ws.files, e.diagnostic()),
            }
        }
        // And, where the red lines carry dates, the verdicts over time up
        // to the day checked.
        let plans: Vec<&redline::Plan> = ws.plans.iter().collect();
        if let Some(to) = opts.as_of {
            match redline::timeline_to(&ws.rules, &plans, &opts.parties, opts.basis, to) {
                Ok(t) if !t.change_days().is_empty() => {
                    view.over_time = Some(timeline_view(&ws, &plans, &t, &opts.parties));
                }
                Ok(_) => {}
                Err(e) => return s.fail_one(&ws.files, e.diagnostic()),
            }
        }
    }
    s.write(s.document(&ws, Body::Check(view), Some(&opts)), &ws.files);
    exit_for(&a.gate, &reports)
}
