//! Any bytes as one of the workspace's files (the first byte picks which):
//! loading, checking and rendering in every format never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use redline::report::{self, view, Body, Command, Document, Format, Style};

#[path = "common.rs"]
mod common;

const FILES: &[&str] = &["rules/terms.toml", "rules/parties.toml", "rules/north.toml", "proposals/draft.toml", "redline.toml"];

fuzz_target!(|data: &[u8]| {
    let Some((which, rest)) = data.split_first() else { return };
    let path = FILES[usize::from(*which) % FILES.len()];
    let files = common::base().with(path, rest.to_vec());
    let loaded = redline::load(&files);
    let ws = &loaded.workspace;
    let diags = view::diagnostic_views(&ws.files, &loaded.diagnostics);
    for f in [Format::Human, Format::Concise, Format::Json, Format::Markdown, Format::Html] {
        let _ = report::render(&Document::failed(Command::Lint, diags.clone()), &ws.files, f, Style::plain());
    }
    if loaded.has_errors() {
        return;
    }
    let opts = redline::CheckOptions::default();
    for plan in &ws.plans {
        if let Ok(r) = redline::check(&ws.rules, plan, &opts) {
            let mut v = view::check_view(ws, &[(plan, &r)], &[]);
            v.draw_grids(ws, &[(plan, &r)], &[]);
            let doc = Document::new(Command::Check, Body::Check(v));
            for f in [Format::Human, Format::Markdown, Format::Html, Format::Sarif] {
                let _ = report::render(&doc, &ws.files, f, Style::plain());
            }
        }
    }
});
