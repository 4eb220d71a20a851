//! The smallest amendment after which no party vetoes a plan, or the proof
//! that none exists.

use super::apply::apply;
use super::cores::{small_cores, verify_core};
use super::encoding::{Encoding, Mode, PlanFacts};
use super::nearest::{nearest_member, polish};
use super::{consent_demands, Demand};
use crate::check::{check, CheckOptions, FindingKind, Report, Verdict};
use crate::completion::domain::Restriction;
use crate::error::Error;
use crate::model::{ClauseId, PartyId, Plan, RedLineId, Rules, Setting, Severity, TermId, Value};
use crate::sat::shrink::shrink;
use crate::sat::Lit;
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

/// The id of the clause an amendment adds for terms the plan was silent on
/// (with `-2`, `-3`, ... when the plan already has a clause of that id).
pub const NEW_CLAUSE: &str = "amendment";

/// What to amend, for whom.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AmendOptions {
    /// Whose red lines count, on which date and on what basis (as for `check`).
    pub selection: CheckOptions,
    /// Clauses that must stay as they are: every term they set is frozen.
    pub keep: Vec<ClauseId>,
    /// Answer within this long with the best amendment found, marked as
    /// not proved optimal (`None`: search until the answer is proved). The
    /// search stops at nine tenths of it; the rest goes to trimming the
    /// best amendment of changes it does not need.
    pub time_limit: Option<Duration>,
}

/// One term change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The clauses that set the term now set it to `to` (a different value,
    /// or one of the bracketed options).
    Set {
        /// The term changed.
        term: TermId,
        /// The clauses that set it, in plan order.
        clauses: Vec<ClauseId>,
        /// What the plan held: one value, or the bracketed options left.
        from: Setting,
        /// The value those clauses now set.
        to: Value,
    },
    /// The plan was silent on the term; it now sets it.
    Add {
        /// The term the plan was silent on.
        term: TermId,
        /// The value the added clause sets.
        value: Value,
        /// What held before: the status quo, or nothing (the term was open).
        status_quo: Option<Value>,
    },
    /// The settings of a term whose owner has not signed the plan are
    /// removed: the owner's consent is no longer needed, and the term goes
    /// back to its status quo (or stays open).
    Drop {
        /// The term whose settings are removed.
        term: TermId,
        /// The clauses that set it, in plan order.
        clauses: Vec<ClauseId>,
        /// What the plan held: one value, or the bracketed options left.
        from: Setting,
        /// The term's owners who have not signed the plan (at least one).
        owners: Vec<PartyId>,
        /// What holds once the settings are gone: the status quo, or nothing (the
        /// term is open).
        status_quo: Option<Value>,
    },
}

impl Change {
    /// The term the change is about.
    pub fn term(&self) -> TermId {
        match self {
            Change::Set { term, .. } | Change::Add { term, .. } | Change::Drop { term, .. } => {
                *term
            }
        }
    }
}

/// An amendment, applied and re-checked.
#[derive(Debug, Clone)]
pub struct Amendment {
    /// The changes: by the clause they change (in plan order), then new settings.
    pub changes: Vec<Change>,
    /// The plan with the changes applied.
    pub plan: Plan,
    /// The amended plan's report, from [`crate::check::check`].
    pub report: Report,
    /// The id of the clause added for new settings, if any.
    pub added_clause: Option<String>,
    /// Objections still violated after the changes (the fewest possible
    /// with this many changes).
    pub objections: usize,
}

/// No amendment exists.
#[derive(Debug, Clone)]
pub struct Impossible {
    /// An irreducible conflict: no amendment respects all of these, and
    /// dropping any one of them makes it possible.
    pub core: Vec<Demand>,
    /// A smallest set of constraints whose parties would have to yield for
    /// an amendment to exist.
    pub correction: Vec<Demand>,
    /// The smallest amendment once they yield (their vetoes remain in its report).
    pub after_yield: Option<Amendment>,
}

/// What `amend` concluded: an amendment, or the proof that none exists.
#[derive(Debug, Clone)]
pub enum AmendOutcome {
    /// The smallest amendment after which no chosen party vetoes the plan.
    Amended(Amendment),
    /// No amendment exists: the conflict, and what it would take to resolve it.
    Impossible(Impossible),
}

/// Everything `amend` found.
#[derive(Debug, Clone)]
pub struct AmendResult {
    /// The plan's report before any change.
    pub before: Report,
    /// The amendment found, or why none exists.
    pub outcome: AmendOutcome,
    /// Whether the outcome is proved: the fewest red lines to yield, then
    /// the fewest changes. `false` when the time limit cut the search
    /// short: the outcome is then the best found so far (an `Impossible`
    /// one lists what that amendment leaves crossed, and its conflict may
    /// be empty when none was found in time).
    pub optimal: bool,
    /// Red lines (and consents) that must yield for any amendment, at
    /// least: proved, and equal to the outcome's count when `optimal`.
    pub lower_bound: usize,
}

/// How a search is going, as [`amend_observed`] reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Time since the search began.
    pub elapsed: Duration,
    /// Proved so far: at least this many red lines (and consents) must
    /// yield for any amendment.
    pub lower_bound: usize,
    /// The best amendment found so far, if any: how many red lines (and
    /// consents) it leaves crossed, and how many changes it makes.
    pub best: Option<(usize, usize)>,
}

/// The best answer found so far, and the bound proved so far.
struct Tracker<'a> {
    start: Instant,
    lower_bound: usize,
    /// The best amendment, with the demands it leaves violated.
    best: Option<(Amendment, Vec<Demand>)>,
    /// An irreducible conflict, once one is found.
    core: Option<Vec<Demand>>,
    /// Models met before answers are offered (see [`OFFERS_AFTER`]): only
    /// their changes, unchecked, ranked by what the model itself counts
    /// (constraints given up, then changes), the best [`KEPT_EARLY`] of
    /// them. They are checked only if the time limit cuts the search.
    early: Vec<((usize, usize), Vec<Change>)>,
    listener: &'a mut dyn FnMut(&Progress),
}

impl<'a> Tracker<'a> {
    /// Nothing found yet, from `start`; `listener` hears each improvement.
    fn new(start: Instant, listener: &'a mut dyn FnMut(&Progress)) -> Self {
        Tracker {
            start,
            lower_bound: 0,
            best: None,
            core: None,
            early: Vec::new(),
            listener,
        }
    }

    fn tell(&mut self) {
        let p = Progress {
            elapsed: self.start.elapsed(),
            lower_bound: self.lower_bound,
            best: self.best.as_ref().map(|(a, y)| (y.len(), a.changes.len())),
        };
        (self.listener)(&p);
    }

    /// A lower bound proved on the red lines to yield.
    fn raise(&mut self, lb: usize) {
        if lb > self.lower_bound {
            self.lower_bound = lb;
            self.tell();
        }
    }

    /// An amendment that leaves `yielded` violated: kept if it beats the
    /// best so far (fewer to yield, then fewer changes, then fewer
    /// objections).
    fn offer(&mut self, am: Amendment, yielded: Vec<Demand>) {
        let cost = |a: &Amendment, y: &[Demand]| (y.len(), a.changes.len(), a.objections);
        let better = match &self.best {
            None => true,
            Some((a, y)) => cost(&am, &yielded) < cost(a, y),
        };
        if better {
            self.best = Some((am, yielded));
            self.tell();
        }
    }

    /// Keep an early model's changes, if they rank among the best kept
    /// (at equal rank the later model wins: it knows more red lines).
    fn keep_early(&mut self, rank: (usize, usize), changes: Vec<Change>) {
        if self.early.iter().any(|(_, c)| *c == changes) {
            return;
        }
        let at = self.early.partition_point(|(r, _)| *r < rank);
        self.early.insert(at, (rank, changes));
        self.early.truncate(KEPT_EARLY);
    }

    /// Drop what the best amendment changes needlessly: each change, in
    /// turn, is undone when the amendment without it, checked again,
    /// leaves no more of `constraints` violated (so one change fewer, and
    /// sometimes fewer red lines to yield, since a change made for one red
    /// line may cross another). A model the search meets on the way is only
    /// as frugal as the solver happened to make it: the fewest changes are
    /// searched for only once the fewest red lines to yield is proved,
    /// which a time limit can cut short. Passes over the changes repeat
    /// until one drops none: dropping a change can make one kept earlier
    /// needless. Stops at `until` if given; each step is a checked
    /// amendment, and the new best (the progress line shows it). If it gets
    /// to the end, no change left can be dropped alone.
    fn trim(
        &mut self,
        rules: &Rules,
        plan: &Plan,
        constraints: &[Demand],
        opts: &CheckOptions,
        until: Option<Instant>,
    ) -> Result<(), Error> {
        // Index of the next change to try, and whether this pass dropped one.
        let (mut i, mut dropped) = (0, false);
        while let Some((am, yielded)) = &self.best {
            if until.is_some_and(|u| Instant::now() >= u) {
                break;
            }
            if i == am.changes.len() {
                if !dropped {
                    break;
                }
                (i, dropped) = (0, false);
                continue;
            }
            let mut fewer = am.changes.clone();
            fewer.remove(i);
            // Changes tied by a constraint between terms go together:
            // undoing one alone can leave a plan no completion makes
            // coherent, which is no amendment at all.
            let a = match amendment_with(rules, plan, fewer, opts) {
                Ok(a) => a,
                Err(Error::Incoherent { .. }) => {
                    i += 1;
                    continue;
                }
                Err(e) => return Err(e),
            };
            let y = violated(&a.report, constraints);
            if y.len() <= yielded.len() {
                self.best = Some((a, y));
                self.tell();
                dropped = true;
            } else {
                i += 1;
            }
        }
        Ok(())
    }

    /// The best answer found, when the time limit cut the search short.
    fn best_so_far(self, before: Report) -> Result<AmendResult, Error> {
        let Some((am, yielded)) = self.best else {
            return Err(Error::TimeLimit);
        };
        let outcome = if yielded.is_empty() {
            AmendOutcome::Amended(am)
        } else {
            AmendOutcome::Impossible(Impossible {
                core: self.core.unwrap_or_default(),
                correction: yielded,
                after_yield: Some(am),
            })
        };
        Ok(AmendResult {
            before,
            outcome,
            optimal: false,
            lower_bound: self.lower_bound,
        })
    }
}

/// Trim `changes` to the end, as `amend` trims its best answer when a time
/// limit cuts its search (`Tracker::trim`): the trimmed amendment and the
/// constraints (red lines as vetoes, consents) it leaves violated. For
/// tests.
#[doc(hidden)]
pub fn trim_changes(
    rules: &Rules,
    plan: &Plan,
    opts: &AmendOptions,
    changes: Vec<Change>,
) -> Result<(Amendment, Vec<Demand>), Error> {
    let sel = &opts.selection;
    let vetoes = sel.red_lines(rules, Severity::Veto);
    let objections = sel.red_lines(rules, Severity::Objection);
    let constraints = constraints_of(rules, plan, sel, &vetoes, &objections);
    let a = amendment_with(rules, plan, changes, sel)?;
    let y = violated(&a.report, &constraints);
    let mut silent = |_: &Progress| {};
    let mut t = Tracker::new(Instant::now(), &mut silent);
    t.best = Some((a, y));
    t.trim(rules, plan, &constraints, sel, None)?;
    t.best
        .ok_or_else(|| Error::Internal("trimming lost the amendment".to_string()))
}

/// What an amendment must respect: each of `vetoes` (the veto red lines
/// `sel` weighs), and the consent of each owner of a term a change may
/// reach from them or from `objections`.
fn constraints_of(
    rules: &Rules,
    plan: &Plan,
    sel: &CheckOptions,
    vetoes: &[RedLineId],
    objections: &[RedLineId],
) -> Vec<Demand> {
    let mut read = BTreeSet::new();
    for r in vetoes.iter().chain(objections) {
        crate::check::crossing(rules.red_line(*r)).collect_terms(&mut read);
    }
    // A change may reach any term constraints link to those the red lines read.
    let (read, _) = crate::completion::coherence::Links::of(rules).closure(&read);
    let mut constraints: Vec<Demand> = vetoes.iter().map(|r| Demand::RedLine(*r)).collect();
    constraints.extend(consent_demands(rules, plan, sel, &read));
    constraints
}

/// The demands among `constraints` a report finds vetoed.
fn violated(report: &Report, constraints: &[Demand]) -> Vec<Demand> {
    let out: BTreeSet<Demand> = report
        .findings
        .iter()
        .filter(|f| f.is_veto())
        .filter_map(|f| match f.kind {
            FindingKind::RedLine(r) => Some(Demand::RedLine(r)),
            FindingKind::Consent { term, .. } => Some(Demand::Consent {
                term,
                owner: f.party,
            }),
            FindingKind::Consensus { .. } => None,
        })
        .filter(|c| constraints.contains(c))
        .collect();
    out.into_iter().collect()
}

/// Find the fewest term changes, then the fewest violated objections, after
/// which no chosen party vetoes `plan`; or an irreducible conflict and a
/// smallest correction set when no change can do it.
pub fn amend(rules: &Rules, plan: &Plan, opts: &AmendOptions) -> Result<AmendResult, Error> {
    amend_with(rules, plan, opts, LAZY_ROUNDS, &mut |_| {})
}

/// [`amend`], telling `listener` how the search goes: each rise of the
/// proved lower bound, and each better amendment found. With
/// `opts.time_limit`, the answer when the limit passes is the best found
/// (`optimal: false`); [`Error::TimeLimit`] only if none was found at all.
pub fn amend_observed(
    rules: &Rules,
    plan: &Plan,
    opts: &AmendOptions,
    listener: &mut dyn FnMut(&Progress),
) -> Result<AmendResult, Error> {
    amend_with(rules, plan, opts, LAZY_ROUNDS, listener)
}

/// [`amend`] with every red line in the model from the start, as it was
/// before red lines entered lazily: the reference the lazy search is
/// tested against.
#[doc(hidden)]
pub fn amend_eager(rules: &Rules, plan: &Plan, opts: &AmendOptions) -> Result<AmendResult, Error> {
    amend_with(rules, plan, opts, 0, &mut |_| {})
}

fn amend_with(
    rules: &Rules,
    plan: &Plan,
    opts: &AmendOptions,
    lazy_rounds: usize,
    listener: &mut dyn FnMut(&Progress),
) -> Result<AmendResult, Error> {
    let start = Instant::now();
    // The search stops a tenth of the limit early, to leave that time for
    // trimming the best amendment found (`Tracker::trim`).
    let limit_at = opts.time_limit.map(|d| start + d);
    let deadline = opts.time_limit.map(|d| start + d - d / TRIM_SHARE);
    let sel = &opts.selection;
    let before = check(rules, plan, sel)?;
    let vetoes = sel.red_lines(rules, Severity::Veto);
    let objections = sel.red_lines(rules, Severity::Objection);
    let constraints = constraints_of(rules, plan, sel, &vetoes, &objections);

    // What the plan violates as it stands (each needs a change).
    let violated_now: BTreeSet<Demand> = violated(&before, &constraints).into_iter().collect();
    // The plan as it stands is the first answer: with a time limit, the
    // worst that can come back is "no change found that helps".
    let tracker = RefCell::new(Tracker::new(start, listener));
    if deadline.is_some() {
        tracker.borrow_mut().offer(
            Amendment {
                changes: Vec::new(),
                plan: plan.clone(),
                report: before.clone(),
                added_clause: None,
                objections: objection_count(&before),
            },
            violated_now.iter().copied().collect(),
        );
    }
    // Red lines enter the model lazily, as counterexample-guided
    // abstraction refinement does: first those the plan crosses now (each
    // needs a change); a red line no change reaches cannot be crossed by
    // the amendment, so it need not be encoded at all. Each answer is
    // checked against every red line; those it crosses join the model and
    // the search runs again. The answer that crosses none is optimal for
    // all of them: leaving red lines out only lowers what an amendment
    // costs, and this one costs the same with all of them in. After
    // `LAZY_ROUNDS` rounds every red line goes in at once, so that a
    // search never costs much more than the full model's.
    let weighed: BTreeSet<RedLineId> = vetoes.iter().chain(&objections).copied().collect();
    let mut active: BTreeSet<RedLineId> = crossed(&before)
        .into_iter()
        .filter(|r| weighed.contains(r))
        .collect();
    let search = Search {
        rules,
        plan,
        opts,
        before: &before,
        facts: &PlanFacts::of(rules, plan),
        violated_now: &violated_now,
        constraints: &constraints,
        deadline,
        offers_from: opts
            .time_limit
            .map(|limit| start + OFFERS_AFTER.min(limit / 10)),
        tracker: &tracker,
    };
    for round in 0.. {
        if round == lazy_rounds {
            active = weighed.clone();
        }
        let demands: Vec<Demand> = constraints
            .iter()
            .copied()
            .filter(|c| match c {
                Demand::RedLine(r) => active.contains(r),
                Demand::Consent { .. } => true,
            })
            .collect();
        let objections: Vec<RedLineId> = objections
            .iter()
            .copied()
            .filter(|r| active.contains(r))
            .collect();
        let outcome = match search.run(&demands, &objections) {
            Ok(o) => o,
            Err(Error::TimeLimit) => {
                let mut t = tracker.into_inner();
                // The early models, checked now: one may beat every
                // answer offered since.
                for (_, changes) in std::mem::take(&mut t.early) {
                    let a = amendment_with(rules, plan, changes, sel)?;
                    let yielded = violated(&a.report, &constraints);
                    t.offer(a, yielded);
                }
                t.trim(rules, plan, &constraints, sel, limit_at)?;
                return t.best_so_far(before);
            }
            Err(e) => return Err(e),
        };
        let impossible = matches!(outcome, AmendOutcome::Impossible(_));
        let report = match &outcome {
            AmendOutcome::Amended(a) => Some(&a.report),
            AmendOutcome::Impossible(i) => i.after_yield.as_ref().map(|a| &a.report),
        };
        let missing: Vec<RedLineId> = report
            .map(crossed)
            .unwrap_or_default()
            .into_iter()
            .filter(|r| weighed.contains(r) && !active.contains(r))
            .collect();
        if missing.is_empty() {
            let lower_bound = match &outcome {
                AmendOutcome::Amended(_) => 0,
                AmendOutcome::Impossible(i) => i.correction.len(),
            };
            return Ok(AmendResult {
                before,
                outcome,
                optimal: true,
                lower_bound,
            });
        }
        if deadline.is_some() {
            // This round's answer, weighed against every red line, may
            // still be the best one found when time runs out.
            let am = match outcome {
                AmendOutcome::Amended(a) => Some(a),
                AmendOutcome::Impossible(i) => i.after_yield,
            };
            if let Some(a) = am {
                let yielded = violated(&a.report, &constraints);
                tracker.borrow_mut().offer(a, yielded);
            }
        }
        if impossible && missing.len() * 10 > active.len() {
            // A search without an amendment (cores, then the fewest red
            // lines to give up) costs too much to repeat for long: when its
            // answer crosses many red lines the model left out (more than a
            // tenth of those in it), the next round weighs every red line.
            // (Measured: 5,000 generated terms with 115 red lines to give
            // up, 4.9 s in five lazy rounds, 3.2 s this way.)
            active = weighed.clone();
            continue;
        }
        active.extend(missing);
    }
    Err(Error::Internal("the lazy search did not end".to_string()))
}

/// With a time limit, models found on the way are made answers (each an
/// amendment checked against every red line, as costly as a `check`) only
/// from this long after the start, or from a tenth of the limit if that is
/// sooner: most searches end before then, and paid for answers they never
/// needed (the hard family's 1,000-term row took 83 ms at best under
/// `--time-limit 60s` against 66 ms with this; without a limit, 59 ms).
/// Until then a model keeps only its changes (see `Tracker::early`), and
/// the best of those are checked if the limit cuts the search: without
/// them, the hard family's 1,000/500 row under `--time-limit 2s` asked 110
/// to yield instead of 99.
const OFFERS_AFTER: std::time::Duration = std::time::Duration::from_secs(1);

/// With a time limit, the last `1 / TRIM_SHARE` of it goes to trimming the
/// best amendment found rather than to the search (see `Tracker::trim`).
/// Measured on the hard family's 2,000 terms with 800 contested red lines
/// under `--time-limit 10s`: the answer went from 177 red lines to yield
/// and 174 changes to 172 and 78, with the same bound (docs/performance.md).
const TRIM_SHARE: u32 = 10;

/// How many models met before [`OFFERS_AFTER`] are kept (their changes
/// alone) to be checked if the time limit cuts the search.
const KEPT_EARLY: usize = 8;

/// Rounds of lazy refinement before every red line enters the model.
const LAZY_ROUNDS: usize = 6;

/// The red lines a report finds crossed (as a veto or an objection).
fn crossed(report: &Report) -> BTreeSet<RedLineId> {
    report
        .findings
        .iter()
        .filter(|f| f.verdict == Verdict::Violated)
        .filter_map(|f| f.red_line())
        .collect()
}

/// What one amendment search works from, the same in every lazy round.
struct Search<'a, 't> {
    rules: &'a Rules,
    plan: &'a Plan,
    opts: &'a AmendOptions,
    /// The plan's report as it stands.
    before: &'a Report,
    /// What every model reads of the plan.
    facts: &'a PlanFacts,
    /// The demands the plan violates as it stands (each needs a change).
    violated_now: &'a BTreeSet<Demand>,
    /// Every constraint, in the model or not: a best-so-far answer is
    /// counted against all of them.
    constraints: &'a [Demand],
    /// When to stop searching.
    deadline: Option<Instant>,
    /// From when a model found on the way is made an answer (see
    /// [`OFFERS_AFTER`]).
    offers_from: Option<Instant>,
    /// The best answer and bound so far.
    tracker: &'a RefCell<Tracker<'t>>,
}

impl Search<'_, '_> {
    /// The smallest amendment respecting `constraints` (counting
    /// `objections`), or the proof that none exists.
    fn run(&self, constraints: &[Demand], objections: &[RedLineId]) -> Result<AmendOutcome, Error> {
        let Search {
            rules,
            plan,
            opts,
            before,
            ..
        } = *self;
        let sel = &opts.selection;
        let facts = self.facts;
        let mut model =
            Encoding::build(rules, plan, facts, sel, constraints, objections, &opts.keep)?;
        if let Some(d) = self.deadline {
            model.enc.set_deadline(d);
        }
        let all = model.all_demands();
        if model.sat(&all)? {
            self.offer_model(&model)?;
            let (amendment, _) = self.optimise(&mut model, &all, None)?;
            return Ok(AmendOutcome::Amended(amendment));
        }

        // No amendment: an irreducible conflict, shrunk by deletion (a
        // constraint no amendment respects even alone is one already)...
        let small = small_cores(rules, plan, facts, before, constraints, &opts.keep)?;
        let first = match small.first() {
            Some(c) => c.clone(),
            None => model.core()?,
        };
        let core = shrink(first, |subset| {
            let a = model.assumptions(subset);
            if model.sat(&a)? {
                Ok(Ok(()))
            } else {
                Ok(Err(model.core()?))
            }
        })?;
        verify_core(rules, plan, facts, sel, &core, &opts.keep)?;
        self.tracker
            .borrow_mut()
            .core
            .get_or_insert_with(|| core.clone());

        // ... and the fewest constraints to give up: their guards are soft; each
        // core the solver finds raises the count by one, under a totalizer
        // bound (see `Encoding::minimise_lex`). Small conflicts found apart are
        // cores known in advance. Among the smallest sets, the one whose
        // amendment needs the fewest changes (then objections).
        let guards = model.all_demands();
        let alone: Vec<Vec<Lit>> = small.iter().map(|g| model.assumptions(g)).collect();
        let (amendment, correction) = self.optimise(&mut model, &[], Some((&guards, &alone)))?;
        let after_yield = Some(amendment);
        Ok(AmendOutcome::Impossible(Impossible {
            core,
            correction,
            after_yield,
        }))
    }

    /// With a time limit, offer the last model's amendment as an answer,
    /// weighed against every constraint.
    fn offer_model(&self, model: &Encoding) -> Result<(), Error> {
        let Some(from) = self.offers_from else {
            return Ok(());
        };
        if Instant::now() < from {
            let changes = changes_of(self.rules, self.plan, model)?;
            let rank = (model.relaxed()?.len(), changes.len());
            self.tracker.borrow_mut().keep_early(rank, changes);
            return Ok(());
        }
        let a = amendment_of(self.rules, self.plan, model, &self.opts.selection)?;
        let yielded = violated(&a.report, self.constraints);
        self.tracker.borrow_mut().offer(a, yielded);
        Ok(())
    }

    /// Minimise changes, then violated objections, under `assumptions` (known
    /// satisfiable); with `give_up` (the guards of every constraint, and groups
    /// of them known to be cores), first the number of constraints given up.
    /// Apply the solution and re-check it: vetoes may remain only from the
    /// constraints given up, which are returned too.
    fn optimise(
        &self,
        model: &mut Encoding,
        assumptions: &[Lit],
        give_up: Option<(&[Lit], &[Vec<Lit>])>,
    ) -> Result<(Amendment, Vec<Demand>), Error> {
        let Search {
            rules,
            plan,
            violated_now,
            ..
        } = *self;
        let check_opts = &self.opts.selection;
        // Fewest changes: "unchanged" is soft for every term; each core of the
        // solver raises the count by one, and totalizers over the cores bound
        // how many may change, under assumptions (see `Encoding::minimise_lex`).
        let soft: Vec<Lit> = model
            .terms
            .iter()
            .filter(|tm| !tm.frozen)
            .map(|tm| tm.unchanged)
            .collect();
        // Each constraint the plan violates now needs a change to one of the
        // terms it reads, as long as it is not given up: disjoint ones are
        // cores known in advance.
        let links = crate::completion::coherence::Links::of(rules);
        let known_for = |model: &Encoding, assumed: &BTreeSet<Lit>| -> Vec<Vec<Lit>> {
            model
                .demands
                .iter()
                .filter(|(c, l)| assumed.contains(l) && violated_now.contains(c))
                .map(|(c, _)| {
                    // A change to a term the red line reads, or to one that
                    // constraints link to them.
                    let reads = match c {
                        Demand::RedLine(r) => Some(rules.red_line(*r))
                            .map(|x| links.closure(&crate::check::crossing(x).terms()).0)
                            .unwrap_or_default(),
                        Demand::Consent { term, .. } => [*term].into_iter().collect(),
                    };
                    model
                        .terms
                        .iter()
                        .filter(|tm| !tm.frozen && reads.contains(&tm.term))
                        .map(|tm| tm.unchanged)
                        .collect()
                })
                .collect()
        };
        // The model serves this search alone from here: what must hold becomes
        // unit clauses, which the solver settles once instead of on every call.
        model.harden(assumptions)?;
        let mut assumed: BTreeSet<Lit> = assumptions.iter().copied().collect();
        if let Some((guards, small)) = give_up {
            // First the fewest constraints given up; the guards still assumed
            // then hold in every optimum.
            let raise = &mut |level: usize, cost: usize| {
                if level == 0 {
                    self.tracker.borrow_mut().raise(cost);
                }
            };
            // A model on the way: an answer if time runs out.
            let offer = &mut |_: usize, m: &Encoding| self.offer_model(m);
            let Some((_, kept)) = model.minimise_lex(&[], &[guards], &[small], raise, offer)?
            else {
                return Err(Error::Internal(
                    "giving up constraints does not help".to_string(),
                ));
            };
            model.harden(&kept)?;
            assumed.extend(kept);
            // The fewest to yield is proved; with a time limit, any
            // amendment with that many is an answer while the fewest
            // changes are searched for.
            if self.deadline.is_some() && model.sat(&[])? {
                self.offer_model(model)?;
            }
        }
        // Then the fewest changes, then the fewest violated objections among
        // amendments with that many changes.
        let known = known_for(model, &assumed);
        let avoided: Vec<Lit> = model.objections.iter().map(|(_, l)| *l).collect();
        let optimum = model.minimise_lex(
            &[],
            &[&soft, &avoided],
            &[&known],
            &mut |_, _| {},
            &mut |level, m| {
                if level == 0 {
                    self.offer_model(m)
                } else {
                    Ok(())
                }
            },
        )?;
        let Some((_, optimum)) = optimum else {
            return Err(Error::Internal(
                "no amendment under constraints found satisfiable".to_string(),
            ));
        };
        model.harden(&optimum)?;
        if !model.sat(&[])? {
            return Err(Error::Internal(
                "the optimal amendment vanished on a second solve".to_string(),
            ));
        }
        polish(rules, model)?;
        let yielded = model.relaxed()?;
        let a = amendment_of(rules, plan, model, check_opts)?;
        // Re-check: no veto may remain, except from constraints given up.
        // (Red lines left out of the model are the caller's to check.)
        let stray = a
            .report
            .findings
            .iter()
            .filter(|f| f.is_veto())
            .map(|f| (f, demand_of(&f.kind, f.party)))
            .filter(|(_, d)| model.demands.iter().any(|(m, _)| m == d))
            .find(|(_, d)| !yielded.contains(d))
            .map(|(f, _)| f);
        if give_up.is_none() && !yielded.is_empty() {
            return Err(Error::Internal(
                "a constraint was given up without leave".to_string(),
            ));
        }
        if let Some(f) = stray {
            return Err(Error::Internal(format!(
                "the amendment still leaves a veto by party #{} ({:?})",
                f.party.index(),
                f.kind
            )));
        }
        Ok((a, yielded))
    }
}

/// The amendment a model stands for: its changes, applied to `plan` and
/// checked as `opts` weighs.
fn amendment_of(
    rules: &Rules,
    plan: &Plan,
    model: &Encoding,
    opts: &CheckOptions,
) -> Result<Amendment, Error> {
    amendment_with(rules, plan, changes_of(rules, plan, model)?, opts)
}

/// The amendment `changes` make: applied to `plan` and checked as `opts`
/// weighs.
fn amendment_with(
    rules: &Rules,
    plan: &Plan,
    changes: Vec<Change>,
    opts: &CheckOptions,
) -> Result<Amendment, Error> {
    let (amended, added_clause) = apply(plan, &changes)?;
    let report = check(rules, &amended, opts)?;
    let objections = objection_count(&report);
    Ok(Amendment {
        changes,
        plan: amended,
        report,
        added_clause,
        objections,
    })
}

/// The objections of a report as the solver counts them: each violated
/// objection red line, and each term with a consent objection (however many
/// clauses set it).
fn objection_count(report: &Report) -> usize {
    let lines = report
        .findings
        .iter()
        .filter(|f| {
            f.verdict == Verdict::Violated
                && f.severity == Severity::Objection
                && matches!(f.kind, FindingKind::RedLine(_))
        })
        .count();
    let consent: BTreeSet<(PartyId, TermId)> = report
        .findings
        .iter()
        .filter(|f| f.verdict == Verdict::Violated && f.severity == Severity::Objection)
        .filter_map(|f| match f.kind {
            FindingKind::Consent { term, .. } => Some((f.party, term)),
            _ => None,
        })
        .collect();
    lines + consent.len()
}

/// The constraint a veto finding comes from.
fn demand_of(kind: &FindingKind, party: PartyId) -> Demand {
    match kind {
        FindingKind::RedLine(r) | FindingKind::Consensus { red_line: r, .. } => Demand::RedLine(*r),
        FindingKind::Consent { term, .. } => Demand::Consent {
            term: *term,
            owner: party,
        },
    }
}

fn setting_of(options: &[Value]) -> Setting {
    match options {
        [one] => Setting::Fixed(*one),
        _ => Setting::OneOf(options.to_vec()),
    }
}

/// The changes of the last model.
fn changes_of(rules: &Rules, plan: &Plan, model: &Encoding) -> Result<Vec<Change>, Error> {
    let mut out = Vec::new();
    for (i, mode) in model.modes()? {
        let Some(tm) = model.terms.get(i) else {
            continue;
        };
        let status_quo = rules.vocab.get(tm.term).default;
        match (mode, &tm.now) {
            (Mode::Unchanged, _) => {}
            (Mode::Fix(v), Restriction::Set { clauses, options }) => out.push(Change::Set {
                term: tm.term,
                clauses: clauses.clone(),
                from: setting_of(options),
                to: nearest_member(rules, tm, v),
            }),
            (Mode::Fix(v), _) => out.push(Change::Add {
                term: tm.term,
                value: nearest_member(rules, tm, v),
                status_quo,
            }),
            (Mode::Drop, Restriction::Set { clauses, options }) => {
                // Only a term with an owner that has not signed can be dropped.
                let owners: Vec<PartyId> = rules
                    .vocab
                    .get(tm.term)
                    .owners
                    .iter()
                    .copied()
                    .filter(|o| !plan.parties.contains(o))
                    .collect();
                if !owners.is_empty() {
                    out.push(Change::Drop {
                        term: tm.term,
                        clauses: clauses.clone(),
                        from: setting_of(options),
                        owners,
                        status_quo,
                    });
                }
            }
            (Mode::Drop, _) => {}
        }
    }
    // In the order a reader meets them: by clause, then new settings.
    out.sort_by_key(|c| match c {
        Change::Set { clauses, term, .. } | Change::Drop { clauses, term, .. } => {
            (0, clauses.first().map_or(0, |c| c.index()), *term)
        }
        Change::Add { term, .. } => (1, 0, *term),
    });
    Ok(out)
}
