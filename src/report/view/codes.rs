//! `codes` as data: the registry of diagnostic codes.

use crate::diagnostic::{Code, Level};
use serde::Serialize;

/// A code's example: an excerpt of the fixture that raises it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExampleView {
    /// The fixture's file: a workspace file, `args` (the command line) or
    /// `remove` (files the fixture deletes).
    pub file: &'static str,
    /// The excerpt.
    pub text: &'static str,
}

/// One diagnostic code, documented.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeView {
    /// Its stable name, e.g. `unknown-term`.
    pub code: &'static str,
    /// Error or warning.
    pub level: Level,
    /// What it means, in one line.
    pub what: &'static str,
    /// Why redline refuses the input, and how to put it right.
    pub why: &'static str,
    /// An input that raises it.
    pub example: Option<ExampleView>,
}

impl CodeView {
    /// The documentation of `code`.
    pub fn of(code: Code) -> CodeView {
        CodeView {
            code: code.name(),
            level: code.level(),
            what: code.what(),
            why: code.why(),
            example: code.example().map(|e| ExampleView {
                file: e.file,
                text: e.text,
            }),
        }
    }
}
