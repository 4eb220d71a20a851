//! `amend` as data: the smallest amendment, or the conflict and who would
//! have to yield.

use super::{explain_plan, LocView, PlanView, SettingView, ValueView, Verdicts};
use crate::model::Workspace;
use crate::model::{ClauseId, Plan, Polarity, TermId};
use crate::solve::{AmendOutcome, AmendResult, Amendment, Change, Demand};
use serde::Serialize;

/// What a change does to a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Clauses that set the term set it to another value.
    Set,
    /// A new clause sets a term the plan was silent on.
    Add,
    /// Clauses stop setting a term whose owner does not sign.
    Drop,
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangeView {
    /// What the change does.
    pub kind: ChangeKind,
    /// The term changed.
    pub term: String,
    /// The clauses changed (for `add`: the new clause).
    pub clauses: Vec<String>,
    /// What the clauses set before (`set`, `drop`).
    pub from: Option<SettingView>,
    /// The new value (`set`, `add`).
    pub to: Option<ValueView>,
    /// The term's status quo (`add`, `drop`); absent when the term has none.
    pub status_quo: Option<ValueView>,
    /// For `drop`: the owner whose consent the setting lacked (the first of
    /// `owners`).
    pub owner: Option<String>,
    /// For `drop`: every owner of the term who has not signed the plan
    /// (empty for other changes).
    pub owners: Vec<String>,
    /// Where the changed setting is in the plan file.
    pub location: Option<LocView>,
}

/// What a demand of a conflict is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DemandKind {
    /// A party's red line.
    RedLine,
    /// A party's consent to a term it owns.
    Consent,
}

/// A red line or a consent that takes part in a conflict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemandView {
    /// What it is.
    pub kind: DemandKind,
    /// Whose it is.
    pub party: String,
    /// The party's name.
    pub party_name: String,
    /// `party/id`, for a red line.
    pub red_line: Option<String>,
    /// For consent: the term the owner decides.
    pub term: Option<String>,
    /// The red line's `about`; empty for consent.
    pub about: String,
    /// Whether the red line forbids or requires its rule.
    pub polarity: Option<Polarity>,
    /// The red line's rule, as written.
    pub rule: Option<String>,
    /// Where the red line (or the owned term) is defined.
    pub location: Option<LocView>,
}

/// An amendment with the verdicts after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AmendmentView {
    /// The changes, in term order.
    pub changes: Vec<ChangeView>,
    /// The clause added for new settings, if any.
    pub added_clause: Option<String>,
    /// The amended plan's report.
    pub after: PlanView,
}

/// `amend` as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AmendView {
    /// The plan's id.
    pub plan: String,
    /// Its title.
    pub title: String,
    /// Its file.
    pub file: String,
    /// The parties whose red lines count (empty: every party).
    pub parties: Vec<String>,
    /// Clauses kept as they are.
    pub kept: Vec<String>,
    /// The plan's clauses as they stand, before any change.
    pub draft: Vec<super::ClauseView>,
    /// The plan's verdicts as it stands.
    pub before: Verdicts,
    /// Whether some amendment leaves no veto. When `optimal` is false, whether
    /// one was found before the time limit (one may exist unless
    /// `lower_bound` is above 0).
    pub amendable: bool,
    /// Whether the answer is proved: the fewest red lines to yield, then the
    /// fewest changes. `false` when `--time-limit` cut the search short:
    /// the answer is then the best found so far.
    pub optimal: bool,
    /// Red lines (and consents) that must yield for any amendment, at least:
    /// proved (0 when an amendment leaves no veto).
    pub lower_bound: usize,
    /// The smallest amendment, when one exists.
    pub amendment: Option<AmendmentView>,
    /// When none exists: red lines (and consents) that no plan respects together.
    pub conflict: Vec<DemandView>,
    /// When none exists: the fewest of them whose parties would have to yield.
    pub correction: Vec<DemandView>,
    /// The smallest amendment once they yield.
    pub after_yield: Option<AmendmentView>,
    /// Where the amended plan was written, if it was.
    pub written: Option<String>,
    /// The id of the copy written with `--out` (the original keeps its own).
    pub written_as: Option<String>,
    /// Whether a write was asked for but no amendment exists, so nothing was written.
    pub write_skipped: bool,
    /// When `--write --force` replaced a plan with other hard links: how
    /// many, which keep the old text.
    pub links_kept_old: Option<u64>,
}

fn clause_names(plan: &Plan, clauses: &[ClauseId]) -> Vec<String> {
    clauses
        .iter()
        .filter_map(|c| plan.clause_at(*c))
        .map(|c| c.id.clone())
        .collect()
}

fn setting_loc(ws: &Workspace, plan: &Plan, clauses: &[ClauseId], t: TermId) -> Option<LocView> {
    clauses
        .first()
        .and_then(|c| plan.clause_at(*c))
        .and_then(|c| c.set.iter().find(|(x, _)| *x == t))
        .map(|(_, s)| LocView::new(ws, s.loc))
}

/// One change, against the original plan.
pub(super) fn change_view(ws: &Workspace, plan: &Plan, a: &Amendment, ch: &Change) -> ChangeView {
    let rules = &ws.rules;
    let term = rules.vocab.get(ch.term());
    let base = |kind| ChangeView {
        kind,
        term: term.id.clone(),
        clauses: Vec::new(),
        from: None,
        to: None,
        status_quo: None,
        owner: None,
        owners: Vec::new(),
        location: None,
    };
    match ch {
        Change::Set {
            term: t,
            clauses,
            from,
            to,
        } => ChangeView {
            clauses: clause_names(plan, clauses),
            from: Some(SettingView::of(term, from)),
            to: Some(ValueView::of(term, *to)),
            location: setting_loc(ws, plan, clauses, *t),
            ..base(ChangeKind::Set)
        },
        Change::Add {
            value, status_quo, ..
        } => ChangeView {
            clauses: a.added_clause.iter().cloned().collect(),
            to: Some(ValueView::of(term, *value)),
            status_quo: status_quo.map(|v| ValueView::of(term, v)),
            ..base(ChangeKind::Add)
        },
        Change::Drop {
            term: t,
            clauses,
            from,
            owners,
            status_quo,
        } => ChangeView {
            clauses: clause_names(plan, clauses),
            from: Some(SettingView::of(term, from)),
            status_quo: status_quo.map(|v| ValueView::of(term, v)),
            owner: owners.first().map(|o| rules.party(*o).id.clone()),
            owners: owners.iter().map(|o| rules.party(*o).id.clone()).collect(),
            location: setting_loc(ws, plan, clauses, *t),
            ..base(ChangeKind::Drop)
        },
    }
}

/// A demand of a conflict.
pub(super) fn demand_view(ws: &Workspace, d: &Demand) -> DemandView {
    let rules = &ws.rules;
    let party = rules.party(d.party(rules));
    match d {
        Demand::RedLine(r) => {
            let rl = rules.red_line(*r);
            DemandView {
                kind: DemandKind::RedLine,
                party: party.id.clone(),
                party_name: super::text(&party.name),
                red_line: Some(format!("{}/{}", rules.party(rl.party).id, rl.id)),
                term: None,
                about: super::text(&rl.about),
                polarity: Some(rl.polarity),
                rule: Some(super::check::expr_text(ws, rl.rule.loc)),
                location: Some(LocView::new(ws, rl.loc)),
            }
        }
        Demand::Consent { term, .. } => {
            let t = rules.vocab.get(*term);
            DemandView {
                kind: DemandKind::Consent,
                party: party.id.clone(),
                party_name: super::text(&party.name),
                red_line: None,
                term: Some(t.id.clone()),
                about: String::new(),
                polarity: None,
                rule: None,
                location: Some(LocView::new(ws, t.loc)),
            }
        }
    }
}

fn amendment_view(ws: &Workspace, plan: &Plan, a: &Amendment) -> AmendmentView {
    AmendmentView {
        changes: a
            .changes
            .iter()
            .map(|c| change_view(ws, plan, a, c))
            .collect(),
        added_clause: a.added_clause.clone(),
        after: explain_plan(ws, &a.plan, &a.report),
    }
}

/// What `amend` found for `plan`, weighing the red lines of `parties`
/// (empty: every party) and keeping the clauses `kept`.
pub fn amend_view(
    ws: &Workspace,
    plan: &Plan,
    result: &AmendResult,
    parties: &[crate::model::PartyId],
    kept: &[ClauseId],
) -> AmendView {
    let mut v = AmendView {
        plan: plan.id.clone(),
        title: plan.title.clone(),
        file: ws.files.get(plan.file).name.clone(),
        parties: parties
            .iter()
            .map(|p| ws.rules.party(*p).id.clone())
            .collect(),
        kept: clause_names(plan, kept),
        draft: super::ClauseView::all(ws, plan),
        before: Verdicts::of(ws, &result.before),
        amendable: false,
        optimal: result.optimal,
        lower_bound: result.lower_bound,
        amendment: None,
        conflict: Vec::new(),
        correction: Vec::new(),
        after_yield: None,
        written: None,
        written_as: None,
        write_skipped: false,
        links_kept_old: None,
    };
    match &result.outcome {
        AmendOutcome::Amended(a) => {
            v.amendable = true;
            v.amendment = Some(amendment_view(ws, plan, a));
        }
        AmendOutcome::Impossible(i) => {
            v.conflict = i.core.iter().map(|c| demand_view(ws, c)).collect();
            v.correction = i.correction.iter().map(|c| demand_view(ws, c)).collect();
            v.after_yield = i.after_yield.as_ref().map(|a| amendment_view(ws, plan, a));
        }
    }
    v
}
