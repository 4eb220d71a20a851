//! `redline amend PLAN [--keep CLAUSE...] [--write | --out FILE]`

use super::common::Context;
use super::Exit;
use redline::diagnostic::{did_you_mean, Code, Diagnostic};
use redline::load::Files;
use redline::report::{self, Format};
use redline::solve::{self, AmendOptions, AmendOutcome};
use std::path::{Path, PathBuf};

pub fn run(
    ctx: &Context,
    plan_arg: &str,
    keep: &[String],
    write: bool,
    out: Option<&Path>,
) -> Exit {
    let (ws, parties) = match ctx.load_with_parties(&[plan_arg.to_string()]) {
        Ok(x) => x,
        Err(e) => return e,
    };
    let Some(plan) = ws.plans.first() else {
        eprintln!("error: no plan to amend");
        return Exit::BadInput;
    };
    let mut kept = Vec::new();
    let mut diags = Vec::new();
    for k in keep {
        match plan.clause_id(k) {
            Some(i) => kept.push(i),
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
        ctx.report_diagnostics(&ws, &mut diags);
        return Exit::BadInput;
    }
    kept.sort_unstable();
    kept.dedup();
    let opts = AmendOptions {
        selection: ctx.options(&ws, &parties),
        keep: kept.clone(),
    };
    let result = match solve::amend(&ws.rules, plan, &opts) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return Exit::BadInput;
        }
    };
    let party_names: Vec<String> = parties
        .iter()
        .map(|p| ws.rules.party(*p).id.clone())
        .collect();
    let kept_ids: Vec<String> = kept
        .iter()
        .filter_map(|i| plan.clause_at(*i))
        .map(|c| c.id.clone())
        .collect();
    let mut view = report::amend_view(&ws, plan, &result, &party_names, &kept_ids);

    if write || out.is_some() {
        // Paths in the workspace's source map are relative to its root.
        let target = match out {
            Some(o) => o.to_path_buf(),
            None => ws.files.get(plan.file).path.clone(),
        };
        let full = ctx.root.join(&target);
        let name = ctx.files.display(&target);
        match &result.outcome {
            AmendOutcome::Amended(a) => {
                let original = &ws.files.get(plan.file).text;
                let text = solve::rewrite_checked(original, &ws.rules, plan, a, &opts.selection);
                let needed = !a.changes.is_empty() || out.is_some();
                match text {
                    Ok(t) if needed => match write_atomically(&full, &t) {
                        Ok(()) => view.written = Some(name),
                        Err(e) => {
                            let mut d = vec![Diagnostic::new(
                                Code::Io,
                                format!("cannot write `{name}`: {e}"),
                            )];
                            ctx.report_diagnostics(&ws, &mut d);
                            return Exit::BadInput;
                        }
                    },
                    Ok(_) => {}
                    Err(e) => {
                        let mut d = vec![Diagnostic::new(
                            Code::Io,
                            format!("cannot rewrite `{name}`: {e}"),
                        )
                        .help("nothing was written")];
                        ctx.report_diagnostics(&ws, &mut d);
                        return Exit::BadInput;
                    }
                }
            }
            AmendOutcome::Impossible(_) => {
                if ctx.format == Format::Human {
                    eprintln!("note: no amendment exists, so nothing was written");
                }
            }
        }
    }

    let as_of = ctx.scope(&ws);
    let text = match ctx.format {
        Format::Human => report::render_amend_human(&view, &as_of),
        Format::Markdown => report::render_amend_markdown(&view, &as_of),
        Format::Json => ctx.json_document(&ws, &view),
    };
    ctx.emit(&text);
    match &result.outcome {
        AmendOutcome::Amended(a) => ctx.exit_for([&a.report]),
        AmendOutcome::Impossible(_) => Exit::Findings,
    }
}

/// Write `text` to `path` through a temporary file in the same folder, so
/// that the file is either the old one or the new one, never half-written.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "plan.toml".to_string());
    let tmp = dir.join(format!(".{name}.redline-{}.tmp", std::process::id()));
    let result = std::fs::write(&tmp, text).and_then(|_| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
