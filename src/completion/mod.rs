//! Completions: what a plan leaves possible for each term ([`domain`]), and
//! which of those worlds are coherent under the constraints between terms
//! ([`coherence`]). The floor that loading, checking and solving all stand
//! on: `load` reports incoherent plans and contradictory constraints with
//! it, `check` judges red lines over its completions, and `solve` searches
//! them.

pub mod coherence;
pub mod domain;

use crate::model::{ClauseId, Expr, Rules, Setting, TermId, TermKind, Value};
use crate::sat::Domains;
use domain::{candidates, Restriction, Space};
use std::collections::BTreeSet;

/// One thing a verdict depends on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Cause {
    /// A clause of the plan sets the term.
    Clause {
        /// The clause that sets it.
        clause: ClauseId,
        /// The term it sets.
        term: TermId,
    },
    /// The plan is silent on the term, so its status quo holds.
    Silence {
        /// The term the plan says nothing about.
        term: TermId,
        /// The term's `default`, which holds.
        status_quo: Value,
    },
    /// The plan is silent on a term that has no status quo.
    Open {
        /// The term, free to take any value.
        term: TermId,
    },
    /// The term follows the plan's signatories (`signed_by`), and they make it `value`.
    Signatories {
        /// The `signed_by` term.
        term: TermId,
        /// Its value: whether its party signs the plan.
        value: Value,
    },
}

impl Cause {
    /// The term the cause is about.
    pub fn term(&self) -> TermId {
        match self {
            Cause::Clause { term, .. }
            | Cause::Silence { term, .. }
            | Cause::Open { term }
            | Cause::Signatories { term, .. } => *term,
        }
    }
    /// The clause that sets the term, if the cause is a clause; `None` otherwise.
    pub fn clause(&self) -> Option<ClauseId> {
        match self {
            Cause::Clause { clause, .. } => Some(*clause),
            _ => None,
        }
    }
}

/// Whether a setting leaves the term as its status quo has it: exactly the
/// status quo value, or (for a term with none) every value it can take.
pub fn restates_status_quo(rules: &Rules, term: TermId, setting: &Setting) -> bool {
    let t = rules.vocab.get(term);
    let options = setting.options();
    match t.default {
        Some(d) => options == [d],
        None => {
            let size: i128 = match &t.kind {
                TermKind::Bool => 2,
                TermKind::Enum(names) => names.len() as i128,
                TermKind::Int { lo, hi } => i128::from(*hi) - i128::from(*lo) + 1,
            };
            options.len() as i128 == size
        }
    }
}

/// The domains of `terms` as far as `exprs` can tell their values apart;
/// `relaxed` terms are taken as open.
pub fn domains_for(
    rules: &Rules,
    space: &Space,
    exprs: &[&Expr],
    terms: &BTreeSet<TermId>,
    relaxed: &BTreeSet<TermId>,
) -> Domains {
    terms
        .iter()
        .map(|t| (*t, candidates(rules, space, exprs, *t, relaxed.contains(t))))
        .collect()
}

/// What the plan does to term `t`, as causes.
pub(crate) fn causes_of(space: &Space, t: TermId) -> Vec<Cause> {
    match space.get(t) {
        Restriction::Set { clauses, .. } => clauses
            .iter()
            .map(|c| Cause::Clause {
                clause: *c,
                term: t,
            })
            .collect(),
        Restriction::StatusQuo(v) => vec![Cause::Silence {
            term: t,
            status_quo: *v,
        }],
        Restriction::Open => vec![Cause::Open { term: t }],
        Restriction::Signatories(v) => vec![Cause::Signatories { term: t, value: *v }],
    }
}
