//! `redline amend PLAN [--keep CLAUSE]... [--write | --out FILE]`

use super::common::{exit_for, Context};
use super::{formats_of, Exit, Gate, Weigh};
use clap::Args;
use redline::report::view::amend_view;
use redline::report::{Body, Command, Format};
use redline::{did_you_mean, AmendOptions, AmendOutcome, Code, Diagnostic};
use std::path::PathBuf;

/// `redline amend`.
#[derive(Debug, Args)]
pub struct AmendArgs {
    /// A plan file or plan id.
    pub plan: String,
    /// Keep this clause as it is: the terms it sets are not changed (repeatable).
    #[arg(long = "keep", value_name = "CLAUSE")]
    pub keep: Vec<String>,
    /// Rewrite the plan file in place (comments and layout kept).
    #[arg(long, conflicts_with = "out")]
    pub write: bool,
    /// Write over a read-only or hard-linked plan (`--write`), or over an
    /// existing file (`--out`).
    #[arg(long)]
    pub force: bool,
    /// Write the amended plan to FILE and leave the original alone; the copy
    /// is plan `ID-amended` (or `ID-amended-2`, ...), so that both can sit
    /// in `proposals/`.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub weigh: Weigh,
    #[command(flatten)]
    pub gate: Gate,
    /// Output format.
    #[arg(long, value_parser = formats_of(Command::Amend), default_value = Command::Amend.default_format().name())]
    pub format: Format,
}

pub fn run(ctx: &Context, a: &AmendArgs) -> Exit {
    let mut s = ctx.session(Command::Amend, a.format);
    let ws = match s.load(std::slice::from_ref(&a.plan)) {
        Ok(x) => x,
        Err(e) => return e,
    };
    let selection = match s.weigh(&ws, &a.weigh) {
        Ok(o) => o,
        Err(e) => return e,
    };
    let Some(plan) = ws.plans.first() else {
        return s.fail_one(
            &ws.files,
            Diagnostic::new(Code::BadArgument, format!("no plan `{}` to amend", a.plan)),
        );
    };
    let mut keep = Vec::new();
    let mut diags = Vec::new();
    for k in &a.keep {
        match plan.clause_id(k) {
            Some(i) => keep.push(i),
            None => diags.push(
                Diagnostic::new(
                    Code::UnknownClause,
                    format!("plan `{}` has no clause `{k}` to keep", plan.id),
                )
                .maybe_help(did_you_mean(k, plan.clauses.iter().map(|c| c.id.as_str()))),
            ),
        }
    }
    if !diags.is_empty() {
        return s.fail(&ws.files, diags);
    }
    keep.sort_unstable();
    keep.dedup();
    let opts = AmendOptions {
        selection: selection.clone(),
        keep: keep.clone(),
    };
    let result = match redline::amend(&ws.rules, plan, &opts) {
        Ok(r) => r,
        Err(e) => return s.fail_one(&ws.files, e.diagnostic()),
    };
    let mut view = amend_view(&ws, plan, &result, &selection.parties, &keep);

    if a.write || a.out.is_some() {
        // Paths in the workspace's source map are relative to its root.
        let target = match &a.out {
            Some(o) => o.clone(),
            None => ws.files.get(plan.file).path.clone(),
        };
        let full = ctx.root.join(&target);
        let name = redline::Files::display(&ctx.files, &target);
        match &result.outcome {
            AmendOutcome::Amended(am) => {
                let original = &ws.files.get(plan.file).text;
                // A copy gets an id no plan in the workspace has.
                let new_id = a
                    .out
                    .as_ref()
                    .map(|_| redline::unused_plan_id(&ctx.files, &format!("{}-amended", plan.id)));
                let text = redline::rewrite_checked(
                    original,
                    &ws.rules,
                    plan,
                    am,
                    &selection,
                    new_id.as_deref(),
                );
                let needed = !am.changes.is_empty() || a.out.is_some();
                match text {
                    Ok(t) if needed => {
                        // `--write` refuses if the plan changed since it was
                        // read: another writer's amendment stands.
                        let base = a.out.is_none().then_some(&**original);
                        match super::write::write_plan(&full, &t, base, a.out.is_some(), a.force) {
                            Ok(w) => {
                                view.written = Some(name);
                                view.written_as = new_id;
                                view.links_kept_old =
                                    (w.links_kept_old > 0).then_some(w.links_kept_old);
                            }
                            Err(e) => {
                                return s.fail_one(
                                    &ws.files,
                                    Diagnostic::new(
                                        Code::Io,
                                        format!("cannot write `{name}`: {e}"),
                                    )
                                    .help(e.help()),
                                )
                            }
                        }
                    }
                    Ok(_) => {}
                    Err(e) => {
                        return s.fail_one(
                            &ws.files,
                            Diagnostic::new(Code::Io, format!("cannot rewrite `{name}`: {e}"))
                                .help("nothing was written"),
                        )
                    }
                }
            }
            AmendOutcome::Impossible(_) => view.write_skipped = true,
        }
    }
    s.write(
        s.document(&ws, Body::Amend(view), Some(&selection)),
        &ws.files,
    );
    match &result.outcome {
        AmendOutcome::Amended(am) => exit_for(&a.gate, [&am.report]),
        AmendOutcome::Impossible(_) => Exit::Findings,
    }
}
