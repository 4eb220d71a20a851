//! GitHub Actions workflow commands: `::error file=...,line=...::message`
//! lines that annotate the plan (or scenario) files in a pull request.

use super::words;
use crate::check::Verdict;
use crate::diagnostic::Level;
use crate::model::Severity;
use crate::report::view::{CauseKind, DiagnosticView, Explanation, ScenarioStatus};
use crate::report::{Body, Document};

/// A command's data: `%`, CR and LF escaped.
fn data(s: &str) -> String {
    words::visible(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A command's property value: also `:` and `,`.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(kind: &str, file: Option<(&str, usize, usize)>, title: &str, message: &str) -> String {
    let mut props = Vec::new();
    if let Some((f, l, c)) = file {
        props.push(format!("file={}", property(f)));
        props.push(format!("line={l}"));
        props.push(format!("col={c}"));
    }
    props.push(format!("title={}", property(title)));
    format!("::{kind} {}::{}\n", props.join(","), data(message))
}

fn finding(e: &Explanation) -> String {
    let kind = match (e.verdict, e.severity) {
        (Verdict::Violated, Severity::Veto) => "error",
        (Verdict::Violated, _) | (Verdict::AtRisk, _) => "warning",
        (Verdict::Satisfied, _) => "notice",
    };
    let at = e
        .causes
        .iter()
        .filter(|c| c.kind == CauseKind::Clause)
        .find_map(|c| c.location.as_ref())
        .or(e.location.as_ref());
    let about = words::about(e);
    command(
        kind,
        at.map(|l| (l.file.as_str(), l.line, l.column)),
        &format!("{} ({})", words::name(e), e.party),
        &format!("{}: {about}", words::headline(e)),
    )
}

fn diagnostic(d: &DiagnosticView) -> String {
    let kind = match d.level {
        Level::Error => "error",
        Level::Warning => "warning",
    };
    let at = match (&d.file, d.line, d.column) {
        (Some(f), Some(l), Some(c)) => Some((f.as_str(), l, c)),
        _ => None,
    };
    command(kind, at, &format!("redline::{}", d.code), &d.message)
}

/// `doc` as workflow commands.
pub fn render(doc: &Document) -> String {
    let mut out = String::new();
    match &doc.body {
        Body::Check(v) => {
            for p in &v.plans {
                for e in &p.findings {
                    out.push_str(&finding(e));
                }
            }
        }
        Body::Test(v) => {
            for s in &v.scenarios {
                for c in s.comparisons.iter().filter(|c| !c.passed) {
                    out.push_str(&command(
                        "error",
                        Some((c.location.file.as_str(), c.location.line, c.location.column)),
                        &format!("scenario failed: {}", s.name),
                        &format!(
                            "{}: expected {}, got {}",
                            words::expect_key(c.what),
                            words::expected(c),
                            words::actual(c)
                        ),
                    ));
                }
                if s.status == ScenarioStatus::Broken {
                    for d in &s.diagnostics {
                        out.push_str(&diagnostic(d));
                    }
                }
            }
        }
        _ => {}
    }
    for d in &doc.diagnostics {
        out.push_str(&diagnostic(d));
    }
    out
}
