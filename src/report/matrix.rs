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
    /// For each cell: whether its verdict rests only on analysts' readings
    /// (every finding at that verdict has `basis = "analysis"`).
    pub analysis: Vec<Vec<bool>>,
}

/// The worst verdict among findings, and whether every finding at that
/// verdict rests on an analyst's reading.
#[derive(Debug, Clone, Copy, Default)]
struct Worst {
    cell: Option<Cell>,
    analysis: bool,
}

impl Worst {
    fn add(&mut self, c: Cell, analysis: bool) {
        match self.cell {
            Some(w) if w > c => {}
            Some(w) if w == c => self.analysis &= analysis,
            _ => {
                self.cell = Some(c);
                self.analysis = analysis;
            }
        }
    }
    fn cell(self) -> Cell {
        self.cell.unwrap_or(Cell::Ok)
    }
    fn analysis(self) -> bool {
        self.cell.is_some_and(|c| c != Cell::Ok) && self.analysis
    }
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
    let mut analysis = Vec::new();
    for p in &parties {
        let mut row = vec![Worst::default(); columns.len()];
        for f in report.findings.iter().filter(|f| f.party == *p) {
            let c = Cell::of(f.verdict, f.severity);
            let a = f.on_analysis(&ws.rules);
            row[0].add(c, a);
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
        cells.push(row.iter().map(|w| w.cell()).collect());
        analysis.push(row.iter().map(|w| w.analysis()).collect());
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
        analysis,
    }
}

/// Several plans: a column per plan with each party's overall verdict.
pub fn matrix_plans(ws: &Workspace, plans: &[(&Plan, &Report)], parties: &[PartyId]) -> Matrix {
    let parties = rows(ws, parties);
    let worst: Vec<Vec<Worst>> = parties
        .iter()
        .map(|p| {
            plans
                .iter()
                .map(|(_, r)| {
                    let mut w = Worst::default();
                    for f in r.findings.iter().filter(|f| f.party == *p) {
                        w.add(Cell::of(f.verdict, f.severity), f.on_analysis(&ws.rules));
                    }
                    w
                })
                .collect()
        })
        .collect();
    let cells = worst
        .iter()
        .map(|row| row.iter().map(|w| w.cell()).collect())
        .collect();
    let analysis = worst
        .iter()
        .map(|row| row.iter().map(|w| w.analysis()).collect())
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
        analysis,
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
        for ((name, row), marks) in self.rows.iter().zip(&self.cells).zip(&self.analysis) {
            let mut r = vec![TCell::new(name)];
            for (i, c) in row.iter().enumerate() {
                let base = if compact && i > 0 { c.mark() } else { c.word() };
                let star = match (marks.get(i).copied().unwrap_or(false), markdown) {
                    (false, _) => "",
                    (true, false) => "*",
                    (true, true) => "\\*",
                };
                let text = format!("{base}{star}");
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

    fn legend(&self) -> String {
        let mut out = if self.kind == "clauses" {
            "✗ veto   ! objection   ? at risk   · nothing; `plan` is the party's overall verdict"
                .to_string()
        } else {
            "each cell is the party's overall verdict on the plan".to_string()
        };
        if self.analysis.iter().flatten().any(|a| *a) {
            out.push_str("\n* rests only on an analyst's reading (basis = \"analysis\"); `--basis statement` leaves it out");
        }
        out
    }

    /// The grid for a terminal; `scope` is the date (and basis) it is taken on.
    pub fn render_human(&self, scope: &str) -> String {
        let title = match &self.plan {
            Some(p) => format!("plan `{p}`: party × clause, as of {scope}\n"),
            None => format!("party × plan, as of {scope}\n"),
        };
        format!("{title}{}\n{}\n", self.table(false), self.legend())
    }

    /// The grid as a markdown table; `scope` as for [`Matrix::render_human`].
    pub fn render_markdown(&self, scope: &str) -> String {
        let title = match &self.plan {
            Some(p) => format!("### `{p}`: party × clause, as of {scope}\n\n"),
            None => format!("### Party × plan, as of {scope}\n\n"),
        };
        format!(
            "{title}{}\n\n{}\n",
            self.table(true),
            self.legend().replace('*', "\\*").replace('\n', "  \n")
        )
    }
}
