//! The agreement space: which values of each term some plan acceptable to
//! every chosen party can take.
//!
//! A plan here is a full assignment of the terms (a fully decided plan);
//! consent plays no part, and the terms that follow one party's signature
//! take one value together (whether it signs). Terms that no
//! chosen red line reads are free. Terms linked by red lines form groups
//! that are solved (and counted) apart.

use crate::check::crossing;
use crate::check::CheckOptions;
use crate::completion::domain::{solver_domain, Cuts};
use crate::error::Error;
use crate::model::Expr;
use crate::model::{ConstraintId, RedLineId, Rules, Severity, TermId, TermKind, Value};
use crate::sat::shrink::shrink;
use crate::sat::Lit;
use crate::sat::{Domains, Encoder};
use std::collections::{BTreeMap, BTreeSet};

/// Counting gives up (and says so) after this many steps of its search, in
/// all groups of linked terms together.
pub const COUNT_LIMIT: u64 = 1_000_000;

/// A value, or a run of integers that behave alike, and whether some
/// acceptable plan gives the term a value in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValueSpan {
    /// The value, or the lowest of the run.
    pub lo: Value,
    /// Equal to `lo` except for a run of integers.
    pub hi: Value,
    /// Whether some acceptable plan gives the term a value in the span.
    pub possible: bool,
}

/// The values of one term that red lines read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermSpace {
    /// The term, which some red line that counts reads.
    pub term: TermId,
    /// Every value of the term, in order, merged into runs for integers.
    pub spans: Vec<ValueSpan>,
}

impl TermSpace {
    /// The one value every acceptable plan gives the term, if there is one.
    pub fn forced(&self) -> Option<Value> {
        let mut possible = self.spans.iter().filter(|s| s.possible);
        match (possible.next(), possible.next()) {
            (Some(s), None) if s.lo == s.hi => Some(s.lo),
            _ => None,
        }
    }
    /// Whether some value is excluded.
    pub fn restricted(&self) -> bool {
        self.spans.iter().any(|s| !s.possible)
    }
}

/// How many acceptable combinations there are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    /// Exactly this many assignments of the terms the red lines read.
    Exact(u128),
    /// Too many to count exactly within [`COUNT_LIMIT`] steps (or more
    /// than fits in 128 bits).
    TooMany,
}

/// The agreement space for a selection of parties.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementSpace {
    /// The veto red lines that count.
    pub red_lines: Vec<RedLineId>,
    /// Whether any plan is acceptable to every chosen party.
    pub acceptable: bool,
    /// When none is: red lines that no plan satisfies together, irreducible.
    pub conflict: Vec<RedLineId>,
    /// Terms some red line reads, in vocabulary order.
    pub terms: Vec<TermSpace>,
    /// Terms no red line reads: every value is possible.
    pub free: Vec<TermId>,
    /// With counting: the number of acceptable assignments of `terms`.
    pub count: Option<Count>,
}

/// Compute the agreement space; count acceptable combinations when `count`.
///
/// Only coherent assignments count: the constraints between terms hold in
/// every one, and the terms they link are grouped with the red lines that
/// read them.
pub fn space(rules: &Rules, sel: &CheckOptions, count: bool) -> Result<AgreementSpace, Error> {
    let red_lines = sel.red_lines(rules, Severity::Veto);
    let mut lines: Vec<(Line, Expr)> = red_lines
        .iter()
        .filter_map(|r| Some(rules.red_line(*r)).map(|x| (Line::Veto(*r), crossing(x).clone())))
        .collect();
    // A constraint is a line that must not be crossed, and never yields.
    lines.extend(rules.constraint_ids().map(|i| {
        (
            Line::Constraint(i),
            Expr::Not(Box::new(rules.constraint(i).holds())),
        )
    }));
    // Terms that follow one party's signature take one value together.
    lines.extend(
        crate::completion::coherence::signature_conditions(rules)
            .into_iter()
            .map(|e| (Line::Signatures, Expr::Not(Box::new(e)))),
    );
    let groups = groups(&lines);
    let read: BTreeSet<TermId> = groups.iter().flat_map(|(ts, _)| ts.clone()).collect();
    let free: Vec<TermId> = rules.vocab.ids().filter(|t| !read.contains(t)).collect();

    let mut per_term: BTreeMap<TermId, TermSpace> = BTreeMap::new();
    // Counting's budget, shared by every group.
    let mut steps: u64 = 0;
    let mut total: Option<u128> = Some(1);
    for (terms, lines) in &groups {
        let exprs: Vec<Expr> = lines.iter().map(|(_, e)| e.clone()).collect();
        // The lines that read each term: a change to it can only cross them.
        let mut readers: BTreeMap<TermId, Vec<usize>> = BTreeMap::new();
        for (i, e) in exprs.iter().enumerate() {
            for t in e.terms() {
                readers.entry(t).or_default().push(i);
            }
        }
        // A term's domain is cut at the constants of the lines that read
        // it: a line that does not read it gives it none.
        let cuts = Cuts::of(&exprs);
        let doms: Domains = terms
            .iter()
            .map(|t| (*t, solver_domain(rules, &[&cuts], *t)))
            .collect();
        let mut enc = Encoder::new(&doms)?;
        let mut guards: Vec<(RedLineId, Lit)> = Vec::new();
        for (line, e) in lines {
            let r = match line {
                Line::Veto(r) => *r,
                Line::Constraint(_) | Line::Signatures => {
                    let l = enc.encode(e)?;
                    enc.clause(&[!l])?;
                    continue;
                }
            };
            let l = enc.encode(e)?;
            let g = enc.fresh();
            enc.clause(&[!g, !l])?;
            guards.push((r, g));
        }
        let all: Vec<Lit> = guards.iter().map(|(_, g)| *g).collect();
        // A local search usually finds an acceptable assignment; solving
        // under it first leaves the solver's saved phases there, so the
        // calls that follow start from an acceptable plan instead of from
        // nothing (where the first call alone took 400 ms on 5,000 terms).
        // When it gives up, its last assignment (few lines crossed) is the
        // start instead: the conflict search that follows begins there.
        let (found, acceptable) = walk(&exprs, &readers, &doms);
        let mut at: Vec<Lit> = Vec::new();
        for (t, v) in &found {
            at.extend(
                enc.selectors(*t)
                    .iter()
                    .filter(|(x, _)| x == v)
                    .map(|(_, l)| *l),
            );
        }
        let first = if acceptable {
            let mut start = all.clone();
            start.extend(at);
            match enc.solve(&start)? {
                Some(m) => Some(m),
                None => enc.solve(&all)?,
            }
        } else {
            let _ = enc.solve(&at)?;
            enc.solve(&all)?
        };
        let Some(first) = first else {
            let failed: BTreeSet<Lit> = enc.core()?.into_iter().map(|l| !l).collect();
            let initial: Vec<RedLineId> = guards
                .iter()
                .filter(|(_, g)| failed.contains(g))
                .map(|(r, _)| *r)
                .collect();
            let conflict = shrink(initial, |subset| {
                let a: Vec<Lit> = guards
                    .iter()
                    .filter(|(r, _)| subset.contains(r))
                    .map(|(_, g)| *g)
                    .collect();
                if enc.solve(&a)?.is_some() {
                    Ok(Ok(()))
                } else {
                    let failed: BTreeSet<Lit> = enc.core()?.into_iter().map(|l| !l).collect();
                    Ok(Err(guards
                        .iter()
                        .filter(|(_, g)| failed.contains(g))
                        .map(|(r, _)| *r)
                        .collect()))
                }
            })?;
            return Ok(AgreementSpace {
                red_lines,
                acceptable: false,
                conflict,
                terms: read
                    .iter()
                    .map(|t| {
                        term_space(rules, *t, &solver_domain(rules, &[], *t), &BTreeSet::new())
                    })
                    .collect(),
                free,
                count: count.then_some(Count::Exact(0)),
            });
        };
        // Every value seen in a model is possible, and so is every value
        // that a model keeps acceptable when its term changes along with a
        // few terms of the lines that change crosses (`repair`): most
        // values are settled that way, without a solver call. The solver is asked about the rest one by one, each new
        // model settling more. The red lines hold for good from here on.
        let mut seen: BTreeSet<(TermId, Value)> = BTreeSet::new();
        let mut unseen: BTreeSet<(TermId, Value)> = doms
            .iter()
            .flat_map(|(t, c)| c.iter().map(|v| (*t, *v)))
            .collect();
        // The terms that share a line with one of `ts`, and `ts`.
        let neighbours = |ts: &BTreeSet<TermId>| -> BTreeSet<TermId> {
            let mut out = ts.clone();
            for t in ts {
                for i in readers.get(t).into_iter().flatten() {
                    if let Some(e) = exprs.get(*i) {
                        e.collect_terms(&mut out);
                    }
                }
            }
            out
        };
        let settle = |m: &BTreeMap<TermId, Value>,
                      only: Option<&BTreeSet<TermId>>,
                      seen: &mut BTreeSet<(TermId, Value)>,
                      unseen: &mut BTreeSet<(TermId, Value)>| {
            let now: Vec<(TermId, Value)> = unseen
                .iter()
                .filter(|(t, _)| only.is_none_or(|o| o.contains(t)))
                .flat_map(|(t, v)| repair(&exprs, &readers, &doms, m, *t, *v))
                .flatten()
                .collect();
            for tv in now {
                unseen.remove(&tv);
                seen.insert(tv);
            }
        };
        settle(&first, None, &mut seen, &mut unseen);
        let mut last = first;
        for g in &all {
            enc.clause(&[*g])?;
        }
        while let Some((t, v)) = unseen.pop_first() {
            let Some(sel_lit) = enc
                .selectors(t)
                .iter()
                .find(|(x, _)| *x == v)
                .map(|(_, l)| *l)
            else {
                continue;
            };
            if let Some(m) = enc.solve(&[sel_lit])? {
                seen.insert((t, v));
                // Try again only the values of terms within two lines of
                // one the new model changed: a repair mostly reads that
                // near, and a value skipped here still gets its own call.
                let changed: BTreeSet<TermId> = m
                    .iter()
                    .filter(|(x, w)| last.get(x) != Some(w))
                    .map(|(x, _)| *x)
                    .collect();
                let near = neighbours(&neighbours(&changed));
                settle(&m, Some(&near), &mut seen, &mut unseen);
                last = m;
            }
        }
        for (t, cands) in &doms {
            let possible: BTreeSet<Value> = cands
                .iter()
                .copied()
                .filter(|v| seen.contains(&(*t, *v)))
                .collect();
            per_term.insert(*t, term_space(rules, *t, cands, &possible));
        }
        if count && total.is_some() {
            total = match (total, count_group(rules, &doms, &exprs, &mut steps)) {
                (Some(a), Some(b)) => a.checked_mul(b),
                _ => None,
            };
        }
    }
    Ok(AgreementSpace {
        red_lines,
        acceptable: true,
        conflict: Vec::new(),
        terms: per_term.into_values().collect(),
        free,
        count: count.then(|| total.map_or(Count::TooMany, Count::Exact)),
    })
}

/// How many flips [`walk`] makes per term before it gives up.
const WALK_FLIPS: usize = 5;

/// A local search (WalkSAT over values) for an assignment of `doms` under
/// which no line of `exprs` evaluates true: the last assignment, and
/// whether it is one (`false` when the search gave up). The answer is only
/// a starting point for the solver, which checks it; deterministic (a
/// fixed-seed generator).
fn walk(
    exprs: &[Expr],
    readers: &BTreeMap<TermId, Vec<usize>>,
    doms: &Domains,
) -> (BTreeMap<TermId, Value>, bool) {
    let mut a: BTreeMap<TermId, Value> = doms
        .iter()
        .filter_map(|(t, c)| c.first().map(|v| (*t, *v)))
        .collect();
    let crosses = |a: &BTreeMap<TermId, Value>, i: usize| {
        let value_of = |x: TermId| a.get(&x).copied().unwrap_or(Value::Bool(false));
        exprs.get(i).is_some_and(|e| e.eval(&value_of))
    };
    let mut crossed: BTreeSet<usize> = (0..exprs.len()).filter(|i| crosses(&a, *i)).collect();
    let mut rng: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let budget = WALK_FLIPS.saturating_mul(doms.len().max(1));
    for _ in 0..budget {
        if crossed.is_empty() {
            return (a, true);
        }
        let pick = (next() as usize) % crossed.len();
        let Some(line) = crossed.iter().nth(pick).copied() else {
            break;
        };
        let ts: Vec<TermId> = exprs
            .get(line)
            .map(Expr::terms)
            .unwrap_or_default()
            .into_iter()
            .collect();
        // WalkSAT: a flip of one of the line's terms that crosses no line
        // now avoided, if there is one; else, now and then a random flip
        // (to leave local minima), otherwise the one that crosses fewest.
        let mut best: Option<(usize, TermId, Value)> = None;
        let mut fixes: Vec<(TermId, Value)> = Vec::new();
        for t in &ts {
            for v in doms.get(t).into_iter().flatten() {
                if a.get(t) == Some(v) {
                    continue;
                }
                let old = a.insert(*t, *v);
                if crosses(&a, line) {
                    if let Some(o) = old {
                        a.insert(*t, o);
                    }
                    continue;
                }
                fixes.push((*t, *v));
                let breaks = readers
                    .get(t)
                    .into_iter()
                    .flatten()
                    .filter(|i| !crossed.contains(*i) && crosses(&a, **i))
                    .count();
                if let Some(o) = old {
                    a.insert(*t, o);
                }
                if best.is_none_or(|(b, _, _)| breaks < b) {
                    best = Some((breaks, *t, *v));
                }
            }
        }
        if best.is_some_and(|(b, _, _)| b > 0) && next() % 10 < 4 {
            if let Some((t, v)) = fixes.get((next() as usize) % fixes.len().max(1)) {
                best = Some((0, *t, *v));
            }
        }
        let Some((_, t, v)) = best else {
            break;
        };
        a.insert(t, v);
        for i in readers.get(&t).into_iter().flatten() {
            if crosses(&a, *i) {
                crossed.insert(*i);
            } else {
                crossed.remove(i);
            }
        }
    }
    let done = crossed.is_empty();
    (a, done)
}

/// How many more terms [`repair`] may change, besides the one asked about.
const REPAIR_DEPTH: usize = 6;

/// Whether the acceptable assignment `m` stays acceptable with `t` set to
/// `v`, after changing at most [`REPAIR_DEPTH`] other terms, each chosen
/// greedily to avoid a line the changes so far cross without crossing one
/// more: the changed settings if so (each a possible value), `None` if that
/// does not do. Only lines reading a changed term are evaluated.
fn repair(
    exprs: &[Expr],
    readers: &BTreeMap<TermId, Vec<usize>>,
    doms: &Domains,
    m: &BTreeMap<TermId, Value>,
    t: TermId,
    v: Value,
) -> Option<Vec<(TermId, Value)>> {
    if m.get(&t) == Some(&v) {
        return Some(vec![(t, v)]);
    }
    let lines_of = |x: TermId| readers.get(&x).map_or(&[][..], Vec::as_slice);
    let crosses = |changes: &[(TermId, Value)], i: usize| -> bool {
        let value_of = |x: TermId| {
            changes
                .iter()
                .find(|(c, _)| *c == x)
                .map(|(_, w)| *w)
                .or_else(|| m.get(&x).copied())
                .unwrap_or(Value::Bool(false))
        };
        exprs.get(i).is_some_and(|e| e.eval(&value_of))
    };
    let mut changes = vec![(t, v)];
    for _ in 0..=REPAIR_DEPTH {
        let crossed: BTreeSet<usize> = changes
            .iter()
            .flat_map(|(x, _)| lines_of(*x).iter().copied())
            .filter(|i| crosses(&changes, *i))
            .collect();
        let Some(line) = crossed.first().copied() else {
            return Some(changes);
        };
        if changes.len() > REPAIR_DEPTH {
            return None;
        }
        // A change to another term of that line that avoids it: one that
        // crosses nothing new if there is one, else the first (what it
        // crosses is for the next step).
        let mut fallback = None;
        let step = exprs.get(line)?.terms().into_iter().find_map(|u| {
            if changes.iter().any(|(c, _)| *c == u) {
                return None;
            }
            doms.get(&u)?.iter().find_map(|w| {
                if m.get(&u) == Some(w) {
                    return None;
                }
                let mut trial = changes.clone();
                trial.push((u, *w));
                if crosses(&trial, line) {
                    return None;
                }
                let clean = lines_of(u)
                    .iter()
                    .all(|i| crossed.contains(i) || !crosses(&trial, *i));
                if !clean && fallback.is_none() {
                    fallback = Some((u, *w));
                }
                clean.then_some((u, *w))
            })
        });
        changes.push(step.or(fallback)?);
    }
    None
}

/// What a line of the space stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Line {
    /// A veto red line (index into `rules.red_lines`): its crossing.
    Veto(RedLineId),
    /// A constraint between terms: its negation, which no coherent assignment makes true.
    Constraint(ConstraintId),
    /// Two terms that follow one party's signature differ: no plan has that.
    Signatures,
}

/// Red lines and constraints grouped by the terms they share: `(terms,
/// lines)` per group, ordered by the group's first term; lines that read no
/// term form groups of their own, first.
#[allow(clippy::type_complexity)]
fn groups(crossings: &[(Line, Expr)]) -> Vec<(BTreeSet<TermId>, Vec<(Line, Expr)>)> {
    // Union-find over terms.
    let mut parent: BTreeMap<TermId, TermId> = BTreeMap::new();
    fn find(parent: &mut BTreeMap<TermId, TermId>, t: TermId) -> TermId {
        let mut root = t;
        while let Some(&p) = parent.get(&root) {
            if p == root {
                break;
            }
            root = p;
        }
        let mut x = t;
        while let Some(&p) = parent.get(&x) {
            if p == root {
                break;
            }
            parent.insert(x, root);
            x = p;
        }
        root
    }
    for (_, e) in crossings {
        let ts: Vec<TermId> = e.terms().into_iter().collect();
        for t in &ts {
            parent.entry(*t).or_insert(*t);
        }
        for w in ts.windows(2) {
            let [x, y] = w else { continue };
            let (a, b) = (find(&mut parent, *x), find(&mut parent, *y));
            if a != b {
                let (lo, hi) = if a < b { (a, b) } else { (b, a) };
                parent.insert(hi, lo);
            }
        }
    }
    let mut by_root: BTreeMap<Option<TermId>, (BTreeSet<TermId>, Vec<(Line, Expr)>)> =
        BTreeMap::new();
    for (r, e) in crossings {
        let ts = e.terms();
        let root = ts.iter().next().map(|t| find(&mut parent, *t));
        let slot = by_root.entry(root).or_default();
        slot.0.extend(ts);
        slot.1.push((*r, e.clone()));
    }
    by_root.into_values().collect()
}

/// The longest class of enum values that the space lists value by value; a
/// longer one is one run (`first..=last`).
const ENUM_RUN: usize = 16;

/// How many values the class starting at `domain[i]` holds.
fn class_size(rules: &Rules, t: TermId, domain: &[Value], i: usize) -> u128 {
    crate::completion::domain::class_size(&rules.vocab.get(t).kind, domain, i)
}

/// The spans of a term: one per value (an enum class stands for each of
/// its values), or per run of alike integers.
fn term_space(rules: &Rules, t: TermId, domain: &[Value], possible: &BTreeSet<Value>) -> TermSpace {
    let term = rules.vocab.get(t);
    let mut spans: Vec<ValueSpan> = Vec::new();
    for (i, v) in domain.iter().enumerate() {
        let ok = possible.contains(v);
        if let Value::Enum(first) = v {
            // The values of an enum class: each as itself, or, for a class
            // longer than [`ENUM_RUN`], one run, so that a long enum's space
            // is as long as its classes, not its values.
            let size = class_size(rules, t, domain, i) as u32;
            if size as usize > ENUM_RUN {
                spans.push(ValueSpan {
                    lo: *v,
                    hi: Value::Enum(first.saturating_add(size - 1)),
                    possible: ok,
                });
            } else {
                spans.extend((*first..first.saturating_add(size)).map(|k| ValueSpan {
                    lo: Value::Enum(k),
                    hi: Value::Enum(k),
                    possible: ok,
                }));
            }
            continue;
        }
        let hi = match (&term.kind, v) {
            (TermKind::Int { .. }, Value::Int(a)) => {
                let size = class_size(rules, t, domain, i);
                Value::Int(*a + (size as i64 - 1))
            }
            _ => *v,
        };
        match spans.last_mut() {
            // Neighbouring runs of integers with the same answer merge.
            Some(last)
                if last.possible == ok
                    && matches!((last.hi, v), (Value::Int(h), Value::Int(a)) if h + 1 == *a) =>
            {
                last.hi = hi;
            }
            _ => spans.push(ValueSpan {
                lo: *v,
                hi,
                possible: ok,
            }),
        }
    }
    TermSpace { term: t, spans }
}

/// Acceptable assignments of one group, each integer class weighted by its
/// size; `None` when counting would take more than [`COUNT_LIMIT`] steps.
///
/// A small model counter: branch on the term most red lines still read,
/// drop red lines already decided (a crossed one ends the branch), multiply
/// out terms no undecided red line reads, and count independent parts apart.
fn count_group(rules: &Rules, doms: &Domains, exprs: &[Expr], steps: &mut u64) -> Option<u128> {
    let mut weights: BTreeMap<(TermId, Value), u128> = BTreeMap::new();
    for (t, c) in doms {
        for (i, v) in c.iter().enumerate() {
            weights.insert((*t, *v), class_size(rules, *t, c, i));
        }
    }
    let mut counter = Counter {
        doms,
        weights,
        steps: *steps,
    };
    let lines: Vec<&Expr> = exprs.iter().collect();
    let terms: BTreeSet<TermId> = doms.keys().copied().collect();
    let n = counter.count(&lines, &terms, &mut BTreeMap::new());
    *steps = counter.steps;
    n
}

struct Counter<'a> {
    doms: &'a Domains,
    weights: BTreeMap<(TermId, Value), u128>,
    steps: u64,
}

impl Counter<'_> {
    fn total_weight(&self, t: TermId) -> u128 {
        self.doms.get(&t).map_or(1, |c| {
            c.iter()
                .map(|v| self.weights.get(&(t, *v)).copied().unwrap_or(1))
                .fold(0u128, u128::saturating_add)
        })
    }

    fn count(
        &mut self,
        lines: &[&Expr],
        terms: &BTreeSet<TermId>,
        assigned: &mut BTreeMap<TermId, Value>,
    ) -> Option<u128> {
        self.steps += 1;
        if self.steps > COUNT_LIMIT {
            return None;
        }
        // Red lines still undecided; a crossed one means no acceptable completion.
        let mut open: Vec<&Expr> = Vec::new();
        for e in lines {
            match eval3(e, assigned) {
                Some(true) => return Some(0),
                Some(false) => {}
                None => open.push(e),
            }
        }
        let mut read: BTreeSet<TermId> = BTreeSet::new();
        for e in &open {
            e.collect_terms(&mut read);
        }
        let mut total: u128 = 1;
        for t in terms {
            if !read.contains(t) && !assigned.contains_key(t) {
                total = total.checked_mul(self.total_weight(*t))?;
            }
        }
        let free: BTreeSet<TermId> = read
            .iter()
            .copied()
            .filter(|t| !assigned.contains_key(t))
            .collect();
        if open.is_empty() {
            return Some(total);
        }
        // Independent parts: red lines linked through unassigned terms.
        let parts = split(&open, &free);
        if parts.len() > 1 {
            for (part_lines, part_terms) in parts {
                let n = self.count(&part_lines, &part_terms, assigned)?;
                total = total.checked_mul(n)?;
                if total == 0 {
                    return Some(0);
                }
            }
            return Some(total);
        }
        // Branch on the term that most undecided red lines read.
        let pick = free.iter().copied().max_by_key(|t| {
            (
                open.iter().filter(|e| e.terms().contains(t)).count(),
                std::cmp::Reverse(*t),
            )
        })?;
        let values = self.doms.get(&pick).cloned().unwrap_or_default();
        let mut sum: u128 = 0;
        for v in values {
            assigned.insert(pick, v);
            let n = self.count(&open, &free, assigned);
            assigned.remove(&pick);
            let w = self.weights.get(&(pick, v)).copied().unwrap_or(1);
            sum = sum.checked_add(n?.checked_mul(w)?)?;
        }
        total.checked_mul(sum)
    }
}

/// Group red lines by the unassigned terms they share.
fn split<'e>(
    lines: &[&'e Expr],
    free: &BTreeSet<TermId>,
) -> Vec<(Vec<&'e Expr>, BTreeSet<TermId>)> {
    let mut parts: Vec<(Vec<&'e Expr>, BTreeSet<TermId>)> = Vec::new();
    for e in lines {
        let ts: BTreeSet<TermId> = e.terms().intersection(free).copied().collect();
        let mut merged = (vec![*e], ts);
        let mut i = 0;
        while let Some(part) = parts.get(i) {
            if part.1.is_disjoint(&merged.1) {
                i += 1;
            } else {
                let p = parts.remove(i);
                merged.0.extend(p.0);
                merged.1.extend(p.1);
            }
        }
        parts.push(merged);
    }
    parts
}

/// Evaluate under a partial assignment: `None` when it depends on a term
/// not yet assigned.
fn eval3(e: &Expr, a: &BTreeMap<TermId, Value>) -> Option<bool> {
    match e {
        Expr::Const(b) => Some(*b),
        Expr::Var(t) => a.get(t).map(|v| *v == Value::Bool(true)),
        Expr::Cmp { term, op, value } => a.get(term).map(|v| op.holds(*v, *value)),
        Expr::CmpTerms { lhs, op, rhs } => match (a.get(lhs), a.get(rhs)) {
            (Some(x), Some(y)) => Some(op.holds(*x, *y)),
            _ => None,
        },
        Expr::In { term, values } => a.get(term).map(|v| values.contains(v)),
        Expr::Not(x) => eval3(x, a).map(|b| !b),
        Expr::And(x, y) => match (eval3(x, a), eval3(y, a)) {
            (Some(false), _) | (_, Some(false)) => Some(false),
            (Some(true), Some(true)) => Some(true),
            _ => None,
        },
        Expr::Or(x, y) => match (eval3(x, a), eval3(y, a)) {
            (Some(true), _) | (_, Some(true)) => Some(true),
            (Some(false), Some(false)) => Some(false),
            _ => None,
        },
        Expr::Implies(x, y) => match (eval3(x, a), eval3(y, a)) {
            (Some(false), _) | (_, Some(true)) => Some(true),
            (Some(true), Some(false)) => Some(false),
            _ => None,
        },
    }
}
