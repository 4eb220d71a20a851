//! `redline test [PATH...] [-k PATTERN]`

use super::common::{today, Context};
use super::Exit;
use redline::load;
use redline::report::{self, Format, LocView};
use serde_json::json;
use std::path::{Path, PathBuf};

/// Scenario files under the given paths (files as given, folders' `.toml` files sorted).
fn scenario_files(root: &Path, paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let paths = if paths.is_empty() {
        vec![PathBuf::from("tests/scenarios")]
    } else {
        paths.to_vec()
    };
    let mut out = Vec::new();
    for p in paths {
        let full = root.join(&p);
        if full.is_dir() {
            out.extend(load::toml_files(&full));
        } else if full.is_file() {
            out.push(full);
        } else {
            return Err(format!("no scenario file or folder `{}`", p.display()));
        }
    }
    Ok(out)
}

struct Row {
    name: String,
    file: String,
    passed: bool,
    comparisons: Vec<(LocView, redline::scenario::Comparison)>,
}

pub fn run(ctx: &Context, paths: &[PathBuf], pattern: Option<&str>) -> Exit {
    let mut ws = match ctx.load(&[]) {
        Ok(x) => x,
        Err(e) => return e,
    };
    let files = match scenario_files(&ctx.root, paths) {
        Ok(f) => f,
        Err(msg) => {
            eprintln!("error: {msg}\n  help: pass scenario files or folders; the default is `tests/scenarios`");
            return Exit::BadInput;
        }
    };
    let (scenarios, mut diags) = load::load_scenarios(&mut ws, &files);
    let mut planned = Vec::new();
    for s in &scenarios {
        let (idx, d) = load::ensure_plan(&mut ws, &s.plan.value);
        diags.extend(d);
        planned.push(idx);
    }
    let selected: Vec<usize> = (0..scenarios.len())
        .filter(|i| {
            pattern.is_none_or(|p| {
                let s = &scenarios[*i];
                s.name.contains(p) || ws.files.get(s.file).name.contains(p)
            })
        })
        .collect();
    let mut rows = Vec::new();
    for &i in &selected {
        let s = &scenarios[i];
        let Some(pi) = planned[i] else { continue };
        match redline::scenario::run(&ws, s, pi, today()) {
            Ok(outcome) => rows.push(Row {
                name: s.name.clone(),
                file: ws.files.get(s.file).name.clone(),
                passed: outcome.passed(),
                comparisons: outcome
                    .comparisons
                    .iter()
                    .map(|c| (LocView::new(&ws, c.loc), c.clone()))
                    .collect(),
            }),
            Err(d) => diags.extend(d),
        }
    }
    if !ctx.report_diagnostics(&ws, &mut diags) {
        return Exit::BadInput;
    }
    render(ctx, &rows);
    if rows.iter().all(|r| r.passed) {
        Exit::Clean
    } else {
        Exit::Findings
    }
}

fn render(ctx: &Context, rows: &[Row]) {
    let passed = rows.iter().filter(|r| r.passed).count();
    let failed = rows.len() - passed;
    let text = match ctx.format {
        Format::Human => {
            let mut out = String::new();
            for r in rows {
                out.push_str(&format!(
                    "{}  {}: {}\n",
                    if r.passed { "PASS" } else { "FAIL" },
                    r.file,
                    r.name
                ));
                for (at, c) in r.comparisons.iter().filter(|(_, c)| !c.passed) {
                    out.push_str(&format!(
                        "      {at}: {}\n        expected: {}\n        actual:   {}\n",
                        c.what, c.expected, c.actual
                    ));
                }
            }
            out.push_str(&format!("{passed} passed, {failed} failed\n"));
            out
        }
        Format::Markdown => {
            let mut out = String::from("| result | scenario | file |\n|---|---|---|\n");
            for r in rows {
                out.push_str(&format!(
                    "| {} | {} | `{}` |\n",
                    if r.passed { "pass" } else { "**fail**" },
                    r.name.replace('|', "\\|"),
                    r.file
                ));
            }
            for r in rows.iter().filter(|r| !r.passed) {
                out.push_str(&format!("\n### {}\n\n", r.name));
                for (at, c) in r.comparisons.iter().filter(|(_, c)| !c.passed) {
                    out.push_str(&format!(
                        "- `{at}` {}: expected {}, got {}\n",
                        c.what, c.expected, c.actual
                    ));
                }
            }
            out.push_str(&format!("\n{passed} passed, {failed} failed\n"));
            out
        }
        Format::Json => report::to_json(&json!({
            "version": report::JSON_VERSION,
            "passed": passed,
            "failed": failed,
            "scenarios": rows.iter().map(|r| json!({
                "name": r.name,
                "file": r.file,
                "passed": r.passed,
                "comparisons": r.comparisons.iter().map(|(at, c)| json!({
                    "what": c.what,
                    "expected": c.expected,
                    "actual": c.actual,
                    "passed": c.passed,
                    "location": at,
                })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })),
    };
    ctx.emit(&text);
}
