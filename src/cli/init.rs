//! `redline init [DIR] [--example NAME]`

use super::common::Context;
use super::Exit;
use clap::Args;
use redline::report::Command;
use redline::{did_you_mean, Code, Diagnostic, SourceMap};
use std::path::{Path, PathBuf};

/// Where init writes the JSON Schemas, relative to the new workspace.
const SCHEMAS: &str = ".redline/schemas";

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
    // Everything init writes: the starter files, then (generated from them)
    // the JSON Schemas for editors and the `.taplo.toml` that points each
    // file kind at its schema. None may exist yet, not even as a dangling
    // link, and no folder on the way may be a symbolic link (DIR itself,
    // named by the user, may be one).
    let mut targets: Vec<PathBuf> = files.iter().map(|(p, _)| PathBuf::from(p)).collect();
    targets.extend(redline::schema_names().map(|n| Path::new(SCHEMAS).join(n)));
    targets.push(PathBuf::from(".taplo.toml"));
    let existing: Vec<String> = targets
        .iter()
        .filter(|p| std::fs::symlink_metadata(dir.join(p)).is_ok())
        .map(|p| p.display().to_string())
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
    if let Some(link) = targets
        .iter()
        .find_map(|p| super::write::symlink_on_the_way(&dir, p))
    {
        return s.fail_one(
            &none,
            Diagnostic::new(
                Code::BadArgument,
                format!(
                    "`{}` is a symbolic link: init writes into `{}` and follows no link out of it",
                    link.display(),
                    dir.display()
                ),
            )
            .help("run `redline init` in a new folder, or replace the link with a real folder"),
        );
    }
    // DIR itself, named by the user, is made if need be (through a link,
    // if the user named one).
    if let Err(e) = std::fs::create_dir_all(&dir) {
        return s.fail_one(
            &none,
            Diagnostic::new(Code::Io, format!("cannot make `{}`: {e}", dir.display())),
        );
    }
    let write = |rel: &Path, text: &str| {
        super::write::create_new(&dir, rel, text).map_err(|e| {
            s.fail_one(
                &none,
                Diagnostic::new(Code::Io, e.to_string()).help(
                    "init stopped there; it never overwrites a file nor writes through a link",
                ),
            )
        })
    };
    for (path, text) in files {
        if let Err(e) = write(Path::new(path), text) {
            return e;
        }
    }
    // Schemas for editors, generated from the new workspace, and the
    // `.taplo.toml` that points each file kind at its schema.
    let loaded = redline::load_workspace(&dir);
    if !loaded.has_errors() {
        for sc in redline::schemas(&loaded.workspace) {
            let mut t = serde_json::to_string_pretty(&sc.schema).unwrap_or_default();
            t.push('\n');
            if let Err(e) = write(&Path::new(SCHEMAS).join(sc.name), &t) {
                return e;
            }
        }
        if let Err(e) = write(Path::new(".taplo.toml"), &redline::taplo_config(SCHEMAS)) {
            return e;
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
