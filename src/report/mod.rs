//! Rendering: findings and diagnostics → human, JSON, markdown, DOT.
//!
//! Checking produces [`crate::check::Report`]s; [`explain`] turns each
//! finding into an [`Explanation`] (plain data, every id resolved to text);
//! the renderers only format explanations. Nothing here does IO.

mod diagnostics;
mod diff;
mod explain;
mod graph;
mod human;
mod markdown;
mod matrix;
mod snippet;
mod solve;

pub use diagnostics::{
    plural, render_diagnostics, render_diagnostics_json, render_diagnostics_markdown,
};
pub use diff::{diff_view, render_diff_human, render_diff_markdown, DiffView};
pub use explain::{explain, explain_plan, CauseView, Explanation, LocView, PlanView, SourceView};
pub use graph::{graph_json, render_dot, render_graph_markdown};
pub use human::{render_check_human, render_explain_human};
pub use markdown::{render_check_markdown, render_explain_markdown};
pub use matrix::{matrix_clauses, matrix_plans, Cell, Matrix};
pub use solve::{
    amend_view, render_amend_human, render_amend_markdown, render_space_human,
    render_space_markdown, space_view, AmendView, ChangeView, DemandView, SpaceView, Verdicts,
};

/// Output format chosen with `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Human,
    Json,
    Markdown,
}

/// How human output looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    /// ANSI colours.
    pub color: bool,
    /// Terminal width for wrapping snippets.
    pub width: usize,
}

impl Style {
    pub fn plain() -> Style {
        Style {
            color: false,
            width: 100,
        }
    }
}

/// The JSON documents redline writes carry this version; it changes only
/// when a field is removed or changes meaning.
pub const JSON_VERSION: u32 = 1;

/// Serialize to pretty JSON with a trailing newline.
pub fn to_json(value: &serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".to_string());
    s.push('\n');
    s
}
