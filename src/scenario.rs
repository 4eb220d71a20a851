//! Running regression scenarios: apply amendments, check, compare every
//! expectation. The outcome is data; `redline test` renders it.

use crate::check::{self, CheckOptions, Finding, FindingKind, Report};
use crate::diagnostic::{did_you_mean, Code, Diagnostic};
use crate::load::scenario::{Amendment, ExpectVeto, Scenario};
use crate::load::Workspace;
use crate::model::{Clause, Date, Loc, Plan, Rules};
use serde::Serialize;

/// One expectation, compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparison {
    /// `acceptable`, `vetoed_by` or `veto`.
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
        }
    }
    diags.extend(crate::load::clause_conflicts(rules, &plan.clauses));
    if diags.is_empty() {
        Ok(plan)
    } else {
        crate::diagnostic::sort(&mut diags);
        Err(diags)
    }
}

fn names(rules: &Rules, parties: &[crate::model::PartyId]) -> String {
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

/// How a veto finding is named in scenario output: `clause 7, red line russia/x`.
fn describe_veto(rules: &Rules, plan: &Plan, f: &Finding) -> String {
    let clauses: Vec<&str> = f
        .clauses()
        .iter()
        .filter_map(|c| plan.clauses.get(*c))
        .map(|c| c.id.as_str())
        .collect();
    let what = match &f.kind {
        FindingKind::Consent { .. } => "consent".to_string(),
        FindingKind::RedLine(r) | FindingKind::Consensus { red_line: r, .. } => {
            rules.red_lines.get(*r).map_or_else(String::new, |r| {
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

fn matches(rules: &Rules, plan: &Plan, f: &Finding, want: &ExpectVeto) -> bool {
    if !f.is_veto() || f.party != want.party.value {
        return false;
    }
    if let Some(c) = &want.clause {
        let blamed = f.clauses();
        if !plan
            .clauses
            .iter()
            .enumerate()
            .any(|(i, cl)| cl.id == c.value && blamed.contains(&i))
        {
            return false;
        }
    }
    if let Some(r) = &want.red_line {
        let ok = match &f.kind {
            FindingKind::Consent { .. } => r.value == "consent",
            FindingKind::RedLine(i) | FindingKind::Consensus { red_line: i, .. } => {
                rules.red_lines.get(*i).is_some_and(|rl| {
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

/// Run one scenario whose plan is loaded at `plan_index`.
pub fn run(
    ws: &Workspace,
    s: &Scenario,
    plan_index: usize,
    today: Date,
) -> Result<Outcome, Vec<Diagnostic>> {
    let rules = &ws.rules;
    let base = ws.plans.get(plan_index).ok_or_else(Vec::new)?;
    let plan = amend(rules, base, &s.amendments)?;
    let mut diags = Vec::new();
    for v in &s.expect.vetoes {
        if let Some(c) = &v.clause {
            if !plan.clauses.iter().any(|cl| cl.id == c.value) {
                diags.push(
                    Diagnostic::new(
                        Code::UnknownClause,
                        format!("plan `{}` has no clause `{}`", plan.id, c.value),
                    )
                    .at(
                        c.loc,
                        Some("expected veto names a missing clause".to_string()),
                    )
                    .maybe_help(did_you_mean(
                        &c.value,
                        plan.clauses.iter().map(|c| c.id.as_str()),
                    )),
                );
            }
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let opts = CheckOptions {
        as_of: Some(s.as_of.unwrap_or(today)),
        parties: s.parties.clone(),
    };
    let report = check::check(rules, &plan, &opts)
        .map_err(|e| vec![Diagnostic::new(Code::Io, e.to_string())])?;
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
    if let Some(v) = &s.expect.vetoed_by {
        let mut want = v.value.clone();
        want.sort();
        want.dedup();
        let actual = report.vetoed_by();
        comparisons.push(Comparison {
            what: "vetoed_by",
            expected: names(rules, &want),
            actual: names(rules, &actual),
            passed: want == actual,
            loc: v.loc,
        });
    }
    for want in &s.expect.vetoes {
        let party = rules.party(want.party.value);
        let mut expected = format!("{} vetoes", party.id);
        if let Some(c) = &want.clause {
            expected.push_str(&format!(" clause {}", c.value));
        }
        if let Some(r) = &want.red_line {
            expected.push_str(&format!(" ({})", r.value));
        }
        let passed = report
            .findings
            .iter()
            .any(|f| matches(rules, &plan, f, want));
        let theirs: Vec<String> = report
            .findings
            .iter()
            .filter(|f| f.is_veto() && f.party == want.party.value)
            .map(|f| describe_veto(rules, &plan, f))
            .collect();
        let actual = if theirs.is_empty() {
            format!("{} vetoes nothing", party.id)
        } else {
            format!("{} vetoes {}", party.id, theirs.join("; "))
        };
        comparisons.push(Comparison {
            what: "veto",
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
