//! Property tests: the solver against brute force on random small instances.
//!
//! Each case is a random model built directly (a vocabulary of two to five
//! small terms, two or three parties and sometimes a consensus bloc, up to
//! six red lines, a plan of up to three clauses, some kept clauses and a
//! random choice of parties). The oracle enumerates every amendment the
//! solver may propose (each term unchanged, set to any one value, or, when it
//! binds an owner who has not signed, dropped) and judges each by
//! enumerating completions, with no SAT solver and no `check`:
//!
//! - an amendment exists exactly when the oracle finds one; it has the fewest
//!   changes, then the fewest violated objections; `check` finds no veto in it;
//! - when none exists, the core is unsatisfiable (every amendment violates a
//!   member) and irreducible (without any one member, some amendment
//!   violates none); the correction set is as small as the fewest violations
//!   of any amendment, some amendment violates nothing outside it, and the
//!   amendment once its parties yield has the fewest changes possible;
//! - `space` gives exactly the values some acceptable assignment takes, and
//!   its count matches enumeration.
//!
//! The cases are seeded: a failure names the seed to replay.

use crate::common::{prop_config, scaled};
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use redline::Error as SolveError;
use redline::{check, crossing, CheckOptions};
use redline::{AmendOptions, AmendOutcome, Change, Demand};
use redline::{
    Basis, BasisFilter, BrokenTerms, Clause, ClauseId, Constraint, Date, Decides, Loc, Located,
    Party, PartyId, Plan, Polarity, RedLine, RedLineId, Rules, Setting, Severity, Term, TermId,
    TermKind, Value, Vocabulary,
};
use redline::{CmpOp, Expr};
use redline_testkit::SplitMix64;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};

const AS_OF: &str = "2025-06-01";

// ---------------------------------------------------------------- instances

struct Instance {
    rules: Rules,
    plan: Plan,
    keep: Vec<usize>,
    parties: Vec<PartyId>,
    /// `--basis`: every red line, or the parties' own words only.
    basis: BasisFilter,
}

/// A small term kind: a bool, an enum of two or three values, or an
/// integer range of two to four values.
pub(crate) fn small_kind(rng: &mut SplitMix64) -> TermKind {
    match rng.below(3) {
        0 => TermKind::Bool,
        1 => TermKind::Enum(
            ["a", "b", "c"][..rng.range(2, 3)]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        ),
        _ => {
            let lo = rng.range(0, 2) as i64;
            TermKind::Int {
                lo,
                hi: lo + rng.range(1, 3) as i64,
            }
        }
    }
}

impl std::fmt::Debug for Instance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        crate::common::dump_rules(f, &self.rules)?;
        writeln!(f, "plan signed by {:?}:", self.plan.parties)?;
        for c in &self.plan.clauses {
            writeln!(
                f,
                "  {} {:?}",
                c.id,
                c.set
                    .iter()
                    .map(|(t, s)| (t.index(), &s.value))
                    .collect::<Vec<_>>()
            )?;
        }
        writeln!(
            f,
            "keep {:?}, parties {:?}, basis {:?}",
            self.keep, self.parties, self.basis
        )
    }
}

pub(crate) fn located<T>(value: T) -> Located<T> {
    Located {
        value,
        loc: Loc::default(),
    }
}

pub(crate) fn domain(kind: &TermKind) -> Vec<Value> {
    match kind {
        TermKind::Bool => vec![Value::Bool(false), Value::Bool(true)],
        TermKind::Enum(n) => (0..n.len() as u32).map(Value::Enum).collect(),
        TermKind::Int { lo, hi } => (*lo..=*hi).map(Value::Int).collect(),
    }
}

/// Visit every assignment that picks one value from each of `doms`, in
/// order, until `visit` returns true; whether it did.
pub(crate) fn any_assignment(doms: &[Vec<Value>], mut visit: impl FnMut(&[Value]) -> bool) -> bool {
    if doms.iter().any(Vec::is_empty) {
        return false;
    }
    let mut idx = vec![0usize; doms.len()];
    loop {
        let a: Vec<Value> = idx.iter().zip(doms).map(|(i, d)| d[*i]).collect();
        if visit(&a) {
            return true;
        }
        let mut k = 0;
        loop {
            if k == doms.len() {
                return false;
            }
            idx[k] += 1;
            if idx[k] < doms[k].len() {
                break;
            }
            idx[k] = 0;
            k += 1;
        }
    }
}

fn pick<T: Copy>(rng: &mut SplitMix64, items: &[T]) -> T {
    items[rng.below(items.len())]
}

pub(crate) fn leaf(rng: &mut SplitMix64, terms: &[Term]) -> Expr {
    let t = rng.below(terms.len());
    let term = &terms[t];
    let id = TermId::from_index(t);
    let dom = domain(&term.kind);
    const OPS: &[CmpOp] = &[
        CmpOp::Eq,
        CmpOp::Ne,
        CmpOp::Lt,
        CmpOp::Le,
        CmpOp::Gt,
        CmpOp::Ge,
    ];
    match (&term.kind, rng.below(4)) {
        (TermKind::Bool, 0 | 1) => Expr::Var(id),
        (TermKind::Bool, _) => Expr::Cmp {
            term: id,
            op: pick(rng, &[CmpOp::Eq, CmpOp::Ne]),
            value: pick(rng, &dom),
        },
        (TermKind::Enum(names), 0) => {
            // Term against term, when another enum has the same values.
            let peers: Vec<usize> = (0..terms.len())
                .filter(|o| *o != t && terms[*o].kind == TermKind::Enum(names.clone()))
                .collect();
            match peers.first() {
                Some(o) => Expr::CmpTerms {
                    lhs: id,
                    op: pick(rng, OPS),
                    rhs: TermId::from_index(*o),
                },
                None => Expr::Cmp {
                    term: id,
                    op: pick(rng, OPS),
                    value: pick(rng, &dom),
                },
            }
        }
        (_, 1) => {
            let n = rng.range(1, 2);
            let values: Vec<Value> = (0..n).map(|_| pick(rng, &dom)).collect();
            Expr::In { term: id, values }
        }
        (TermKind::Int { lo, hi }, _) => Expr::Cmp {
            term: id,
            op: pick(rng, OPS),
            // Constants just outside the range too.
            value: Value::Int(rng.range((*lo - 1) as usize, (*hi + 1) as usize) as i64),
        },
        _ => Expr::Cmp {
            term: id,
            op: pick(rng, OPS),
            value: pick(rng, &dom),
        },
    }
}

pub(crate) fn expr(rng: &mut SplitMix64, terms: &[Term], depth: u32) -> Expr {
    if depth == 0 || rng.chance(45) {
        let l = leaf(rng, terms);
        return if rng.chance(15) {
            Expr::Not(Box::new(l))
        } else {
            l
        };
    }
    let a = Box::new(expr(rng, terms, depth - 1));
    let b = Box::new(expr(rng, terms, depth - 1));
    match rng.below(3) {
        0 => Expr::And(a, b),
        1 => Expr::Or(a, b),
        _ => Expr::Implies(a, b),
    }
}

/// A small constraint: mostly an implication between two leaves.
pub(crate) fn constraint(rng: &mut SplitMix64, terms: &[Term], i: usize) -> Constraint {
    Constraint {
        id: format!("k{i}"),
        about: String::new(),
        polarity: if rng.chance(80) {
            Polarity::Require
        } else {
            Polarity::Forbid
        },
        rule: located(if rng.chance(70) {
            Expr::Implies(Box::new(leaf(rng, terms)), Box::new(leaf(rng, terms)))
        } else {
            expr(rng, terms, 1)
        }),
        loc: Loc::default(),
    }
}

/// Whether some world where every term with a status quo keeps it satisfies `c`.
fn status_quo_allows(terms: &[Term], c: &Constraint) -> bool {
    let doms: Vec<Vec<Value>> = terms
        .iter()
        .map(|t| t.default.map_or_else(|| domain(&t.kind), |d| vec![d]))
        .collect();
    let h = c.holds();
    any_assignment(&doms, |a| h.eval(&|t| a[t.index()]))
}

/// The vocabulary of `terms`, in their order (shared with `prop_coalitions`).
pub(crate) fn vocabulary(terms: Vec<Term>) -> Vocabulary {
    Vocabulary {
        by_id: terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.clone(), TermId::from_index(i)))
            .collect(),
        terms,
    }
}

/// Rules from their parts, with no sources (shared with `prop_coalitions`).
pub(crate) fn rules_of(
    vocab: Vocabulary,
    parties: Vec<Party>,
    red_lines: Vec<RedLine>,
    constraints: Vec<Constraint>,
) -> Rules {
    Rules {
        vocab,
        party_by_id: parties
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), PartyId::from_index(i)))
            .collect(),
        parties,
        sources: Vec::new(),
        source_by_id: BTreeMap::new(),
        red_lines,
        constraints,
        broken_terms: BrokenTerms::default(),
    }
}
fn instance(seed: u64) -> Instance {
    let mut rng = SplitMix64::new(seed);
    let n_plain = rng.range(2, 3);
    let with_bloc = rng.chance(30);
    let mut parties: Vec<Party> = (0..n_plain)
        .map(|i| Party {
            id: format!("p{i}"),
            name: format!("P{i}"),
            members: Vec::new(),
            decides: Decides::Unspecified,
            loc: Loc::default(),
        })
        .collect();
    if with_bloc {
        parties.push(Party {
            id: "bloc".into(),
            name: "Bloc".into(),
            members: vec![PartyId::from_index(0), PartyId::from_index(1)],
            decides: Decides::Consensus,
            loc: Loc::default(),
        });
    }
    let n_parties = parties.len();
    let n_terms = rng.range(2, 5);
    let mut terms = Vec::new();
    for i in 0..n_terms {
        let kind = small_kind(&mut rng);
        let dom = domain(&kind);
        // Now and then a bool that follows a party's signature.
        if kind == TermKind::Bool && rng.chance(15) {
            terms.push(Term {
                id: format!("t{i}"),
                about: String::new(),
                default: None,
                owners: Vec::new(),
                signed_by: Some(PartyId::from_index(rng.below(n_parties))),
                kind,
                loc: Loc::default(),
            });
            continue;
        }
        terms.push(Term {
            id: format!("t{i}"),
            about: String::new(),
            default: (!rng.chance(30)).then(|| pick(&mut rng, &dom)),
            // No owner, one, or now and then two owning it jointly.
            owners: if rng.chance(45) {
                let first = rng.below(n_parties);
                let mut owners = vec![PartyId::from_index(first)];
                if n_parties > 1 && rng.chance(80) {
                    let second = (first + 1 + rng.below(n_parties - 1)) % n_parties;
                    owners.push(PartyId::from_index(second));
                }
                owners
            } else {
                Vec::new()
            },
            signed_by: None,
            kind,
            loc: Loc::default(),
        });
    }
    // Constraints between terms: none, one or two small ones.
    let n_constraints = if rng.chance(85) { rng.range(1, 2) } else { 0 };
    let constraints: Vec<Constraint> = (0..n_constraints)
        .filter_map(|i| {
            // Mostly constraints that the status quo satisfies, as in real
            // vocabularies: a few tries, then none.
            (0..4)
                .map(|_| constraint(&mut rng, &terms, i))
                .find(|c| status_quo_allows(&terms, c))
        })
        .collect();
    let dates = [None, Date::parse("2025-01-01"), Date::parse("2026-01-01")];
    let mut red_lines = Vec::new();
    for i in 0..rng.range(1, 6) {
        let polarity = if rng.chance(50) {
            Polarity::Forbid
        } else {
            Polarity::Require
        };
        red_lines.push(RedLine {
            id: format!("r{i}"),
            party: PartyId::from_index(rng.below(n_parties)),
            about: String::new(),
            polarity,
            rule: located(expr(&mut rng, &terms, 2)),
            when: rng.chance(20).then(|| located(leaf(&mut rng, &terms))),
            severity: if rng.chance(75) {
                Severity::Veto
            } else {
                Severity::Objection
            },
            since: None,
            stated: if rng.chance(80) {
                None
            } else {
                pick(&mut rng, &dates)
            },
            until: None,
            source: None,
            quote: None,
            basis: Basis::Statement,
            reads: None,
            read_by: Vec::new(),
            note: String::new(),
            loc: Loc::default(),
            crossing: Default::default(),
        });
        // Now and then an analyst's reading of an earlier statement (held
        // by the same party), or an analysis of its own.
        let me = red_lines.len() - 1;
        let statements: Vec<usize> = (0..me)
            .filter(|j| {
                let r: &RedLine = &red_lines[*j];
                r.basis == Basis::Statement && r.reads.is_none()
            })
            .collect();
        if !statements.is_empty() && rng.chance(50) {
            let target = statements[rng.below(statements.len())];
            red_lines[me].party = red_lines[target].party;
            red_lines[me].basis = Basis::Analysis;
            red_lines[me].reads = Some(RedLineId::from_index(target));
            red_lines[target].read_by.push(RedLineId::from_index(me));
        } else if rng.chance(10) {
            red_lines[me].basis = Basis::Analysis;
        }
    }
    let vocab = vocabulary(terms);
    // The plan: clauses set terms; a second setting of a term keeps a
    // common option, as the loader requires.
    let mut allowed: BTreeMap<TermId, Vec<Value>> = BTreeMap::new();
    let mut clauses = Vec::new();
    for c in 0..rng.range(0, 3) {
        let mut set = Vec::new();
        let k = rng.range(0, 2);
        for t in rng.sample(vocab.terms.len(), k) {
            let id = TermId::from_index(t);
            if vocab.terms[t].signed_by.is_some() {
                continue;
            }
            let dom = domain(&vocab.terms[t].kind);
            let setting = if rng.chance(25) && dom.len() > 1 {
                let k = rng.range(2, dom.len());
                let mut vs: Vec<Value> = rng
                    .sample(dom.len(), k)
                    .into_iter()
                    .map(|i| dom[i])
                    .collect();
                vs.sort();
                Setting::OneOf(vs)
            } else {
                Setting::Fixed(pick(&mut rng, &dom))
            };
            let opts = setting.options().to_vec();
            match allowed.get_mut(&id) {
                Some(prev) => {
                    let both: Vec<Value> =
                        prev.iter().copied().filter(|v| opts.contains(v)).collect();
                    if both.is_empty() {
                        continue;
                    }
                    *prev = both;
                }
                None => {
                    allowed.insert(id, opts);
                }
            }
            set.push((id, located(setting)));
        }
        set.sort_by_key(|(t, _)| *t);
        clauses.push(Clause {
            id: format!("c{c}"),
            text: String::new(),
            set,
            loc: Loc::default(),
        });
    }
    let signatories: Vec<PartyId> = (0..n_parties)
        .map(PartyId::from_index)
        .filter(|_| rng.chance(50))
        .collect();
    let keep: Vec<usize> = (0..clauses.len()).filter(|_| rng.chance(20)).collect();
    // Parties chosen: all, or some plain ones (a bloc's consensus would
    // bring in its members' red lines, which the oracle does not model).
    let chosen: Vec<PartyId> = if rng.chance(60) {
        Vec::new()
    } else {
        (0..n_plain)
            .map(PartyId::from_index)
            .filter(|_| rng.chance(50))
            .collect()
    };
    let rules = rules_of(vocab, parties, red_lines, constraints);
    Instance {
        rules,
        plan: Plan {
            id: "plan".into(),
            title: String::new(),
            date: None,
            parties: signatories,
            source: None,
            clauses,
            file: Default::default(),
            loc: Loc::default(),
        },
        keep,
        parties: chosen,
        basis: if rng.chance(35) {
            BasisFilter::Statement
        } else {
            BasisFilter::Any
        },
    }
}

// ---------------------------------------------------------------- the oracle

fn chooses(inst: &Instance, p: PartyId) -> bool {
    inst.parties.is_empty() || inst.parties.contains(&p)
}

/// In force on the date, on a basis the instance counts.
fn admitted(inst: &Instance, r: &RedLine) -> bool {
    r.in_force(Date::parse(AS_OF).unwrap())
        && (inst.basis == BasisFilter::Any || r.basis == Basis::Statement)
}

/// Whether a red line counts: admitted, and (with every basis counted) not
/// read by a reading that is admitted, which then stands in for it. The
/// readings are found by their `reads`, not by the engine's `read_by`.
fn counts(inst: &Instance, r: &RedLine) -> bool {
    let me = inst
        .rules
        .red_lines
        .iter()
        .position(|x| std::ptr::eq(x, r))
        .map(RedLineId::from_index);
    admitted(inst, r)
        && !(inst.basis == BasisFilter::Any
            && inst
                .rules
                .red_lines
                .iter()
                .any(|x| x.reads.is_some() && x.reads == me && admitted(inst, x)))
}

/// The owners of a term that must consent: chosen, and not signatories.
fn unsigned_owners(inst: &Instance, t: &Term) -> Vec<PartyId> {
    t.owners
        .iter()
        .copied()
        .filter(|o| !inst.plan.parties.contains(o) && chooses(inst, *o))
        .collect()
}

/// Whether some owner of a term must consent.
fn needs_consent(inst: &Instance, t: &Term) -> bool {
    !unsigned_owners(inst, t).is_empty()
}

/// Veto red lines and consent demands that count.
fn demands(inst: &Instance) -> Vec<Demand> {
    let rules = &inst.rules;
    let mut out: Vec<Demand> = rules
        .red_lines
        .iter()
        .enumerate()
        .filter(|(_, r)| r.severity == Severity::Veto && counts(inst, r) && chooses(inst, r.party))
        .map(|(i, _)| Demand::RedLine(RedLineId::from_index(i)))
        .collect();
    for (i, t) in rules.vocab.terms.iter().enumerate() {
        for o in unsigned_owners(inst, t) {
            out.push(Demand::Consent {
                term: TermId::from_index(i),
                owner: o,
            });
        }
    }
    out
}

fn objections(inst: &Instance) -> Vec<usize> {
    inst.rules
        .red_lines
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            r.severity == Severity::Objection && counts(inst, r) && chooses(inst, r.party)
        })
        .map(|(i, _)| i)
        .collect()
}

/// What one term may take in an amended plan, whether a clause sets it,
/// and whether every setting of it (and whether some setting) only
/// restates its status quo.
#[derive(Debug, Clone)]
struct Slot {
    values: Vec<Value>,
    set: bool,
    restates: bool,
    some_restates: bool,
}

/// Whether options restate a term's status quo (the default, or every
/// value for a term without one).
fn restating(t: &Term, options: &[Value]) -> bool {
    match t.default {
        Some(d) => options == [d],
        None => options.len() == domain(&t.kind).len(),
    }
}

/// The current restriction of each term.
fn slots(inst: &Instance) -> Vec<Slot> {
    inst.rules
        .vocab
        .terms
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let id = TermId::from_index(i);
            if let Some(p) = t.signed_by {
                return Slot {
                    values: vec![Value::Bool(inst.plan.parties.contains(&p))],
                    set: false,
                    restates: true,
                    some_restates: false,
                };
            }
            let mut set = false;
            let mut restates = true;
            let mut some_restates = false;
            let mut values: Option<Vec<Value>> = None;
            for c in &inst.plan.clauses {
                for (x, s) in &c.set {
                    if *x == id {
                        set = true;
                        let o = s.value.options().to_vec();
                        restates &= restating(t, &o);
                        some_restates |= restating(t, &o);
                        values = Some(match values {
                            None => o,
                            Some(prev) => prev.into_iter().filter(|v| o.contains(v)).collect(),
                        });
                    }
                }
            }
            let values = values.unwrap_or_else(|| match t.default {
                Some(d) => vec![d],
                None => domain(&t.kind),
            });
            Slot {
                values,
                set,
                restates,
                some_restates,
            }
        })
        .collect()
}

/// Every completion of `slots` over all terms that satisfies every
/// constraint: the plan's coherent completions.
fn coherent(rules: &Rules, slots: &[Slot]) -> Vec<Vec<Value>> {
    let holds: Vec<Expr> = rules.constraints.iter().map(Constraint::holds).collect();
    let doms: Vec<Vec<Value>> = slots.iter().map(|s| s.values.clone()).collect();
    let mut out = Vec::new();
    any_assignment(&doms, |a| {
        if holds.iter().all(|h| h.eval(&|t| a[t.index()])) {
            out.push(a.to_vec());
        }
        false
    });
    out
}

/// Every coherent completion crosses `e` (there is at least one).
fn violated(e: &Expr, completions: &[Vec<Value>]) -> bool {
    !completions.is_empty() && completions.iter().all(|a| e.eval(&|t| a[t.index()]))
}

/// Whether a demand is broken by a plan with these slots and completions.
fn breaks(rules: &Rules, d: &Demand, slots: &[Slot], completions: &[Vec<Value>]) -> bool {
    match d {
        Demand::RedLine(r) => violated(crossing(rules.red_line(*r)), completions),
        Demand::Consent { term, .. } => {
            let s = &slots[term.index()];
            s.set && !s.restates
        }
    }
}

/// Objections of a plan as `check` counts them: violated objection red
/// lines, and terms whose unsigned chosen owner still sees a setting that
/// restates the status quo (one that decides something new is a veto).
fn objection_count(inst: &Instance, slots: &[Slot], completions: &[Vec<Value>]) -> usize {
    let rules = &inst.rules;
    let lines = objections(inst)
        .iter()
        .filter(|r| violated(crossing(&rules.red_lines[**r]), completions))
        .count();
    // One per owner that must consent, for each term still restated.
    let consent: usize = rules
        .vocab
        .terms
        .iter()
        .enumerate()
        .filter(|(i, _)| slots[*i].set && slots[*i].some_restates)
        .map(|(_, t)| unsigned_owners(inst, t).len())
        .sum();
    lines + consent
}

/// One amended plan, judged.
#[derive(Debug, Clone)]
struct Judged {
    changes: usize,
    /// Indices into `demands(inst)` violated.
    violated: BTreeSet<usize>,
    objections: usize,
}

/// Every amendment the solver may propose that leaves the plan coherent,
/// judged by enumeration.
fn all_amendments(inst: &Instance) -> Vec<Judged> {
    let rules = &inst.rules;
    let now = slots(inst);
    let frozen: BTreeSet<TermId> = inst
        .keep
        .iter()
        .flat_map(|k| inst.plan.clauses[*k].set.iter().map(|(t, _)| *t))
        .collect();
    // The modes of each term: (slot, is a change).
    let modes: Vec<Vec<(Slot, bool)>> = rules
        .vocab
        .terms
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let id = TermId::from_index(i);
            let cur = &now[i];
            let mut m = vec![(cur.clone(), false)];
            if frozen.contains(&id) || t.signed_by.is_some() {
                return m;
            }
            let fixed = (cur.values.len() == 1).then(|| cur.values[0]);
            for v in domain(&t.kind) {
                if fixed != Some(v) {
                    m.push((
                        Slot {
                            values: vec![v],
                            set: true,
                            restates: restating(t, &[v]),
                            some_restates: restating(t, &[v]),
                        },
                        true,
                    ));
                }
            }
            if cur.set && needs_consent(inst, t) {
                let values = match t.default {
                    Some(d) => vec![d],
                    None => domain(&t.kind),
                };
                m.push((
                    Slot {
                        values,
                        set: false,
                        restates: true,
                        some_restates: false,
                    },
                    true,
                ));
            }
            m
        })
        .collect();
    let cons = demands(inst);
    let mut out = Vec::new();
    let mut idx = vec![0usize; modes.len()];
    loop {
        let slots: Vec<Slot> = idx
            .iter()
            .zip(&modes)
            .map(|(i, m)| m[*i].0.clone())
            .collect();
        let completions = coherent(rules, &slots);
        if !completions.is_empty() {
            let changes = idx.iter().zip(&modes).filter(|(i, m)| m[**i].1).count();
            let violated_set: BTreeSet<usize> = cons
                .iter()
                .enumerate()
                .filter(|(_, c)| breaks(rules, c, &slots, &completions))
                .map(|(i, _)| i)
                .collect();
            out.push(Judged {
                changes,
                violated: violated_set,
                objections: objection_count(inst, &slots, &completions),
            });
        }
        let mut k = 0;
        loop {
            if k == modes.len() {
                return out;
            }
            idx[k] += 1;
            if idx[k] < modes[k].len() {
                break;
            }
            idx[k] = 0;
            k += 1;
        }
    }
}

/// The plan's slots after the solver's changes, for the oracle's own judgement.
fn slots_after(inst: &Instance, changes: &[Change]) -> Vec<Slot> {
    let mut s = slots(inst);
    for ch in changes {
        let t = ch.term().index();
        let term = &inst.rules.vocab.terms[t];
        match ch {
            Change::Set { to: v, .. } | Change::Add { value: v, .. } => {
                s[t] = Slot {
                    values: vec![*v],
                    set: true,
                    restates: restating(term, &[*v]),
                    some_restates: restating(term, &[*v]),
                }
            }
            Change::Drop { .. } => {
                s[t] = Slot {
                    values: term.default.map_or_else(|| domain(&term.kind), |d| vec![d]),
                    set: false,
                    restates: true,
                    some_restates: false,
                }
            }
        }
    }
    s
}

static AMENDED: AtomicUsize = AtomicUsize::new(0);
static INCOHERENT: AtomicUsize = AtomicUsize::new(0);
static WITH_CONSTRAINTS: AtomicUsize = AtomicUsize::new(0);
static IMPOSSIBLE: AtomicUsize = AtomicUsize::new(0);
static WITH_CHANGES: AtomicUsize = AtomicUsize::new(0);
/// Cases where a reading stands in for a statement, or a statement applies
/// as worded because `--basis statement` leaves its reading out.
static WITH_READING: AtomicUsize = AtomicUsize::new(0);
/// Cases where two owners of one term must both consent.
static WITH_JOINT: AtomicUsize = AtomicUsize::new(0);

/// Count the features a case exercises: a reading that decides what
/// counts, two owners that must consent to one term.
fn tally(inst: &Instance) {
    let reading = inst.rules.red_lines.iter().any(|r| r.reads.is_some());
    let joint = inst
        .rules
        .vocab
        .terms
        .iter()
        .any(|t| unsigned_owners(inst, t).len() >= 2);
    if reading {
        WITH_READING.fetch_add(1, Ordering::Relaxed);
    }
    if joint {
        WITH_JOINT.fetch_add(1, Ordering::Relaxed);
    }
}

fn check_amend(inst: &Instance) -> Result<(), TestCaseError> {
    let rules = &inst.rules;
    let date = Date::parse(AS_OF);
    let opts = AmendOptions {
        selection: CheckOptions {
            as_of: date,
            parties: inst.parties.clone(),
            basis: inst.basis,
        },
        keep: inst
            .keep
            .iter()
            .copied()
            .map(ClauseId::from_index)
            .collect(),
        time_limit: None,
    };
    if coherent(rules, &slots(inst)).is_empty() {
        // An incoherent plan has no verdicts; the solver must say so.
        INCOHERENT.fetch_add(1, Ordering::Relaxed);
        let result = redline::amend(rules, &inst.plan, &opts);
        prop_assert!(
            matches!(result, Err(SolveError::Incoherent { .. })),
            "an incoherent plan gives {:?}",
            result.map(|r| r.before.findings)
        );
        return Ok(());
    }
    if !rules.constraints.is_empty() {
        WITH_CONSTRAINTS.fetch_add(1, Ordering::Relaxed);
    }
    let result = redline::amend(rules, &inst.plan, &opts)
        .map_err(|e| TestCaseError::fail(format!("solver error: {e}")))?;
    let cons = demands(inst);
    let judged = all_amendments(inst);
    let ok: Vec<&Judged> = judged.iter().filter(|j| j.violated.is_empty()).collect();
    match &result.outcome {
        AmendOutcome::Amended(a) => {
            AMENDED.fetch_add(1, Ordering::Relaxed);
            if !a.changes.is_empty() {
                WITH_CHANGES.fetch_add(1, Ordering::Relaxed);
            }
            let best = ok.iter().map(|j| j.changes).min();
            prop_assert_eq!(Some(a.changes.len()), best, "not the fewest changes");
            let best_obj = ok
                .iter()
                .filter(|j| j.changes == a.changes.len())
                .map(|j| j.objections)
                .min();
            prop_assert_eq!(Some(a.objections), best_obj, "not the fewest objections");
            // The oracle's own judgement of the amended plan.
            let s = slots_after(inst, &a.changes);
            let completions = coherent(rules, &s);
            prop_assert!(!completions.is_empty(), "the amended plan is incoherent");
            for c in &cons {
                prop_assert!(
                    !breaks(rules, c, &s, &completions),
                    "the amendment violates {:?}",
                    c
                );
            }
            // And `check`'s, on the amended plan.
            let report = check(rules, &a.plan, &opts.selection)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert!(report.acceptable(), "check finds a veto");
            // Kept clauses are untouched.
            for k in &inst.keep {
                let untouched = a.changes.iter().all(|c| match c {
                    Change::Set { clauses, .. } | Change::Drop { clauses, .. } => {
                        !clauses.contains(&ClauseId::from_index(*k))
                    }
                    Change::Add { term, .. } => {
                        !inst.plan.clauses[*k].set.iter().any(|(t, _)| t == term)
                    }
                });
                prop_assert!(untouched, "kept clause {} changed", k);
            }
        }
        AmendOutcome::Impossible(i) => {
            IMPOSSIBLE.fetch_add(1, Ordering::Relaxed);
            prop_assert!(ok.is_empty(), "the oracle found an amendment");
            let pos = |c: &Demand| cons.iter().position(|x| x == c);
            let core: Vec<usize> = i.core.iter().filter_map(pos).collect();
            prop_assert_eq!(core.len(), i.core.len(), "core has unknown constraints");
            prop_assert!(!core.is_empty());
            // Unsatisfiable: every amendment violates a member.
            prop_assert!(
                judged
                    .iter()
                    .all(|j| core.iter().any(|c| j.violated.contains(c))),
                "the core can be satisfied"
            );
            // Irreducible: without any one member, some amendment violates none.
            for m in &core {
                prop_assert!(
                    judged.iter().any(|j| core
                        .iter()
                        .filter(|c| *c != m)
                        .all(|c| !j.violated.contains(c))),
                    "the core is not minimal: {:?} is not needed",
                    cons[*m]
                );
            }
            // Minimum correction set.
            let corr: BTreeSet<usize> = i.correction.iter().filter_map(pos).collect();
            prop_assert_eq!(corr.len(), i.correction.len());
            let fewest = judged.iter().map(|j| j.violated.len()).min().unwrap_or(0);
            prop_assert_eq!(corr.len(), fewest, "correction set is not minimum");
            prop_assert!(
                judged.iter().any(|j| j.violated.is_subset(&corr)),
                "yielding the correction set does not make a deal possible"
            );
            // A correction set hits every core.
            prop_assert!(core.iter().any(|c| corr.contains(c)));
            if let Some(a) = &i.after_yield {
                // Among the smallest correction sets, the one needing the
                // fewest changes.
                let fewest_changes = judged
                    .iter()
                    .filter(|j| j.violated.len() == fewest)
                    .map(|j| j.changes)
                    .min();
                prop_assert_eq!(
                    Some(a.changes.len()),
                    fewest_changes,
                    "after yielding, not the fewest changes"
                );
                // Then the fewest objections.
                let fewest_objections = judged
                    .iter()
                    .filter(|j| j.violated.len() == fewest && Some(j.changes) == fewest_changes)
                    .map(|j| j.objections)
                    .min();
                prop_assert_eq!(
                    Some(a.objections),
                    fewest_objections,
                    "after yielding, not the fewest objections"
                );
                let s = slots_after(inst, &a.changes);
                let completions = coherent(rules, &s);
                prop_assert!(
                    !completions.is_empty(),
                    "after yielding, the plan is incoherent"
                );
                for (k, c) in cons.iter().enumerate() {
                    if corr.contains(&k) {
                        continue;
                    }
                    prop_assert!(
                        !breaks(rules, c, &s, &completions),
                        "after yielding, {:?} is still violated",
                        c
                    );
                }
            } else {
                prop_assert!(false, "no amendment after yielding");
            }
        }
    }
    Ok(())
}

static SPACE_OK: AtomicUsize = AtomicUsize::new(0);
static SPACE_NONE: AtomicUsize = AtomicUsize::new(0);
static SPACE_CONSTRAINED: AtomicUsize = AtomicUsize::new(0);

fn check_space(inst: &Instance) -> Result<(), TestCaseError> {
    let rules = &inst.rules;
    let sel = CheckOptions {
        as_of: Date::parse(AS_OF),
        parties: inst.parties.clone(),
        basis: inst.basis,
    };
    let space =
        redline::space(rules, &sel, true).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let vetoes: Vec<&Expr> = rules
        .red_lines
        .iter()
        .filter(|r| r.severity == Severity::Veto && counts(inst, r) && chooses(inst, r.party))
        .map(crossing)
        .collect();
    let doms: Vec<Vec<Value>> = rules.vocab.terms.iter().map(|t| domain(&t.kind)).collect();
    let holds: Vec<Expr> = rules.constraints.iter().map(Constraint::holds).collect();
    // Terms that follow one party's signature are all true (it signs) or
    // all false.
    let signed: Vec<(usize, PartyId)> = rules
        .vocab
        .terms
        .iter()
        .enumerate()
        .filter_map(|(i, t)| t.signed_by.map(|p| (i, p)))
        .collect();
    let coherent_world = |a: &[Value]| {
        signed.iter().all(|(i, p)| {
            signed
                .iter()
                .filter(|(_, q)| q == p)
                .all(|(j, _)| a[*i] == a[*j])
        }) && holds.iter().all(|h| h.eval(&|t| a[t.index()]))
    };
    let mut possible: BTreeSet<(usize, Value)> = BTreeSet::new();
    let mut count: u128 = 0;
    let mut worlds = 0usize;
    any_assignment(&doms, |a| {
        let world = coherent_world(a);
        worlds += usize::from(world);
        if world && vetoes.iter().all(|e| !e.eval(&|t| a[t.index()])) {
            count += 1;
            possible.extend(a.iter().enumerate().map(|(i, v)| (i, *v)));
        }
        false
    });
    if worlds == 0 {
        // Constraints no world satisfies are a load error (`constraint-conflict`).
        return Ok(());
    }
    if !rules.constraints.is_empty() {
        SPACE_CONSTRAINED.fetch_add(1, Ordering::Relaxed);
    }
    prop_assert_eq!(space.acceptable, count > 0);
    if count == 0 {
        SPACE_NONE.fetch_add(1, Ordering::Relaxed);
        // The conflict is unsatisfiable and irreducible.
        let holds = |rs: &[RedLineId], a: &[Value]| {
            coherent_world(a)
                && rs
                    .iter()
                    .all(|r| !crossing(rules.red_line(*r)).eval(&|t| a[t.index()]))
        };
        let any = |rs: &[RedLineId]| any_assignment(&doms, |a| holds(rs, a));
        prop_assert!(!space.conflict.is_empty());
        prop_assert!(!any(&space.conflict), "the conflict can be satisfied");
        for m in &space.conflict {
            let rest: Vec<RedLineId> = space.conflict.iter().copied().filter(|x| x != m).collect();
            prop_assert!(any(&rest), "the conflict is not minimal");
        }
        prop_assert_eq!(space.count, Some(redline::Count::Exact(0)));
        return Ok(());
    }
    SPACE_OK.fetch_add(1, Ordering::Relaxed);
    // Values: each term the red lines read lists every value once, as
    // possible exactly when some acceptable assignment takes it.
    for ts in &space.terms {
        let t = ts.term.index();
        for v in &doms[t] {
            let spans: Vec<_> = ts
                .spans
                .iter()
                .filter(|s| s.lo <= *v && *v <= s.hi)
                .collect();
            prop_assert_eq!(
                spans.len(),
                1,
                "value {:?} of t{} in {} spans",
                v,
                t,
                spans.len()
            );
            prop_assert_eq!(
                spans[0].possible,
                possible.contains(&(t, *v)),
                "t{} = {:?}",
                t,
                v
            );
        }
        let forced: Vec<Value> = doms[t]
            .iter()
            .copied()
            .filter(|v| possible.contains(&(t, *v)))
            .collect();
        prop_assert_eq!(ts.forced(), (forced.len() == 1).then(|| forced[0]));
    }
    for t in &space.free {
        for v in &doms[t.index()] {
            prop_assert!(possible.contains(&(t.index(), *v)));
        }
    }
    // Count: over the terms the red lines read; free terms multiply.
    let free: u128 = space
        .free
        .iter()
        .map(|t| doms[t.index()].len() as u128)
        .product();
    prop_assert_eq!(space.count, Some(redline::Count::Exact(count / free)));
    prop_assert_eq!(count % free, 0);
    Ok(())
}

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(prop_config(cases, file!()))
}

/// 6,500 cases: amendments, cores and correction sets against brute force,
/// at least 2,000 of them without an amendment (conflicts).
#[test]
fn amend_matches_brute_force() {
    let mut r = runner(7_500);
    let result = r.run(&any::<u64>(), |seed| {
        let inst = instance(seed);
        tally(&inst);
        check_amend(&inst).map_err(|e| TestCaseError::fail(format!("seed {seed}: {e}\n{inst:?}")))
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let (a, i, w, x, k) = (
        AMENDED.load(Ordering::Relaxed),
        IMPOSSIBLE.load(Ordering::Relaxed),
        WITH_CHANGES.load(Ordering::Relaxed),
        INCOHERENT.load(Ordering::Relaxed),
        WITH_CONSTRAINTS.load(Ordering::Relaxed),
    );
    let (rd, jt) = (
        WITH_READING.load(Ordering::Relaxed),
        WITH_JOINT.load(Ordering::Relaxed),
    );
    eprintln!(
        "amend: {a} amended ({w} with changes), {i} impossible, {x} incoherent plans; {k} coherent cases with constraints; {rd} with a reading, {jt} with joint owners"
    );
    let n = scaled(1) as usize;
    assert!(
        w >= 600 * n && i >= 2_000 * n && x >= 100 * n && k >= 3_000 * n,
        "too few interesting cases: {a} amended ({w} with changes), {i} impossible, {x} incoherent, {k} with constraints"
    );
    assert!(
        rd >= 3_000 * n && jt >= 1_000 * n,
        "too few cases with readings ({rd}) or joint owners ({jt})"
    );
}

/// The case that showed a consent veto given up counted as an objection
/// too (the oracle found 1 objection after yielding where amend had 2).
#[test]
fn a_consent_given_up_is_no_objection() {
    replay(5_030_218_988_224_967_230);
}

/// The case that showed a term reached only through a constraint changed
/// without its owner's consent: keeping the plan coherent after a consent
/// veto yielded, amend set an unsigned owner's term that no red line read
/// and no clause set (the oracle found its consent still violated).
#[test]
fn a_term_linked_by_a_constraint_needs_its_owners_consent() {
    replay(17_856_362_614_675_976_925);
}

/// Check amend against brute force on the instance of one seed.
fn replay(seed: u64) {
    let inst = instance(seed);
    if let Err(e) = check_amend(&inst) {
        panic!("seed {seed}: {e}\n{inst:?}");
    }
}

/// 4,000 cases: the agreement space against enumeration.
#[test]
fn space_matches_enumeration() {
    let mut r = runner(4_000);
    let result = r.run(&any::<u64>(), |seed| {
        let inst = instance(seed);
        check_space(&inst).map_err(|e| TestCaseError::fail(format!("seed {seed}: {e}\n{inst:?}")))
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let (ok, none, k) = (
        SPACE_OK.load(Ordering::Relaxed),
        SPACE_NONE.load(Ordering::Relaxed),
        SPACE_CONSTRAINED.load(Ordering::Relaxed),
    );
    eprintln!("space: {ok} with an acceptable plan, {none} without; {k} with constraints");
    let n = scaled(1) as usize;
    assert!(
        ok >= 1_000 * n && none >= 200 * n && k >= 3_000 * n,
        "too few interesting cases: {ok} / {none} / {k} with constraints"
    );
}

/// The same instance gives the same answer twice (200 cases).
#[test]
fn amend_is_deterministic() {
    let mut r = runner(200);
    let result = r.run(&any::<u64>(), |seed| {
        let inst = instance(seed);
        let opts = AmendOptions {
            selection: CheckOptions {
                as_of: Date::parse(AS_OF),
                parties: inst.parties.clone(),
                basis: inst.basis,
            },
            keep: inst
                .keep
                .iter()
                .copied()
                .map(ClauseId::from_index)
                .collect(),
            time_limit: None,
        };
        if coherent(&inst.rules, &slots(&inst)).is_empty() {
            return Ok(());
        }
        let show = |o: &AmendOutcome| match o {
            AmendOutcome::Amended(a) => format!("{:?}", a.changes),
            AmendOutcome::Impossible(i) => format!("{:?} {:?}", i.core, i.correction),
        };
        let a = redline::amend(&inst.rules, &inst.plan, &opts)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let b = redline::amend(&inst.rules, &inst.plan, &opts)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(show(&a.outcome), show(&b.outcome), "seed {}", seed);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// 400 generated workspaces of 20 to 150 terms, too large for brute force:
/// the lazy search (red lines join the model as answers cross them) finds
/// optima of the same cost as the model with every red line in from the
/// start (`amend_eager`, the search as it was before). Both are checked
/// inside `amend` too: the amended plan is re-checked, and a core must be
/// irreducible.
#[test]
fn lazy_amend_matches_eager_on_generated_workspaces() {
    use redline_testkit::{generate, GenSpec};
    type Cost = (usize, usize, usize);
    let cost = |o: &AmendOutcome| -> Cost {
        match o {
            AmendOutcome::Amended(a) => (0, a.changes.len(), a.objections),
            AmendOutcome::Impossible(i) => i
                .after_yield
                .as_ref()
                .map_or((i.correction.len(), usize::MAX, usize::MAX), |a| {
                    (i.correction.len(), a.changes.len(), a.objections)
                }),
        }
    };
    let amended = AtomicUsize::new(0);
    let impossible = AtomicUsize::new(0);
    let mut r = runner(400);
    let result = r.run(
        &(any::<u64>(), 1usize..6, 20usize..150, 0usize..8),
        |(seed, parties, terms, open)| {
            let ws = generate(&GenSpec {
                parties,
                terms,
                red_lines: terms / 3 + parties,
                clauses: terms * 2 / 3,
                open_terms: open,
                seed,
            });
            let files: redline::Memory = ws
                .files
                .iter()
                .map(|(p, t)| (p.clone(), t.as_bytes().to_vec()))
                .collect();
            let loaded = redline::load(&files);
            prop_assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
            let w = &loaded.workspace;
            let Some(plan) = w.plans.first() else {
                return Ok(());
            };
            let opts = AmendOptions::default();
            let lazy = redline::amend(&w.rules, plan, &opts)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let eager = redline::amend_eager(&w.rules, plan, &opts)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(
                cost(&lazy.outcome),
                cost(&eager.outcome),
                "seed {} parties {} terms {} open {}",
                seed,
                parties,
                terms,
                open
            );
            match lazy.outcome {
                AmendOutcome::Amended(_) => amended.fetch_add(1, Ordering::Relaxed),
                AmendOutcome::Impossible(_) => impossible.fetch_add(1, Ordering::Relaxed),
            };
            Ok(())
        },
    );
    if let Err(e) = result {
        panic!("{e}");
    }
    let (a, i) = (amended.into_inner(), impossible.into_inner());
    eprintln!("lazy vs eager: {a} amended, {i} impossible");
    let n = scaled(1) as usize;
    assert!(
        a >= 40 * n && i >= 40 * n,
        "too few of each kind: {a} amended, {i} impossible"
    );
}
