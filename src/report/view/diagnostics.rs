//! Diagnostics as data: each with its file, line and column resolved.

use super::LocView;
use crate::diagnostic::{Diagnostic, Level};
use crate::model::SourceMap;
use serde::Serialize;

/// A label of a diagnostic: a place and what it says there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LabelView {
    /// The file.
    pub file: String,
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1.
    pub column: usize,
    /// What the label says.
    pub message: Option<String>,
}

/// One diagnostic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiagnosticView {
    /// The code's name, e.g. `unknown-term`.
    pub code: &'static str,
    /// Error or warning.
    pub level: Level,
    /// What is wrong.
    pub message: String,
    /// The primary location's file, line and column.
    pub file: Option<String>,
    /// See `file`.
    pub line: Option<usize>,
    /// See `file`.
    pub column: Option<usize>,
    /// Every location, the primary first.
    pub labels: Vec<LabelView>,
    /// What would fix it.
    pub help: Option<String>,
    /// The diagnostic itself, for renderers that draw the source lines.
    #[serde(skip)]
    pub diagnostic: Diagnostic,
}

/// `diags`, resolved against `files`.
pub fn diagnostic_views(files: &SourceMap, diags: &[Diagnostic]) -> Vec<DiagnosticView> {
    diags
        .iter()
        .map(|d| {
            let primary = d.loc().map(|l| LocView::in_files(files, l));
            DiagnosticView {
                code: d.code.name(),
                level: d.level,
                message: d.message.clone(),
                file: primary.as_ref().map(|l| l.file.clone()),
                line: primary.as_ref().map(|l| l.line),
                column: primary.as_ref().map(|l| l.column),
                labels: d
                    .labels
                    .iter()
                    .map(|l| {
                        let at = LocView::in_files(files, l.loc);
                        LabelView {
                            file: at.file,
                            line: at.line,
                            column: at.column,
                            message: l.message.clone(),
                        }
                    })
                    .collect(),
                help: d.help.clone(),
                diagnostic: d.clone(),
            }
        })
        .collect()
}
