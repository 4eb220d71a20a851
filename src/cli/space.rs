//! `redline space [--count]`

use super::common::Context;
use super::{formats_of, Exit, FailOn, Gate, Weigh};
use clap::Args;
use redline::report::view::space_view;
use redline::report::{Body, Command, Format};

/// `redline space`.
#[derive(Debug, Args)]
pub struct SpaceArgs {
    /// Also count the acceptable combinations, when few enough to count exactly.
    #[arg(long)]
    pub count: bool,
    #[command(flatten)]
    pub weigh: Weigh,
    #[command(flatten)]
    pub gate: Gate,
    /// Output format.
    #[arg(long, value_parser = formats_of(Command::Space), default_value = Command::Space.default_format().name())]
    pub format: Format,
}

pub fn run(ctx: &Context, a: &SpaceArgs) -> Exit {
    let mut s = ctx.session(Command::Space, a.format);
    // The space depends only on the rules; plans are loaded (and checked for
    // mistakes) like every other command does.
    let ws = match s.load(&[]) {
        Ok(x) => x,
        Err(e) => return e,
    };
    let opts = match s.weigh(&ws, &a.weigh) {
        Ok(o) => o,
        Err(e) => return e,
    };
    let space = match redline::space(&ws.rules, &opts, a.count) {
        Ok(sp) => sp,
        Err(e) => return s.fail_one(&ws.files, e.diagnostic()),
    };
    let view = space_view(&ws, &space, &opts.parties);
    s.write(s.document(&ws, Body::Space(view), Some(&opts)), &ws.files);
    if space.acceptable || a.gate.fail_on == FailOn::Never {
        Exit::Clean
    } else {
        Exit::Findings
    }
}
