//! Coalitions: which groups of parties could agree on some plan at all.
//!
//! A group *can agree* when some fully decided, coherent plan draws no veto
//! from any member (the agreement space of that group, as `space` takes it,
//! is not empty). The groups that can agree are closed under subsets, so
//! they are described by the maximal ones (the *coalitions*) and the
//! minimal groups that cannot (the *blocking groups*): a group can agree
//! exactly when it contains no blocking group. A party in every blocking
//! group is *pivotal*: without it, all the others could agree.
//!
//! Both are found together, party by party, by MARCO (Liffiton et al.,
//! "Fast, flexible MUS enumeration", Constraints 2016): one encoding in
//! which each party's vetoes hold under an assumption, and a second solver
//! over the parties alone that proposes groups not yet explained. A
//! proposal that can agree grows into a coalition (and every subset of it
//! is struck from the map); one that cannot shrinks, by deletion with the
//! solver's cores, into a blocking group (and every superset is struck).
//! Each answer is a proof: a coalition comes with a plan, and a blocking
//! group with an irreducible conflict among its members' red lines.

use super::amend::{amend, AmendOptions, AmendResult};
use super::space::space;
use crate::check::{crossing, CheckOptions};
use crate::completion::coherence::{self, Links};
use crate::completion::domain::{solver_domain, Cuts};
use crate::error::Error;
use crate::model::{Expr, PartyId, Plan, RedLineId, Rules, Severity, TermId, Value};
use crate::sat::shrink::shrink;
use crate::sat::{Assignment, Domains, Encoder, Lit};
use std::collections::{BTreeMap, BTreeSet};

/// Enumeration stops (and says so) after this many coalitions and blocking
/// groups together.
pub const COALITION_LIMIT: usize = 1_000;

/// A maximal group of parties that can agree, and a plan none of them vetoes.
#[derive(Debug, Clone)]
pub struct Coalition {
    /// The members, in `parties.toml` order.
    pub parties: Vec<PartyId>,
    /// A fully decided plan no member vetoes: a value for every term some
    /// considered party's red line reads, and every term a constraint or a
    /// shared signature links to those, in vocabulary order (a whole world,
    /// so that a plan setting them all is coherent).
    pub witness: Vec<(TermId, Value)>,
    /// With a plan: the smallest amendment that makes it acceptable to every
    /// member (consent included, as `amend` weighs it).
    pub amendment: Option<AmendResult>,
}

/// A minimal group of parties that cannot agree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blocking {
    /// The members, in `parties.toml` order.
    pub parties: Vec<PartyId>,
    /// Red lines of the members that no coherent plan respects together,
    /// irreducible (as `space` finds it for this group).
    pub conflict: Vec<RedLineId>,
}

/// Who could agree with whom.
#[derive(Debug, Clone)]
pub struct Coalitions {
    /// The parties considered, in `parties.toml` order.
    pub parties: Vec<PartyId>,
    /// Whether all of them can agree.
    pub all_agree: bool,
    /// The maximal groups that can agree, largest first.
    pub coalitions: Vec<Coalition>,
    /// The minimal groups that cannot, smallest first.
    pub blocking: Vec<Blocking>,
    /// The parties in every blocking group (none when there is none, or
    /// when the enumeration stopped before finding them all).
    pub pivotal: Vec<PartyId>,
    /// False when the enumeration stopped at [`COALITION_LIMIT`]: the lists
    /// are then a part of the answer.
    pub complete: bool,
}

/// The coalitions and blocking groups among `sel`'s parties (every party
/// when it names none), with `sel`'s date and basis; with `plan`, each
/// coalition's smallest amendment of it.
pub fn coalitions(
    rules: &Rules,
    sel: &CheckOptions,
    plan: Option<&Plan>,
) -> Result<Coalitions, Error> {
    let parties: Vec<PartyId> = if sel.parties.is_empty() {
        rules.party_ids().collect()
    } else {
        let set: BTreeSet<PartyId> = sel.parties.iter().copied().collect();
        set.into_iter().collect()
    };
    let mut model = PartyModel::build(rules, sel, &parties)?;
    let all_agree = model.agree(&parties)?;

    // The map: a solver over one literal per party whose models are the
    // groups not yet explained; it prefers parties in, so that proposals
    // start large.
    let mut map = Encoder::new(&Domains::new())?;
    let chosen: Vec<Lit> = parties.iter().map(|_| map.fresh_preferring(true)).collect();
    let mut found_coalitions: Vec<Vec<PartyId>> = Vec::new();
    let mut found_blocking: Vec<Vec<PartyId>> = Vec::new();
    let mut complete = true;
    while map.solve(&[])?.is_some() {
        if found_coalitions.len() + found_blocking.len() >= COALITION_LIMIT {
            complete = false;
            break;
        }
        let mut seed = Vec::new();
        for (p, l) in parties.iter().zip(&chosen) {
            if map.value(*l)? {
                seed.push(*p);
            }
        }
        if model.agree(&seed)? {
            // Grow: every party that can join, in order.
            let mut group = seed;
            for p in &parties {
                if !group.contains(p) {
                    let mut trial = group.clone();
                    trial.push(*p);
                    if model.agree(&trial)? {
                        group = trial;
                    }
                }
            }
            group.sort();
            // No subset of it is left to explain.
            let outside: Vec<Lit> = parties
                .iter()
                .zip(&chosen)
                .filter(|(p, _)| !group.contains(p))
                .map(|(_, l)| *l)
                .collect();
            map.clause(&outside)?;
            found_coalitions.push(group);
        } else {
            let first = model.core()?;
            let mut group = shrink(first, |subset| {
                if model.agree(subset)? {
                    Ok(Ok(()))
                } else {
                    Ok(Err(model.core()?))
                }
            })?;
            if group.is_empty() {
                // The constraints and the signatures contradict each other:
                // no plan is coherent, whoever weighs in.
                return Err(Error::Internal(
                    "no coherent plan exists at all: the constraints between terms contradict the terms that follow one signature".to_string(),
                ));
            }
            group.sort();
            // No superset of it is left to explain.
            let inside: Vec<Lit> = parties
                .iter()
                .zip(&chosen)
                .filter(|(p, _)| group.contains(p))
                .map(|(_, l)| !*l)
                .collect();
            map.clause(&inside)?;
            found_blocking.push(group);
        }
    }

    let mut coalitions = Vec::new();
    for group in found_coalitions {
        let witness = model.witness(&group)?;
        let amendment = match plan {
            Some(p) => {
                let opts = AmendOptions {
                    selection: CheckOptions {
                        parties: group.clone(),
                        ..sel.clone()
                    },
                    keep: Vec::new(),
                    time_limit: None,
                };
                Some(amend(rules, p, &opts)?)
            }
            None => None,
        };
        coalitions.push(Coalition {
            parties: group,
            witness,
            amendment,
        });
    }
    coalitions.sort_by(|a, b| {
        b.parties
            .len()
            .cmp(&a.parties.len())
            .then(a.parties.cmp(&b.parties))
    });
    let mut blocking = Vec::new();
    for group in found_blocking {
        let of_group = CheckOptions {
            parties: group.clone(),
            ..sel.clone()
        };
        let sp = space(rules, &of_group, false)?;
        if sp.acceptable {
            return Err(Error::Internal(
                "a blocking group has an acceptable plan".to_string(),
            ));
        }
        blocking.push(Blocking {
            parties: group,
            conflict: sp.conflict,
        });
    }
    blocking.sort_by(|a, b| {
        a.parties
            .len()
            .cmp(&b.parties.len())
            .then(a.parties.cmp(&b.parties))
    });
    // Pivotal is a claim about every blocking group: only a complete
    // enumeration makes it.
    let pivotal: Vec<PartyId> = match blocking.split_first().filter(|_| complete) {
        Some((first, rest)) => first
            .parties
            .iter()
            .copied()
            .filter(|p| rest.iter().all(|b| b.parties.contains(p)))
            .collect(),
        None => Vec::new(),
    };
    Ok(Coalitions {
        parties,
        all_agree,
        coalitions,
        blocking,
        pivotal,
        complete,
    })
}

/// Every party's vetoes in one encoding, each party's under an assumption.
struct PartyModel {
    enc: Encoder,
    parties: Vec<(PartyId, Lit)>,
    /// The terms the witness reports.
    terms: BTreeSet<TermId>,
}

impl PartyModel {
    fn build(rules: &Rules, sel: &CheckOptions, parties: &[PartyId]) -> Result<PartyModel, Error> {
        // Each party's veto red lines, as `space` weighs them for it alone
        // (a consensus bloc brings in its members' that reach its terms).
        let mut lines_of: BTreeMap<RedLineId, Vec<usize>> = BTreeMap::new();
        for (i, p) in parties.iter().enumerate() {
            let alone = CheckOptions {
                parties: vec![*p],
                ..sel.clone()
            };
            for r in alone.red_lines(rules, Severity::Veto) {
                lines_of.entry(r).or_default().push(i);
            }
        }
        let mut read: BTreeSet<TermId> = BTreeSet::new();
        for r in lines_of.keys() {
            crossing(rules.red_line(*r)).collect_terms(&mut read);
        }
        // Every constraint, so that a witness is coherent as a whole, and
        // the terms that follow one party's signature, which take one
        // value together.
        let links = Links::of(rules);
        for c in rules.constraint_ids() {
            rules.constraint(c).holds().collect_terms(&mut read);
        }
        let signatures = coherence::signature_conditions(rules);
        for e in &signatures {
            e.collect_terms(&mut read);
        }
        let (terms, constraints) = links.closure(&read);
        let mut conditions = coherence::conditions(rules, &constraints);
        conditions.extend(signatures);
        let mut exprs: Vec<Expr> = lines_of
            .keys()
            .map(|r| crossing(rules.red_line(*r)).clone())
            .collect();
        exprs.extend(conditions.iter().cloned());
        let cuts = Cuts::of(&exprs);
        let doms: Domains = terms
            .iter()
            .map(|t| (*t, solver_domain(rules, &[&cuts], *t)))
            .collect();
        let mut enc = Encoder::new(&doms)?;
        for c in &conditions {
            let holds = enc.encode(c)?;
            enc.clause(&[holds])?;
        }
        let guards: Vec<Lit> = parties.iter().map(|_| enc.fresh()).collect();
        for (r, owners) in &lines_of {
            let crosses = enc.encode(crossing(rules.red_line(*r)))?;
            for i in owners {
                if let Some(g) = guards.get(*i) {
                    enc.clause(&[!*g, !crosses])?;
                }
            }
        }
        Ok(PartyModel {
            enc,
            parties: parties.iter().copied().zip(guards).collect(),
            terms,
        })
    }

    fn assumptions(&self, group: &[PartyId]) -> Vec<Lit> {
        self.parties
            .iter()
            .filter(|(p, _)| group.contains(p))
            .map(|(_, g)| *g)
            .collect()
    }

    /// Whether `group` can agree.
    fn agree(&mut self, group: &[PartyId]) -> Result<bool, Error> {
        let a = self.assumptions(group);
        Ok(self.enc.solve(&a)?.is_some())
    }

    /// The parties the last call that could not agree rested on.
    fn core(&mut self) -> Result<Vec<PartyId>, Error> {
        let failed: BTreeSet<Lit> = self.enc.core()?.into_iter().map(|l| !l).collect();
        Ok(self
            .parties
            .iter()
            .filter(|(_, g)| failed.contains(g))
            .map(|(p, _)| *p)
            .collect())
    }

    /// A plan `group` agrees on: the model's values of the terms in play.
    fn witness(&mut self, group: &[PartyId]) -> Result<Vec<(TermId, Value)>, Error> {
        let a = self.assumptions(group);
        let Some(model): Option<Assignment> = self.enc.solve(&a)? else {
            return Err(Error::Internal(
                "a coalition lost its plan on a second solve".to_string(),
            ));
        };
        Ok(self
            .terms
            .iter()
            .filter_map(|t| model.get(t).map(|v| (*t, *v)))
            .collect())
    }
}
