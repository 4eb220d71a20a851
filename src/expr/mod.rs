//! Constraint expressions: lexer, parser and type checker (SPEC section 4).
//!
//! [`parse`] turns the text of a `forbid`, `require` or `when` string into a
//! typed [`Expr`] over the vocabulary, or a list of [`ExprError`]s whose spans
//! are byte ranges in that text. [`string_offsets`] maps those ranges back to
//! the raw TOML string token so that diagnostics point into the file.
//!
//! It runs in two passes: [`syntax`] tokenizes and parses the text into an
//! untyped tree with spans, and [`typeck`] checks that tree against the
//! vocabulary and builds the [`Expr`].

mod error;
#[cfg(test)]
mod fixtures;
mod lexer;
mod strings;
mod syntax;
mod typeck;

use crate::model::{Expr, Vocabulary};

pub use error::ExprError;
pub use strings::string_offsets;
pub use syntax::MAX_DEPTH;

/// Parse and type-check `text` against `vocab`.
///
/// On failure, returns the first syntax error alone, or every type error.
pub fn parse(text: &str, vocab: &Vocabulary) -> Result<Expr, Vec<ExprError>> {
    let node = syntax::parse(text).map_err(|e| vec![e])?;
    typeck::check(&node, vocab)
}
