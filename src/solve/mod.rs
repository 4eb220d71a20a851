//! The solver: smallest amendments, irreducible conflicts, the agreement
//! space, draft diffs and the conflict graph.
//!
//! Everything here returns data; [`crate::report`] words it.
//!
//! - [`amend`] finds the fewest term changes (then the fewest violated
//!   objections) after which no party vetoes a plan, or proves that none
//!   exists with an irreducible conflict ([`Impossible::core`]) and the
//!   smallest set of red lines whose parties would have to yield
//!   ([`Impossible::correction`]).
//! - [`space`] says which values of each term some acceptable plan can take.
//! - [`diff()`] compares the findings of two drafts.
//! - [`conflict_graph`] lays out parties, blocs, red lines, clauses and the
//!   verdicts between them as a graph.
//! - [`rewrite_plan`] applies an amendment to a plan's TOML text, keeping
//!   comments and layout.
//!
//! The encoding (see `model.rs`) gives every term a *mode*: unchanged, set
//! to one value, or (for a setting that binds an owner who has not signed)
//! dropped. Each red line gets its own witness completion, because a red
//! line is violated only when *every* completion crosses it: avoiding it
//! needs one completion that does not, and different red lines may use
//! different completions of what the plan leaves open. The number of
//! changes (then of violated objections, or first of constraints given up)
//! is minimised core-guided: soft literals are assumed true, each core the
//! solver returns raises the count by one, and totalizers (rustsat's) over
//! the cores bound how many may give way, incrementally and under
//! assumptions. Every answer is re-checked with [`crate::check::check`].

mod amend;
mod apply;
mod coalitions;
mod cores;
mod diff;
mod encoding;
mod graph;
mod maxsat;
mod nearest;
mod rewrite;
mod space;

pub use amend::{
    amend, amend_eager, amend_observed, trim_changes, AmendOptions, AmendOutcome, AmendResult,
    Amendment, Change, Impossible, Progress, NEW_CLAUSE,
};
pub use apply::{apply as apply_changes, new_clause_id};
pub use coalitions::{coalitions, Blocking, Coalition, Coalitions, COALITION_LIMIT};
pub use diff::{diff, Diff, DiffEntry, Key as FindingKey, SettingDiff};
pub use graph::{conflict_graph, ConflictGraph, Edge, EdgeKind, Node, NodeKind};
pub use rewrite::{rewrite_checked, rewrite_plan, RewriteError};
pub use space::{space, AgreementSpace, Count, TermSpace, ValueSpan, COUNT_LIMIT};

use crate::check::CheckOptions;
use crate::model::{PartyId, Plan, RedLineId, Rules, TermId};

/// Something an acceptable plan must respect: what a party would have to
/// yield when no plan respects everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Demand {
    /// A veto red line must not be violated.
    RedLine(RedLineId),
    /// The plan must not set a term whose owner has not signed it.
    Consent {
        /// The term the plan may not decide without its owner.
        term: TermId,
        /// The term's owner, who has not signed the plan.
        owner: PartyId,
    },
}

impl Demand {
    /// The party whose red line or consent this is.
    pub fn party(&self, rules: &Rules) -> PartyId {
        match self {
            Demand::RedLine(r) => rules.red_line(*r).party,
            Demand::Consent { owner, .. } => *owner,
        }
    }
}

/// The consent constraints of `plan` for the chosen parties: every term in
/// `relevant`, set by the plan, or linked to those by constraints, whose
/// owner is chosen and has not signed.
///
/// The linked terms are the ones an amendment may change to keep the plan
/// coherent (the model's terms are this closure): each needs its owner's
/// consent as much as a term the plan sets.
pub fn consent_demands(
    rules: &Rules,
    plan: &Plan,
    sel: &CheckOptions,
    relevant: &std::collections::BTreeSet<TermId>,
) -> Vec<Demand> {
    let mut terms: std::collections::BTreeSet<TermId> = relevant.clone();
    for c in &plan.clauses {
        terms.extend(c.set.iter().map(|(t, _)| *t));
    }
    let (terms, _) = crate::completion::coherence::Links::of(rules).closure(&terms);
    terms
        .into_iter()
        .flat_map(|t| {
            rules
                .vocab
                .get(t)
                .owners
                .iter()
                .filter(|o| !plan.parties.contains(o) && sel.chooses(**o))
                .map(move |&owner| Demand::Consent { term: t, owner })
        })
        .collect()
}
