//! `diff` as data: the terms two drafts decide differently, and the
//! findings gained and lost, clause by clause.

use super::{explain, CauseKind, ConsentView, FindingKindView, SettingView, Verdicts};
use crate::check::Verdict;
use crate::completion::domain::Restriction;
use crate::model::Workspace;
use crate::model::{ClauseId, Plan, Severity, TermId};
use crate::solve::{Diff, DiffEntry};
use serde::Serialize;

/// One draft, named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DraftRef {
    /// The plan's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its file.
    pub file: String,
}

/// How one draft decides a term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SideView {
    /// `clause` (the draft sets it), `silence` (status quo), `open`, or
    /// `signatories` (a `signed_by` term).
    pub kind: CauseKind,
    /// The value, or the options.
    pub value: Option<SettingView>,
    /// The clauses that set it.
    pub clauses: Vec<String>,
}

/// A term the drafts decide differently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SettingDiffView {
    /// The term.
    pub term: String,
    /// How the first draft decides it.
    pub a: SideView,
    /// How the second does.
    pub b: SideView,
}

/// One finding that changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffEntryView {
    /// Whose finding it is.
    pub party: String,
    /// What it is about.
    pub kind: FindingKindView,
    /// `party/id` of the red line (not for consent).
    pub red_line: Option<String>,
    /// For `consensus`: the member whose red line it is.
    pub member: Option<String>,
    /// How much it weighs.
    pub severity: Severity,
    /// The red line's `about` (empty for consent).
    pub about: String,
    /// For `consent`: the term and the clause.
    pub consent: Option<ConsentView>,
    /// The verdict in the first draft (`satisfied` when it had no such finding).
    pub before: Verdict,
    /// The verdict in the second.
    pub after: Verdict,
}

/// Findings that changed, under the clauses they are about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffGroup {
    /// Clause ids (in the draft where the findings are worse); empty for
    /// findings that rest on what the draft leaves unsaid.
    pub clauses: Vec<String>,
    /// The findings.
    pub findings: Vec<DiffEntryView>,
}

/// `diff` as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffView {
    /// The earlier draft.
    pub a: DraftRef,
    /// The later draft.
    pub b: DraftRef,
    /// The earlier draft's verdicts.
    pub before: Verdicts,
    /// The later draft's verdicts.
    pub after: Verdicts,
    /// Terms the drafts decide differently.
    pub settings: Vec<SettingDiffView>,
    /// Findings of `a` that `b` removes or softens, clause by clause of `a`.
    pub lost: Vec<DiffGroup>,
    /// Findings `b` adds or makes worse, clause by clause of `b`.
    pub gained: Vec<DiffGroup>,
}

fn side(ws: &Workspace, plan: &Plan, t: TermId, r: &Restriction) -> SideView {
    let term = ws.rules.vocab.get(t);
    let one = |v| Some(SettingView::One(super::ValueView::of(term, v)));
    match r {
        Restriction::Set { clauses, options } => SideView {
            kind: CauseKind::Clause,
            value: Some(SettingView::options(term, options)),
            clauses: clauses
                .iter()
                .filter_map(|c| plan.clause_at(*c))
                .map(|c| c.id.clone())
                .collect(),
        },
        Restriction::StatusQuo(v) => SideView {
            kind: CauseKind::Silence,
            value: one(*v),
            clauses: Vec::new(),
        },
        Restriction::Open => SideView {
            kind: CauseKind::Open,
            value: None,
            clauses: Vec::new(),
        },
        Restriction::Signatories(v) => SideView {
            kind: CauseKind::Signatories,
            value: one(*v),
            clauses: Vec::new(),
        },
    }
}

fn entry_view(ws: &Workspace, a: &Plan, b: &Plan, e: &DiffEntry) -> DiffEntryView {
    let rank = |f: &Option<crate::check::Finding>| f.as_ref().map_or(0, |f| f.verdict as u8 + 1);
    let (plan, f) = if rank(&e.after) > rank(&e.before) {
        (b, e.after.as_ref())
    } else {
        (a, e.before.as_ref())
    };
    let explained = f.map(|f| explain(ws, plan, f));
    let verdict =
        |x: &Option<crate::check::Finding>| x.as_ref().map_or(Verdict::Satisfied, |f| f.verdict);
    DiffEntryView {
        party: ws.rules.party(e.party).id.clone(),
        kind: explained
            .as_ref()
            .map_or(FindingKindView::RedLine, |x| x.kind),
        red_line: explained.as_ref().and_then(|x| x.red_line.clone()),
        member: explained.as_ref().and_then(|x| x.member.clone()),
        severity: explained.as_ref().map_or(Severity::Veto, |x| x.severity),
        about: explained
            .as_ref()
            .map(|x| super::text(&x.about))
            .unwrap_or_default(),
        consent: explained.and_then(|x| x.consent),
        before: verdict(&e.before),
        after: verdict(&e.after),
    }
}

fn groups(ws: &Workspace, a: &Plan, b: &Plan, entries: &[DiffEntry], in_b: bool) -> Vec<DiffGroup> {
    let plan = if in_b { b } else { a };
    // Order: by the first clause in plan order; silence last.
    let mut keyed: Vec<(Vec<ClauseId>, DiffEntryView)> = entries
        .iter()
        .map(|e| (e.clauses(), entry_view(ws, a, b, e)))
        .collect();
    keyed.sort_by_key(|(cs, _)| (cs.is_empty(), cs.clone()));
    let mut out: Vec<DiffGroup> = Vec::new();
    let mut last: Option<Vec<ClauseId>> = None;
    for (cs, v) in keyed {
        if last.as_ref() != Some(&cs) {
            out.push(DiffGroup {
                clauses: cs
                    .iter()
                    .filter_map(|c| plan.clause_at(*c))
                    .map(|c| c.id.clone())
                    .collect(),
                findings: Vec::new(),
            });
            last = Some(cs);
        }
        if let Some(g) = out.last_mut() {
            g.findings.push(v);
        }
    }
    out
}

/// A diff of draft `a` against draft `b`.
pub fn diff_view(ws: &Workspace, a: &Plan, b: &Plan, d: &Diff) -> DiffView {
    let draft = |p: &Plan| DraftRef {
        id: p.id.clone(),
        title: p.title.clone(),
        file: ws.files.get(p.file).name.clone(),
    };
    DiffView {
        a: draft(a),
        b: draft(b),
        before: Verdicts::of(ws, &d.before),
        after: Verdicts::of(ws, &d.after),
        settings: d
            .settings
            .iter()
            .map(|s| SettingDiffView {
                term: ws.rules.vocab.get(s.term).id.clone(),
                a: side(ws, a, s.term, &s.a),
                b: side(ws, b, s.term, &s.b),
            })
            .collect(),
        lost: groups(ws, a, b, &d.lost, false),
        gained: groups(ws, a, b, &d.gained, true),
    }
}
