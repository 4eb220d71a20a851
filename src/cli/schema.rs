//! `redline schema [--out DIR]`

use super::common::Context;
use super::Exit;
use clap::Args;
use redline::report::{Command, Format};
use redline::{Code, Diagnostic};
use std::path::{Path, PathBuf};

/// `redline schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The folder to write the schemas to, relative to the workspace.
    #[arg(long, value_name = "DIR", default_value = ".redline/schemas")]
    pub out: PathBuf,
    /// Also write `.taplo.toml`, pointing each file kind at its schema
    /// (an existing one is left alone).
    #[arg(long)]
    pub taplo: bool,
}

pub fn run(ctx: &Context, a: &SchemaArgs) -> Exit {
    let mut s = ctx.session(Command::Schema, Format::Human);
    let ws = match s.load(&[]) {
        Ok(x) => x,
        Err(e) => return e,
    };
    // Relative to the workspace, no symbolic link on the way may be
    // followed (a workspace from elsewhere could point `.redline/schemas`
    // anywhere); a folder named by absolute path is the user's choice.
    let (base, rel) = if a.out.is_absolute() {
        (a.out.clone(), PathBuf::new())
    } else {
        (ctx.root.clone(), a.out.clone())
    };
    let mut written = Vec::new();
    let fail = |s: &mut super::common::Session, e: super::write::NewFileError| {
        s.fail_one(
            &ws.files,
            Diagnostic::new(Code::Io, e.to_string()).help(
                "nothing more was written; `redline schema` writes only inside the workspace (or the folder `--out` names), never through a symbolic link",
            ),
        )
    };
    for schema in redline::schemas(&ws) {
        let mut text = serde_json::to_string_pretty(&schema.schema).unwrap_or_default();
        text.push('\n');
        let file = rel.join(schema.name);
        if let Err(e) = super::write::replace(&base, &file, &text) {
            return fail(&mut s, e);
        }
        written.push(base.join(file));
    }
    // `.taplo.toml` is the user's once it exists (a dangling link counts:
    // the name is taken), so it is only ever created.
    let taplo = Path::new(".taplo.toml");
    if a.taplo && std::fs::symlink_metadata(ctx.root.join(taplo)).is_err() {
        let rel = a.out.display().to_string();
        match super::write::create_new(&ctx.root, taplo, &redline::taplo_config(&rel)) {
            Ok(()) => written.push(ctx.root.join(taplo)),
            Err(super::write::NewFileError::Exists(_)) => {}
            Err(e) => return fail(&mut s, e),
        }
    }
    for p in &written {
        super::common::put(format!("wrote {}\n", p.display()).as_bytes(), false);
    }
    Exit::Clean
}
