//! Constraints between terms (`[[constraint]]`): which terms they link, and
//! whether a plan has any coherent completion at all.
//!
//! Constraints link the terms they read. A red line is decided over the
//! terms it reads *and* every term linked to them, under every constraint
//! on those terms: the rest of the vocabulary is independent of it, so (as
//! long as the plan as a whole is coherent) leaving it out changes nothing.

use super::domain::{candidates, Restriction, Space};
use super::Cause;
use crate::error::Error;
use crate::model::Expr;
use crate::model::{ConstraintId, Rules, TermId};
use crate::sat::{self, Domains};
use std::collections::{BTreeMap, BTreeSet};

/// The terms linked by constraints, in groups that share no constraint.
#[derive(Debug, Clone, Default)]
pub struct Links {
    /// The group of each term that some constraint reads.
    group_of: BTreeMap<TermId, usize>,
    /// Each group: its terms and its constraints, in file order.
    groups: Vec<(BTreeSet<TermId>, Vec<ConstraintId>)>,
}

impl Links {
    /// Group the constraints of `rules` by the terms they share.
    pub fn of(rules: &Rules) -> Links {
        // Constraints that read a common term are in one group (petgraph's
        // union-find over constraint positions).
        let mut groups = petgraph::unionfind::UnionFind::<usize>::new(rules.constraints.len());
        let mut first_reader: BTreeMap<TermId, usize> = BTreeMap::new();
        for (ci, c) in rules.constraints.iter().enumerate() {
            for t in c.rule.value.terms() {
                match first_reader.get(&t) {
                    Some(&other) => {
                        groups.union(ci, other);
                    }
                    None => {
                        first_reader.insert(t, ci);
                    }
                }
            }
        }
        let mut by_root: BTreeMap<usize, usize> = BTreeMap::new();
        let mut links = Links::default();
        for (ci, c) in rules.constraints.iter().enumerate() {
            let r = groups.find(ci);
            let g = *by_root.entry(r).or_insert_with(|| {
                links.groups.push((BTreeSet::new(), Vec::new()));
                links.groups.len() - 1
            });
            let terms = c.rule.value.terms();
            for t in &terms {
                links.group_of.insert(*t, g);
            }
            if let Some(slot) = links.groups.get_mut(g) {
                slot.0.extend(terms);
                slot.1.push(ConstraintId::from_index(ci));
            }
        }
        links
    }

    /// Whether some constraint reads `t`.
    pub fn is_linked(&self, t: TermId) -> bool {
        self.group_of.contains_key(&t)
    }

    /// The terms `terms` reach through constraints (themselves included),
    /// and the constraints on them, in file order.
    pub fn closure(&self, terms: &BTreeSet<TermId>) -> (BTreeSet<TermId>, Vec<ConstraintId>) {
        let mut out = terms.clone();
        let mut constraints = Vec::new();
        let groups: BTreeSet<usize> = terms
            .iter()
            .filter_map(|t| self.group_of.get(t).copied())
            .collect();
        for g in groups {
            if let Some((ts, cs)) = self.groups.get(g) {
                out.extend(ts.iter().copied());
                constraints.extend(cs.iter().copied());
            }
        }
        constraints.sort_unstable();
        (out, constraints)
    }

    /// Each group of linked terms with its constraints.
    pub fn groups(&self) -> &[(BTreeSet<TermId>, Vec<ConstraintId>)] {
        &self.groups
    }
}

/// The conditions of these constraints, ready to encode.
pub fn conditions(rules: &Rules, constraints: &[ConstraintId]) -> Vec<Expr> {
    constraints
        .iter()
        .map(|c| rules.constraint(*c).holds())
        .collect()
}

/// Terms that follow one party's signature (`signed_by`) take one value
/// together in every plan: for each party with several, `first == other`
/// for each other one. A fully decided plan (the agreement space, a
/// coalition's witness) must keep them equal, or no plan has it.
pub fn signature_conditions(rules: &Rules) -> Vec<Expr> {
    let mut by_party: BTreeMap<crate::model::PartyId, Vec<TermId>> = BTreeMap::new();
    for t in rules.vocab.ids() {
        if let Some(p) = rules.vocab.get(t).signed_by {
            by_party.entry(p).or_default().push(t);
        }
    }
    let mut out = Vec::new();
    for terms in by_party.values() {
        if let Some((first, rest)) = terms.split_first() {
            for t in rest {
                out.push(Expr::CmpTerms {
                    lhs: *first,
                    op: crate::model::CmpOp::Eq,
                    rhs: *t,
                });
            }
        }
    }
    out
}

/// A group of constraints that a plan's settings break outright: no
/// completion satisfies them. Both lists are minimal: without any one
/// constraint, or with any one setting relaxed, a coherent completion exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoherence {
    /// The constraints, in file order.
    pub constraints: Vec<ConstraintId>,
    /// The settings (clauses, silences with their status quo, signatories) that force it.
    pub causes: Vec<Cause>,
}

/// Every way in which the plan whose space is `space` breaks the
/// constraints: one [`Incoherence`] per group of linked terms that has no
/// coherent completion. Empty when the plan is coherent.
pub fn incoherences(
    rules: &Rules,
    links: &Links,
    space: &Space,
) -> Result<Vec<Incoherence>, Error> {
    let mut out = Vec::new();
    for (terms, constraints) in links.groups() {
        let holds = |cs: &[ConstraintId], relaxed: &BTreeSet<TermId>| -> Result<bool, Error> {
            let exprs = conditions(rules, cs);
            let refs: Vec<&Expr> = exprs.iter().collect();
            let doms: Domains = terms
                .iter()
                .map(|t| (*t, candidates(rules, space, &refs, *t, relaxed.contains(t))))
                .collect();
            sat::possible(&Expr::Const(true), true, &doms, &exprs)
        };
        let open: BTreeSet<TermId> = terms
            .iter()
            .copied()
            .filter(|t| matches!(space.get(*t), Restriction::Open))
            .collect();
        if holds(constraints, &open)? {
            continue;
        }
        // The fewest constraints: drop each one that is not needed...
        let kept = crate::sat::shrink::shrink(constraints.clone(), |subset| {
            Ok(if holds(subset, &open)? {
                Ok(())
            } else {
                Err(Vec::new())
            })
        })?;
        // ... then the fewest settings: relax each one that is not needed.
        let mut relaxed = open;
        for t in terms {
            if relaxed.contains(t) {
                continue;
            }
            relaxed.insert(*t);
            if holds(&kept, &relaxed)? {
                relaxed.remove(t);
            }
        }
        let causes: BTreeSet<Cause> = terms
            .iter()
            .filter(|t| !relaxed.contains(t))
            .flat_map(|t| super::causes_of(space, *t))
            .collect();
        out.push(Incoherence {
            constraints: kept,
            causes: causes.into_iter().collect(),
        });
    }
    Ok(out)
}

/// Groups of constraints that no world satisfies, whatever a plan says:
/// each minimal (without any one member, some assignment satisfies the rest).
pub fn contradictions(rules: &Rules, links: &Links) -> Result<Vec<Vec<ConstraintId>>, Error> {
    let space = Space::open(rules);
    Ok(incoherences(rules, links, &space)?
        .into_iter()
        .map(|i| i.constraints)
        .collect())
}
