//! Conflicts among demands: small ones found apart from the big encoding
//! (to start the search with), and a conflict re-checked on a fresh
//! encoding of its members alone before it is reported.

use super::encoding::{Encoding, PlanFacts};
use super::Demand;
use crate::check::{CheckOptions, FindingKind, Report, Verdict};
use crate::completion::domain::Restriction;
use crate::error::Error;
use crate::model::{ClauseId, PartyId, Plan, RedLineId, Rules, TermId, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Small conflicts found without the big model, to start the search with:
/// first single demands no amendment respects even on their own (a red
/// line every coherent value of its terms crosses, terms set by kept
/// clauses keeping their options; consent for a term a kept clause sets to
/// something new), then pairs that no amendment respects together, where
/// that can be told from one assignment: the terms their witnesses share
/// (through constraints too) take one value in every amendment, so both
/// red lines see the same values; and consent pins its term to the status
/// quo. Each group is a core; the singles come first. A red line the plan
/// already respects (satisfied in `before`) is no core alone, and two of
/// them are none together: the plan as it stands avoids them.
pub(super) fn small_cores(
    rules: &Rules,
    plan: &Plan,
    facts: &PlanFacts,
    before: &Report,
    demands: &[Demand],
    keep: &[ClauseId],
) -> Result<Vec<Vec<Demand>>, Error> {
    use crate::completion::coherence::{conditions, Links};
    use crate::completion::domain::{solver_domain, Cuts};
    use crate::sat::{possible, Domains};
    let links = Links::of(rules);
    let space = &facts.space;
    let kept: BTreeSet<TermId> = keep
        .iter()
        .filter_map(|k| plan.clause_at(*k))
        .flat_map(|c| c.set.iter().map(|(t, _)| *t))
        .collect();
    let consent: BTreeSet<TermId> = demands
        .iter()
        .filter_map(|c| match c {
            Demand::Consent { term, .. } => Some(*term),
            Demand::RedLine(_) => None,
        })
        .collect();
    let fixed_for_good =
        |t: TermId| kept.contains(&t) || matches!(space.get(t), Restriction::Signatories(_));
    // What a term can be in some amendment, as far as `exprs` can tell.
    let plan_cuts = &facts.cuts;
    let domain = |t: TermId, cuts: &Cuts| -> Vec<Value> {
        if fixed_for_good(t) {
            space.get(t).options(&[])
        } else {
            solver_domain(rules, &[cuts, plan_cuts], t)
        }
    };
    // Whether every amendment gives the term one value (no completions).
    let single = |t: TermId| -> bool {
        let now = space.get(t);
        let unchanged = now.fixed().is_some();
        if fixed_for_good(t) {
            return unchanged;
        }
        let set = matches!(now, Restriction::Set { .. });
        let droppable = set && consent.contains(&t);
        unchanged && (!droppable || rules.vocab.get(t).default.is_some())
    };
    let crossings: BTreeMap<RedLineId, &crate::model::Expr> = demands
        .iter()
        .filter_map(|c| match c {
            Demand::RedLine(r) => Some(rules.red_line(*r)).map(|x| (*r, crate::check::crossing(x))),
            Demand::Consent { .. } => None,
        })
        .collect();
    let reach = |e: &crate::model::Expr| links.closure(&e.terms()).0;
    let avoidable = |exprs: &[crate::model::Expr], pinned: Option<(TermId, Value)>| {
        let mut terms = BTreeSet::new();
        for e in exprs {
            e.collect_terms(&mut terms);
        }
        let (terms, cs) = links.closure(&terms);
        let hard = conditions(rules, &cs);
        let mut all: Vec<crate::model::Expr> = exprs.to_vec();
        all.extend(hard.iter().cloned());
        let cuts = Cuts::of(&all);
        let doms: Domains = terms
            .into_iter()
            .map(|t| match pinned {
                Some((p, v)) if p == t => (t, vec![v]),
                _ => (t, domain(t, &cuts)),
            })
            .collect();
        let both = exprs
            .iter()
            .cloned()
            .reduce(|a, b| crate::model::Expr::Or(Box::new(a), Box::new(b)))
            .unwrap_or(crate::model::Expr::Const(false));
        possible(&both, false, &doms, &hard)
    };

    let met_now: BTreeSet<RedLineId> = before
        .findings
        .iter()
        .filter(|f| f.verdict == Verdict::Satisfied)
        .filter_map(|f| match f.kind {
            FindingKind::RedLine(r) => Some(r),
            _ => None,
        })
        .collect();
    let mut singles = Vec::new();
    for c in demands {
        let alone = match c {
            Demand::RedLine(r) if met_now.contains(r) => false,
            Demand::RedLine(r) => match crossings.get(r) {
                Some(e) => !avoidable(std::slice::from_ref(*e), None)?,
                None => false,
            },
            Demand::Consent { term, .. } => {
                kept.contains(term)
                    && !plan
                        .clauses
                        .iter()
                        .flat_map(|c| c.set.iter().filter(|(x, _)| x == term))
                        .all(|(_, s)| {
                            crate::completion::restates_status_quo(rules, *term, &s.value)
                        })
            }
        };
        if alone {
            singles.push(*c);
        }
    }
    let mut pairs: BTreeSet<(Demand, Demand)> = BTreeSet::new();
    // The red lines not alone a conflict, each with what it reaches
    // (sorted), found once: the pairs below read them many times over.
    let alone: BTreeSet<Demand> = singles.iter().copied().collect();
    let lines: Vec<Line<'_>> = crossings
        .iter()
        .filter(|(r, _)| !alone.contains(&Demand::RedLine(**r)))
        .map(|(r, e)| Line {
            id: *r,
            crossing: e,
            met: met_now.contains(r),
            reach: reach(e).into_iter().collect(),
        })
        .collect();
    let mut readers: BTreeMap<TermId, Vec<usize>> = BTreeMap::new();
    for (i, line) in lines.iter().enumerate() {
        for t in &line.reach {
            readers.entry(*t).or_default().push(i);
        }
    }
    let one_value: BTreeSet<TermId> = readers.keys().copied().filter(|t| single(*t)).collect();
    let mut owners_of: BTreeMap<TermId, Vec<PartyId>> = BTreeMap::new();
    for c in demands {
        if let Demand::Consent { term, owner } = c {
            owners_of.entry(*term).or_default().push(*owner);
        }
    }
    for (t, rs) in &readers {
        // Consent pins the term to its status quo: each unsigned owner's
        // consent, with a red line that needs the term changed, is a core.
        let owners: &[PartyId] = owners_of.get(t).map_or(&[], Vec::as_slice);
        if let (true, Some(d)) = (
            !owners.is_empty() && !kept.contains(t),
            rules.vocab.get(*t).default,
        ) {
            for line in rs.iter().filter_map(|i| lines.get(*i)) {
                if !avoidable(std::slice::from_ref(line.crossing), Some((*t, d)))? {
                    for o in owners {
                        pairs.insert((
                            Demand::RedLine(line.id),
                            Demand::Consent {
                                term: *t,
                                owner: *o,
                            },
                        ));
                    }
                }
            }
        }
        for (i, a) in rs.iter().filter_map(|i| lines.get(*i)).enumerate() {
            for b in rs.iter().skip(i + 1).filter_map(|i| lines.get(*i)) {
                // Count each pair once, at its first shared term, and only
                // when every term they share takes one value.
                if (a.met && b.met) || !first_of_single_shared(&a.reach, &b.reach, t, &one_value) {
                    continue;
                }
                if !avoidable(&[a.crossing.clone(), b.crossing.clone()], None)? {
                    let (x, y) = (a.id.min(b.id), a.id.max(b.id));
                    pairs.insert((Demand::RedLine(x), Demand::RedLine(y)));
                }
            }
        }
    }
    let mut out: Vec<Vec<Demand>> = singles.into_iter().map(|c| vec![c]).collect();
    out.extend(pairs.into_iter().map(|(a, b)| vec![a, b]));
    Ok(out)
}

/// A red line of the search for conflicting pairs.
struct Line<'e> {
    id: RedLineId,
    crossing: &'e crate::model::Expr,
    /// Whether the plan as it stands meets it.
    met: bool,
    /// The terms it reaches (through constraints too), sorted.
    reach: Vec<TermId>,
}

/// Whether `t` is the first term the sorted lists `a` and `b` share, and
/// every term they share is in `one_value`.
fn first_of_single_shared(
    a: &[TermId],
    b: &[TermId],
    t: &TermId,
    one_value: &BTreeSet<TermId>,
) -> bool {
    let (mut i, mut j) = (0, 0);
    let mut first = true;
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                if (first && x != t) || !one_value.contains(x) {
                    return false;
                }
                first = false;
                i += 1;
                j += 1;
            }
        }
    }
    !first
}

/// A conflict must be unsatisfiable, and satisfiable without any one member:
/// checked again on a fresh encoding of only its members.
pub(super) fn verify_core(
    rules: &Rules,
    plan: &Plan,
    facts: &PlanFacts,
    sel: &CheckOptions,
    core: &[Demand],
    keep: &[ClauseId],
) -> Result<(), Error> {
    let mut m = Encoding::build(rules, plan, facts, sel, core, &[], keep)?;
    let all = m.all_demands();
    if m.sat(&all)? {
        return Err(Error::Internal(
            "the conflict found is satisfiable".to_string(),
        ));
    }
    for c in core {
        let rest: Vec<Demand> = core.iter().copied().filter(|x| x != c).collect();
        let a = m.assumptions(&rest);
        if !m.sat(&a)? {
            return Err(Error::Internal(
                "the conflict found is not irreducible".to_string(),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::first_of_single_shared;
    use crate::model::TermId;
    use std::collections::BTreeSet;

    fn ids(xs: &[usize]) -> Vec<TermId> {
        xs.iter().map(|x| TermId::from_index(*x)).collect()
    }

    #[test]
    fn a_pair_counts_at_its_first_shared_term_when_every_shared_term_is_single() {
        let one: BTreeSet<TermId> = ids(&[1, 3, 5]).into_iter().collect();
        let (a, b) = (ids(&[0, 1, 3, 4]), ids(&[1, 2, 3]));
        let t = |x| TermId::from_index(x);
        // Shared: 1 and 3, both single; counted at 1 only.
        assert!(first_of_single_shared(&a, &b, &t(1), &one));
        assert!(!first_of_single_shared(&a, &b, &t(3), &one));
        // Sharing 4, which is not single: never counted.
        let c = ids(&[1, 4]);
        assert!(!first_of_single_shared(&a, &c, &t(1), &one));
        // Nothing shared: never counted.
        assert!(!first_of_single_shared(&ids(&[0]), &ids(&[2]), &t(0), &one));
    }
}
