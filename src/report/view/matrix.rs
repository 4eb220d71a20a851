//! `matrix` as data: party × clause and party × plan grids.

use crate::check::{Cause, Finding, Report, Worst};
use crate::model::Workspace;
use crate::model::{PartyId, Plan};
use serde::Serialize;

/// The worst a party says about one column: the engine's [`Standing`].
///
/// [`Standing`]: crate::check::Standing
pub use crate::check::Standing as Cell;

/// What a matrix's columns are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatrixKind {
    /// One plan: its overall verdict, then one column per clause (and one
    /// for what the plan leaves unsaid).
    Clauses,
    /// Several plans: one column per plan.
    Plans,
}

impl Cell {
    /// The cell in a word: `VETO`, `objection`, `at risk`, `ok`.
    pub fn word(self) -> &'static str {
        match self {
            Cell::Ok => "ok",
            Cell::AtRisk => "at risk",
            Cell::Objection => "objection",
            Cell::Veto => "VETO",
        }
    }
    /// The cell as one mark: `✗` veto, `!` objection, `?` at risk, `·` nothing.
    pub fn mark(self) -> &'static str {
        match self {
            Cell::Ok => "·",
            Cell::AtRisk => "?",
            Cell::Objection => "!",
            Cell::Veto => "✗",
        }
    }
}

/// A grid of cells: one row per party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Matrix {
    /// What the columns are.
    pub kind: MatrixKind,
    /// The plan, for a party × clause grid.
    pub plan: Option<String>,
    /// The parties, one per row.
    pub rows: Vec<String>,
    /// The column labels.
    pub columns: Vec<String>,
    /// The cells, row by row.
    pub cells: Vec<Vec<Cell>>,
    /// For each cell: whether its verdict rests only on analysts' readings
    /// (every finding at that verdict has `basis = "analysis"`).
    pub analysis: Vec<Vec<bool>>,
}

/// The label of the column for findings that rest on the plan's silence.
pub const SILENCE: &str = "(silent)";

fn rows(ws: &Workspace, parties: &[PartyId]) -> Vec<PartyId> {
    if parties.is_empty() {
        ws.rules.party_ids().collect()
    } else {
        parties.to_vec()
    }
}

/// A report's findings grouped by party (indexed by the party's index,
/// in report order): one pass over the findings, not one per party.
fn by_party(report: &Report) -> Vec<Vec<&Finding>> {
    let mut groups: Vec<Vec<&Finding>> = Vec::new();
    for f in &report.findings {
        let i = f.party.index();
        if groups.len() <= i {
            groups.resize_with(i + 1, Vec::new);
        }
        if let Some(g) = groups.get_mut(i) {
            g.push(f);
        }
    }
    groups
}

/// The findings of party `p` in groups made by [`by_party`].
fn of<'g, 'r>(groups: &'g [Vec<&'r Finding>], p: PartyId) -> &'g [&'r Finding] {
    groups.get(p.index()).map_or(&[], |g| g.as_slice())
}

/// One plan: a column per clause (and one for silence), plus the overall verdict first.
pub fn matrix_clauses(ws: &Workspace, plan: &Plan, report: &Report, parties: &[PartyId]) -> Matrix {
    let parties = rows(ws, parties);
    let silent = report
        .problems()
        .any(|f| f.causes.iter().any(|c| !matches!(c, Cause::Clause { .. })));
    let mut columns = vec!["plan".to_string()];
    columns.extend(plan.clauses.iter().map(|c| c.id.clone()));
    if silent {
        columns.push(SILENCE.to_string());
    }
    let n = plan.clauses.len();
    let mut cells = Vec::new();
    let mut analysis = Vec::new();
    let groups = by_party(report);
    for p in &parties {
        let mut row = vec![Worst::default(); columns.len()];
        for f in of(&groups, *p) {
            let c = Cell::of(f.verdict, f.severity);
            let a = f.on_analysis(&ws.rules);
            if let Some(overall) = row.first_mut() {
                overall.add(c, a);
            }
            let mut cols: Vec<usize> = f
                .causes
                .iter()
                .map(|cause| match cause {
                    Cause::Clause { clause, .. } => 1 + clause.index(),
                    _ => 1 + n,
                })
                .collect();
            cols.sort_unstable();
            cols.dedup();
            for col in cols {
                if let Some(slot) = row.get_mut(col) {
                    slot.add(c, a);
                }
            }
        }
        cells.push(row.iter().map(|w| w.standing()).collect());
        analysis.push(row.iter().map(|w| w.analysis()).collect());
    }
    Matrix {
        kind: MatrixKind::Clauses,
        plan: Some(plan.id.clone()),
        rows: parties
            .iter()
            .map(|p| ws.rules.party(*p).id.clone())
            .collect(),
        columns,
        cells,
        analysis,
    }
}

/// Several plans: a column per plan with each party's overall verdict.
pub fn matrix_plans(ws: &Workspace, plans: &[(&Plan, &Report)], parties: &[PartyId]) -> Matrix {
    let parties = rows(ws, parties);
    let mut worst: Vec<Vec<Worst>> = vec![vec![Worst::default(); plans.len()]; parties.len()];
    for (col, (_, r)) in plans.iter().enumerate() {
        let groups = by_party(r);
        for (row, p) in worst.iter_mut().zip(&parties) {
            if let Some(w) = row.get_mut(col) {
                for f in of(&groups, *p) {
                    w.add(Cell::of(f.verdict, f.severity), f.on_analysis(&ws.rules));
                }
            }
        }
    }
    let cells = worst
        .iter()
        .map(|row| row.iter().map(|w| w.standing()).collect())
        .collect();
    let analysis = worst
        .iter()
        .map(|row| row.iter().map(|w| w.analysis()).collect())
        .collect();
    Matrix {
        kind: MatrixKind::Plans,
        plan: None,
        rows: parties
            .iter()
            .map(|p| ws.rules.party(*p).id.clone())
            .collect(),
        columns: plans.iter().map(|(p, _)| p.id.clone()).collect(),
        cells,
        analysis,
    }
}

/// What `matrix` shows: party × clause for one plan, party × plan for
/// several; `None` when there is no plan.
pub fn matrix_of(
    ws: &Workspace,
    plans: &[(&Plan, &Report)],
    parties: &[PartyId],
) -> Option<Matrix> {
    match plans {
        [] => None,
        [(plan, report)] => Some(matrix_clauses(ws, plan, report, parties)),
        _ => Some(matrix_plans(ws, plans, parties)),
    }
}
