//! `test` as data: each scenario, how it came out, and each expectation.

use super::{diagnostic_views, DiagnosticView, LocView};
use crate::model::Workspace;
use crate::scenario::{Comparison, Expect, Got, Want};
use serde::Serialize;

pub use crate::scenario::{ScenarioRun, Status as ScenarioStatus};

/// One expectation, compared, with where it is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComparisonView {
    /// What the expectation is about.
    pub what: Expect,
    /// What it expects.
    pub expected: Want,
    /// What the check found.
    pub actual: Got,
    /// Whether they agree.
    pub passed: bool,
    /// Where the expectation is written.
    pub location: LocView,
}

/// One scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScenarioView {
    /// Its name (empty when its file could not be read).
    pub name: String,
    /// Its file.
    pub file: String,
    /// How it came out.
    pub status: ScenarioStatus,
    /// Each expectation.
    pub comparisons: Vec<ComparisonView>,
    /// Why it could not run.
    pub diagnostics: Vec<DiagnosticView>,
}

/// `test` as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TestView {
    /// Scenarios that passed.
    pub passed: usize,
    /// Scenarios that failed or could not run.
    pub failed: usize,
    /// Of `failed`, those that could not run.
    pub broken: usize,
    /// Each scenario, in file order.
    pub scenarios: Vec<ScenarioView>,
}

fn comparison(ws: &Workspace, c: &Comparison) -> ComparisonView {
    ComparisonView {
        what: c.what,
        expected: c.expected.clone(),
        actual: c.actual.clone(),
        passed: c.passed,
        location: LocView::new(ws, c.loc),
    }
}

/// The scenario runs `runs`, as data.
pub fn test_view(ws: &Workspace, runs: &[ScenarioRun]) -> TestView {
    let passed = runs
        .iter()
        .filter(|r| r.status == ScenarioStatus::Passed)
        .count();
    TestView {
        passed,
        failed: runs.len() - passed,
        broken: runs
            .iter()
            .filter(|r| r.status == ScenarioStatus::Broken)
            .count(),
        scenarios: runs
            .iter()
            .map(|r| ScenarioView {
                name: r.name.clone(),
                file: r.file.clone(),
                status: r.status,
                comparisons: r.comparisons.iter().map(|c| comparison(ws, c)).collect(),
                diagnostics: diagnostic_views(&ws.files, &r.diagnostics),
            })
            .collect(),
    }
}
