//! redline checks draft agreements against the red lines of every party to
//! a negotiation.
//!
//! A *workspace* holds a vocabulary of negotiation terms, the parties (and
//! blocs), the sources they are quoted from, each party's red lines as
//! constraints over the terms, and draft plans made of clauses that set
//! terms. [`load`] reads it, collecting every mistake as a
//! [`diagnostic::Diagnostic`]; [`check`] decides, for every red line in
//! force, whether a plan violates it in every completion, puts it at risk,
//! or satisfies it; [`report`] explains and renders the findings.
//!
//! ```
//! use redline::check::{check, CheckOptions};
//! use redline::model::Date;
//!
//! // Load the workspace: rules/ and every plan in proposals/.
//! let loaded = redline::load::load_workspace(std::path::Path::new("tests/fixtures/basic"));
//! assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
//! let ws = &loaded.workspace;
//!
//! // Check one plan as of a date.
//! let plan = ws.plan("draft").unwrap();
//! let opts = CheckOptions { as_of: Date::parse("2025-12-01"), ..Default::default() };
//! let report = check(&ws.rules, plan, &opts).unwrap();
//!
//! // Who vetoes, and why: findings are data.
//! let vetoes: Vec<&str> = report.vetoed_by().iter().map(|p| ws.rules.party(*p).id.as_str()).collect();
//! assert_eq!(vetoes, ["north", "south", "west", "alliance"]);
//! let first = report.findings.iter().find(|f| f.is_veto()).unwrap();
//! let explained = redline::report::explain(ws, plan, first);
//! assert_eq!(explained.headline, "north vetoes clause `3`");
//! ```

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
pub mod check;
pub mod diagnostic;
pub mod error;
pub mod expr;
pub mod lint;
pub mod load;
pub mod model;
pub mod report;
mod sat;
pub mod scenario;
pub mod solve;
