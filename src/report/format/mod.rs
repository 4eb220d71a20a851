//! One module per output format. Each renders every kind of [`Document`]
//! (or, for DOT, the one it can); the English that human and markdown
//! output share is in `words`.
//!
//! [`Document`]: super::Document

pub mod concise;
pub mod dot;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod phrases;
pub mod sarif;
mod strip;
pub mod svg;
pub mod words;

use crate::report::view::{Cell, Matrix, MatrixKind, SpaceView};
use comfy_table::{presets, Cell as TCell, CellAlignment, ContentArrangement, Table};

/// An empty grid: box-drawn for terminals, a pipe table for markdown; never
/// wrapped or coloured, so that output is the same on every terminal.
fn grid(markdown: bool) -> Table {
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

/// The grid as a table, for a terminal or (`markdown`) as a pipe table.
pub(super) fn matrix_table(m: &Matrix, markdown: bool) -> Table {
    let all: Vec<usize> = (0..m.columns.len()).collect();
    matrix_columns(m, markdown, &all)
}

/// The party column and the columns `cols` (indices into `m.columns`) of
/// the grid.
pub(super) fn matrix_columns(m: &Matrix, markdown: bool, cols: &[usize]) -> Table {
    let mut t = grid(markdown);
    let mut head = vec![TCell::new("party")];
    head.extend(
        cols.iter()
            .filter_map(|i| m.columns.get(*i))
            .map(TCell::new),
    );
    t.set_header(head);
    let compact = m.kind == MatrixKind::Clauses;
    for ((name, row), marks) in m.rows.iter().zip(&m.cells).zip(&m.analysis) {
        let mut r = vec![TCell::new(name)];
        for &i in cols {
            let Some(c) = row.get(i) else { continue };
            let base = if compact && i > 0 { c.mark() } else { c.word() };
            let star = match (marks.get(i).copied().unwrap_or(false), markdown) {
                (false, _) => "",
                (true, false) => "*",
                (true, true) => "\\*",
            };
            r.push(
                TCell::new(format!("{base}{star}")).set_alignment(if compact && i > 0 {
                    CellAlignment::Center
                } else {
                    CellAlignment::Left
                }),
            );
        }
        t.add_row(r);
    }
    t
}

pub(super) fn matrix_legend(m: &Matrix) -> String {
    let mut out = if m.kind == MatrixKind::Clauses {
        "✗ veto   ! objection   ? at risk   · nothing; `plan` is the party's overall verdict"
            .to_string()
    } else {
        "each cell is the party's overall verdict on the plan".to_string()
    };
    if m.analysis.iter().flatten().any(|a| *a) {
        out.push_str("\n* rests only on an analyst's reading (basis = \"analysis\"); `--basis statement` leaves it out");
    }
    out
}

/// The term × values table of a space.
pub(super) fn space_table(v: &SpaceView, markdown: bool) -> String {
    let mut t = grid(markdown);
    t.set_header(vec!["term", "possible", "excluded"]);
    for s in &v.terms {
        let possible = match &s.forced {
            Some(f) => format!("{f} (forced)"),
            None => s
                .possible
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        };
        let excluded = if s.excluded.is_empty() {
            "·".to_string()
        } else {
            s.excluded
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        t.add_row(vec![s.term.clone(), possible, excluded]);
    }
    t.to_string()
}

/// A standing as a CSS class or data value: `veto`, `objection`, `at_risk`,
/// `ok` (HTML and SVG share it).
pub(crate) fn cell_class(c: Cell) -> &'static str {
    match c {
        Cell::Veto => "veto",
        Cell::Objection => "objection",
        Cell::AtRisk => "at_risk",
        Cell::Ok => "ok",
    }
}
