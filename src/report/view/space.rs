//! `space` as data: which values each term can take in some plan acceptable
//! to every chosen party.

use super::amend::demand_view;
use super::{DemandView, ValueView};
use crate::model::PartyId;
use crate::model::Workspace;
use crate::solve::{AgreementSpace, Count, Demand, TermSpace};
use serde::Serialize;

/// A value, or a run `from..=to` (of integers, or of more than 16 values of
/// an enum that every red line treats alike).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum SpanView {
    /// One value.
    One(ValueView),
    /// Every value from `from` to `to`.
    Run {
        /// The first.
        from: ValueView,
        /// The last.
        to: ValueView,
    },
}

/// One term's space.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TermSpaceView {
    /// The term.
    pub term: String,
    /// Values (or runs of integers) some acceptable plan gives it.
    pub possible: Vec<SpanView>,
    /// Values no acceptable plan gives it.
    pub excluded: Vec<SpanView>,
    /// The one value every acceptable plan gives it.
    pub forced: Option<ValueView>,
}

/// The count of acceptable combinations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CountView {
    /// Exactly this many.
    Exact(u128),
    /// Too many to count exactly within `limit` steps.
    TooMany {
        /// The steps counting may take.
        limit: u64,
    },
}

/// `space` as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpaceView {
    /// The parties weighed (empty: every party).
    pub parties: Vec<String>,
    /// The veto red lines that count, as `party/id`.
    pub red_lines: Vec<String>,
    /// Whether some fully decided plan is acceptable to all of them.
    pub acceptable: bool,
    /// When none is: red lines no plan satisfies together.
    pub conflict: Vec<DemandView>,
    /// The terms the red lines read, and their values.
    pub terms: Vec<TermSpaceView>,
    /// Terms no red line reads.
    pub free: Vec<String>,
    /// With `--count`: the acceptable combinations of `terms`.
    pub count: Option<CountView>,
}

impl SpanView {
    /// A value when the run has one, else the run.
    fn of(term: &crate::model::Term, lo: crate::model::Value, hi: crate::model::Value) -> SpanView {
        if lo == hi {
            SpanView::One(ValueView::of(term, lo))
        } else {
            SpanView::Run {
                from: ValueView::of(term, lo),
                to: ValueView::of(term, hi),
            }
        }
    }
}

impl std::fmt::Display for SpanView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SpanView::One(v) => write!(f, "{v}"),
            SpanView::Run { from, to } => write!(f, "{from}..={to}"),
        }
    }
}

fn term_space_view(ws: &Workspace, s: &TermSpace) -> TermSpaceView {
    let term = ws.rules.vocab.get(s.term);
    let pick = |possible: bool| -> Vec<SpanView> {
        s.spans
            .iter()
            .filter(|x| x.possible == possible)
            .map(|x| SpanView::of(term, x.lo, x.hi))
            .collect()
    };
    TermSpaceView {
        term: term.id.clone(),
        possible: pick(true),
        excluded: pick(false),
        forced: s.forced().map(|v| ValueView::of(term, v)),
    }
}

/// The agreement space of `parties` (empty: every party).
pub fn space_view(ws: &Workspace, space: &AgreementSpace, parties: &[PartyId]) -> SpaceView {
    let rules = &ws.rules;
    SpaceView {
        parties: parties.iter().map(|p| rules.party(*p).id.clone()).collect(),
        red_lines: space
            .red_lines
            .iter()
            .map(|r| rules.red_line(*r))
            .map(|r| format!("{}/{}", rules.party(r.party).id, r.id))
            .collect(),
        acceptable: space.acceptable,
        conflict: space
            .conflict
            .iter()
            .map(|r| demand_view(ws, &Demand::RedLine(*r)))
            .collect(),
        terms: if space.acceptable {
            space.terms.iter().map(|s| term_space_view(ws, s)).collect()
        } else {
            Vec::new()
        },
        free: space
            .free
            .iter()
            .map(|t| rules.vocab.get(*t).id.clone())
            .collect(),
        count: space.count.as_ref().map(|c| match c {
            Count::Exact(n) => CountView::Exact(*n),
            Count::TooMany => CountView::TooMany {
                limit: crate::solve::COUNT_LIMIT,
            },
        }),
    }
}
