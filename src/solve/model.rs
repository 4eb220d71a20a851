//! The SAT model of "amend this plan": one mode per term, one witness
//! completion per red line, one coherence witness per group of terms that
//! constraints link.

use super::Demand;
use crate::check::{crossing, CheckOptions};
use crate::completion::coherence::{self, Links};
use crate::completion::domain::{solver_domain, Restriction, Space};
use crate::completion::restates_status_quo;
use crate::error::Error;
use crate::model::Expr;
use crate::model::{ClauseId, ConstraintId, Plan, RedLineId, Rules, Setting, TermId, Value};
use crate::sat::card::AtMost;
use crate::sat::Lit;
use crate::sat::{Domains, Encoder, Scope};
use std::collections::{BTreeMap, BTreeSet};

/// What the solver may do with one term, and the literals of each choice.
#[derive(Debug)]
pub(crate) struct TermModel {
    pub term: TermId,
    /// How the plan restricts the term now.
    pub now: Restriction,
    /// Values that tell every red line's and constraint's comparisons apart
    /// (integer ranges cut into classes, each represented by its lowest member).
    pub domain: Vec<Value>,
    /// A kept clause sets the term, or it follows the signatories: it cannot change.
    pub frozen: bool,
    /// The term stays as the plan has it.
    pub unchanged: Lit,
    /// The term is set to one value (a change).
    pub fixes: Vec<(Value, Lit)>,
    /// The plan's settings of the term are removed (only for terms whose
    /// owner is chosen and has not signed).
    pub drop: Option<Lit>,
}

impl TermModel {
    /// The values the term can take under each mode.
    fn values_unchanged(&self) -> Vec<Value> {
        self.now.options(&self.domain)
    }
    fn values_dropped(&self, rules: &Rules) -> Vec<Value> {
        match rules.vocab.get(self.term).default {
            Some(v) => vec![v],
            None => self.domain.clone(),
        }
    }
}

/// The mode a solution gives a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Unchanged,
    Fix(Value),
    Drop,
}

/// An objection the optimisation counts: a red line of severity
/// `objection`, or a consent objection (a term whose owner has not signed
/// keeps a setting that only restates its status quo).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Objection {
    RedLine(RedLineId),
    Consent(TermId),
}

pub(crate) struct Model {
    pub enc: Encoder,
    pub terms: Vec<TermModel>,
    /// Veto red lines and consent, each guarded by an assumption literal.
    pub demands: Vec<(Demand, Lit)>,
    /// Objections, each with a literal true only if it is avoided.
    pub objections: Vec<(Objection, Lit)>,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("terms", &self.terms.len())
            .field("demands", &self.demands.len())
            .finish()
    }
}

/// The terms whose settings the solver may drop: set by the plan, owned by
/// a chosen party that has not signed. It depends on the selection alone,
/// never on which demands a model weighs, so that a model of a subset of
/// the demands allows exactly the amendments of the full one.
pub(crate) fn droppable(rules: &Rules, plan: &Plan, sel: &CheckOptions) -> BTreeSet<TermId> {
    plan.clauses
        .iter()
        .flat_map(|c| c.set.iter().map(|(t, _)| *t))
        .filter(|t| {
            rules
                .vocab
                .get(*t)
                .owners
                .iter()
                .any(|o| !plan.parties.contains(o) && sel.chooses(*o))
        })
        .collect()
}

/// For each clause setting of `t` in `plan`, whether it only restates the
/// term's status quo: consent holds when all do, and `check` finds a
/// consent objection when some do.
fn settings_restating<'a>(
    rules: &'a Rules,
    plan: &'a Plan,
    t: TermId,
) -> impl Iterator<Item = bool> + 'a {
    plan.clauses
        .iter()
        .flat_map(move |c| c.set.iter().filter(move |(x, _)| *x == t))
        .map(move |(_, s)| restates_status_quo(rules, t, &s.value))
}

/// The optimum of each level of a lexicographic minimisation, and the
/// assumptions whose models are exactly the optimal ones.
pub(crate) type Optimum = (Vec<usize>, Vec<Lit>);

/// One literal standing for "at most `b` of the totalizer's inputs hold",
/// or `None` when the bound covers them all.
fn soft_for(enc: &mut Encoder, at_most: &mut AtMost, b: usize) -> Result<Option<Lit>, Error> {
    let lits = at_most.bound(enc, b)?;
    match lits.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(*one)),
        many => {
            let x = enc.fresh();
            for l in many {
                enc.clause(&[!x, *l])?;
            }
            Ok(Some(x))
        }
    }
}

impl Model {
    /// Encode the amendments of `plan` that keep the clauses `keep` (indices)
    /// as they are; `demands` are guarded by assumptions, `objections` (red
    /// lines) and the consent objections of `sel`'s parties are counted.
    /// Every amendment the model allows leaves the plan coherent.
    pub fn build(
        rules: &Rules,
        plan: &Plan,
        sel: &CheckOptions,
        demands: &[Demand],
        objections: &[RedLineId],
        keep: &[ClauseId],
    ) -> Result<Model, Error> {
        let links = Links::of(rules);
        let space = Space::of_plan(rules, plan);
        let crossing_of: BTreeMap<RedLineId, &Expr> = demands
            .iter()
            .filter_map(|c| match c {
                Demand::RedLine(r) => Some(*r),
                Demand::Consent { .. } => None,
            })
            .chain(objections.iter().copied())
            .filter_map(|r| Some(rules.red_line(r)).map(|x| (r, crossing(x))))
            .collect();
        let consent_terms: BTreeSet<TermId> = demands
            .iter()
            .filter_map(|c| match c {
                Demand::Consent { term, .. } => Some(*term),
                Demand::RedLine(_) => None,
            })
            .collect();
        let mut read: BTreeSet<TermId> = consent_terms.clone();
        for e in crossing_of.values() {
            e.collect_terms(&mut read);
        }
        let (universe, constraints) = links.closure(&read);
        let mut exprs: Vec<Expr> = crossing_of.values().map(|e| (*e).clone()).collect();
        exprs.extend(coherence::conditions(rules, &constraints));
        let frozen: BTreeSet<TermId> = keep
            .iter()
            .filter_map(|k| plan.clause_at(*k))
            .flat_map(|c| c.set.iter().map(|(t, _)| *t))
            .collect();
        let droppable = droppable(rules, plan, sel);

        let mut enc = Encoder::new(&Domains::new())?;
        let mut terms = Vec::new();
        for t in universe {
            let now = space.get(t).clone();
            let domain = solver_domain(rules, Some(plan), &exprs, t);
            let is_frozen = frozen.contains(&t) || matches!(now, Restriction::Signatories(_));
            let unchanged = enc.fresh_preferring(true);
            let mut fixes = Vec::new();
            let mut drop = None;
            if !is_frozen {
                let current = now.fixed();
                for v in &domain {
                    if current != Some(*v) {
                        fixes.push((*v, enc.fresh()));
                    }
                }
                if droppable.contains(&t) {
                    drop = Some(enc.fresh());
                }
            }
            let mut modes = vec![unchanged];
            modes.extend(fixes.iter().map(|(_, l)| *l));
            modes.extend(drop);
            enc.exactly_one(&modes)?;
            if is_frozen {
                enc.clause(&[unchanged])?;
            }
            terms.push(TermModel {
                term: t,
                now,
                domain,
                frozen: is_frozen,
                unchanged,
                fixes,
                drop,
            });
        }

        // For each term and value: the modes under which the term may take it.
        let mut allow: BTreeMap<(TermId, Value), Vec<Lit>> = BTreeMap::new();
        for tm in &terms {
            for v in tm.values_unchanged() {
                allow.entry((tm.term, v)).or_default().push(tm.unchanged);
            }
            for (v, l) in &tm.fixes {
                allow.entry((tm.term, *v)).or_default().push(*l);
            }
            if let Some(d) = tm.drop {
                for v in tm.values_dropped(rules) {
                    allow.entry((tm.term, v)).or_default().push(d);
                }
            }
        }
        let domain_of: BTreeMap<TermId, &Vec<Value>> =
            terms.iter().map(|tm| (tm.term, &tm.domain)).collect();

        // A term whose every mode gives it one value (a fixed setting, a
        // status quo, a new single value) has one completion whatever the
        // amendment: every witness can share one copy of it. Only terms
        // that an amendment may leave undecided need a copy per witness, so
        // that many red lines over decided terms cost little.
        let restrict = |enc: &mut Encoder, scope: &Scope| -> Result<(), Error> {
            for (t, sels) in scope {
                for (v, x) in sels {
                    let mut cl = vec![!*x];
                    cl.extend(allow.get(&(*t, *v)).into_iter().flatten().copied());
                    enc.clause(&cl)?;
                }
            }
            Ok(())
        };
        //
        // Where each value comes from one mode alone (no drop; unchanged
        // gives the plan's one value, each change another), the modes are
        // the selectors: no copy at all.
        let mut shared = Scope::new();
        let mut copied = Domains::new();
        for tm in terms.iter().filter(|tm| {
            tm.values_unchanged().len() <= 1
                && tm.drop.is_none_or(|_| tm.values_dropped(rules).len() <= 1)
        }) {
            let mut sels: Vec<(Value, Lit)> = tm.fixes.clone();
            if let [now] = tm.values_unchanged().as_slice() {
                sels.push((*now, tm.unchanged));
            }
            sels.sort();
            let distinct = sels.windows(2).all(|w| matches!(w, [a, b] if a.0 < b.0));
            if tm.drop.is_none() && distinct && sels.len() == tm.fixes.len() + 1 {
                shared.insert(tm.term, sels);
            } else {
                copied.insert(tm.term, tm.domain.clone());
            }
        }
        let copies = enc.scope(&copied)?;
        restrict(&mut enc, &copies)?;
        shared.extend(copies);

        // A completion of `over` within what the amended plan allows, in
        // which every constraint on those terms holds.
        let witness = |enc: &mut Encoder,
                       over: &BTreeSet<TermId>,
                       cs: &[ConstraintId]|
         -> Result<Scope, Error> {
            let doms: Domains = over
                .iter()
                .filter(|t| !shared.contains_key(t))
                .map(|t| (*t, domain_of.get(t).map(|d| d.to_vec()).unwrap_or_default()))
                .collect();
            let mut scope = enc.scope(&doms)?;
            restrict(enc, &scope)?;
            for t in over {
                if let Some(sels) = shared.get(t) {
                    scope.insert(*t, sels.clone());
                }
            }
            for c in coherence::conditions(rules, cs) {
                let holds = enc.encode_in(&c, &mut scope)?;
                enc.clause(&[holds])?;
            }
            Ok(scope)
        };
        // The amended plan stays coherent: each group of linked terms has a
        // coherent completion.
        for (group, cs) in links.groups() {
            if group.iter().any(|t| domain_of.contains_key(t)) {
                witness(&mut enc, group, cs)?;
            }
        }
        // One witness completion per red line: coherent, within what the
        // amended plan allows, and avoiding the red line.
        let avoid = |enc: &mut Encoder, r: RedLineId| -> Result<Lit, Error> {
            let Some(e) = crossing_of.get(&r) else {
                return Ok(enc.truth());
            };
            let (over, cs) = links.closure(&e.terms());
            let mut scope = witness(enc, &over, &cs)?;
            let crosses = enc.encode_in(e, &mut scope)?;
            let guard = enc.fresh();
            enc.clause(&[!guard, !crosses])?;
            Ok(guard)
        };

        let mut guarded = Vec::new();
        for c in demands {
            let lit = match c {
                Demand::RedLine(r) => avoid(&mut enc, *r)?,
                Demand::Consent { term, .. } => {
                    let g = enc.fresh();
                    if let Some(tm) = terms.iter().find(|tm| tm.term == *term) {
                        // Consent holds when the term ends up with no setting,
                        // or with settings that only restate its status quo.
                        let mut ok: Vec<Lit> = tm.drop.into_iter().collect();
                        let set_now = matches!(tm.now, Restriction::Set { .. });
                        if !set_now || settings_restating(rules, plan, tm.term).all(|r| r) {
                            ok.push(tm.unchanged);
                        }
                        if let Some(d) = rules.vocab.get(tm.term).default {
                            ok.extend(tm.fixes.iter().filter(|(v, _)| *v == d).map(|(_, l)| *l));
                        }
                        let mut cl = vec![!g];
                        cl.extend(ok);
                        enc.clause(&cl)?;
                    }
                    g
                }
            };
            guarded.push((*c, lit));
        }
        let mut counted = Vec::new();
        for r in objections {
            counted.push((Objection::RedLine(*r), avoid(&mut enc, *r)?));
        }
        // Consent objections: a chosen owner that has not signed, and a
        // setting of its term that remains and restates the status quo (one
        // counts per term and such owner), as `check` finds them. A
        // remaining setting that decides something new is a veto instead,
        // given up or not, and no objection.
        for tm in &terms {
            let unsigned = rules
                .vocab
                .get(tm.term)
                .owners
                .iter()
                .filter(|o| !plan.parties.contains(o) && sel.chooses(**o))
                .count();
            if unsigned == 0 {
                continue;
            }
            let set_now = matches!(tm.now, Restriction::Set { .. });
            let mut restating: Vec<Lit> = Vec::new();
            if set_now && settings_restating(rules, plan, tm.term).any(|r| r) {
                restating.push(tm.unchanged);
            }
            restating.extend(
                tm.fixes
                    .iter()
                    .filter(|(v, _)| restates_status_quo(rules, tm.term, &Setting::Fixed(*v)))
                    .map(|(_, l)| *l),
            );
            let objected = enc.any(&restating)?;
            for _ in 0..unsigned {
                counted.push((Objection::Consent(tm.term), !objected));
            }
        }
        let mut model = Model {
            enc,
            terms,
            demands: guarded,
            objections: counted,
        };
        model.warm_up()?;
        Ok(model)
    }

    /// Start every later search from the plan as it stands: one solve with
    /// every term unchanged, whose model the solver keeps as the phase of
    /// each variable (phase saving), so that the searches that follow
    /// assign variables as the plan has them unless a conflict says
    /// otherwise. Without it the solver's default phase sets every term to
    /// its last value and every witness far from the plan, and conflicts
    /// that only undo that cost most of the time.
    fn warm_up(&mut self) -> Result<(), Error> {
        let as_is: Vec<Lit> = self.terms.iter().map(|tm| tm.unchanged).collect();
        self.sat(&as_is)?;
        Ok(())
    }

    /// The assumption literals of every demand.
    pub fn all_demands(&self) -> Vec<Lit> {
        self.demands.iter().map(|(_, l)| *l).collect()
    }

    /// The assumptions of a subset of the demands.
    pub fn assumptions(&self, subset: &[Demand]) -> Vec<Lit> {
        self.demands
            .iter()
            .filter(|(c, _)| subset.contains(c))
            .map(|(_, l)| *l)
            .collect()
    }

    /// Make literals hold for good (unit clauses): for the end of a search,
    /// when the model will not be asked about anything else.
    pub fn harden(&mut self, lits: &[Lit]) -> Result<(), Error> {
        for l in lits {
            self.enc.clause(&[*l])?;
        }
        Ok(())
    }

    pub fn sat(&mut self, assumptions: &[Lit]) -> Result<bool, Error> {
        Ok(self.enc.solve(assumptions)?.is_some())
    }

    /// The mode of every term in the last model.
    pub fn modes(&self) -> Result<Vec<(usize, Mode)>, Error> {
        let mut out = Vec::new();
        for i in 0..self.terms.len() {
            out.extend(self.mode_of(i)?);
        }
        Ok(out)
    }

    /// The mode of term `i` (an index into `terms`) in the last model.
    pub fn mode_of(&self, i: usize) -> Result<Option<(usize, Mode)>, Error> {
        let Some(tm) = self.terms.get(i) else {
            return Ok(None);
        };
        let mut mode = Mode::Unchanged;
        for (v, l) in &tm.fixes {
            if self.enc.value(*l)? {
                mode = Mode::Fix(*v);
            }
        }
        if let Some(d) = tm.drop {
            if self.enc.value(d)? {
                mode = Mode::Drop;
            }
        }
        Ok(Some((i, mode)))
    }

    /// The demands the last unsatisfiable call rested on.
    pub fn core(&mut self) -> Result<Vec<Demand>, Error> {
        let failed: BTreeSet<Lit> = self.enc.core()?.into_iter().map(|l| !l).collect();
        Ok(self
            .demands
            .iter()
            .filter(|(_, l)| failed.contains(l))
            .map(|(c, _)| *c)
            .collect())
    }

    /// The demands whose guard is false in the last model.
    pub fn relaxed(&self) -> Result<Vec<Demand>, Error> {
        let mut out = Vec::new();
        for (c, l) in &self.demands {
            if !self.enc.value(*l)? {
                out.push(*c);
            }
        }
        Ok(out)
    }

    /// Lexicographic minimisation: the fewest false literals of `levels[0]`,
    /// then of `levels[1]` among those optima, and so on, under `hard`
    /// (assumptions). Returns the optimum of each level, and assumptions
    /// whose models are exactly the optimal ones (the model is the last one
    /// found); `None` if `hard` alone cannot hold.
    ///
    /// Each level is core-guided (OLL, unweighted): soft literals are
    /// assumed true; each core the solver returns raises the cost by one,
    /// and its literals give way to a totalizer over them whose bound, "at
    /// most one of these false", becomes a soft literal in turn (its bound
    /// rises when a later core names it). The first satisfiable call is
    /// optimal, and the soft literals still assumed then hold in exactly
    /// the optimal models, so they carry over to the next level.
    ///
    /// `known[i]` are groups of `levels[i]` literals of which every
    /// solution (optimal on the earlier levels) must make at least one false:
    /// cores known in advance; the disjoint ones are taken as cores without
    /// a solver call.
    pub fn minimise_lex(
        &mut self,
        hard: &[Lit],
        levels: &[&[Lit]],
        known: &[&[Vec<Lit>]],
    ) -> Result<Option<Optimum>, Error> {
        if !self.sat(hard)? {
            return Ok(None);
        }
        let mut assumed = hard.to_vec();
        let mut costs = Vec::new();
        for (i, soft) in levels.iter().enumerate() {
            let groups: &[Vec<Lit>] = known.get(i).copied().unwrap_or(&[]);
            let (cost, a) = self.oll(&assumed, soft, groups)?;
            costs.push(cost);
            assumed = a;
        }
        Ok(Some((costs, assumed)))
    }

    /// One level of [`Model::minimise_lex`]; `hard` is known satisfiable.
    fn oll(
        &mut self,
        hard: &[Lit],
        soft: &[Lit],
        known: &[Vec<Lit>],
    ) -> Result<(usize, Vec<Lit>), Error> {
        /// A totalizer over the "false" indicators of a core's literals, and
        /// the bound its soft literal currently stands for.
        struct Tot {
            at_most: AtMost,
            bound: usize,
        }
        // Assumed soft literal → `None` for an original one, or the totalizer
        // whose bound it stands for.
        let mut active: BTreeMap<Lit, Option<usize>> = soft.iter().map(|l| (*l, None)).collect();
        let mut tots: Vec<Tot> = Vec::new();
        let mut cost = 0;

        // Take a core: the cost rises by one, its literals give way to a
        // totalizer (and a totalizer named in it raises its bound).
        let relax = |enc: &mut Encoder,
                     active: &mut BTreeMap<Lit, Option<usize>>,
                     tots: &mut Vec<Tot>,
                     core: &[Lit]|
         -> Result<(), Error> {
            let mut inputs = Vec::new();
            for l in core {
                let Some(kind) = active.remove(l) else {
                    continue;
                };
                inputs.push(!*l);
                if let Some(j) = kind {
                    if let Some(t) = tots.get_mut(j) {
                        t.bound += 1;
                        let b = t.bound;
                        if let Some(s) = soft_for(enc, &mut t.at_most, b)? {
                            active.insert(s, Some(j));
                        }
                    }
                }
            }
            if inputs.len() > 1 {
                let mut at_most = AtMost::new(inputs);
                if let Some(s) = soft_for(enc, &mut at_most, 1)? {
                    active.insert(s, Some(tots.len()));
                }
                tots.push(Tot { at_most, bound: 1 });
            }
            Ok(())
        };

        let mut groups: Vec<&Vec<Lit>> = known.iter().collect();
        groups.sort_by_key(|g| g.len());
        for g in groups {
            if !g.is_empty() && g.iter().all(|l| active.get(l) == Some(&None)) {
                relax(&mut self.enc, &mut active, &mut tots, g)?;
                cost += 1;
            }
        }
        let limit = soft.len() + 1;
        while cost <= limit {
            let mut a = hard.to_vec();
            a.extend(active.keys().copied());
            if self.sat(&a)? {
                return Ok((cost, a));
            }
            let mut core = self.failed(&active)?;
            // Trim: a core of the core, while that shrinks it (small cores
            // are left as they are).
            for _ in 0..3 {
                if core.len() <= 2 {
                    break;
                }
                let mut b = hard.to_vec();
                b.extend(core.iter().copied());
                if self.sat(&b)? {
                    break;
                }
                let smaller = self.failed(&active)?;
                if smaller.len() >= core.len() {
                    break;
                }
                core = smaller;
            }
            if core.is_empty() {
                break;
            }
            relax(&mut self.enc, &mut active, &mut tots, &core)?;
            cost += 1;
        }
        Err(Error::Internal(
            "the cost passed every soft literal".to_string(),
        ))
    }

    /// The assumed soft literals the last unsatisfiable call rested on.
    fn failed(&mut self, active: &BTreeMap<Lit, Option<usize>>) -> Result<Vec<Lit>, Error> {
        Ok(self
            .enc
            .core()?
            .into_iter()
            .map(|l| !l)
            .filter(|l| active.contains_key(l))
            .collect())
    }
}
