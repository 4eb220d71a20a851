//! `redline init [DIR] [--example NAME]`

use super::common::Context;
use super::Exit;
use clap::Args;
use redline::report::Command;
use redline::{did_you_mean, Code, Diagnostic, SourceMap};
use std::path::PathBuf;

/// `redline init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create the workspace in (default: the current one, or
    /// `-C DIR`); files that already exist are never overwritten.
    pub dir: Option<PathBuf>,
    /// Which starter: `minimal` (two parties, one plan, one scenario) or
    /// `bloc` (adds a bloc that decides by consensus and owns a term).
    #[arg(long, value_name = "NAME", default_value = "minimal")]
    pub example: String,
}

pub fn run(ctx: &Context, a: &InitArgs) -> Exit {
    // Messages only: an empty document for failures, text for the rest.
    let s = ctx.session(Command::Init, redline::report::Format::Human);
    let none = SourceMap::default();
    let Some(files) = redline::starter_workspace(&a.example) else {
        return s.fail_one(
            &none,
            Diagnostic::new(
                Code::BadArgument,
                format!("no starter workspace `{}`", a.example),
            )
            .maybe_help(
                did_you_mean(&a.example, redline::STARTERS.iter().copied())
                    .or_else(|| Some(format!("starters: {}", redline::STARTERS.join(", ")))),
            ),
        );
    };
    let dir = match &a.dir {
        Some(d) => ctx.root.join(d),
        None => ctx.root.clone(),
    };
    let existing: Vec<&str> = files
        .iter()
        .map(|(p, _)| *p)
        .filter(|p| dir.join(p).exists())
        .collect();
    if !existing.is_empty() {
        return s.fail_one(
            &none,
            Diagnostic::new(
                Code::BadArgument,
                format!(
                    "`{}` already has {}; init writes only files that do not exist yet",
                    dir.display(),
                    existing.join(", ")
                ),
            )
            .help("run `redline init` in a new folder: `redline init my-talks`"),
        );
    }
    for (path, text) in files {
        let full = dir.join(path);
        let written = full
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| std::fs::write(&full, text));
        if let Err(e) = written {
            return s.fail_one(
                &none,
                Diagnostic::new(Code::Io, format!("cannot write `{}`: {e}", full.display())),
            );
        }
    }
    // Schemas for editors, generated from the new workspace, and the
    // `.taplo.toml` that points each file kind at its schema.
    let loaded = redline::load_workspace(&dir);
    if !loaded.has_errors() {
        let schemas_dir = dir.join(".redline/schemas");
        let mut texts: Vec<(PathBuf, String)> = redline::schemas(&loaded.workspace)
            .into_iter()
            .map(|sc| {
                let mut t = serde_json::to_string_pretty(&sc.schema).unwrap_or_default();
                t.push('\n');
                (schemas_dir.join(sc.name), t)
            })
            .collect();
        texts.push((
            dir.join(".taplo.toml"),
            redline::taplo_config(".redline/schemas"),
        ));
        for (path, text) in texts {
            let written =
                std::fs::create_dir_all(&schemas_dir).and_then(|_| std::fs::write(&path, text));
            if let Err(e) = written {
                return s.fail_one(
                    &none,
                    Diagnostic::new(Code::Io, format!("cannot write `{}`: {e}", path.display())),
                );
            }
        }
    }
    let shown = a
        .dir
        .as_ref()
        .map_or_else(|| ".".to_string(), |d| d.display().to_string());
    super::common::put(format!(
        "wrote a `{}` workspace of {} files to {shown}, with JSON Schemas for editors (.taplo.toml, .redline/schemas; `redline schema` refreshes them)\nnext: cd {shown} && redline lint && redline check && redline test\nthe comments in each file explain its keys; docs/format.md in redline's repository is the full reference\n",
        a.example,
        files.len()
    ).as_bytes(), false);
    Exit::Clean
}
