//! `coalitions` as data: the maximal groups of parties that can agree on
//! some plan (each with one), the minimal groups that cannot (each with the
//! conflict among their red lines), and the pivotal parties.

use super::amend::{change_view, demand_view};
use super::{ChangeView, DemandView, ValueView};
use crate::model::{Plan, Workspace};
use crate::solve::{AmendOutcome, Coalitions, Demand};
use serde::Serialize;
use std::collections::BTreeMap;

/// What it takes to make the plan given acceptable to one coalition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoalitionAmendView {
    /// Whether some amendment leaves no member a veto (consent included).
    pub amendable: bool,
    /// The smallest amendment, when one exists.
    pub changes: Vec<ChangeView>,
    /// When none exists: the members' demands no amendment respects together.
    pub conflict: Vec<DemandView>,
}

/// A maximal group of parties that can agree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoalitionView {
    /// The members' ids.
    pub parties: Vec<String>,
    /// A fully decided plan no member vetoes: each term's value.
    pub witness: BTreeMap<String, ValueView>,
    /// With a plan: the smallest amendment that makes it acceptable to them.
    pub amendment: Option<CoalitionAmendView>,
}

/// A minimal group of parties that cannot agree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BlockingView {
    /// The members' ids.
    pub parties: Vec<String>,
    /// Their red lines that no coherent plan respects together, irreducible.
    pub conflict: Vec<DemandView>,
}

/// `coalitions` as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoalitionsView {
    /// The parties considered.
    pub parties: Vec<String>,
    /// The plan amended for each coalition, if one was given.
    pub plan: Option<String>,
    /// Whether all of them can agree.
    pub all_agree: bool,
    /// The maximal groups that can agree, largest first.
    pub coalitions: Vec<CoalitionView>,
    /// The minimal groups that cannot, smallest first.
    pub blocking: Vec<BlockingView>,
    /// The parties in every blocking group.
    pub pivotal: Vec<String>,
    /// False when the enumeration stopped at its limit.
    pub complete: bool,
}

/// The coalitions view; `plan` is the plan each coalition's amendment
/// changes, if one was given.
pub fn coalitions_view(ws: &Workspace, c: &Coalitions, plan: Option<&Plan>) -> CoalitionsView {
    let ids = |ps: &[crate::model::PartyId]| -> Vec<String> {
        ps.iter().map(|p| ws.rules.party(*p).id.clone()).collect()
    };
    CoalitionsView {
        parties: ids(&c.parties),
        plan: plan.map(|p| p.id.clone()),
        all_agree: c.all_agree,
        coalitions: c
            .coalitions
            .iter()
            .map(|k| CoalitionView {
                parties: ids(&k.parties),
                witness: k
                    .witness
                    .iter()
                    .map(|(t, v)| {
                        let term = ws.rules.vocab.get(*t);
                        (term.id.clone(), ValueView::of(term, *v))
                    })
                    .collect(),
                amendment: plan
                    .zip(k.amendment.as_ref())
                    .map(|(p, r)| match &r.outcome {
                        AmendOutcome::Amended(a) => CoalitionAmendView {
                            amendable: true,
                            changes: a
                                .changes
                                .iter()
                                .map(|ch| change_view(ws, p, a, ch))
                                .collect(),
                            conflict: Vec::new(),
                        },
                        AmendOutcome::Impossible(im) => CoalitionAmendView {
                            amendable: false,
                            changes: Vec::new(),
                            conflict: im.core.iter().map(|d| demand_view(ws, d)).collect(),
                        },
                    }),
            })
            .collect(),
        blocking: c
            .blocking
            .iter()
            .map(|b| BlockingView {
                parties: ids(&b.parties),
                conflict: b
                    .conflict
                    .iter()
                    .map(|r| demand_view(ws, &Demand::RedLine(*r)))
                    .collect(),
            })
            .collect(),
        pivotal: ids(&c.pivotal),
        complete: c.complete,
    }
}
