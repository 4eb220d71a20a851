//! Constraint expressions: lexer, parser and type checker (SPEC section 4).
//!
//! [`parse`] turns the text of a `forbid`, `require` or `when` string into a
//! typed [`Expr`](crate::model::Expr) over the vocabulary, or a list of [`ExprError`]s whose spans
//! are byte ranges in that text. [`string_offsets`] maps those ranges back to
//! the raw TOML string token so that diagnostics point into the file.

mod error;
mod lexer;
mod parser;
mod strings;

pub use error::ExprError;
pub use parser::{parse, MAX_DEPTH};
pub use strings::string_offsets;
