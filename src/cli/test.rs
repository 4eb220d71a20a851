//! `redline test [PATH...] [-k PATTERN]`

use super::common::Context;
use super::Exit;
use redline::diagnostic::{Code, Diagnostic};
use redline::load::{self, Files, ScenarioFile, Workspace};
use redline::report::{self, Format, LocView};
use serde_json::json;
use std::path::PathBuf;

/// Scenario files under the given paths (files as given, folders' `.toml` files sorted).
fn scenario_files(files: &dyn Files, paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let paths = if paths.is_empty() {
        vec![PathBuf::from("tests/scenarios")]
    } else {
        paths.to_vec()
    };
    let mut out = Vec::new();
    for p in paths {
        if files.is_dir(&p) {
            out.extend(files.toml_files(&p));
        } else if files.is_file(&p) {
            out.push(p);
        } else {
            return Err(format!("no scenario file or folder `{}`", p.display()));
        }
    }
    Ok(out)
}

/// How a scenario came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Passed,
    Failed,
    /// Its file, its plan or its amendments have mistakes: it could not run.
    Broken,
}

struct Row {
    name: String,
    file: String,
    status: Status,
    comparisons: Vec<(LocView, redline::scenario::Comparison)>,
    diagnostics: Vec<Diagnostic>,
}

/// Run one scenario file, or say why it cannot run.
fn run_one(
    ws: &mut Workspace,
    files: &dyn Files,
    sf: ScenarioFile,
    today: redline::model::Date,
) -> Row {
    let broken = |name: String, file: String, diagnostics: Vec<Diagnostic>| Row {
        name,
        file,
        status: Status::Broken,
        comparisons: Vec::new(),
        diagnostics,
    };
    let s = match sf.result {
        Ok(s) => s,
        Err(d) => return broken(String::new(), sf.name, d),
    };
    let (idx, d) = load::ensure_plan(ws, files, &s.plan.value);
    let Some(pi) = idx.filter(|_| d.is_empty()) else {
        return broken(s.name, sf.name, d);
    };
    match redline::scenario::run(ws, &s, pi, today) {
        Ok(outcome) => Row {
            name: s.name.clone(),
            file: sf.name,
            status: if outcome.passed() {
                Status::Passed
            } else {
                Status::Failed
            },
            comparisons: outcome
                .comparisons
                .iter()
                .map(|c| (LocView::new(ws, c.loc), c.clone()))
                .collect(),
            diagnostics: Vec::new(),
        },
        Err(d) => broken(s.name, sf.name, d),
    }
}

pub fn run(ctx: &Context, paths: &[PathBuf], pattern: Option<&str>) -> Exit {
    let mut ws = match ctx.load(&[]) {
        Ok(x) => x,
        Err(e) => return e,
    };
    let files = match scenario_files(&ctx.files, paths) {
        Ok(f) => f,
        Err(msg) => {
            let mut d = vec![Diagnostic::new(Code::BadArgument, msg)
                .help("pass scenario files or folders; the default is `tests/scenarios`")];
            ctx.report_diagnostics(&ws, &mut d);
            return Exit::BadInput;
        }
    };
    let today = ctx.as_of(&ws);
    let scenarios = load::load_scenarios(&mut ws, &ctx.files, &files);
    let selected: Vec<ScenarioFile> = scenarios
        .into_iter()
        .filter(|sf| {
            pattern.is_none_or(|p| {
                sf.name.contains(p) || sf.result.as_ref().is_ok_and(|s| s.name.contains(p))
            })
        })
        .collect();
    if let (Some(p), true) = (pattern, selected.is_empty()) {
        let mut d =
            vec![
                Diagnostic::new(Code::BadArgument, format!("no scenario matches `-k {p}`"))
                    .help("`-k` keeps the scenarios whose name or file name contains the pattern"),
            ];
        ctx.report_diagnostics(&ws, &mut d);
        return Exit::BadInput;
    }
    let rows: Vec<Row> = selected
        .into_iter()
        .map(|sf| run_one(&mut ws, &ctx.files, sf, today))
        .collect();
    let mut diags: Vec<Diagnostic> = rows.iter().flat_map(|r| r.diagnostics.clone()).collect();
    if ctx.format == Format::Human && !diags.is_empty() {
        ctx.report_diagnostics(&ws, &mut diags);
    }
    render(ctx, &ws, &rows);
    if rows.iter().any(|r| r.status == Status::Broken) {
        Exit::BadInput
    } else if rows.iter().all(|r| r.status == Status::Passed) {
        Exit::Clean
    } else {
        Exit::Findings
    }
}

fn render(ctx: &Context, ws: &Workspace, rows: &[Row]) {
    let passed = rows.iter().filter(|r| r.status == Status::Passed).count();
    let failed = rows.len() - passed;
    let broken = rows.iter().filter(|r| r.status == Status::Broken).count();
    let label = |r: &Row| {
        if r.name.is_empty() {
            r.file.clone()
        } else {
            format!("{}: {}", r.file, r.name)
        }
    };
    let text = match ctx.format {
        Format::Human => {
            let mut out = String::new();
            for r in rows {
                let word = match r.status {
                    Status::Passed => "PASS  ",
                    Status::Failed => "FAIL  ",
                    Status::Broken => "BROKEN",
                };
                out.push_str(&format!("{word} {}\n", label(r)));
                for (at, c) in r.comparisons.iter().filter(|(_, c)| !c.passed) {
                    out.push_str(&format!(
                        "       {at}: {}\n         expected: {}\n         actual:   {}\n",
                        c.what, c.expected, c.actual
                    ));
                }
                if r.status == Status::Broken {
                    out.push_str(&format!(
                        "       could not run: {} (shown above)\n",
                        report::plural(r.diagnostics.len(), "error")
                    ));
                }
            }
            if broken > 0 {
                out.push_str(&format!(
                    "{} could not run, and count as failed\n",
                    report::plural(broken, "scenario")
                ));
            }
            out.push_str(&format!("{passed} passed, {failed} failed\n"));
            out
        }
        Format::Markdown => {
            let mut out = String::from("| result | scenario | file |\n|---|---|---|\n");
            for r in rows {
                let word = match r.status {
                    Status::Passed => "pass",
                    Status::Failed => "**fail**",
                    Status::Broken => "**broken**",
                };
                out.push_str(&format!(
                    "| {word} | {} | `{}` |\n",
                    r.name.replace('|', "\\|"),
                    r.file
                ));
            }
            for r in rows.iter().filter(|r| r.status != Status::Passed) {
                let title = if r.name.is_empty() { &r.file } else { &r.name };
                out.push_str(&format!("\n### {title}\n\n"));
                for (at, c) in r.comparisons.iter().filter(|(_, c)| !c.passed) {
                    out.push_str(&format!(
                        "- `{at}` {}: expected {}, got {}\n",
                        c.what, c.expected, c.actual
                    ));
                }
                if !r.diagnostics.is_empty() {
                    out.push_str(&report::render_diagnostics_markdown(
                        &ws.files,
                        &r.diagnostics,
                    ));
                }
            }
            out.push_str(&format!("\n{passed} passed, {failed} failed\n"));
            out
        }
        Format::Json => report::to_json(&json!({
            "version": report::JSON_VERSION,
            "as_of": ctx.as_of(ws).to_string(),
            "passed": passed,
            "failed": failed,
            "broken": broken,
            "scenarios": rows.iter().map(|r| json!({
                "name": r.name,
                "file": r.file,
                "passed": r.status == Status::Passed,
                "status": match r.status {
                    Status::Passed => "passed",
                    Status::Failed => "failed",
                    Status::Broken => "broken",
                },
                "comparisons": r.comparisons.iter().map(|(at, c)| json!({
                    "what": c.what,
                    "expected": c.expected,
                    "actual": c.actual,
                    "passed": c.passed,
                    "location": at,
                })).collect::<Vec<_>>(),
                "diagnostics": report::render_diagnostics_json(&ws.files, &r.diagnostics),
            })).collect::<Vec<_>>(),
        })),
    };
    ctx.emit(&text);
}
