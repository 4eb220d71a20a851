//! Running regression scenarios: apply amendments, check, compare every
//! expectation. The outcome is data; `redline test` renders it.

use crate::check::{self, Cause, CheckOptions, Finding, FindingKind, Report, Standing, Verdict};
use crate::diagnostic::{did_you_mean, Code, Diagnostic};
use crate::load::scenario::{
    Amendment, ExpectCoalition, ExpectFinding, ExpectPeriod, Expected, Scenario,
};
use crate::load::{Files, ScenarioFile};
use crate::model::Workspace;
use crate::model::{Clause, Date, Edit, EditError, Loc, PartyId, Plan, Rules, Severity};
use serde::Serialize;
use std::path::PathBuf;

/// What an expectation is about: the key it is written under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Expect {
    /// `expect.acceptable`.
    Acceptable,
    /// `expect.vetoed_by`: exactly these parties veto.
    VetoedBy,
    /// `expect.objected_by`: exactly these parties object.
    ObjectedBy,
    /// `[[expect.veto]]`.
    Veto,
    /// `[[expect.objection]]`.
    Objection,
    /// `[[expect.at_risk]]`.
    AtRisk,
    /// `[[expect.absent]]`.
    Absent,
    /// `[[expect.timeline]]`.
    Timeline,
    /// `[[expect.coalition]]`.
    Coalition,
}

impl From<Expected> for Expect {
    fn from(e: Expected) -> Expect {
        match e {
            Expected::Veto => Expect::Veto,
            Expected::Objection => Expect::Objection,
            Expected::AtRisk => Expect::AtRisk,
            Expected::Absent => Expect::Absent,
        }
    }
}

/// A finding as a scenario names it: whose, on which clauses, through
/// which red line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Found {
    /// The party.
    pub party: String,
    /// The clauses blamed; empty when it rests on the plan's silence.
    pub clauses: Vec<String>,
    /// `party/id` of the red line; `None` for a consent finding.
    pub red_line: Option<String>,
    /// The terms whose silence (status quo, or openness) it rests on.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub silent_on: Vec<String>,
}

/// What a scenario expects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Want {
    /// Whether the plan is acceptable.
    Acceptable(bool),
    /// Exactly these parties (sorted).
    Parties(Vec<String>),
    /// A finding (or, for `absent`, none) of `party`, on `clause`, through
    /// `red_line`, resting on the plan's silence on `silent_on`.
    Finding {
        /// The party.
        party: String,
        /// The clause, if the expectation names one.
        clause: Option<String>,
        /// The red line (`id`, `party/id` or `consent`), if named.
        red_line: Option<String>,
        /// The terms the finding must rest on the plan's silence about
        /// (empty: not asked).
        #[serde(skip_serializing_if = "Vec::is_empty")]
        silent_on: Vec<String>,
    },
    /// The party's verdict on every day from `from` to `to`.
    Period {
        /// The party.
        party: String,
        /// Its verdict.
        verdict: Standing,
        /// The first day.
        from: Date,
        /// The last day.
        to: Date,
    },
    /// Whether the parties can agree (and are a maximal coalition, or a
    /// minimal blocking group).
    Coalition {
        /// The parties.
        parties: Vec<String>,
        /// Whether they can agree on some plan.
        agree: bool,
        /// Whether no other party can join.
        maximal: bool,
        /// Whether every smaller part of them could agree.
        minimal: bool,
    },
}

/// A period of a party's verdict, as a scenario sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeriodGot {
    /// The verdict.
    pub verdict: Standing,
    /// Whether it rests only on analysts' readings.
    pub analysis: bool,
    /// The first day (within the expected days).
    pub from: Date,
    /// The last day (within the expected days).
    pub to: Date,
}

/// What the check found, for one expectation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Got {
    /// Whether the plan is acceptable, and who vetoes it.
    Acceptable {
        /// Whether no party vetoes.
        acceptable: bool,
        /// Who does.
        vetoed_by: Vec<String>,
    },
    /// The parties that veto (or object).
    Parties(Vec<String>),
    /// The party's findings of the expected kind (for `absent`: those that
    /// match and should not be there).
    Findings(Vec<Found>),
    /// The party's verdicts over the expected days.
    Periods(Vec<PeriodGot>),
    /// Whether the parties can agree, who else could join them, and which
    /// members they cannot agree without.
    Coalition {
        /// Whether they can agree.
        agree: bool,
        /// Parties that could join them and still agree (asked with `maximal`).
        could_join: Vec<String>,
        /// Members without whom the rest still cannot agree (asked with `minimal`).
        not_needed: Vec<String>,
    },
}

/// One expectation, compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparison {
    /// What the expectation is about.
    pub what: Expect,
    /// What it expects.
    pub expected: Want,
    /// What the check found.
    pub actual: Got,
    /// Whether they agree.
    pub passed: bool,
    /// Where the expectation is written.
    #[serde(skip)]
    pub loc: Loc,
}

/// A scenario's result: the amended plan, its report and each comparison.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The plan after the scenario's amendments.
    pub plan: Plan,
    /// Its report.
    pub report: Report,
    /// Each expectation, compared.
    pub comparisons: Vec<Comparison>,
}

impl Outcome {
    /// Whether every expectation holds.
    pub fn passed(&self) -> bool {
        self.comparisons.iter().all(|c| c.passed)
    }
}

/// Apply a scenario's amendments to its plan, in order, as [`Edit`]s; a
/// diagnostic for each that cannot apply (a missing clause, a clause id
/// already taken) and for settings that then conflict.
pub fn apply_amendments(
    rules: &Rules,
    plan: &Plan,
    amendments: &[Amendment],
) -> Result<Plan, Vec<Diagnostic>> {
    let mut plan = plan.clone();
    let mut diags = Vec::new();
    for a in amendments {
        let (edit, at) = match a {
            Amendment::Set { clause, set } => (
                Edit::Set {
                    clause: clause.value.clone(),
                    set: set.clone(),
                },
                clause,
            ),
            Amendment::Drop { clause } => (
                Edit::Drop {
                    clause: clause.value.clone(),
                },
                clause,
            ),
            Amendment::Add { id, text, set } => (
                Edit::Add(Clause {
                    id: id.value.clone(),
                    text: text.clone(),
                    set: set.clone(),
                    loc: id.loc,
                }),
                id,
            ),
            Amendment::Sign { parties } => {
                let _ = plan.apply(&Edit::Sign(parties.iter().map(|p| p.value).collect()));
                continue;
            }
            Amendment::Unsign { parties } => {
                let _ = plan.apply(&Edit::Unsign(parties.iter().map(|p| p.value).collect()));
                continue;
            }
        };
        match plan.apply(&edit) {
            Ok(()) => {}
            Err(EditError::NoClause(_)) => diags.push(
                Diagnostic::new(
                    Code::UnknownClause,
                    format!("plan `{}` has no clause `{}`", plan.id, at.value),
                )
                .at(at.loc, Some("no such clause".to_string()))
                .maybe_help(did_you_mean(
                    &at.value,
                    plan.clauses.iter().map(|c| c.id.as_str()),
                )),
            ),
            Err(EditError::DuplicateClause(_)) => {
                let mut d = Diagnostic::new(
                    Code::DuplicateId,
                    format!("plan `{}` already has a clause `{}`", plan.id, at.value),
                )
                .at(at.loc, Some("a new clause needs a new id".to_string()));
                if let Some(existing) = plan.clause(&at.value) {
                    d = d.at(existing.loc, Some("the plan's clause".to_string()));
                }
                diags.push(d.help(
                    "to change the existing clause, write `clause = \"...\"` instead of `id`",
                ));
            }
        }
    }
    diags.extend(crate::load::plan_conflicts(rules, &plan));
    if diags.is_empty() {
        Ok(plan)
    } else {
        crate::diagnostic::sort(&mut diags);
        Err(diags)
    }
}

fn names(rules: &Rules, parties: &[PartyId]) -> Vec<String> {
    parties.iter().map(|p| rules.party(*p).id.clone()).collect()
}

/// A finding as a scenario names it.
fn found(rules: &Rules, plan: &Plan, f: &Finding) -> Found {
    Found {
        party: rules.party(f.party).id.clone(),
        clauses: f
            .clauses()
            .iter()
            .filter_map(|c| plan.clause_at(*c))
            .map(|c| c.id.clone())
            .collect(),
        red_line: match &f.kind {
            FindingKind::Consent { .. } => None,
            FindingKind::RedLine(r) | FindingKind::Consensus { red_line: r, .. } => {
                let r = rules.red_line(*r);
                Some(format!("{}/{}", rules.party(r.party).id, r.id))
            }
        },
        silent_on: silences(f).map(|t| rules.vocab.get(t).id.clone()).collect(),
    }
}

/// The terms a finding rests on the plan's silence about.
fn silences(f: &Finding) -> impl Iterator<Item = crate::model::TermId> + '_ {
    f.causes.iter().filter_map(|c| match c {
        Cause::Silence { term, .. } | Cause::Open { term } => Some(*term),
        Cause::Clause { .. } | Cause::Signatories { .. } => None,
    })
}

/// Whether a finding is of the kind an expectation is about.
fn of_kind(f: &Finding, kind: Expected) -> bool {
    match kind {
        Expected::Veto => f.is_veto(),
        Expected::Objection => f.verdict == Verdict::Violated && f.severity == Severity::Objection,
        Expected::AtRisk => f.verdict == Verdict::AtRisk,
        Expected::Absent => f.verdict != Verdict::Satisfied,
    }
}

fn matches(rules: &Rules, plan: &Plan, f: &Finding, want: &ExpectFinding) -> bool {
    if !of_kind(f, want.kind) || f.party != want.party.value {
        return false;
    }
    if let Some(c) = &want.clause {
        let blamed = f.clauses();
        if !plan
            .clause_ids()
            .any(|(i, cl)| cl.id == c.value && blamed.contains(&i))
        {
            return false;
        }
    }
    if let Some(r) = &want.red_line {
        let names = |i: crate::model::RedLineId| {
            let rl = rules.red_line(i);
            rl.id == r.value || format!("{}/{}", rules.party(rl.party).id, rl.id) == r.value
        };
        let ok = match &f.kind {
            FindingKind::Consent { .. } => r.value == "consent",
            // A reading stands in for the statement it reads: the
            // statement's id names it too.
            FindingKind::RedLine(i) | FindingKind::Consensus { red_line: i, .. } => {
                names(*i) || rules.red_line(*i).reads.is_some_and(names)
            }
        };
        if !ok {
            return false;
        }
    }
    if !want
        .silent_on
        .iter()
        .all(|t| silences(f).any(|s| s == t.value))
    {
        return false;
    }
    true
}

/// A diagnostic for an expectation that names a clause the amended plan
/// does not have, saying so when the scenario's own amendment dropped it.
fn missing_clause(
    s: &Scenario,
    base: &Plan,
    plan: &Plan,
    c: &crate::load::At<String>,
) -> Diagnostic {
    let dropped = s.amendments.iter().find_map(|a| match a {
        Amendment::Drop { clause } if clause.value == c.value => Some(clause.loc),
        _ => None,
    });
    match dropped {
        Some(at) if base.clause(&c.value).is_some() => Diagnostic::new(
            Code::UnknownClause,
            format!(
                "clause `{}` was dropped by this scenario's own amendment",
                c.value
            ),
        )
        .at(
            c.loc,
            Some("the expectation names the dropped clause".to_string()),
        )
        .at(at, Some("dropped here".to_string()))
        .help("expect the finding on another clause, or leave `clause` out"),
        _ => Diagnostic::new(
            Code::UnknownClause,
            format!("plan `{}` has no clause `{}`", plan.id, c.value),
        )
        .at(
            c.loc,
            Some("the expectation names a missing clause".to_string()),
        )
        .maybe_help(did_you_mean(
            &c.value,
            plan.clauses.iter().map(|c| c.id.as_str()),
        )),
    }
}

/// Run one scenario whose plan is loaded at `plan_index`; `today` is the
/// date used when the scenario gives none.
pub fn run(
    ws: &Workspace,
    s: &Scenario,
    plan_index: usize,
    today: Date,
) -> Result<Outcome, Vec<Diagnostic>> {
    let rules = &ws.rules;
    let base = ws.plans.get(plan_index).ok_or_else(Vec::new)?;
    let plan = apply_amendments(rules, base, &s.amendments)?;
    let mut diags: Vec<Diagnostic> = s
        .expect
        .findings
        .iter()
        .filter_map(|v| v.clause.as_ref())
        .filter(|c| !plan.clauses.iter().any(|cl| cl.id == c.value))
        .map(|c| missing_clause(s, base, &plan, c))
        .collect();
    if !diags.is_empty() {
        crate::diagnostic::sort(&mut diags);
        return Err(diags);
    }
    let opts = CheckOptions {
        as_of: Some(s.as_of.unwrap_or(today)),
        parties: s.parties.clone(),
        basis: s.basis,
    };
    let report =
        check::check(rules, &plan, &opts).map_err(|e| vec![e.diagnostic().at(s.loc, None)])?;
    let mut comparisons = Vec::new();
    if let Some(a) = &s.expect.acceptable {
        let actual = report.acceptable();
        comparisons.push(Comparison {
            what: Expect::Acceptable,
            expected: Want::Acceptable(a.value),
            actual: Got::Acceptable {
                acceptable: actual,
                vetoed_by: names(rules, &report.vetoed_by()),
            },
            passed: a.value == actual,
            loc: a.loc,
        });
    }
    let mut exactly = |what: Expect, want: &crate::load::At<Vec<PartyId>>, actual: Vec<PartyId>| {
        let mut want_ids = want.value.clone();
        want_ids.sort();
        want_ids.dedup();
        comparisons.push(Comparison {
            what,
            expected: Want::Parties(names(rules, &want_ids)),
            actual: Got::Parties(names(rules, &actual)),
            passed: want_ids == actual,
            loc: want.loc,
        });
    };
    if let Some(v) = &s.expect.vetoed_by {
        exactly(Expect::VetoedBy, v, report.vetoed_by());
    }
    if let Some(v) = &s.expect.objected_by {
        exactly(Expect::ObjectedBy, v, report.objected_by());
    }
    for want in &s.expect.findings {
        let hits: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| matches(rules, &plan, f, want))
            .collect();
        let passed = match want.kind {
            Expected::Absent => hits.is_empty(),
            _ => !hits.is_empty(),
        };
        let shown: Vec<&Finding> = match want.kind {
            Expected::Absent => hits,
            kind => report
                .findings
                .iter()
                .filter(|f| of_kind(f, kind) && f.party == want.party.value)
                .collect(),
        };
        comparisons.push(Comparison {
            what: want.kind.into(),
            expected: Want::Finding {
                party: rules.party(want.party.value).id.clone(),
                clause: want.clause.as_ref().map(|c| c.value.clone()),
                red_line: want.red_line.as_ref().map(|r| r.value.clone()),
                silent_on: want
                    .silent_on
                    .iter()
                    .map(|t| rules.vocab.get(t.value).id.clone())
                    .collect(),
            },
            actual: Got::Findings(shown.iter().map(|f| found(rules, &plan, f)).collect()),
            passed,
            loc: want.loc,
        });
    }
    for want in &s.expect.timeline {
        comparisons.push(
            period(rules, &plan, s, want).map_err(|e| vec![e.diagnostic().at(want.loc, None)])?,
        );
    }
    let sel = CheckOptions {
        parties: Vec::new(),
        ..opts.clone()
    };
    for want in &s.expect.coalitions {
        comparisons.push(
            coalition(rules, &sel, &s.parties, want)
                .map_err(|e| vec![e.diagnostic().at(want.loc, None)])?,
        );
    }
    Ok(Outcome {
        plan,
        report,
        comparisons,
    })
}

/// `[[expect.timeline]]`, compared: the party's verdicts on the plan over
/// the expected days, from the timeline of those days.
fn period(
    rules: &Rules,
    plan: &Plan,
    s: &Scenario,
    want: &ExpectPeriod,
) -> Result<Comparison, crate::error::Error> {
    let t = check::timeline(
        rules,
        &[plan],
        &check::TimelineOptions {
            from: want.from.value,
            to: want.to.value,
            parties: vec![want.party.value],
            basis: s.basis,
        },
    )?;
    let got: Vec<PeriodGot> = t
        .plans
        .iter()
        .flat_map(|p| &p.parties)
        .flat_map(|r| &r.spans)
        .map(|x| PeriodGot {
            verdict: x.standing,
            analysis: x.analysis,
            from: x.from,
            to: x.to,
        })
        .collect();
    let verdict = match want.verdict.value.as_str() {
        "veto" => Standing::Veto,
        "objection" => Standing::Objection,
        "at_risk" => Standing::AtRisk,
        _ => Standing::Ok,
    };
    let passed = got.iter().all(|g| g.verdict == verdict);
    Ok(Comparison {
        what: Expect::Timeline,
        expected: Want::Period {
            party: rules.party(want.party.value).id.clone(),
            verdict,
            from: want.from.value,
            to: want.to.value,
        },
        actual: Got::Periods(got),
        passed,
        loc: want.loc,
    })
}

/// `[[expect.coalition]]`, compared through `space` (whether a group can
/// agree is whether its agreement space is not empty), apart from the
/// enumeration `coalitions` does. Joining parties are looked for among the
/// scenario's `parties` (every party when it names none).
fn coalition(
    rules: &Rules,
    sel: &CheckOptions,
    universe: &[PartyId],
    want: &ExpectCoalition,
) -> Result<Comparison, crate::error::Error> {
    let agree = |group: &[PartyId]| -> Result<bool, crate::error::Error> {
        if group.is_empty() {
            return Ok(true);
        }
        let o = CheckOptions {
            parties: group.to_vec(),
            ..sel.clone()
        };
        Ok(crate::solve::space(rules, &o, false)?.acceptable)
    };
    let mut group = want.parties.value.clone();
    group.sort();
    group.dedup();
    let can = agree(&group)?;
    let mut could_join = Vec::new();
    if want.maximal && can {
        let others: Vec<PartyId> = if universe.is_empty() {
            rules.party_ids().collect()
        } else {
            universe.to_vec()
        };
        for q in others.into_iter().filter(|q| !group.contains(q)) {
            let mut more = group.clone();
            more.push(q);
            if agree(&more)? {
                could_join.push(q);
            }
        }
    }
    let mut not_needed = Vec::new();
    if want.minimal && !can {
        for p in &group {
            let rest: Vec<PartyId> = group.iter().copied().filter(|x| x != p).collect();
            if !agree(&rest)? {
                not_needed.push(*p);
            }
        }
    }
    let passed = can == want.agree.value && could_join.is_empty() && not_needed.is_empty();
    Ok(Comparison {
        what: Expect::Coalition,
        expected: Want::Coalition {
            parties: names(rules, &group),
            agree: want.agree.value,
            maximal: want.maximal,
            minimal: want.minimal,
        },
        actual: Got::Coalition {
            agree: can,
            could_join: names(rules, &could_join),
            not_needed: names(rules, &not_needed),
        },
        passed,
        loc: want.loc,
    })
}

/// How a scenario came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Every expectation holds.
    Passed,
    /// Some expectation does not.
    Failed,
    /// Its file, its plan or its amendments have mistakes: it could not run.
    Broken,
}

/// One scenario file, run.
#[derive(Debug, Clone)]
pub struct ScenarioRun {
    /// The scenario's name (empty when its file could not be read).
    pub name: String,
    /// Its file, as users see it.
    pub file: String,
    /// How it came out.
    pub status: Status,
    /// Each expectation, compared (empty when broken).
    pub comparisons: Vec<Comparison>,
    /// Why it could not run (empty unless broken).
    pub diagnostics: Vec<Diagnostic>,
}

/// The scenario files under `paths` (default `tests/scenarios`): files as
/// given, folders' `.toml` files sorted; a `bad-argument` diagnostic for a
/// path that does not exist.
pub fn scenario_files(files: &dyn Files, paths: &[PathBuf]) -> Result<Vec<PathBuf>, Diagnostic> {
    let paths = if paths.is_empty() {
        vec![PathBuf::from("tests/scenarios")]
    } else {
        paths.to_vec()
    };
    let mut out = Vec::new();
    for p in paths {
        if files.is_dir(&p) {
            out.extend(files.toml_files(&p));
        } else if files.is_file(&p) {
            out.push(p);
        } else {
            return Err(Diagnostic::new(
                Code::BadArgument,
                format!("no scenario file or folder `{}`", p.display()),
            )
            .help("pass scenario files or folders; the default is `tests/scenarios`"));
        }
    }
    Ok(out)
}

/// Run one loaded scenario file, loading its plan into `ws` if need be;
/// `today` is the date used when the scenario gives none.
pub fn run_file(
    ws: &mut Workspace,
    files: &dyn Files,
    sf: ScenarioFile,
    today: Date,
) -> ScenarioRun {
    let broken = |name: String, file: String, diagnostics: Vec<Diagnostic>| ScenarioRun {
        name,
        file,
        status: Status::Broken,
        comparisons: Vec::new(),
        diagnostics,
    };
    let s = match sf.result {
        Ok(s) => s,
        Err(d) => return broken(String::new(), sf.name, d),
    };
    let (idx, d) = crate::load::ensure_plan(ws, files, &s.plan.value);
    let Some(pi) = idx.filter(|_| d.is_empty()) else {
        return broken(s.name, sf.name, d);
    };
    match run(ws, &s, pi, today) {
        Ok(outcome) => ScenarioRun {
            name: s.name.clone(),
            file: sf.name,
            status: if outcome.passed() {
                Status::Passed
            } else {
                Status::Failed
            },
            comparisons: outcome.comparisons,
            diagnostics: Vec::new(),
        },
        Err(d) => broken(s.name, sf.name, d),
    }
}
