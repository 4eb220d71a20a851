//! Findings → explanations: `check` and `explain` as data.

use super::{Counts, LocView, SettingView, SourceView, ValueView};
use crate::check::{Cause, Finding, FindingKind, Report, Verdict};
use crate::model::Workspace;
use crate::model::{Basis, ClauseId, Date, Loc, Plan, Polarity, Severity};
use serde::Serialize;
use std::collections::BTreeMap;

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKindView {
    /// One of the party's red lines.
    RedLine,
    /// A clause decides a term the party owns, and the party does not sign.
    Consent,
    /// A member's red line on a term its bloc owns, which the bloc decides by consensus.
    Consensus,
}

/// What a verdict depends on, by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CauseKind {
    /// A clause sets the term.
    Clause,
    /// The plan is silent on the term, and its status quo holds.
    Silence,
    /// The plan is silent on a term with no status quo: it stays open.
    Open,
    /// The term follows who signs the plan (`signed_by`).
    Signatories,
}

/// One thing a verdict depends on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CauseView {
    /// What kind of cause it is.
    pub kind: CauseKind,
    /// The term.
    pub term: String,
    /// For `clause`: the clause's id.
    pub clause: Option<String>,
    /// For `clause`: what it sets; for `signatories`: the term's value.
    pub value: Option<SettingView>,
    /// For `silence`: the term's status quo.
    pub status_quo: Option<ValueView>,
    /// For `clause`: where the clause sets the term.
    pub location: Option<LocView>,
}

/// A consent finding's particulars.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsentView {
    /// The term the party owns.
    pub term: String,
    /// The clause that decides it.
    pub clause: String,
    /// Whether the clause only restates the term's status quo (an
    /// objection, not a veto: it decides nothing new).
    pub restates_status_quo: bool,
    /// The term's status quo, when it has one.
    pub status_quo: Option<ValueView>,
}

/// A finding, explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// The party the finding is about.
    pub party: String,
    /// Its name.
    pub party_name: String,
    /// What the finding is about.
    pub kind: FindingKindView,
    /// Whether the red line is crossed in every completion, some, or none.
    pub verdict: Verdict,
    /// How much it weighs.
    pub severity: Severity,
    /// The clauses blamed, in plan order; empty when the finding rests on
    /// what the plan leaves unsaid.
    pub clauses: Vec<String>,
    /// The red line's `about`; empty for consent.
    pub about: String,
    /// For `consent`: the term and the clause.
    pub consent: Option<ConsentView>,
    /// For `red_line` and `consensus`: `party/id` of the red line.
    pub red_line: Option<String>,
    /// For `consensus`: the member whose red line it is.
    pub member: Option<String>,
    /// Whether the red line forbids or requires its rule.
    pub polarity: Option<Polarity>,
    /// The red line's rule, as written.
    pub rule: Option<String>,
    /// The red line's `when`, as written.
    pub when: Option<String>,
    /// Since when the party holds the position (`since`, or else `stated`).
    pub since: Option<Date>,
    /// When the quoted words were said.
    pub stated: Option<Date>,
    /// When the position lapsed, if it did.
    pub until: Option<Date>,
    /// Whether it rests on the party's own words or an analyst's reading.
    pub basis: Option<Basis>,
    /// The source it is quoted from.
    pub source: Option<SourceView>,
    /// The quote.
    pub quote: Option<String>,
    /// Where the red line is defined.
    pub location: Option<LocView>,
    /// For an analyst's reading: the party's own words it reads, which
    /// `--basis statement` applies as worded.
    pub reads: Option<ReadView>,
    /// For a statement: the analysts' readings of it (`party/id`), which
    /// stand in for it under `--basis any` while they are in force.
    pub readings: Vec<String>,
    /// The red line's `note`: a judgement call behind its encoding.
    pub note: Option<String>,
    /// Where its rule is, for renderers that show the source line.
    #[serde(skip)]
    pub rule_loc: Option<Loc>,
    /// What the verdict depends on.
    pub causes: Vec<CauseView>,
    /// At risk: values of the undecided terms under which the red line is crossed.
    pub witness: BTreeMap<String, ValueView>,
}

impl Explanation {
    /// Whether the finding rests on an analyst's reading, not the party's own words.
    pub fn on_analysis(&self) -> bool {
        self.basis == Some(Basis::Analysis)
    }
}

/// The statement an analyst's reading reads: the party's words, as worded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReadView {
    /// `party/id` of the statement red line.
    pub red_line: String,
    /// Its `about`.
    pub about: String,
    /// Whether it forbids or requires its rule.
    pub polarity: Polarity,
    /// Its rule, as written.
    pub rule: String,
    /// Its `when`, as written.
    pub when: Option<String>,
    /// When the words were said.
    pub stated: Option<Date>,
    /// The source it is quoted from.
    pub source: Option<SourceView>,
    /// The party's words.
    pub quote: Option<String>,
    /// Where the statement is defined.
    pub location: LocView,
}

/// A clause of a plan, as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClauseView {
    /// The clause's id.
    pub id: String,
    /// Its text.
    pub text: String,
    /// Where it is.
    pub location: LocView,
    /// What it sets, term by term.
    pub sets: Vec<(String, SettingView)>,
}

impl ClauseView {
    /// The clauses of `plan`, in order.
    pub fn all(ws: &Workspace, plan: &Plan) -> Vec<ClauseView> {
        plan.clauses
            .iter()
            .map(|c| ClauseView {
                id: c.id.clone(),
                text: c.text.clone(),
                location: LocView::new(ws, c.loc),
                sets: c
                    .set
                    .iter()
                    .map(|(t, s)| {
                        let term = ws.rules.vocab.get(*t);
                        (term.id.clone(), SettingView::of(term, &s.value))
                    })
                    .collect(),
            })
            .collect()
    }
}

/// A party, named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartyView {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// `check` as data: each plan's report, and the party × plan grid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckView {
    /// The plans, in the order given.
    pub plans: Vec<PlanView>,
    /// The parties whose red lines count, in `parties.toml` order.
    pub parties: Vec<PartyView>,
    /// Each party's overall verdict on each plan.
    pub matrix: super::Matrix,
    /// For each plan, its party × clause grid (`redline matrix PLAN` gives
    /// it as JSON), when the report draws them (HTML): see
    /// [`CheckView::draw_grids`]. A grid has a cell per party and clause,
    /// so it is made only for a report that shows it.
    #[serde(skip)]
    pub grids: Vec<super::Matrix>,
    /// For each plan, its conflict graph, when the report draws them (HTML).
    #[serde(skip)]
    pub graphs: Vec<super::GraphView>,
    /// Every party's verdict on every plan over time, when the report draws
    /// it (HTML) and the red lines carry dates (`redline timeline` gives it
    /// as JSON).
    #[serde(skip)]
    pub over_time: Option<super::TimelineView>,
}

/// `check` of `plans` (each with its report) for `parties` (empty: all).
///
/// The party × clause grids are left empty: a report that draws them
/// (HTML) adds them with [`CheckView::draw_grids`].
pub fn check_view(
    ws: &Workspace,
    plans: &[(&Plan, &Report)],
    parties: &[crate::model::PartyId],
) -> CheckView {
    let matrix = super::matrix_plans(ws, plans, parties);
    let party_ids: Vec<crate::model::PartyId> = if parties.is_empty() {
        ws.rules.party_ids().collect()
    } else {
        parties.to_vec()
    };
    CheckView {
        plans: plans.iter().map(|(p, r)| explain_plan(ws, p, r)).collect(),
        parties: party_ids
            .iter()
            .map(|p| {
                let party = ws.rules.party(*p);
                PartyView {
                    id: party.id.clone(),
                    name: super::text(&party.name),
                }
            })
            .collect(),
        matrix,
        grids: Vec::new(),
        graphs: Vec::new(),
        over_time: None,
    }
}

impl CheckView {
    /// Add each plan's party × clause grid, for a report that draws them
    /// (HTML); `plans` and `parties` as given to [`check_view`].
    pub fn draw_grids(
        &mut self,
        ws: &Workspace,
        plans: &[(&Plan, &Report)],
        parties: &[crate::model::PartyId],
    ) {
        self.grids = plans
            .iter()
            .map(|(p, r)| super::matrix_clauses(ws, p, r, parties))
            .collect();
    }
}

/// A plan's report, explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanView {
    /// The plan's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its file.
    pub file: String,
    /// Who signs it.
    pub signatories: Vec<String>,
    /// Its clauses, as written.
    pub clauses: Vec<ClauseView>,
    /// Whether no party vetoes it.
    pub acceptable: bool,
    /// The parties that veto it.
    pub vetoed_by: Vec<String>,
    /// The parties of `vetoed_by` whose every veto rests on an analyst's
    /// reading (`basis = "analysis"`), not on their own words.
    pub vetoed_on_analysis: Vec<String>,
    /// Its findings, counted.
    pub counts: Counts,
    /// Every finding that is not satisfied, in party order.
    pub findings: Vec<Explanation>,
}

/// What `explain` explains.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    /// One clause, and every finding that blames it.
    Clause {
        /// The clause's id.
        id: String,
        /// Its text.
        text: String,
        /// Where it is.
        location: LocView,
        /// What it sets, term by term.
        sets: Vec<(String, SettingView)>,
    },
    /// One party, and every red line of it in force, satisfied or not.
    Party {
        /// The party's id.
        id: String,
        /// Its name.
        name: String,
        /// Whether it accepts the plan (vetoes nothing).
        acceptable: bool,
    },
}

/// `explain` as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExplainView {
    /// The plan's id.
    pub plan: String,
    /// What is explained.
    pub subject: Subject,
    /// The plan's clauses, as written.
    pub clauses: Vec<ClauseView>,
    /// The findings: for a clause, those that blame it; for a party, all of its own.
    pub findings: Vec<Explanation>,
}

/// The text of an expression string as written in the TOML file.
pub(super) fn expr_text(ws: &Workspace, loc: Loc) -> String {
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

fn cause_view(ws: &Workspace, plan: &Plan, c: &Cause) -> CauseView {
    let term = ws.rules.vocab.get(c.term());
    let base = |kind| CauseView {
        kind,
        term: term.id.clone(),
        clause: None,
        value: None,
        status_quo: None,
        location: None,
    };
    match c {
        Cause::Clause { clause, term: tid } => {
            let cl = plan.clause_at(*clause);
            let setting = cl
                .and_then(|cl| cl.set.iter().find(|(t, _)| t == tid))
                .map(|(_, s)| s);
            CauseView {
                clause: cl.map(|c| c.id.clone()),
                value: setting.map(|s| SettingView::of(term, &s.value)),
                location: setting.map(|s| LocView::new(ws, s.loc)),
                ..base(CauseKind::Clause)
            }
        }
        Cause::Silence { status_quo, .. } => CauseView {
            status_quo: Some(ValueView::of(term, *status_quo)),
            ..base(CauseKind::Silence)
        },
        Cause::Open { .. } => base(CauseKind::Open),
        Cause::Signatories { value, .. } => CauseView {
            value: Some(SettingView::One(ValueView::of(term, *value))),
            ..base(CauseKind::Signatories)
        },
    }
}

fn clause_names(plan: &Plan, clauses: &[ClauseId]) -> Vec<String> {
    clauses
        .iter()
        .filter_map(|c| plan.clause_at(*c))
        .map(|c| c.id.clone())
        .collect()
}

/// Explain one finding of `plan`.
pub fn explain(ws: &Workspace, plan: &Plan, f: &Finding) -> Explanation {
    let rules = &ws.rules;
    let party = rules.party(f.party);
    let mut e = Explanation {
        party: party.id.clone(),
        party_name: super::text(&party.name),
        kind: FindingKindView::RedLine,
        verdict: f.verdict,
        severity: f.severity,
        clauses: clause_names(plan, &f.clauses()),
        about: String::new(),
        consent: None,
        red_line: None,
        member: None,
        polarity: None,
        rule: None,
        when: None,
        since: None,
        stated: None,
        until: None,
        basis: None,
        source: None,
        quote: None,
        location: None,
        reads: None,
        readings: Vec::new(),
        note: None,
        rule_loc: None,
        causes: f.causes.iter().map(|c| cause_view(ws, plan, c)).collect(),
        witness: f
            .witness
            .iter()
            .map(|(t, v)| {
                let term = rules.vocab.get(*t);
                (term.id.clone(), ValueView::of(term, *v))
            })
            .collect(),
    };
    match &f.kind {
        FindingKind::Consent { clause, term } => {
            let t = rules.vocab.get(*term);
            e.kind = FindingKindView::Consent;
            e.consent = Some(ConsentView {
                term: t.id.clone(),
                clause: plan
                    .clause_at(*clause)
                    .map_or_else(String::new, |c| c.id.clone()),
                restates_status_quo: f.severity == Severity::Objection,
                status_quo: t.default.map(|d| ValueView::of(t, d)),
            });
        }
        FindingKind::RedLine(ri) | FindingKind::Consensus { red_line: ri, .. } => {
            if let FindingKind::Consensus { member, .. } = &f.kind {
                e.kind = FindingKindView::Consensus;
                e.member = Some(rules.party(*member).id.clone());
            }
            let r = rules.red_line(*ri);
            let owner = rules.party(r.party);
            e.red_line = Some(format!("{}/{}", owner.id, r.id));
            e.about = super::text(&r.about);
            e.polarity = Some(r.polarity);
            e.rule = Some(expr_text(ws, r.rule.loc));
            e.rule_loc = Some(r.rule.loc);
            e.when = r.when.as_ref().map(|w| expr_text(ws, w.loc));
            e.since = r.start();
            e.stated = r.stated;
            e.until = r.until;
            e.basis = Some(r.basis);
            e.quote = r.quote.as_ref().map(|q| super::text(&q.value));
            e.location = Some(LocView::new(ws, r.loc));
            e.source = r.source.map(|s| SourceView::of(rules.source(s)));
            e.note = (!r.note.is_empty()).then(|| super::text(&r.note));
            e.reads = r.reads.map(|x| {
                let t = rules.red_line(x);
                ReadView {
                    red_line: format!("{}/{}", rules.party(t.party).id, t.id),
                    about: super::text(&t.about),
                    polarity: t.polarity,
                    rule: expr_text(ws, t.rule.loc),
                    when: t.when.as_ref().map(|w| expr_text(ws, w.loc)),
                    stated: t.stated.or(t.since),
                    source: t.source.map(|s| SourceView::of(rules.source(s))),
                    quote: t.quote.as_ref().map(|q| super::text(&q.value)),
                    location: LocView::new(ws, t.loc),
                }
            });
            e.readings = r
                .read_by
                .iter()
                .map(|x| {
                    let t = rules.red_line(*x);
                    format!("{}/{}", rules.party(t.party).id, t.id)
                })
                .collect();
        }
    }
    e
}

/// Explain a plan's report: verdict, counts and every finding that is not satisfied.
pub fn explain_plan(ws: &Workspace, plan: &Plan, report: &Report) -> PlanView {
    let name = |p: &crate::model::PartyId| ws.rules.party(*p).id.clone();
    let vetoed_by = report.vetoed_by();
    PlanView {
        id: plan.id.clone(),
        title: plan.title.clone(),
        file: ws.files.get(plan.file).name.clone(),
        signatories: plan.parties.iter().map(name).collect(),
        clauses: ClauseView::all(ws, plan),
        acceptable: report.acceptable(),
        vetoed_by: vetoed_by.iter().map(name).collect(),
        vetoed_on_analysis: vetoed_by
            .iter()
            .filter(|p| {
                report
                    .findings
                    .iter()
                    .filter(|f| f.party == **p && f.is_veto())
                    .all(|f| f.on_analysis(&ws.rules))
            })
            .map(name)
            .collect(),
        counts: Counts::of(report),
        findings: report.problems().map(|f| explain(ws, plan, f)).collect(),
    }
}

impl ExplainView {
    /// Every finding of `report` that blames clause `clause` of `plan`.
    pub fn clause(ws: &Workspace, plan: &Plan, clause: ClauseId, report: &Report) -> ExplainView {
        let c = plan.clause_at(clause);
        ExplainView {
            plan: plan.id.clone(),
            clauses: ClauseView::all(ws, plan),
            subject: Subject::Clause {
                id: c.map_or_else(String::new, |c| c.id.clone()),
                text: c.map_or_else(String::new, |c| c.text.clone()),
                location: LocView::new(ws, c.map_or(plan.loc, |c| c.loc)),
                sets: c
                    .map(|c| {
                        c.set
                            .iter()
                            .map(|(t, s)| {
                                let term = ws.rules.vocab.get(*t);
                                (term.id.clone(), SettingView::of(term, &s.value))
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            },
            findings: report
                .problems()
                .filter(|f| f.clauses().contains(&clause))
                .map(|f| explain(ws, plan, f))
                .collect(),
        }
    }

    /// Every red line of `party` in force, satisfied or not, as `report` found it.
    pub fn party(
        ws: &Workspace,
        plan: &Plan,
        party: crate::model::PartyId,
        report: &Report,
    ) -> ExplainView {
        let p = ws.rules.party(party);
        ExplainView {
            plan: plan.id.clone(),
            clauses: ClauseView::all(ws, plan),
            subject: Subject::Party {
                id: p.id.clone(),
                name: super::text(&p.name),
                acceptable: report.acceptable(),
            },
            findings: report
                .findings
                .iter()
                .filter(|f| f.party == party)
                .map(|f| explain(ws, plan, f))
                .collect(),
        }
    }
}
