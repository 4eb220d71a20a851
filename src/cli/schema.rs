//! `redline schema [--out DIR]`

use super::common::Context;
use super::Exit;
use clap::Args;
use redline::report::{Command, Format};
use redline::{Code, Diagnostic};
use std::path::PathBuf;

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
    let dir = ctx.root.join(&a.out);
    let mut written = Vec::new();
    let mut write = |path: PathBuf, text: String| -> Result<(), Exit> {
        std::fs::create_dir_all(path.parent().unwrap_or(&dir))
            .and_then(|_| std::fs::write(&path, text))
            .map_err(|e| {
                s.fail_one(
                    &ws.files,
                    Diagnostic::new(Code::Io, format!("cannot write `{}`: {e}", path.display())),
                )
            })?;
        written.push(path);
        Ok(())
    };
    for schema in redline::schemas(&ws) {
        let mut text = serde_json::to_string_pretty(&schema.schema).unwrap_or_default();
        text.push('\n');
        if let Err(e) = write(dir.join(schema.name), text) {
            return e;
        }
    }
    let taplo = ctx.root.join(".taplo.toml");
    if a.taplo && !taplo.exists() {
        let rel = a.out.display().to_string();
        if let Err(e) = write(taplo, redline::taplo_config(&rel)) {
            return e;
        }
    }
    for p in &written {
        super::common::put(format!("wrote {}\n", p.display()).as_bytes(), false);
    }
    Exit::Clean
}
