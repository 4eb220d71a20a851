//! Findings → explanations: plain data with every id resolved to text.

use crate::check::{Cause, Finding, FindingKind, Report, Verdict};
use crate::load::Workspace;
use crate::model::{Loc, Plan, Polarity, Setting};
use serde::Serialize;
use std::collections::BTreeMap;

/// A place in a file, as users count: 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LocView {
    pub file: String,
    pub line: usize,
    pub column: usize,
    #[serde(skip)]
    pub loc: Loc,
}

impl LocView {
    pub fn new(ws: &Workspace, loc: Loc) -> LocView {
        let f = ws.files.get(loc.file);
        let (line, column) = f.line_col(loc.span.start);
        LocView {
            file: f.name.clone(),
            line,
            column,
            loc,
        }
    }
}

impl std::fmt::Display for LocView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceView {
    pub id: String,
    pub outlet: String,
    pub title: String,
    pub date: Option<String>,
    pub file: Option<String>,
    pub url: Option<String>,
}

/// One thing a verdict depends on, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CauseView {
    /// `clause`, `silence` or `open`.
    pub kind: &'static str,
    pub term: String,
    /// The clause's id, for `clause`.
    pub clause: Option<String>,
    /// What the clause sets: one value, or the bracketed options.
    pub value: Option<serde_json::Value>,
    /// The term's status quo, for `silence`.
    pub status_quo: Option<String>,
    /// Where the clause sets the term.
    pub location: Option<LocView>,
}

/// A finding, explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    pub party: String,
    pub party_name: String,
    /// `red_line`, `consent` or `consensus`.
    pub kind: &'static str,
    pub verdict: &'static str,
    pub severity: &'static str,
    /// One line: "russia vetoes clause `tier-3`".
    pub headline: String,
    /// The red line's `about`, or what the consent finding means.
    pub about: String,
    /// For `red_line` and `consensus`: `party/id` of the red line.
    pub red_line: Option<String>,
    /// For `consensus`: the member whose red line it is.
    pub member: Option<String>,
    /// `forbid` or `require`, and the expression as written.
    pub rule: Option<String>,
    pub when: Option<String>,
    /// Since when the party holds the position (`since`, or else `stated`).
    pub since: Option<String>,
    /// When the quoted words were said.
    pub stated: Option<String>,
    pub until: Option<String>,
    pub basis: Option<&'static str>,
    pub source: Option<SourceView>,
    pub quote: Option<String>,
    /// Where the red line is defined.
    pub location: Option<LocView>,
    #[serde(skip)]
    pub rule_loc: Option<Loc>,
    pub causes: Vec<CauseView>,
    /// At risk: values of the undecided terms under which the red line is crossed.
    pub witness: BTreeMap<String, String>,
}

/// A plan's report, explained.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanView {
    pub id: String,
    pub title: String,
    pub file: String,
    pub signatories: Vec<String>,
    pub acceptable: bool,
    pub vetoed_by: Vec<String>,
    /// The parties of `vetoed_by` whose every veto rests on an analyst's
    /// reading (`basis = "analysis"`), not on their own words.
    pub vetoed_on_analysis: Vec<String>,
    pub counts: BTreeMap<&'static str, usize>,
    /// Every finding that is not satisfied, in party order.
    pub findings: Vec<Explanation>,
}

fn setting_json(ws: &Workspace, term: crate::model::TermId, s: &Setting) -> serde_json::Value {
    let t = ws.rules.vocab.get(term);
    match s {
        Setting::Fixed(v) => serde_json::Value::String(t.show(*v)),
        Setting::OneOf(vs) => serde_json::Value::Array(
            vs.iter()
                .map(|v| serde_json::Value::String(t.show(*v)))
                .collect(),
        ),
    }
}

/// The text of an expression string as written in the TOML file.
fn expr_text(ws: &Workspace, loc: Loc) -> String {
    let raw = ws
        .files
        .get(loc.file)
        .text
        .get(loc.span.start..loc.span.end)
        .unwrap_or("");
    toml::de::DeValue::parse(raw)
        .ok()
        .and_then(|v| v.get_ref().as_str().map(str::to_string))
        .unwrap_or_else(|| raw.to_string())
}

pub fn cause_view(ws: &Workspace, plan: &Plan, c: &Cause) -> CauseView {
    let term = ws.rules.vocab.get(c.term());
    match c {
        Cause::Clause { clause, term: tid } => {
            let cl = plan.clause_at(*clause);
            let setting = cl
                .and_then(|cl| cl.set.iter().find(|(t, _)| t == tid))
                .map(|(_, s)| s);
            CauseView {
                kind: "clause",
                term: term.id.clone(),
                clause: cl.map(|c| c.id.clone()),
                value: setting.map(|s| setting_json(ws, *tid, &s.value)),
                status_quo: None,
                location: setting.map(|s| LocView::new(ws, s.loc)),
            }
        }
        Cause::Silence { status_quo, .. } => CauseView {
            kind: "silence",
            term: term.id.clone(),
            clause: None,
            value: None,
            status_quo: Some(term.show(*status_quo)),
            location: None,
        },
        Cause::Open { .. } => CauseView {
            kind: "open",
            term: term.id.clone(),
            clause: None,
            value: None,
            status_quo: None,
            location: None,
        },
        Cause::Signatories { value, .. } => CauseView {
            kind: "signatories",
            term: term.id.clone(),
            clause: None,
            value: Some(serde_json::Value::String(term.show(*value))),
            status_quo: None,
            location: None,
        },
    }
}

fn verb(f: &Finding) -> &'static str {
    match (f.verdict, f.severity) {
        (Verdict::Violated, crate::model::Severity::Veto) => "vetoes",
        (Verdict::Violated, crate::model::Severity::Objection) => "objects to",
        (Verdict::AtRisk, _) => "may refuse",
        (Verdict::Satisfied, _) => "accepts",
    }
}

/// Explain one finding of `plan`.
pub fn explain(ws: &Workspace, plan: &Plan, f: &Finding) -> Explanation {
    let rules = &ws.rules;
    let party = rules.party(f.party);
    let causes: Vec<CauseView> = f.causes.iter().map(|c| cause_view(ws, plan, c)).collect();
    let clause_ids: Vec<String> = f
        .clauses()
        .iter()
        .filter_map(|c| plan.clause_at(*c))
        .map(|c| format!("`{}`", c.id))
        .collect();
    let target = if clause_ids.is_empty() {
        "the plan's silence".to_string()
    } else if clause_ids.len() == 1 {
        format!("clause {}", clause_ids.join(""))
    } else {
        format!("clauses {}", clause_ids.join(", "))
    };
    let headline = format!("{} {} {}", party.id, verb(f), target);
    let mut e = Explanation {
        party: party.id.clone(),
        party_name: party.name.clone(),
        kind: "red_line",
        verdict: f.verdict.as_str(),
        severity: f.severity.as_str(),
        headline,
        about: String::new(),
        red_line: None,
        member: None,
        rule: None,
        when: None,
        since: None,
        stated: None,
        until: None,
        basis: None,
        source: None,
        quote: None,
        location: None,
        rule_loc: None,
        causes,
        witness: f
            .witness
            .iter()
            .map(|(t, v)| (rules.vocab.get(*t).id.clone(), rules.vocab.get(*t).show(*v)))
            .collect(),
    };
    match &f.kind {
        FindingKind::Consent { clause, term } => {
            let t = rules.vocab.get(*term);
            let cid = plan.clause_at(*clause).map_or("?", |c| c.id.as_str());
            e.kind = "consent";
            e.about = if f.severity == crate::model::Severity::Objection {
                let sq = t
                    .default
                    .map_or_else(|| "open".to_string(), |d| format!("`{}`", t.show(d)));
                format!(
                    "clause `{cid}` restates the status quo of `{}` ({sq}), which `{}` decides; `{}` does not sign the plan, but the clause decides nothing new",
                    t.id, party.id, party.id
                )
            } else {
                format!(
                    "clause `{cid}` sets `{}`, which `{}` decides, but `{}` does not sign the plan",
                    t.id, party.id, party.id
                )
            };
        }
        FindingKind::RedLine(ri) | FindingKind::Consensus { red_line: ri, .. } => {
            if let FindingKind::Consensus { member, .. } = &f.kind {
                e.kind = "consensus";
                e.member = Some(rules.party(*member).id.clone());
            }
            if let Some(r) = Some(rules.red_line(*ri)) {
                let owner = rules.party(r.party);
                e.red_line = Some(format!("{}/{}", owner.id, r.id));
                e.about = r.about.clone();
                let word = match r.polarity {
                    Polarity::Forbid => "forbid",
                    Polarity::Require => "require",
                };
                e.rule = Some(format!("{word} {}", expr_text(ws, r.rule.loc)));
                e.rule_loc = Some(r.rule.loc);
                e.when = r.when.as_ref().map(|w| expr_text(ws, w.loc));
                e.since = r.start().map(|d| d.to_string());
                e.stated = r.stated.map(|d| d.to_string());
                e.until = r.until.map(|d| d.to_string());
                e.basis = Some(r.basis.as_str());
                e.quote = r.quote.as_ref().map(|q| q.value.clone());
                e.location = Some(LocView::new(ws, r.loc));
                e.source = r.source.map(|s| rules.source(s)).map(|s| SourceView {
                    id: s.id.clone(),
                    outlet: s.outlet.clone(),
                    title: s.title.clone(),
                    date: s.date.map(|d| d.to_string()),
                    file: s.file.clone(),
                    url: s.url.clone(),
                });
                if let Some(m) = &e.member {
                    e.headline = format!("{} (through {m}, by consensus)", e.headline);
                }
            }
        }
    }
    e
}

/// Explain a plan's report: verdict, counts and every finding that is not satisfied.
pub fn explain_plan(ws: &Workspace, plan: &Plan, report: &Report) -> PlanView {
    use crate::model::Severity;
    let mut counts = BTreeMap::new();
    counts.insert(
        "vetoes",
        report.findings.iter().filter(|f| f.is_veto()).count(),
    );
    counts.insert(
        "objections",
        report.count(Verdict::Violated, Severity::Objection),
    );
    counts.insert(
        "at_risk",
        report
            .findings
            .iter()
            .filter(|f| f.verdict == Verdict::AtRisk)
            .count(),
    );
    counts.insert(
        "satisfied",
        report
            .findings
            .iter()
            .filter(|f| f.verdict == Verdict::Satisfied)
            .count(),
    );
    PlanView {
        id: plan.id.clone(),
        title: plan.title.clone(),
        file: ws.files.get(plan.file).name.clone(),
        signatories: plan
            .parties
            .iter()
            .map(|p| ws.rules.party(*p).id.clone())
            .collect(),
        acceptable: report.acceptable(),
        vetoed_by: report
            .vetoed_by()
            .iter()
            .map(|p| ws.rules.party(*p).id.clone())
            .collect(),
        vetoed_on_analysis: report
            .vetoed_by()
            .iter()
            .filter(|p| {
                report
                    .findings
                    .iter()
                    .filter(|f| f.party == **p && f.is_veto())
                    .all(|f| f.on_analysis(&ws.rules))
            })
            .map(|p| ws.rules.party(*p).id.clone())
            .collect(),
        counts,
        findings: report.problems().map(|f| explain(ws, plan, f)).collect(),
    }
}
