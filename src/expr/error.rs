//! A mistake in an expression, with its span in the expression text.

use crate::diagnostic::Code;
use crate::model::Span;

/// A mistake in an expression. `span` is a byte range in the expression text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    /// What kind of mistake it is (such as `expr-syntax`).
    pub code: Code,
    /// Where it is: a byte range in the expression text, not in the file.
    pub span: Span,
    /// The headline: what is wrong, in one line.
    pub message: String,
    /// A short note shown under the span.
    pub label: Option<String>,
    /// What would fix it (such as a did-you-mean), if anything can be said.
    pub help: Option<String>,
}

impl ExprError {
    pub(crate) fn new(code: Code, span: Span, message: impl Into<String>) -> ExprError {
        ExprError {
            code,
            span,
            message: message.into(),
            label: None,
            help: None,
        }
    }

    pub(crate) fn with_label(mut self, label: impl Into<String>) -> ExprError {
        self.label = Some(label.into());
        self
    }

    pub(crate) fn with_help(mut self, help: impl Into<String>) -> ExprError {
        self.help = Some(help.into());
        self
    }

    pub(crate) fn maybe_help(mut self, help: Option<String>) -> ExprError {
        self.help = help;
        self
    }
}
