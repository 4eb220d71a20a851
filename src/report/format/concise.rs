//! Concise output: one line per finding, diagnostic or change, led by its
//! location (`file:line:col: ...`), the way ruff and rustc print for
//! editors and `grep`.

use super::{phrases, words};
use crate::check::Verdict;
use crate::model::Severity;
use crate::report::view::{CauseKind, DiagnosticView, Explanation, ScenarioStatus};
use crate::report::{Body, Document, Rendered};

/// Render `doc` one line per item.
pub fn render(doc: &Document) -> Rendered {
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&words::visible(&s));
        out.push('\n');
    };
    match &doc.body {
        Body::Check(v) => {
            for p in &v.plans {
                for e in &p.findings {
                    line(finding(e));
                }
            }
        }
        Body::Explain(v) => {
            for e in &v.findings {
                line(finding(e));
            }
        }
        Body::Matrix { matrix: m } => {
            for (party, row) in m.rows.iter().zip(&m.cells) {
                for (col, cell) in m.columns.iter().zip(row) {
                    if *cell != crate::report::view::Cell::Ok {
                        line(format!("{party} {col}: {}", cell.word()));
                    }
                }
            }
        }
        Body::Amend(v) => {
            for a in v.amendment.iter().chain(&v.after_yield) {
                for c in &a.changes {
                    let at = c
                        .location
                        .as_ref()
                        .map_or_else(|| v.file.clone(), ToString::to_string);
                    line(format!("{at}: {}", words::change(c)));
                }
            }
            for d in &v.conflict {
                let at = d
                    .location
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                line(format!("{at}: conflict: {}", words::demand(d)));
            }
        }
        Body::Diff(v) => {
            for (sign, groups) in [("lost", &v.lost), ("gained", &v.gained)] {
                for g in groups {
                    for e in &g.findings {
                        line(format!("{sign}: {}", words::diff_entry(e)));
                    }
                }
            }
        }
        Body::Space(v) => {
            for t in &v.terms {
                let possible: Vec<String> = t.possible.iter().map(ToString::to_string).collect();
                line(format!("{}: {}", t.term, possible.join(", ")));
            }
        }
        Body::Test(v) => {
            for s in &v.scenarios {
                let word = match s.status {
                    ScenarioStatus::Passed => "PASS",
                    ScenarioStatus::Failed => "FAIL",
                    ScenarioStatus::Broken => "BROKEN",
                };
                line(format!("{}: {word} {}", s.file, s.name));
                for c in s.comparisons.iter().filter(|c| !c.passed) {
                    line(format!(
                        "{}: {}: expected {}, got {}",
                        c.location,
                        words::expect_key(c.what),
                        words::expected(c),
                        words::actual(c)
                    ));
                }
                for d in &s.diagnostics {
                    line(diagnostic(d));
                }
            }
        }
        Body::Lint(_) | Body::Failed {} => {}
        Body::Graph(g) => {
            for e in &g.edges {
                line(format!("{} -> {}: {}", e.from, e.to, e.label));
            }
        }
        Body::Codes { codes } => {
            for c in codes {
                line(format!("{}: {}", c.code, c.what));
            }
        }
        Body::Timeline(v) => {
            for p in &v.plans {
                for row in &p.parties {
                    for x in &row.periods {
                        line(format!(
                            "{}: {} {} {}..{}",
                            p.file,
                            row.party,
                            phrases::standing(x.standing, x.analysis),
                            x.from,
                            x.to
                        ));
                    }
                }
            }
        }
        Body::Coalitions(v) => {
            for c in &v.coalitions {
                line(format!("coalition: {}", phrases::group(&c.parties)));
            }
            for b in &v.blocking {
                line(format!("blocking: {}", phrases::group(&b.parties)));
            }
            for p in &v.pivotal {
                line(format!("pivotal: {p}"));
            }
        }
    }
    for d in &doc.diagnostics {
        line(diagnostic(d));
    }
    Rendered {
        stdout: out,
        stderr: String::new(),
    }
}

fn verdict_word(e: &Explanation) -> &'static str {
    match (e.verdict, e.severity) {
        (Verdict::Violated, Severity::Veto) => "veto",
        (Verdict::Violated, Severity::Objection) => "objection",
        (Verdict::AtRisk, _) => "at-risk",
        (Verdict::Satisfied, _) => "ok",
    }
}

/// `file:line:col: party verdict red-line: about`, at the first clause
/// blamed, else at the red line.
fn finding(e: &Explanation) -> String {
    let at = e
        .causes
        .iter()
        .filter(|c| c.kind == CauseKind::Clause)
        .find_map(|c| c.location.as_ref())
        .or(e.location.as_ref())
        .map(ToString::to_string)
        .unwrap_or_default();
    let analysis = if e.on_analysis() { " (analysis)" } else { "" };
    format!(
        "{at}: {} {} {}{analysis}: {}",
        e.party,
        verdict_word(e),
        words::name(e),
        words::about(e)
    )
}

/// `file:line:col: error[code]: message`.
fn diagnostic(d: &DiagnosticView) -> String {
    let level = match d.level {
        crate::diagnostic::Level::Error => "error",
        crate::diagnostic::Level::Warning => "warning",
    };
    let at = match (&d.file, d.line, d.column) {
        (Some(f), Some(l), Some(c)) => format!("{f}:{l}:{c}: "),
        _ => String::new(),
    };
    format!("{at}{level}[{}]: {}", d.code, d.message)
}
