//! Running regression scenarios: apply amendments, check, compare every
//! expectation. The outcome is data; `redline test` renders it.

use crate::check::{self, CheckOptions, Finding, FindingKind, Report, Verdict};
use crate::diagnostic::{did_you_mean, Code, Diagnostic};
use crate::load::scenario::{Amendment, ExpectFinding, Expected, Scenario};
use crate::load::Workspace;
use crate::model::{Clause, Date, Loc, PartyId, Plan, Rules, Severity};
use serde::Serialize;

/// One expectation, compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparison {
    /// `acceptable`, `vetoed_by`, `objected_by`, `veto`, `objection`,
    /// `at_risk` or `absent`.
    pub what: &'static str,
    pub expected: String,
    pub actual: String,
    pub passed: bool,
    #[serde(skip)]
    pub loc: Loc,
}

/// A scenario's result: the amended plan, its report and each comparison.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub plan: Plan,
    pub report: Report,
    pub comparisons: Vec<Comparison>,
}

impl Outcome {
    pub fn passed(&self) -> bool {
        self.comparisons.iter().all(|c| c.passed)
    }
}

/// Apply a scenario's amendments to its plan, in order.
pub fn amend(
    rules: &Rules,
    plan: &Plan,
    amendments: &[Amendment],
) -> Result<Plan, Vec<Diagnostic>> {
    let mut plan = plan.clone();
    let mut diags = Vec::new();
    let missing = |plan: &Plan, c: &crate::load::At<String>| {
        Diagnostic::new(
            Code::UnknownClause,
            format!("plan `{}` has no clause `{}`", plan.id, c.value),
        )
        .at(c.loc, Some("no such clause".to_string()))
        .maybe_help(did_you_mean(
            &c.value,
            plan.clauses.iter().map(|c| c.id.as_str()),
        ))
    };
    for a in amendments {
        match a {
            Amendment::Set { clause, set } => {
                match plan.clauses.iter_mut().find(|c| c.id == clause.value) {
                    Some(c) => {
                        for (term, s) in set {
                            match c.set.iter_mut().find(|(t, _)| t == term) {
                                Some(slot) => slot.1 = s.clone(),
                                None => c.set.push((*term, s.clone())),
                            }
                        }
                        c.set.sort_by_key(|(t, _)| *t);
                    }
                    None => diags.push(missing(&plan, clause)),
                }
            }
            Amendment::Drop { clause } => {
                match plan.clauses.iter().position(|c| c.id == clause.value) {
                    Some(i) => {
                        plan.clauses.remove(i);
                    }
                    None => diags.push(missing(&plan, clause)),
                }
            }
            Amendment::Add { id, text, set } => {
                if let Some(existing) = plan.clauses.iter().find(|c| c.id == id.value) {
                    diags.push(
                        Diagnostic::new(Code::DuplicateId, format!("plan `{}` already has a clause `{}`", plan.id, id.value))
                            .at(id.loc, Some("a new clause needs a new id".to_string()))
                            .at(existing.loc, Some("the plan's clause".to_string()))
                            .help("to change the existing clause, write `clause = \"...\"` instead of `id`"),
                    );
                } else {
                    plan.clauses.push(Clause {
                        id: id.value.clone(),
                        text: text.clone(),
                        set: set.clone(),
                        loc: id.loc,
                    });
                }
            }
            Amendment::Sign { parties } => {
                for p in parties {
                    if !plan.parties.contains(&p.value) {
                        plan.parties.push(p.value);
                    }
                }
                plan.parties.sort();
            }
            Amendment::Unsign { parties } => {
                plan.parties
                    .retain(|q| !parties.iter().any(|p| p.value == *q));
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

fn names(rules: &Rules, parties: &[PartyId]) -> String {
    if parties.is_empty() {
        "nobody".to_string()
    } else {
        parties
            .iter()
            .map(|p| rules.party(*p).id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// How a finding is named in scenario output: `clause 7 (russia/x)`.
fn describe(rules: &Rules, plan: &Plan, f: &Finding) -> String {
    let clauses: Vec<&str> = f
        .clauses()
        .iter()
        .filter_map(|c| plan.clause_at(*c))
        .map(|c| c.id.as_str())
        .collect();
    let what = match &f.kind {
        FindingKind::Consent { .. } => "consent".to_string(),
        FindingKind::RedLine(r) | FindingKind::Consensus { red_line: r, .. } => {
            Some(rules.red_line(*r)).map_or_else(String::new, |r| {
                format!("{}/{}", rules.party(r.party).id, r.id)
            })
        }
    };
    let on = if clauses.is_empty() {
        "the plan's silence".to_string()
    } else {
        format!("clause {}", clauses.join("+"))
    };
    format!("{on} ({what})")
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
        let ok = match &f.kind {
            FindingKind::Consent { .. } => r.value == "consent",
            FindingKind::RedLine(i) | FindingKind::Consensus { red_line: i, .. } => {
                Some(rules.red_line(*i)).is_some_and(|rl| {
                    rl.id == r.value || format!("{}/{}", rules.party(rl.party).id, rl.id) == r.value
                })
            }
        };
        if !ok {
            return false;
        }
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
    let plan = amend(rules, base, &s.amendments)?;
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
    let report = check::check(rules, &plan, &opts)
        .map_err(|e| vec![Diagnostic::new(Code::IncoherentPlan, e.to_string()).at(s.loc, None)])?;
    let mut comparisons = Vec::new();
    if let Some(a) = &s.expect.acceptable {
        let actual = report.acceptable();
        comparisons.push(Comparison {
            what: "acceptable",
            expected: a.value.to_string(),
            actual: if actual {
                "true".to_string()
            } else {
                format!("false (vetoed by {})", names(rules, &report.vetoed_by()))
            },
            passed: a.value == actual,
            loc: a.loc,
        });
    }
    let mut exactly =
        |what: &'static str, want: &crate::load::At<Vec<PartyId>>, actual: Vec<PartyId>| {
            let mut want_ids = want.value.clone();
            want_ids.sort();
            want_ids.dedup();
            comparisons.push(Comparison {
                what,
                expected: names(rules, &want_ids),
                actual: names(rules, &actual),
                passed: want_ids == actual,
                loc: want.loc,
            });
        };
    if let Some(v) = &s.expect.vetoed_by {
        exactly("vetoed_by", v, report.vetoed_by());
    }
    if let Some(v) = &s.expect.objected_by {
        exactly("objected_by", v, report.objected_by());
    }
    for want in &s.expect.findings {
        let party = rules.party(want.party.value);
        let verb = match want.kind {
            Expected::Veto => "vetoes",
            Expected::Objection => "objects to",
            Expected::AtRisk => "may refuse",
            Expected::Absent => "has no finding on",
        };
        let mut expected = match (want.kind, &want.clause) {
            (_, Some(c)) => format!("{} {verb} clause {}", party.id, c.value),
            (Expected::Absent, None) => format!("{} has no finding", party.id),
            (Expected::Veto, None) => format!("{} vetoes", party.id),
            (Expected::Objection, None) => format!("{} objects", party.id),
            (Expected::AtRisk, None) => format!("{} may refuse", party.id),
        };
        if let Some(r) = &want.red_line {
            expected.push_str(&format!(" ({})", r.value));
        }
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
        let theirs: Vec<String> = shown.iter().map(|f| describe(rules, &plan, f)).collect();
        let actual = match (want.kind, theirs.is_empty()) {
            (Expected::Absent, true) => format!("{} has no such finding", party.id),
            (Expected::Absent, false) => {
                format!("{} has a finding: {}", party.id, theirs.join("; "))
            }
            (_, true) => format!("{} {verb} nothing", party.id),
            (_, false) => format!("{} {verb} {}", party.id, theirs.join("; ")),
        };
        comparisons.push(Comparison {
            what: want.kind.key(),
            expected,
            actual,
            passed,
            loc: want.loc,
        });
    }
    Ok(Outcome {
        plan,
        report,
        comparisons,
    })
}
