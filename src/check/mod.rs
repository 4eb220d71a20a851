//! Checking a plan against every party's red lines (SPEC section 7).
//!
//! The result is data: a [`Report`] of [`Finding`]s, each with its verdict,
//! its causes (the clauses, or the silence, it depends on) and, when at
//! risk, a witness completion. Rendering lives in [`crate::report`].

use crate::completion::coherence::{self, Links};
use crate::completion::domain::{candidates, Restriction, Space};
use crate::completion::{causes_of, domains_for};
pub use crate::completion::{restates_status_quo, Cause};
use crate::diagnostic::{Code, Diagnostic};
use crate::error::Error;
pub use crate::model::BasisFilter;
use crate::model::Expr;
use crate::model::{
    Basis, ClauseId, Date, Decides, PartyId, Plan, Polarity, RedLine, RedLineId, Rules, Severity,
    TermId, Value, Workspace,
};
use crate::sat;
use std::collections::{BTreeMap, BTreeSet};

mod standing;
mod timeline;
pub use standing::{Standing, Worst};
pub use timeline::{
    change_days, timeline, timeline_to, ChangeOn, Force, PartyTimeline, Period, PlanTimeline,
    Timeline, TimelineOptions,
};

/// The verdict of one red line over all completions of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// No completion crosses the red line.
    Satisfied,
    /// Some completions cross it, some do not.
    AtRisk,
    /// Every completion crosses it.
    Violated,
}

impl Verdict {
    /// `satisfied`, `at_risk` or `violated`: the verdict as output writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Satisfied => "satisfied",
            Verdict::AtRisk => "at_risk",
            Verdict::Violated => "violated",
        }
    }
}

/// What a finding is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FindingKind {
    /// A red line of the finding's party.
    RedLine(RedLineId),
    /// A clause binds the owner of a term without its signature.
    Consent {
        /// The clause that sets the term.
        clause: ClauseId,
        /// The term whose owner has not signed the plan.
        term: TermId,
    },
    /// A member's red line on a term the bloc owns, lifted to the bloc.
    Consensus {
        /// The member whose veto the bloc takes as its own.
        member: PartyId,
        /// The member's red line.
        red_line: RedLineId,
    },
}

/// One party's verdict on a plan: through a red line, consent or consensus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Whose verdict this is.
    pub party: PartyId,
    /// What the finding is about: a red line, consent or consensus.
    pub kind: FindingKind,
    /// Whether every, some or no completion of the plan crosses it.
    pub verdict: Verdict,
    /// The red line's severity; for consent, a veto unless the clause only
    /// restates the status quo (then an objection).
    pub severity: Severity,
    /// For a violation, a minimal set of settings that force it; at risk,
    /// the settings still undecided. Sorted.
    pub causes: Vec<Cause>,
    /// At risk: a completion (of the undecided terms the red line reads) that crosses it.
    pub witness: Vec<(TermId, Value)>,
}

impl Finding {
    /// A violated veto: the party refuses the plan.
    pub fn is_veto(&self) -> bool {
        self.verdict == Verdict::Violated && self.severity == Severity::Veto
    }
    /// The red line behind the finding, if any (for consensus: the member's).
    pub fn red_line(&self) -> Option<RedLineId> {
        match self.kind {
            FindingKind::RedLine(r) | FindingKind::Consensus { red_line: r, .. } => Some(r),
            FindingKind::Consent { .. } => None,
        }
    }
    /// What the finding rests on: its red line's basis (for consensus, the
    /// member's); `None` for consent, which rests on who owns the term.
    pub fn basis(&self, rules: &Rules) -> Option<Basis> {
        self.red_line().map(|r| rules.red_line(r).basis)
    }
    /// Whether the finding rests on an analyst's reading rather than on
    /// what the party said.
    pub fn on_analysis(&self, rules: &Rules) -> bool {
        self.basis(rules) == Some(Basis::Analysis)
    }
    /// The clauses the finding blames, sorted, without repeats.
    pub fn clauses(&self) -> Vec<ClauseId> {
        let set: BTreeSet<ClauseId> = self.causes.iter().filter_map(Cause::clause).collect();
        set.into_iter().collect()
    }
}

/// Options of a check (and of the solver): whose red lines count, on which
/// date, and on what basis.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckOptions {
    /// Red lines in force on this date count.
    pub as_of: Option<Date>,
    /// Only findings of these parties are kept (empty: all).
    pub parties: Vec<PartyId>,
    /// Which red lines count by their basis.
    pub basis: BasisFilter,
}

impl CheckOptions {
    /// Whether `p` is one of the chosen parties.
    pub fn chooses(&self, p: PartyId) -> bool {
        self.parties.is_empty() || self.parties.contains(&p)
    }

    /// Whether the red line counts at all: in force on `as_of`, on a basis
    /// the options accept, and not given way to a reading.
    ///
    /// Readings: with `--basis any`, a statement that some reading in force
    /// reads gives way to its readings (each restates the whole position as
    /// an analyst reads it); with `--basis statement` the readings, being
    /// analysis, do not count and the statement applies as worded.
    pub fn weighs(&self, rules: &Rules, r: &RedLine) -> bool {
        self.admits(r)
            && !(self.basis == BasisFilter::Any
                && r.read_by.iter().any(|x| self.admits(rules.red_line(*x))))
    }

    /// In force on `as_of`, and on a basis the options accept.
    fn admits(&self, r: &RedLine) -> bool {
        self.as_of.is_none_or(|d| r.in_force(d))
            && (self.basis == BasisFilter::Any || r.basis == Basis::Statement)
    }

    /// The red lines of `severity` that count for the chosen parties, in
    /// file order (what the solver weighs).
    ///
    /// For vetoes, a consensus bloc's choice also brings in its members'
    /// red lines that reach a term the bloc owns: their vetoes are the
    /// bloc's (see [`check`]). A member's veto is lifted only when its blame
    /// includes a bloc-owned term; counting every such red line is the safe side.
    pub fn red_lines(&self, rules: &Rules, severity: Severity) -> Vec<RedLineId> {
        let links = Links::of(rules);
        rules
            .red_line_ids()
            .filter(|(_, r)| r.severity == severity && self.weighs(rules, r))
            .filter(|(_, r)| {
                self.chooses(r.party)
                    || (severity == Severity::Veto && self.lifted(rules, &links, r))
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Whether a consensus bloc among the chosen parties would take `r`'s
    /// veto as its own.
    fn lifted(&self, rules: &Rules, links: &Links, r: &RedLine) -> bool {
        let (reach, _) = links.closure(&crossing(r).terms());
        consensus_blocs(rules, r.party)
            .into_iter()
            .any(|b| self.parties.contains(&b) && reach.iter().any(|t| owns(rules, b, *t)))
    }
}

/// The consensus rule, shared by `check` and the solver: the blocs that
/// decide by consensus and count `member` among their members (through
/// nested blocs). Each takes `member`'s veto as its own when the veto rests
/// on a term the bloc owns.
fn consensus_blocs(rules: &Rules, member: PartyId) -> Vec<PartyId> {
    rules
        .blocs_of(member)
        .into_iter()
        .filter(|b| rules.party(*b).decides == Decides::Consensus)
        .collect()
}

/// Whether `party` owns `term` (alone or with others).
fn owns(rules: &Rules, party: PartyId, term: TermId) -> bool {
    rules.vocab.get(term).owned_by(party)
}

/// The findings of one plan: every red line in force, consent and consensus.
#[derive(Debug, Clone)]
pub struct Report {
    /// The date whose red lines in force were checked (`None`: every red line).
    pub as_of: Option<Date>,
    /// Every finding, satisfied ones too, sorted by party and then by red line
    /// (red lines, then consensus, then consent).
    pub findings: Vec<Finding>,
}

impl Report {
    /// Parties with at least one violated veto, sorted.
    pub fn vetoed_by(&self) -> Vec<PartyId> {
        let set: BTreeSet<PartyId> = self
            .findings
            .iter()
            .filter(|f| f.is_veto())
            .map(|f| f.party)
            .collect();
        set.into_iter().collect()
    }
    /// Parties with at least one violated objection (red line or consent), sorted.
    pub fn objected_by(&self) -> Vec<PartyId> {
        let set: BTreeSet<PartyId> = self
            .findings
            .iter()
            .filter(|f| f.verdict == Verdict::Violated && f.severity == Severity::Objection)
            .map(|f| f.party)
            .collect();
        set.into_iter().collect()
    }
    /// No party vetoes.
    pub fn acceptable(&self) -> bool {
        !self.findings.iter().any(Finding::is_veto)
    }
    /// Findings that are not satisfied.
    pub fn problems(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.verdict != Verdict::Satisfied)
    }
    /// How many findings have this verdict and this severity.
    pub fn count(&self, verdict: Verdict, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.verdict == verdict && f.severity == severity)
            .count()
    }
}

/// The crossing condition of a red line: `when and forbid`, or `when and not require`.
pub fn crossing(r: &RedLine) -> &Expr {
    r.crossing.get_or_init(|| {
        let rule = match r.polarity {
            Polarity::Forbid => r.rule.value.clone(),
            Polarity::Require => Expr::Not(Box::new(r.rule.value.clone())),
        };
        match &r.when {
            Some(w) => Expr::And(Box::new(w.value.clone()), Box::new(rule)),
            None => rule,
        }
    })
}

/// Check `plan` against the rules. A plan with no coherent completion (its
/// settings break the constraints between terms) is an error: every verdict
/// would be vacuous.
pub fn check(rules: &Rules, plan: &Plan, opts: &CheckOptions) -> Result<Report, Error> {
    let links = Links::of(rules);
    let space = Space::of_plan(rules, plan);
    if !coherence::incoherences(rules, &links, &space)?.is_empty() {
        return Err(Error::Incoherent {
            plan: plan.id.clone(),
        });
    }
    let mut findings = Vec::with_capacity(rules.red_lines.len());
    for (ri, r) in rules.red_line_ids() {
        if !opts.weighs(rules, r) {
            continue;
        }
        let j = judge(rules, &links, &space, crossing(r))?;
        findings.push(Finding {
            party: r.party,
            kind: FindingKind::RedLine(ri),
            verdict: j.verdict,
            severity: r.severity,
            causes: j.causes,
            witness: j.witness,
        });
    }
    // Consensus: a member's veto on a term its bloc owns is the bloc's veto.
    let mut lifted = Vec::new();
    for f in findings.iter().filter(|f| f.is_veto()) {
        let FindingKind::RedLine(ri) = f.kind else {
            continue;
        };
        for bloc in consensus_blocs(rules, f.party) {
            if f.causes.iter().any(|c| owns(rules, bloc, c.term())) {
                lifted.push(Finding {
                    party: bloc,
                    kind: FindingKind::Consensus {
                        member: f.party,
                        red_line: ri,
                    },
                    ..f.clone()
                });
            }
        }
    }
    findings.extend(lifted);
    // Consent: a clause binding an owner who did not sign (each owner of a
    // term owned jointly). Restating the status quo decides nothing new: an
    // objection, not a veto.
    for (ci, clause) in plan.clause_ids() {
        for (term, setting) in &clause.set {
            for &owner in &rules.vocab.get(*term).owners {
                if plan.parties.contains(&owner) {
                    continue;
                }
                let severity = if restates_status_quo(rules, *term, &setting.value) {
                    Severity::Objection
                } else {
                    Severity::Veto
                };
                findings.push(Finding {
                    party: owner,
                    kind: FindingKind::Consent {
                        clause: ci,
                        term: *term,
                    },
                    verdict: Verdict::Violated,
                    severity,
                    causes: vec![Cause::Clause {
                        clause: ci,
                        term: *term,
                    }],
                    witness: Vec::new(),
                });
            }
        }
    }
    if !opts.parties.is_empty() {
        findings.retain(|f| opts.parties.contains(&f.party));
    }
    findings.sort_by_key(|f| (f.party, kind_key(&f.kind)));
    Ok(Report {
        as_of: opts.as_of,
        findings,
    })
}

fn kind_key(k: &FindingKind) -> (u8, usize, usize) {
    match k {
        FindingKind::RedLine(r) => (0, r.index(), 0),
        FindingKind::Consensus { member, red_line } => (1, member.index(), red_line.index()),
        FindingKind::Consent { clause, term } => (2, clause.index(), term.index()),
    }
}

/// A verdict with what it rests on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judgement {
    pub verdict: Verdict,
    pub causes: Vec<Cause>,
    pub witness: Vec<(TermId, Value)>,
}

/// Decide one crossing condition over the plan's coherent completions, with
/// blame. The terms decided over are those `cross` reads and every term
/// constraints link to them (see [`coherence`]); the plan is taken to be
/// coherent.
pub fn judge(
    rules: &Rules,
    links: &Links,
    space: &Space,
    cross: &Expr,
) -> Result<Judgement, Error> {
    // The plan decides every term the red line reads, and no constraint
    // links them: its one completion is the verdict. Most red lines of a
    // plan that settles its terms are judged here, without the term sets
    // and domains of an enumeration that would find the same. (A crossing
    // still goes below, for its blame.)
    let value = |t: TermId| space.get(t).fixed();
    if cross.all_terms(&mut |t| value(t).is_some() && !links.is_linked(t))
        && !cross.eval(&|t| value(t).unwrap_or(Value::Bool(false)))
    {
        return Ok(Judgement {
            verdict: Verdict::Satisfied,
            causes: Vec::new(),
            witness: Vec::new(),
        });
    }
    let read = cross.terms();
    let (terms, constraints) = links.closure(&read);
    let hard = coherence::conditions(rules, &constraints);
    let mut exprs: Vec<&Expr> = vec![cross];
    exprs.extend(hard.iter());
    let none = BTreeSet::new();
    let doms = domains_for(rules, space, &exprs, &terms, &none);
    let (crosses, avoidable) = sat::both_ways(cross, &doms, &hard)?;
    let Some(witness) = crosses else {
        return Ok(Judgement {
            verdict: Verdict::Satisfied,
            causes: Vec::new(),
            witness: Vec::new(),
        });
    };
    if avoidable {
        // At risk: blame what is still undecided among the terms the red
        // line reads, and show a crossing completion of everything undecided
        // that it depends on.
        let undecided = |ts: &BTreeSet<TermId>| -> Vec<TermId> {
            ts.iter()
                .copied()
                .filter(|t| space.get(*t).fixed().is_none())
                .collect()
        };
        let causes = undecided(&read)
            .iter()
            .flat_map(|t| causes_of(space, *t))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let shown = undecided(&terms)
            .iter()
            .filter_map(|t| witness.get(t).map(|v| (*t, *v)))
            .collect();
        return Ok(Judgement {
            verdict: Verdict::AtRisk,
            causes,
            witness: shown,
        });
    }
    // Violated: shrink to a minimal set of restricted terms that still force
    // it. Where several minimal sets exist, deletion keeps what it tries
    // last: so try the terms reached only through constraints first, and
    // keep the red line's own terms, earliest in the vocabulary first.
    let mut relaxed: BTreeSet<TermId> = terms
        .iter()
        .copied()
        .filter(|t| matches!(space.get(*t), Restriction::Open))
        .collect();
    let mut order: Vec<TermId> = terms.iter().copied().collect();
    order.sort_by_key(|t| (read.contains(t), std::cmp::Reverse(*t)));
    let mut shrinker = Shrinker::new(Question {
        rules,
        space,
        exprs: &exprs,
        terms: &terms,
        cross,
        hard: &hard,
    })?;
    for t in &order {
        if relaxed.contains(t) {
            continue;
        }
        relaxed.insert(*t);
        if shrinker.avoidable(&relaxed)? {
            relaxed.remove(t);
        }
    }
    let causes: BTreeSet<Cause> = terms
        .iter()
        .filter(|t| !relaxed.contains(t))
        .flat_map(|t| causes_of(space, *t))
        .collect();
    Ok(Judgement {
        verdict: Verdict::Violated,
        causes: causes.into_iter().collect(),
        witness: Vec::new(),
    })
}

/// The question the deletion loop of [`judge`] asks again and again:
/// can the red line be avoided once the terms of `relaxed` may take any
/// value? A small space is enumerated afresh each time. A large one gets
/// one solver for the whole loop: each term takes the values it may take
/// relaxed and those the plan allows, and an assumption per term keeps it
/// to the latter.
struct Shrinker<'a> {
    question: Question<'a>,
    /// The solver, the literal for "crosses", and each term's "restricted"
    /// assumption; `None` for a space small enough to enumerate.
    solver: Option<(Box<sat::Encoder>, sat::Lit, BTreeMap<TermId, sat::Lit>)>,
}

/// What [`Shrinker`] asks about: a crossing condition and the constraints
/// that hold (`hard`), over `terms` as the plan's `space` restricts them
/// (`exprs`: every expression whose values count, for the candidates).
#[derive(Clone, Copy)]
struct Question<'a> {
    rules: &'a Rules,
    space: &'a Space,
    exprs: &'a [&'a Expr],
    terms: &'a BTreeSet<TermId>,
    cross: &'a Expr,
    hard: &'a [Expr],
}

impl<'a> Shrinker<'a> {
    fn new(question: Question<'a>) -> Result<Shrinker<'a>, Error> {
        let Question {
            rules,
            space,
            exprs,
            terms,
            cross,
            hard,
        } = question;
        let mut shrinker = Shrinker {
            question,
            solver: None,
        };
        let mut both = sat::Domains::new();
        let mut size: usize = 1;
        for t in terms {
            let mut vs = candidates(rules, space, exprs, *t, false);
            vs.extend(candidates(rules, space, exprs, *t, true));
            vs.sort_unstable();
            vs.dedup();
            size = size.saturating_mul(vs.len());
            both.insert(*t, vs);
        }
        if size <= sat::ENUMERATE {
            return Ok(shrinker);
        }
        let (mut enc, crosses) = sat::Encoder::posing(cross, &both, hard)?;
        let mut restricted = BTreeMap::new();
        for t in terms {
            let allowed = candidates(rules, space, exprs, *t, false);
            let r = enc.fresh();
            let outside: Vec<sat::Lit> = enc
                .selectors(*t)
                .iter()
                .filter(|(v, _)| !allowed.contains(v))
                .map(|(_, l)| *l)
                .collect();
            for l in outside {
                enc.clause(&[!r, !l])?;
            }
            restricted.insert(*t, r);
        }
        shrinker.solver = Some((Box::new(enc), crosses, restricted));
        Ok(shrinker)
    }

    /// Whether some coherent completion avoids the red line with the terms
    /// of `relaxed` free.
    fn avoidable(&mut self, relaxed: &BTreeSet<TermId>) -> Result<bool, Error> {
        match &mut self.solver {
            None => {
                let q = self.question;
                let doms = domains_for(q.rules, q.space, q.exprs, q.terms, relaxed);
                sat::possible(q.cross, false, &doms, q.hard)
            }
            Some((enc, crosses, restricted)) => {
                let mut assumptions = vec![!*crosses];
                assumptions.extend(
                    restricted
                        .iter()
                        .filter(|(t, _)| !relaxed.contains(t))
                        .map(|(_, r)| *r),
                );
                Ok(enc.solve(&assumptions)?.is_some())
            }
        }
    }
}

/// What a check or the solver weighs, from a user's words: the date
/// (`as_of`, else `as_of` in redline.toml, else `today`), the parties
/// (`parties`, else `parties` in redline.toml) and the basis. A date that
/// is not one and a party that does not exist are `bad-argument`
/// diagnostics, every one of them (with a did-you-mean).
pub fn weigh(
    ws: &Workspace,
    as_of: Option<&str>,
    parties: &[String],
    basis: BasisFilter,
    today: Date,
) -> Result<CheckOptions, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let as_of = match as_of {
        None => ws.settings.as_of.unwrap_or(today),
        Some(s) => Date::parse(s).unwrap_or_else(|| {
            diags.push(
                Diagnostic::new(Code::BadArgument, format!("`--as-of {s}` is not a date"))
                    .help("write it as YYYY-MM-DD, e.g. 2025-12-01"),
            );
            today
        }),
    };
    let mut chosen: Vec<PartyId> = Vec::new();
    if parties.is_empty() {
        chosen = ws.settings.parties.clone();
    }
    for name in parties {
        match ws.rules.lookup_party(name) {
            Some(p) => chosen.push(p),
            None => diags.push(
                Diagnostic::new(
                    Code::BadArgument,
                    format!("no party `{name}` in rules/parties.toml"),
                )
                .maybe_help(crate::diagnostic::did_you_mean(
                    name,
                    ws.rules.party_by_id.keys().map(String::as_str),
                )),
            ),
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    Ok(CheckOptions {
        as_of: Some(as_of),
        parties: chosen,
        basis,
    })
}

/// The clause of `plan` a user names (`why` ends the message, e.g. " to
/// keep"), or an `unknown-clause` diagnostic with a did-you-mean.
pub fn clause_named(plan: &Plan, name: &str, why: &str) -> Result<ClauseId, Diagnostic> {
    plan.clause_id(name).ok_or_else(|| {
        Diagnostic::new(
            Code::UnknownClause,
            format!("plan `{}` has no clause `{name}`{why}", plan.id),
        )
        .maybe_help(crate::diagnostic::did_you_mean(
            name,
            plan.clauses.iter().map(|c| c.id.as_str()),
        ))
    })
}

/// The clauses an amendment keeps as they are (`--keep`), sorted, each
/// once; every name that is no clause of `plan` is a diagnostic.
pub fn clauses_to_keep(plan: &Plan, names: &[String]) -> Result<Vec<ClauseId>, Vec<Diagnostic>> {
    let mut keep = Vec::new();
    let mut diags = Vec::new();
    for name in names {
        match clause_named(plan, name, " to keep") {
            Ok(c) => keep.push(c),
            Err(d) => diags.push(d),
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    keep.sort_unstable();
    keep.dedup();
    Ok(keep)
}
