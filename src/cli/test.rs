//! `redline test [PATH...] [-k PATTERN]`

use super::common::{today, Context};
use super::{formats_of, Exit};
use clap::Args;
use redline::report::view::test_view;
use redline::report::{Body, Command, Format};
use redline::{Code, Date, Diagnostic, ScenarioFile, ScenarioRun, ScenarioStatus};
use std::path::PathBuf;

/// `redline test`. Each scenario says its own parties, basis and date, so
/// `--party`, `--basis` and `--fail-on` do not apply; `--as-of` is the date
/// for scenarios that give none.
#[derive(Debug, Args)]
pub struct TestArgs {
    /// Scenario files or folders (default: tests/scenarios).
    pub paths: Vec<PathBuf>,
    /// Only scenarios whose name or file contains this text.
    #[arg(short = 'k', value_name = "PATTERN")]
    pub pattern: Option<String>,
    /// The date for scenarios without `as_of` (YYYY-MM-DD; default: `as_of`
    /// in redline.toml, else today).
    #[arg(long = "as-of", value_name = "DATE")]
    pub as_of: Option<String>,
    /// Output format.
    #[arg(long, value_parser = formats_of(Command::Test), default_value = Command::Test.default_format().name())]
    pub format: Format,
}

pub fn run(ctx: &Context, a: &TestArgs) -> Exit {
    let mut s = ctx.session(Command::Test, a.format);
    let mut ws = match s.load(&[]) {
        Ok(x) => x,
        Err(e) => return e,
    };
    let default_date = match &a.as_of {
        None => ws.settings.as_of.unwrap_or_else(today),
        Some(text) => match Date::parse(text) {
            Some(d) => d,
            None => {
                return s.fail_one(
                    &ws.files,
                    Diagnostic::new(Code::BadArgument, format!("`--as-of {text}` is not a date"))
                        .help("write it as YYYY-MM-DD, e.g. 2025-12-01"),
                )
            }
        },
    };
    let files = match redline::scenario_files(&ctx.files, &a.paths) {
        Ok(f) => f,
        Err(d) => return s.fail_one(&ws.files, d),
    };
    let scenarios = redline::load_scenarios(&mut ws, &ctx.files, &files);
    let selected: Vec<ScenarioFile> = scenarios
        .into_iter()
        .filter(|sf| {
            a.pattern.as_deref().is_none_or(|p| {
                sf.name.contains(p) || sf.result.as_ref().is_ok_and(|s| s.name.contains(p))
            })
        })
        .collect();
    if let (Some(p), true) = (&a.pattern, selected.is_empty()) {
        return s.fail_one(
            &ws.files,
            Diagnostic::new(Code::BadArgument, format!("no scenario matches `-k {p}`"))
                .help("`-k` keeps the scenarios whose name or file name contains the pattern"),
        );
    }
    let runs: Vec<ScenarioRun> = selected
        .into_iter()
        .map(|sf| redline::run_scenario_file(&mut ws, &ctx.files, sf, default_date))
        .collect();
    let view = test_view(&ws, &runs);
    let mut doc = s.document(&ws, Body::Test(view), None);
    doc.as_of = Some(default_date);
    s.write(doc, &ws.files);
    if runs.iter().any(|r| r.status == ScenarioStatus::Broken) {
        Exit::BadInput
    } else if runs.iter().all(|r| r.status == ScenarioStatus::Passed) {
        Exit::Clean
    } else {
        Exit::Findings
    }
}
