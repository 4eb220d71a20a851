//! redline checks draft agreements against the red lines of every party to
//! a negotiation.
//!
//! A *workspace* holds a vocabulary of negotiation terms, the parties (and
//! blocs), the sources they are quoted from, each party's red lines as
//! conditions over the terms, and draft plans made of clauses that set
//! terms. The library's surface is flat: everything below is at the crate
//! root, except the presentation layer, [`report`] (typed views of each
//! command's answer, and one renderer per output format).
//!
//! # A tour: load from memory, check, amend, render
//!
//! A workspace can come from a folder ([`load_workspace`]) or from any
//! [`Files`] source; here, from memory:
//!
//! ```
//! use redline::{amend, check, AmendOptions, AmendOutcome, CheckOptions, Date, Memory};
//!
//! let files = Memory::new()
//!     .with("rules/terms.toml", r#"
//!         [[term]]
//!         id = "troops.cap"
//!         about = "Ceiling on the army, in soldiers"
//!         range = [0, 1_000_000]
//!         default = 900_000
//!     "#)
//!     .with("rules/parties.toml", r#"
//!         [[party]]
//!         id = "north"
//!         name = "Northland"
//!
//!         [[party]]
//!         id = "south"
//!         name = "Southland"
//!     "#)
//!     .with("rules/south.toml", r#"
//!         party = "south"
//!
//!         [[red_line]]
//!         id = "keep-an-army"
//!         about = "Southland keeps an army able to defend it"
//!         require = "troops.cap >= 600_000"
//!         severity = "veto"
//!     "#)
//!     .with("proposals/draft.toml", r#"
//!         id = "draft"
//!         title = "A first draft"
//!         parties = ["north", "south"]
//!
//!         [[clause]]
//!         id = "1"
//!         text = "Southland's army is capped at 400,000."
//!         set = { "troops.cap" = 400_000 }
//!     "#);
//!
//! // Loading collects every mistake as a diagnostic; there are none here.
//! let loaded = redline::load(&files);
//! assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
//! let ws = &loaded.workspace;
//! let plan = ws.plan("draft").unwrap();
//!
//! // Check the plan as of a date: findings are data.
//! let opts = CheckOptions { as_of: Date::parse("2025-12-01"), ..Default::default() };
//! let report = check(&ws.rules, plan, &opts).unwrap();
//! let south = ws.rules.lookup_party("south").unwrap();
//! assert_eq!(report.vetoed_by(), [south]);
//!
//! // The smallest amendment after which nobody vetoes.
//! let result = amend(&ws.rules, plan, &AmendOptions { selection: opts, ..Default::default() }).unwrap();
//! let AmendOutcome::Amended(a) = &result.outcome else { panic!("no amendment") };
//! assert_eq!(a.changes.len(), 1);
//! assert!(a.report.acceptable());
//!
//! // Render: a view of the answer, wrapped in a document, in one format.
//! use redline::report::{self, view, Body, Command, Document, Format, Style};
//! let view = view::check_view(ws, &[(plan, &report)], &[]);
//! let doc = Document::new(Command::Check, Body::Check(view))
//!     .weighed(Date::parse("2025-12-01").unwrap(), Default::default());
//! let text = report::render(&doc, &ws.files, Format::Human, Style::plain()).stdout;
//! assert!(text.contains("south vetoes clause `1`: Southland keeps an army able to defend it"));
//! let json = report::render(&doc, &ws.files, Format::Json, Style::plain()).stdout;
//! assert!(json.contains(r#""acceptable": false"#));
//! ```
//!
//! The pieces, in the order data flows through them:
//!
//! - **Loading**: [`load`], [`load_workspace`], [`Files`] ([`Dir`], [`Memory`]);
//!   mistakes are [`Diagnostic`]s with a [`Code`] each.
//! - **The model**: [`Rules`] (the [`Vocabulary`], [`Party`]s, [`RedLine`]s,
//!   [`Constraint`]s, [`Source`]s) and [`Plan`]s of [`Clause`]s; items are
//!   named by typed ids ([`TermId`], [`RedLineId`], ...).
//! - **Checking**: [`check`] gives a [`Report`] of [`Finding`]s, each with a
//!   [`Verdict`] and its [`Cause`]s.
//! - **Solving**: [`amend`] (the smallest amendment, or an irreducible
//!   conflict), [`space`] (the values an acceptable plan can take), [`diff`]
//!   (findings gained and lost between drafts), [`conflict_graph`].
//! - **Scenarios**: [`run_scenario_file`] runs a regression scenario.
//! - **Reports**: [`report`].

#![warn(missing_docs)]

mod check;
mod completion;
mod diagnostic;
mod error;
mod expr;
mod init;
mod lint;
mod load;
mod model;
pub mod report;
mod sat;
mod scenario;
mod schema;
pub mod serve;
mod solve;

pub use check::{
    change_days, check, clause_named, clauses_to_keep, crossing, timeline, timeline_to, weigh,
    BasisFilter, Cause, ChangeOn, CheckOptions, Finding, FindingKind, Force, PartyTimeline, Period,
    PlanTimeline, Report, Standing, Timeline, TimelineOptions, Verdict, Worst,
};
pub use diagnostic::{
    did_you_mean, sort as sort_diagnostics, Code, Diagnostic, Example, Label, Level,
};
pub use error::Error;
pub use expr::{parse as parse_expr, string_offsets, ExprError, MAX_DEPTH};
pub use init::{example as starter_workspace, EXAMPLES as STARTERS};
pub use lint::verify_quotes;
#[doc(hidden)]
pub use load::plain_toml_agrees;
pub use load::scenario::{
    Amendment as ScenarioAmendment, ExpectFinding, Expectations, Expected, Scenario,
};
pub use load::{
    ensure_plan, file_start, load, load_named, load_plan_text, load_scenarios, load_with_plans,
    load_workspace, plan_from_text, plan_ids, plan_loaded_from, unused_plan_id, At, Dir, Files,
    Loaded, Memory, ReadError, ScenarioFile,
};
pub use model::{
    Basis, BrokenTerms, Clause, ClauseId, CmpOp, Constraint, ConstraintId, Date, Decides, Edit,
    EditError, Expr, FileId, Loc, Located, Party, PartyId, Plan, Polarity, RedLine, RedLineId,
    Rules, Setting, Settings, Severity, Source, SourceFile, SourceId, SourceMap, Span, Term,
    TermId, TermKind, Value, Vocabulary, Workspace,
};
pub use sat::work as solver_work;
pub use scenario::{
    apply_amendments, run as run_scenario, run_file as run_scenario_file, scenario_files,
    Comparison, Expect, Found, Got, Outcome, ScenarioRun, Status as ScenarioStatus, Want,
};
pub use schema::{schema_names, schemas, taplo_config, Schema, SCHEMA_NAMES};
pub use solve::{
    amend, amend_observed, apply_changes, coalitions, conflict_graph, diff, new_clause_id,
    rewrite_checked, rewrite_plan, space, AgreementSpace, AmendOptions, AmendOutcome, AmendResult,
    Amendment, Blocking, Change, Coalition, Coalitions, ConflictGraph, Count, Demand, Diff,
    DiffEntry, Edge, EdgeKind, FindingKey, Impossible, Node, NodeKind, Progress, RewriteError,
    SettingDiff, TermSpace, ValueSpan, COALITION_LIMIT, COUNT_LIMIT, NEW_CLAUSE,
};
#[doc(hidden)]
pub use solve::{amend_eager, trim_changes};
