//! `redline lint [--corpus DIR]`

use super::common::Context;
use super::Exit;
use redline::diagnostic::{Code, Diagnostic, Level};
use redline::load;
use redline::report::{self, plural, Format};
use serde_json::json;
use std::path::Path;

pub fn run(ctx: &Context, corpus: Option<&Path>) -> Exit {
    let loaded = load::load_workspace(&ctx.root);
    let mut diags = loaded.diagnostics;
    let ws = loaded.workspace;
    // `--corpus`, else `corpus` in redline.toml (relative to the workspace).
    let configured = ws.settings.corpus.as_ref().map(|c| ctx.root.join(c));
    let dir = corpus.map(Path::to_path_buf).or(configured.clone());
    let mut checked = false;
    if let Some(dir) = &dir {
        if dir.is_dir() {
            let name = dir.display().to_string();
            diags.extend(redline::lint::verify_quotes(
                &ws,
                &load::Dir::new(dir),
                &name,
            ));
            checked = true;
        } else if corpus.is_some() {
            let mut d = vec![Diagnostic::new(
                Code::BadArgument,
                format!("corpus folder `{}` does not exist", dir.display()),
            )
            .help("`--corpus` names the folder that holds the documents sources cite in `file`")];
            ctx.report_diagnostics(&ws, &mut d);
            return Exit::BadInput;
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
                d = d.at(load::file_start(f), None);
            }
            diags.push(d);
        }
    }
    redline::diagnostic::sort(&mut diags);
    let errors = diags.iter().filter(|d| d.level == Level::Error).count();
    let quotes = ws
        .rules
        .red_lines
        .iter()
        .filter(|r| r.quote.is_some())
        .count();
    let summary = format!(
        "{}, {}, {}, {} ({} quoted{}), {}",
        plural(ws.rules.vocab.terms.len(), "term"),
        plural(ws.rules.parties.len(), "party"),
        plural(ws.rules.sources.len(), "source"),
        plural(ws.rules.red_lines.len(), "red line"),
        quotes,
        if checked {
            ", checked against the corpus"
        } else {
            ""
        },
        plural(ws.plans.len(), "plan")
    );
    match ctx.format {
        Format::Human => {
            let mut out = report::render_diagnostics(&ws.files, &diags, ctx.style);
            if errors == 0 {
                out.push_str(&format!("ok: {summary}\n"));
            }
            if errors == 0 {
                ctx.emit(&out);
            } else {
                eprint!("{out}");
            }
        }
        Format::Json => ctx.emit(&report::to_json(&json!({
            "version": report::JSON_VERSION,
            "ok": errors == 0,
            "summary": summary,
            "diagnostics": report::render_diagnostics_json(&ws.files, &diags),
        }))),
        Format::Markdown => {
            let mut out = report::render_diagnostics_markdown(&ws.files, &diags);
            if errors == 0 {
                out.push_str(&format!("ok: {summary}\n"));
            }
            ctx.emit(&out);
        }
    }
    if errors == 0 {
        Exit::Clean
    } else {
        Exit::BadInput
    }
}
