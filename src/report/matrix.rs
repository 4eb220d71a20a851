//! Party × clause and party × plan grids.

use crate::check::{Cause, Report, Verdict};
use crate::load::Workspace;
use crate::model::{PartyId, Plan, Severity};
use comfy_table::{presets, Cell as TCell, CellAlignment, ContentArrangement, Table};
use serde::Serialize;

/// The worst a party says about one column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cell {
    Ok,
    AtRisk,
    Objection,
    Veto,
}

impl Cell {
    fn of(verdict: Verdict, severity: Severity) -> Cell {
        match (verdict, severity) {
            (Verdict::Violated, Severity::Veto) => Cell::Veto,
            (Verdict::Violated, Severity::Objection) => Cell::Objection,
            (Verdict::AtRisk, _) => Cell::AtRisk,
            (Verdict::Satisfied, _) => Cell::Ok,
        }
    }
    fn word(self) -> &'static str {
        match self {
            Cell::Ok => "ok",
            Cell::AtRisk => "at risk",
            Cell::Objection => "objection",
            Cell::Veto => "VETO",
        }
    }
    fn mark(self) -> &'static str {
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
    /// `clauses` (one plan) or `plans` (several).
    pub kind: &'static str,
    pub plan: Option<String>,
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    pub cells: Vec<Vec<Cell>>,
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
    for p in &parties {
        let mut row = vec![Cell::Ok; columns.len()];
        for f in report.findings.iter().filter(|f| f.party == *p) {
            let c = Cell::of(f.verdict, f.severity);
            row[0] = row[0].max(c);
            for cause in &f.causes {
                let col = match cause {
                    Cause::Clause { clause, .. } => 1 + clause,
                    _ => 1 + n,
                };
                if let Some(slot) = row.get_mut(col) {
                    *slot = (*slot).max(c);
                }
            }
        }
        cells.push(row);
    }
    Matrix {
        kind: "clauses",
        plan: Some(plan.id.clone()),
        rows: parties
            .iter()
            .map(|p| ws.rules.party(*p).id.clone())
            .collect(),
        columns,
        cells,
    }
}

/// Several plans: a column per plan with each party's overall verdict.
pub fn matrix_plans(ws: &Workspace, plans: &[(&Plan, &Report)], parties: &[PartyId]) -> Matrix {
    let parties = rows(ws, parties);
    let cells = parties
        .iter()
        .map(|p| {
            plans
                .iter()
                .map(|(_, r)| {
                    r.findings
                        .iter()
                        .filter(|f| f.party == *p)
                        .map(|f| Cell::of(f.verdict, f.severity))
                        .max()
                        .unwrap_or(Cell::Ok)
                })
                .collect()
        })
        .collect();
    Matrix {
        kind: "plans",
        plan: None,
        rows: parties
            .iter()
            .map(|p| ws.rules.party(*p).id.clone())
            .collect(),
        columns: plans.iter().map(|(p, _)| p.id.clone()).collect(),
        cells,
    }
}

/// An empty grid: box-drawn for terminals, a pipe table for markdown; never
/// wrapped or coloured, so that output is the same on every terminal.
pub fn grid(markdown: bool) -> Table {
    let mut t = Table::new();
    t.force_no_tty();
    t.load_preset(if markdown {
        presets::ASCII_MARKDOWN
    } else {
        presets::UTF8_FULL_CONDENSED
    });
    t.set_content_arrangement(ContentArrangement::Disabled);
    t
}

impl Matrix {
    fn table(&self, markdown: bool) -> Table {
        let mut t = grid(markdown);
        let mut head = vec![TCell::new("party")];
        head.extend(self.columns.iter().map(TCell::new));
        t.set_header(head);
        let compact = self.kind == "clauses";
        for (name, row) in self.rows.iter().zip(&self.cells) {
            let mut r = vec![TCell::new(name)];
            for (i, c) in row.iter().enumerate() {
                let text = if compact && i > 0 { c.mark() } else { c.word() };
                r.push(TCell::new(text).set_alignment(if compact && i > 0 {
                    CellAlignment::Center
                } else {
                    CellAlignment::Left
                }));
            }
            t.add_row(r);
        }
        t
    }

    fn legend(&self) -> &'static str {
        if self.kind == "clauses" {
            "✗ veto   ! objection   ? at risk   · nothing; `plan` is the party's overall verdict"
        } else {
            "each cell is the party's overall verdict on the plan"
        }
    }

    pub fn render_human(&self) -> String {
        let title = match &self.plan {
            Some(p) => format!("plan `{p}`: party × clause\n"),
            None => "party × plan\n".to_string(),
        };
        format!("{title}{}\n{}\n", self.table(false), self.legend())
    }

    pub fn render_markdown(&self) -> String {
        let title = match &self.plan {
            Some(p) => format!("### `{p}`: party × clause\n\n"),
            None => "### Party × plan\n\n".to_string(),
        };
        format!("{title}{}\n\n{}\n", self.table(true), self.legend())
    }
}
