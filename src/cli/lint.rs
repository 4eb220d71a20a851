//! `redline lint [--corpus DIR]`

use super::common::Context;
use super::{formats_of, Exit};
use clap::Args;
use redline::report::view::{diagnostic_views, lint_view};
use redline::report::{Body, Command, Document, Format};
use redline::{Code, Diagnostic, Dir};
use std::path::PathBuf;

/// `redline lint`.
#[derive(Debug, Args)]
pub struct LintArgs {
    /// A folder holding the documents that sources name in `file` (default:
    /// the `REDLINE_CORPUS` environment variable, else `corpus` in
    /// redline.toml, which must lie inside the workspace).
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_parser = formats_of(Command::Lint), default_value = Command::Lint.default_format().name())]
    pub format: Format,
}

pub fn run(ctx: &Context, a: &LintArgs) -> Exit {
    let s = ctx.session(Command::Lint, a.format);
    let loaded = redline::load_workspace(&ctx.root);
    let mut diags = loaded.diagnostics;
    // Left to the operating system at exit: see `Session::load`.
    let ws = std::mem::ManuallyDrop::new(loaded.workspace);
    // `--corpus`, else REDLINE_CORPUS (both the user's, so they may name a
    // folder anywhere), else `corpus` in redline.toml (inside the
    // workspace, or refused at load).
    let configured = ws.settings.corpus.as_ref().map(|c| ctx.root.join(c));
    let named = a
        .corpus
        .clone()
        .or_else(|| std::env::var_os("REDLINE_CORPUS").map(PathBuf::from));
    let dir = named.clone().or(configured);
    let mut checked = false;
    if let Some(dir) = &dir {
        if dir.is_dir() {
            let name = dir.display().to_string();
            diags.extend(redline::verify_quotes(&ws, &Dir::new(dir), &name));
            checked = true;
        } else if named.is_some() {
            return s.fail_one(
                &ws.files,
                Diagnostic::new(
                    Code::BadArgument,
                    format!("corpus folder `{}` does not exist", dir.display()),
                )
                .help(
                    "`--corpus` names the folder that holds the documents sources cite in `file`",
                ),
            );
        } else {
            let mut d = Diagnostic::new(
                Code::QuoteUnverifiable,
                format!(
                    "corpus folder `{}` (from redline.toml) does not exist: quotes not verified",
                    dir.display()
                ),
            )
            .help("fetch the source documents into that folder, or pass `--corpus DIR`");
            if let Some(f) = ws.settings.file {
                d = d.at(redline::file_start(f), None);
            }
            diags.push(d);
        }
    }
    // Temporary files a killed `amend --write` left behind.
    for dir in ["proposals", "rules", "."] {
        for stale in super::write::stale_temps(&ctx.root.join(dir)) {
            let shown = stale
                .strip_prefix(&ctx.root)
                .unwrap_or(&stale)
                .display()
                .to_string();
            diags.push(
                Diagnostic::new(
                    Code::StaleTemp,
                    format!("`{shown}` is a temporary file left by an interrupted `redline amend --write`"),
                )
                .help("the plan beside it is whole (old or new); delete the temporary file, or let the next `amend --write` there remove it"),
            );
        }
    }
    redline::sort_diagnostics(&mut diags);
    let view = lint_view(&ws, &diags, checked);
    let ok = view.ok;
    let mut doc = Document::new(Command::Lint, Body::Lint(view));
    doc.diagnostics = diagnostic_views(&ws.files, &diags);
    s.write(doc, &ws.files);
    if ok {
        Exit::Clean
    } else {
        Exit::BadInput
    }
}
