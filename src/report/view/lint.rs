//! `lint` as data: the workspace's mistakes, and what it holds.

use crate::diagnostic::{Diagnostic, Level};
use crate::model::Workspace;
use serde::Serialize;

/// What a workspace holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WorkspaceCounts {
    /// Terms of the vocabulary.
    pub terms: usize,
    /// Parties and blocs.
    pub parties: usize,
    /// Source documents.
    pub sources: usize,
    /// Red lines.
    pub red_lines: usize,
    /// Red lines with a quote.
    pub quoted: usize,
    /// Plans.
    pub plans: usize,
}

/// `lint` as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LintView {
    /// Whether there is no error (warnings may remain).
    pub ok: bool,
    /// What the workspace holds.
    pub counts: WorkspaceCounts,
    /// Whether quotes were checked against a corpus.
    pub corpus_checked: bool,
}

/// The lint of `ws`, whose diagnostics (loading and quotes) are `diags`;
/// the document carries them.
pub fn lint_view(ws: &Workspace, diags: &[Diagnostic], corpus_checked: bool) -> LintView {
    LintView {
        ok: !diags.iter().any(|d| d.level == Level::Error),
        counts: WorkspaceCounts {
            terms: ws.rules.vocab.terms.len(),
            parties: ws.rules.parties.len(),
            sources: ws.rules.sources.len(),
            red_lines: ws.rules.red_lines.len(),
            quoted: ws
                .rules
                .red_lines
                .iter()
                .filter(|r| r.quote.is_some())
                .count(),
            plans: ws.plans.len(),
        },
        corpus_checked,
    }
}
