//! The SAT model of "amend this plan": one mode per term, one witness
//! completion per red line, one coherence witness per group of terms that
//! constraints link.

use super::Demand;
use crate::check::{crossing, CheckOptions};
use crate::completion::coherence::{self, Links};
use crate::completion::domain::{solver_domain, Cuts, Restriction, Space};
use crate::completion::restates_status_quo;
use crate::error::Error;
use crate::model::Expr;
use crate::model::{ClauseId, ConstraintId, Plan, RedLineId, Rules, Setting, TermId, Value};
use crate::sat::Lit;
use crate::sat::{Domains, Encoder, Scope};
use std::collections::{BTreeMap, BTreeSet};

/// What the solver may do with one term, and the literals of each choice.
#[derive(Debug)]
pub(crate) struct TermEncoding {
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

impl TermEncoding {
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

pub(crate) struct Encoding {
    pub enc: Encoder,
    pub terms: Vec<TermEncoding>,
    /// Veto red lines and consent, each guarded by an assumption literal.
    pub demands: Vec<(Demand, Lit)>,
    /// Objections, each with a literal true only if it is avoided.
    pub objections: Vec<(Objection, Lit)>,
}

impl std::fmt::Debug for Encoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Encoding")
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

/// What every model of one search reads of the plan itself: what each term
/// is now, and the values the plan names (which cut the terms' values into
/// classes). Taken once per search instead of in every model built and
/// every search for small conflicts: on the hard family's 200-term row that
/// was 3.6% of `amend`'s instructions.
pub(crate) struct PlanFacts {
    pub space: Space,
    pub cuts: Cuts,
}

impl PlanFacts {
    pub fn of(rules: &Rules, plan: &Plan) -> PlanFacts {
        PlanFacts {
            space: Space::of_plan(rules, plan),
            cuts: Cuts::of_plan(plan),
        }
    }
}

impl Encoding {
    /// Encode the amendments of `plan` that keep the clauses `keep` (indices)
    /// as they are; `demands` are guarded by assumptions, `objections` (red
    /// lines) and the consent objections of `sel`'s parties are counted.
    /// Every amendment the encoding allows leaves the plan coherent.
    ///
    /// In steps: the terms the demands reach; a mode per term (unchanged, a
    /// new value, dropped); the values each mode allows; witness
    /// completions (one per group of linked terms, for coherence, and one
    /// per red line); then the guards of the demands and the literals of
    /// the objections.
    pub fn build(
        rules: &Rules,
        plan: &Plan,
        facts: &PlanFacts,
        sel: &CheckOptions,
        demands: &[Demand],
        objections: &[RedLineId],
        keep: &[ClauseId],
    ) -> Result<Encoding, Error> {
        let links = Links::of(rules);
        let reach = Reach::of(rules, &links, demands, objections);
        let mut enc = Encoder::new(&Domains::new())?;
        let terms = term_modes(&mut enc, rules, plan, facts, sel, &reach, keep)?;
        let witnesses = Witnesses::new(&mut enc, rules, &links, &terms)?;

        // The amended plan stays coherent: each group of linked terms has a
        // coherent completion.
        for (group, cs) in links.groups() {
            if group.iter().any(|t| witnesses.domain_of.contains_key(t)) {
                witnesses.witness(&mut enc, group, cs)?;
            }
        }
        let mut guarded = Vec::new();
        for c in demands {
            let lit = match c {
                Demand::RedLine(r) => witnesses.avoid(&mut enc, reach.crossing_of.get(r))?,
                Demand::Consent { term, .. } => {
                    consent_guard(&mut enc, rules, plan, &terms, *term)?
                }
            };
            guarded.push((*c, lit));
        }
        let mut counted = Vec::new();
        for r in objections {
            let avoided = witnesses.avoid(&mut enc, reach.crossing_of.get(r))?;
            counted.push((Objection::RedLine(*r), avoided));
        }
        counted.extend(consent_objections(&mut enc, rules, plan, sel, &terms)?);
        let mut model = Encoding {
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
}

/// What the demands and objections read: the crossing expression of each
/// red line, and every term they reach through constraints.
struct Reach<'r> {
    crossing_of: BTreeMap<RedLineId, &'r Expr>,
    /// The terms the encoding gives a mode.
    universe: BTreeSet<TermId>,
    /// The crossing expressions and the conditions of the constraints
    /// reached: what tells a term's values apart.
    exprs: Vec<Expr>,
}

impl<'r> Reach<'r> {
    fn of(rules: &'r Rules, links: &Links, demands: &[Demand], objections: &[RedLineId]) -> Self {
        let crossing_of: BTreeMap<RedLineId, &Expr> = demands
            .iter()
            .filter_map(|c| match c {
                Demand::RedLine(r) => Some(*r),
                Demand::Consent { .. } => None,
            })
            .chain(objections.iter().copied())
            .map(|r| (r, crossing(rules.red_line(r))))
            .collect();
        let mut read: BTreeSet<TermId> = demands
            .iter()
            .filter_map(|c| match c {
                Demand::Consent { term, .. } => Some(*term),
                Demand::RedLine(_) => None,
            })
            .collect();
        for e in crossing_of.values() {
            e.collect_terms(&mut read);
        }
        let (universe, constraints) = links.closure(&read);
        let mut exprs: Vec<Expr> = crossing_of.values().map(|e| (*e).clone()).collect();
        exprs.extend(coherence::conditions(rules, &constraints));
        Reach {
            crossing_of,
            universe,
            exprs,
        }
    }
}

/// One mode per term the demands reach: exactly one of unchanged, each new
/// value, and (for a term whose chosen owner has not signed) dropped. A term
/// a kept clause sets, or that follows the signatories, stays unchanged.
fn term_modes(
    enc: &mut Encoder,
    rules: &Rules,
    plan: &Plan,
    facts: &PlanFacts,
    sel: &CheckOptions,
    reach: &Reach,
    keep: &[ClauseId],
) -> Result<Vec<TermEncoding>, Error> {
    let space = &facts.space;
    let frozen: BTreeSet<TermId> = keep
        .iter()
        .filter_map(|k| plan.clause_at(*k))
        .flat_map(|c| c.set.iter().map(|(t, _)| *t))
        .collect();
    let droppable = droppable(rules, plan, sel);
    let mut terms = Vec::new();
    let cuts = [&Cuts::of(&reach.exprs), &facts.cuts];
    for t in reach.universe.iter().copied() {
        let now = space.get(t).clone();
        let domain = solver_domain(rules, &cuts, t);
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
        terms.push(TermEncoding {
            term: t,
            now,
            domain,
            frozen: is_frozen,
            unchanged,
            fixes,
            drop,
        });
    }
    Ok(terms)
}

/// Witness completions: assignments of terms within what the amended plan
/// allows them, in which the constraints over those terms hold.
struct Witnesses<'a> {
    rules: &'a Rules,
    links: &'a Links,
    /// For each term and value: the modes under which the term may take it.
    allow: BTreeMap<(TermId, Value), Vec<Lit>>,
    domain_of: BTreeMap<TermId, Vec<Value>>,
    /// Terms every witness shares one copy of (or the modes themselves).
    shared: Scope,
}

impl<'a> Witnesses<'a> {
    fn new(
        enc: &mut Encoder,
        rules: &'a Rules,
        links: &'a Links,
        terms: &[TermEncoding],
    ) -> Result<Self, Error> {
        let mut allow: BTreeMap<(TermId, Value), Vec<Lit>> = BTreeMap::new();
        for tm in terms {
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
        let domain_of = terms
            .iter()
            .map(|tm| (tm.term, tm.domain.clone()))
            .collect();
        let mut w = Witnesses {
            rules,
            links,
            allow,
            domain_of,
            shared: Scope::new(),
        };
        // A term whose every mode gives it one value (a fixed setting, a
        // status quo, a new single value) has one completion whatever the
        // amendment: every witness can share one copy of it. Only terms
        // that an amendment may leave undecided need a copy per witness, so
        // that many red lines over decided terms cost little.
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
        w.restrict(enc, &copies)?;
        shared.extend(copies);
        w.shared = shared;
        Ok(w)
    }

    /// Each value of the scope only under a mode that allows it.
    fn restrict(&self, enc: &mut Encoder, scope: &Scope) -> Result<(), Error> {
        for (t, sels) in scope {
            for (v, x) in sels {
                let mut cl = vec![!*x];
                cl.extend(self.allow.get(&(*t, *v)).into_iter().flatten().copied());
                enc.clause(&cl)?;
            }
        }
        Ok(())
    }

    /// A completion of `over` within what the amended plan allows, in
    /// which every constraint `cs` holds.
    fn witness(
        &self,
        enc: &mut Encoder,
        over: &BTreeSet<TermId>,
        cs: &[ConstraintId],
    ) -> Result<Scope, Error> {
        let doms: Domains = over
            .iter()
            .filter(|t| !self.shared.contains_key(t))
            .map(|t| (*t, self.domain_of.get(t).cloned().unwrap_or_default()))
            .collect();
        let mut scope = enc.scope(&doms)?;
        self.restrict(enc, &scope)?;
        for t in over {
            if let Some(sels) = self.shared.get(t) {
                scope.insert(*t, sels.clone());
            }
        }
        for c in coherence::conditions(self.rules, cs) {
            let holds = enc.encode_in(&c, &mut scope)?;
            enc.clause(&[holds])?;
        }
        Ok(scope)
    }

    /// A literal that holds only if some coherent witness completion within
    /// the amended plan avoids the red line crossed by `crossing` (true
    /// when there is none to avoid).
    fn avoid(&self, enc: &mut Encoder, crossing: Option<&&Expr>) -> Result<Lit, Error> {
        let Some(e) = crossing else {
            return Ok(enc.truth());
        };
        let (over, cs) = self.links.closure(&e.terms());
        let mut scope = self.witness(enc, &over, &cs)?;
        let crosses = enc.encode_in(e, &mut scope)?;
        // A guard prefers to hold: a model found without assuming the
        // guards keeps as many red lines as the search happens to allow.
        let guard = enc.fresh_preferring(true);
        enc.clause(&[!guard, !crosses])?;
        Ok(guard)
    }
}

/// The guard of one owner's consent to `term`: it holds when the term ends
/// up with no setting, or with settings that only restate its status quo.
fn consent_guard(
    enc: &mut Encoder,
    rules: &Rules,
    plan: &Plan,
    terms: &[TermEncoding],
    term: TermId,
) -> Result<Lit, Error> {
    let g = enc.fresh();
    if let Some(tm) = terms.iter().find(|tm| tm.term == term) {
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
    Ok(g)
}

/// Consent objections: a chosen owner that has not signed, and a setting
/// of its term that remains and restates the status quo (one counts per
/// term and such owner), as `check` finds them. A remaining setting that
/// decides something new is a veto instead, given up or not, and no
/// objection.
fn consent_objections(
    enc: &mut Encoder,
    rules: &Rules,
    plan: &Plan,
    sel: &CheckOptions,
    terms: &[TermEncoding],
) -> Result<Vec<(Objection, Lit)>, Error> {
    let mut counted = Vec::new();
    for tm in terms {
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
    Ok(counted)
}
