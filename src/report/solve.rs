//! Amendments and the agreement space → views (plain data), then human,
//! JSON and markdown.

use super::diagnostics::plural;
use super::explain::{explain, explain_plan, LocView, PlanView};
use crate::check::{Finding, FindingKind, Report, Verdict};
use crate::load::Workspace;
use crate::model::{ClauseId, Plan, Setting, Severity, TermId, Value};
use crate::solve::{
    AgreementSpace, AmendOutcome, AmendResult, Amendment, Change, Count, Demand, TermSpace,
};
use serde::Serialize;
use std::collections::BTreeMap;

/// A plan's verdict in brief.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdicts {
    pub acceptable: bool,
    pub vetoed_by: Vec<String>,
    pub counts: BTreeMap<&'static str, usize>,
}

impl Verdicts {
    fn of(v: &PlanView) -> Verdicts {
        Verdicts {
            acceptable: v.acceptable,
            vetoed_by: v.vetoed_by.clone(),
            counts: v.counts.clone(),
        }
    }
    /// One line: "vetoed by russia (2 vetoes, ...)" or "no party vetoes (...)".
    pub fn line(&self) -> String {
        let c = |k: &str| self.counts.get(k).copied().unwrap_or(0);
        let counts = format!(
            "{}, {}, {} at risk, {} satisfied",
            plural(c("vetoes"), "veto"),
            plural(c("objections"), "objection"),
            c("at_risk"),
            c("satisfied")
        );
        if self.acceptable {
            format!("no party vetoes ({counts})")
        } else {
            format!("vetoed by {} ({counts})", self.vetoed_by.join(", "))
        }
    }
}

/// One change, in words and as data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeView {
    /// `set`, `add` or `drop`.
    pub kind: &'static str,
    pub term: String,
    /// The clauses changed (for `add`: the new clause).
    pub clauses: Vec<String>,
    /// What the clauses set before (`set`, `drop`): a value or the options.
    pub from: Option<serde_json::Value>,
    /// The new value (`set`, `add`).
    pub to: Option<String>,
    /// The term's status quo (`add`, `drop`); absent when the term has none.
    pub status_quo: Option<String>,
    /// For `drop`: the owner whose consent the setting lacked.
    pub owner: Option<String>,
    /// Where the changed setting is in the plan file.
    pub location: Option<LocView>,
    /// The change as one line: "clause `7`: `nato.enlargement` `halted` → `open_door`".
    pub text: String,
}

/// A red line or a consent that takes part in a conflict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemandView {
    /// `red_line` or `consent`.
    pub kind: &'static str,
    pub party: String,
    pub party_name: String,
    /// `party/id`, for a red line.
    pub red_line: Option<String>,
    /// For consent: the term the owner decides.
    pub term: Option<String>,
    pub about: String,
    pub rule: Option<String>,
    pub location: Option<LocView>,
    /// One line: "russia/no-nato-expansion: require nato.enlargement == 'halted'".
    pub text: String,
}

/// An amendment with the verdicts after it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AmendmentView {
    pub changes: Vec<ChangeView>,
    /// The clause added for new settings, if any.
    pub added_clause: Option<String>,
    pub after: PlanView,
}

/// `redline amend` as data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AmendView {
    pub plan: String,
    pub title: String,
    pub file: String,
    /// The parties whose red lines count (empty: every party).
    pub parties: Vec<String>,
    /// Clauses kept as they are.
    pub kept: Vec<String>,
    pub before: Verdicts,
    /// Whether some amendment leaves no veto.
    pub amendable: bool,
    pub amendment: Option<AmendmentView>,
    /// When none exists: red lines (and consents) that no plan respects together.
    pub conflict: Vec<DemandView>,
    /// When none exists: the fewest of them whose parties would have to yield.
    pub correction: Vec<DemandView>,
    /// The smallest amendment once they yield.
    pub after_yield: Option<AmendmentView>,
    /// Where the amended plan was written, if it was.
    pub written: Option<String>,
}

fn show_setting(ws: &Workspace, t: TermId, s: &Setting) -> (serde_json::Value, String) {
    let term = ws.rules.vocab.get(t);
    match s {
        Setting::Fixed(v) => (
            serde_json::Value::String(term.show(*v)),
            format!("`{}`", term.show(*v)),
        ),
        Setting::OneOf(vs) => (
            serde_json::Value::Array(
                vs.iter()
                    .map(|v| serde_json::Value::String(term.show(*v)))
                    .collect(),
            ),
            format!(
                "one of {}",
                vs.iter()
                    .map(|v| format!("`{}`", term.show(*v)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
    }
}

fn clause_ids(plan: &Plan, clauses: &[ClauseId]) -> Vec<String> {
    clauses
        .iter()
        .filter_map(|c| plan.clause_at(*c))
        .map(|c| c.id.clone())
        .collect()
}

fn clauses_phrase(ids: &[String]) -> String {
    let quoted: Vec<String> = ids.iter().map(|c| format!("`{c}`")).collect();
    if quoted.len() == 1 {
        format!("clause {}", quoted.join(""))
    } else {
        format!("clauses {}", quoted.join(", "))
    }
}

fn setting_loc(ws: &Workspace, plan: &Plan, clauses: &[ClauseId], t: TermId) -> Option<LocView> {
    clauses
        .first()
        .and_then(|c| plan.clause_at(*c))
        .and_then(|c| c.set.iter().find(|(x, _)| *x == t))
        .map(|(_, s)| LocView::new(ws, s.loc))
}

/// One change, explained against the original plan.
pub fn change_view(ws: &Workspace, plan: &Plan, a: &Amendment, ch: &Change) -> ChangeView {
    let rules = &ws.rules;
    let term = rules.vocab.get(ch.term());
    match ch {
        Change::Set {
            term: t,
            clauses,
            from,
            to,
        } => {
            let ids = clause_ids(plan, clauses);
            let (from_json, from_text) = show_setting(ws, *t, from);
            ChangeView {
                kind: "set",
                term: term.id.clone(),
                text: format!(
                    "{}: `{}` {from_text} → `{}`",
                    clauses_phrase(&ids),
                    term.id,
                    term.show(*to)
                ),
                clauses: ids,
                from: Some(from_json),
                to: Some(term.show(*to)),
                status_quo: None,
                owner: None,
                location: setting_loc(ws, plan, clauses, *t),
            }
        }
        Change::Add {
            value, status_quo, ..
        } => {
            let new = a.added_clause.clone().unwrap_or_default();
            let before = match status_quo {
                Some(v) => format!("the status quo was `{}`", term.show(*v)),
                None => "the term was open".to_string(),
            };
            ChangeView {
                kind: "add",
                term: term.id.clone(),
                text: format!(
                    "add: `{}` = `{}` (in new clause `{new}`; {before})",
                    term.id,
                    term.show(*value)
                ),
                clauses: vec![new],
                from: None,
                to: Some(term.show(*value)),
                status_quo: status_quo.map(|v| term.show(v)),
                owner: None,
                location: None,
            }
        }
        Change::Drop {
            term: t,
            clauses,
            from,
            owner,
            status_quo,
        } => {
            let ids = clause_ids(plan, clauses);
            let (from_json, from_text) = show_setting(ws, *t, from);
            let owner_id = rules.party(*owner).id.clone();
            let after = match status_quo {
                Some(v) => format!("back to the status quo `{}`", term.show(*v)),
                None => "left open".to_string(),
            };
            ChangeView {
                kind: "drop",
                term: term.id.clone(),
                text: format!(
                    "{}: drop `{}` = {from_text} ({owner_id} decides it and has not signed; {after})",
                    clauses_phrase(&ids),
                    term.id
                ),
                clauses: ids,
                from: Some(from_json),
                to: None,
                status_quo: status_quo.map(|v| term.show(v)),
                owner: Some(owner_id),
                location: setting_loc(ws, plan, clauses, *t),
            }
        }
    }
}

/// A constraint of a conflict, explained.
pub fn demand_view(ws: &Workspace, plan: &Plan, c: &Demand) -> DemandView {
    let rules = &ws.rules;
    let party = rules.party(c.party(rules));
    match c {
        Demand::RedLine(r) => {
            let severity = Some(rules.red_line(*r)).map_or(Severity::Veto, |x| x.severity);
            let f = Finding {
                party: c.party(rules),
                kind: FindingKind::RedLine(*r),
                verdict: Verdict::Violated,
                severity,
                causes: Vec::new(),
                witness: Vec::new(),
            };
            let e = explain(ws, plan, &f);
            let name = e.red_line.clone().unwrap_or_default();
            let text = match &e.rule {
                Some(rule) => format!("{name}: {rule}"),
                None => name.clone(),
            };
            DemandView {
                kind: "red_line",
                party: party.id.clone(),
                party_name: party.name.clone(),
                red_line: e.red_line,
                term: None,
                about: e.about,
                rule: e.rule,
                location: e.location,
                text,
            }
        }
        Demand::Consent { term, .. } => {
            let t = rules.vocab.get(*term);
            DemandView {
                kind: "consent",
                party: party.id.clone(),
                party_name: party.name.clone(),
                red_line: None,
                term: Some(t.id.clone()),
                about: format!(
                    "`{}` is {}'s to decide, and {} does not sign the plan",
                    t.id, party.id, party.id
                ),
                rule: None,
                location: Some(LocView::new(ws, t.loc)),
                text: format!(
                    "{}'s consent: the plan may not decide `{}` without {}'s signature",
                    party.id, t.id, party.id
                ),
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

/// Explain what `amend` found.
pub fn amend_view(
    ws: &Workspace,
    plan: &Plan,
    result: &AmendResult,
    parties: &[String],
    kept: &[String],
) -> AmendView {
    let before = explain_plan(ws, plan, &result.before);
    let mut v = AmendView {
        plan: plan.id.clone(),
        title: plan.title.clone(),
        file: ws.files.get(plan.file).name.clone(),
        parties: parties.to_vec(),
        kept: kept.to_vec(),
        before: Verdicts::of(&before),
        amendable: false,
        amendment: None,
        conflict: Vec::new(),
        correction: Vec::new(),
        after_yield: None,
        written: None,
    };
    match &result.outcome {
        AmendOutcome::Amended(a) => {
            v.amendable = true;
            v.amendment = Some(amendment_view(ws, plan, a));
        }
        AmendOutcome::Impossible(i) => {
            v.conflict = i.core.iter().map(|c| demand_view(ws, plan, c)).collect();
            v.correction = i
                .correction
                .iter()
                .map(|c| demand_view(ws, plan, c))
                .collect();
            v.after_yield = i.after_yield.as_ref().map(|a| amendment_view(ws, plan, a));
        }
    }
    v
}

fn mark(verdict: &str, severity: &str) -> &'static str {
    match (verdict, severity) {
        ("violated", "veto") => "✗",
        ("violated", _) => "!",
        ("at_risk", _) => "?",
        _ => "·",
    }
}

fn remaining(after: &PlanView) -> String {
    let mut out = String::new();
    for e in &after.findings {
        let name = e
            .red_line
            .clone()
            .unwrap_or_else(|| format!("{}/consent", e.party));
        out.push_str(&format!(
            "  {} {} ({name})\n",
            mark(e.verdict, e.severity),
            e.headline
        ));
    }
    out
}

fn whose(v: &AmendView) -> String {
    if v.parties.is_empty() {
        "every party".to_string()
    } else {
        v.parties.join(", ")
    }
}

fn keeping(v: &AmendView) -> String {
    if v.kept.is_empty() {
        String::new()
    } else {
        format!(" that keeps {}", clauses_phrase(&v.kept))
    }
}

fn changes_human(a: &AmendmentView) -> String {
    let mut out = String::new();
    for c in &a.changes {
        out.push_str(&format!("  {}\n", c.text));
    }
    out
}

/// `redline amend` in human form.
pub fn render_amend_human(v: &AmendView, as_of: &str) -> String {
    let mut out = format!(
        "plan `{}`: {} ({})\nred lines of {} in force on {as_of}",
        v.plan,
        v.title,
        v.file,
        whose(v)
    );
    if !v.kept.is_empty() {
        out.push_str(&format!("; keeping {}", clauses_phrase(&v.kept)));
    }
    out.push_str(&format!("\n\nbefore: {}\n\n", v.before.line()));
    match &v.amendment {
        Some(a) if a.changes.is_empty() => {
            out.push_str("no change needed: no party vetoes the plan as it stands\n");
        }
        Some(a) => {
            out.push_str(&format!(
                "smallest amendment: {}\n",
                plural(a.changes.len(), "change")
            ));
            out.push_str(&changes_human(a));
            out.push_str(&format!(
                "\nafter the change: {}\n",
                Verdicts::of(&a.after).line()
            ));
            out.push_str(&remaining(&a.after));
        }
        None => {
            out.push_str("no amendment leaves every party without a veto\n\n");
            out.push_str(&format!(
                "no amendment of this plan{} respects all of these, and dropping any one of them would change that:\n",
                keeping(v)
            ));
            for c in &v.conflict {
                let at = c
                    .location
                    .as_ref()
                    .map(|l| format!(" ({l})"))
                    .unwrap_or_default();
                out.push_str(&format!("  ✗ {}{at}\n", c.text));
            }
            out.push_str(&format!(
                "\nfor a deal to exist, at least {} would have to yield (no smaller set will do):\n",
                if v.correction.len() == 1 {
                    "this".to_string()
                } else {
                    format!("these {}", v.correction.len())
                }
            ));
            for c in &v.correction {
                out.push_str(&format!("  - {}\n", c.text));
            }
            if v.correction.iter().any(|c| c.kind == "consent") {
                out.push_str("  (yielding a consent means that party signs the plan)\n");
            }
            if let Some(a) = &v.after_yield {
                out.push_str(&format!(
                    "\nif they yield, the smallest amendment is {}:\n",
                    plural(a.changes.len(), "change")
                ));
                out.push_str(&changes_human(a));
                out.push_str(&format!("\nafter it: {}\n", Verdicts::of(&a.after).line()));
                out.push_str(&remaining(&a.after));
            }
        }
    }
    if let Some(w) = &v.written {
        out.push_str(&format!("\nwrote the amended plan to {w}\n"));
    }
    out
}

/// `redline amend` in markdown.
pub fn render_amend_markdown(v: &AmendView, as_of: &str) -> String {
    let mut out = format!("## Amending `{}`: {}\n\n", v.plan, v.title);
    out.push_str(&format!(
        "File `{}`; red lines of {} in force on {as_of}",
        v.file,
        whose(v)
    ));
    if !v.kept.is_empty() {
        out.push_str(&format!("; keeping {}", clauses_phrase(&v.kept)));
    }
    out.push_str(&format!(".\n\n**Before:** {}.\n\n", v.before.line()));
    let changes_md = |a: &AmendmentView| {
        let mut s = String::new();
        for c in &a.changes {
            s.push_str(&format!("- {}\n", c.text));
        }
        s.push_str(&format!(
            "\n**After:** {}.\n",
            Verdicts::of(&a.after).line()
        ));
        for e in &a.after.findings {
            s.push_str(&format!(
                "- {} {}\n",
                mark(e.verdict, e.severity),
                e.headline
            ));
        }
        s
    };
    match &v.amendment {
        Some(a) if a.changes.is_empty() => {
            out.push_str("No change needed: no party vetoes the plan as it stands.\n")
        }
        Some(a) => {
            out.push_str(&format!(
                "### Smallest amendment: {}\n\n",
                plural(a.changes.len(), "change")
            ));
            out.push_str(&changes_md(a));
        }
        None => {
            out.push_str("**No amendment leaves every party without a veto.**\n\n");
            out.push_str(&format!("### Irreducible conflict\n\nNo amendment of this plan{} respects all of these; dropping any one would change that.\n\n", keeping(v)));
            for c in &v.conflict {
                out.push_str(&format!("- {}\n", c.text));
            }
            out.push_str("\n### Who would have to yield\n\nThe fewest red lines whose parties would have to yield for a deal to exist:\n\n");
            for c in &v.correction {
                out.push_str(&format!("- {}\n", c.text));
            }
            if v.correction.iter().any(|c| c.kind == "consent") {
                out.push_str("\nYielding a consent means that party signs the plan.\n");
            }
            if let Some(a) = &v.after_yield {
                out.push_str(&format!(
                    "\n### If they yield: {}\n\n",
                    plural(a.changes.len(), "change")
                ));
                out.push_str(&changes_md(a));
            }
        }
    }
    if let Some(w) = &v.written {
        out.push_str(&format!("\nWrote the amended plan to `{w}`.\n"));
    }
    out
}

// ------------------------------------------------------------------ space

/// One term's space, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TermSpaceView {
    pub term: String,
    /// Values (or runs of integers, `lo..=hi`) some acceptable plan gives it.
    pub possible: Vec<String>,
    /// Values no acceptable plan gives it.
    pub excluded: Vec<String>,
    /// The one value every acceptable plan gives it.
    pub forced: Option<String>,
}

/// `redline space` as data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpaceView {
    pub parties: Vec<String>,
    /// The veto red lines that count, as `party/id`.
    pub red_lines: Vec<String>,
    pub acceptable: bool,
    /// When no plan is acceptable: red lines no plan satisfies together.
    pub conflict: Vec<DemandView>,
    pub terms: Vec<TermSpaceView>,
    /// Terms no red line reads.
    pub free: Vec<String>,
    /// With `--count`: the number of acceptable combinations of `terms`, or
    /// null when there are too many to count exactly.
    pub count: Option<serde_json::Value>,
    /// With `--count`: whether `count` is exact.
    pub counted: Option<bool>,
}

fn span_text(ws: &Workspace, t: TermId, lo: Value, hi: Value) -> String {
    let term = ws.rules.vocab.get(t);
    if lo == hi {
        term.show(lo)
    } else {
        format!("{}..={}", term.show(lo), term.show(hi))
    }
}

fn term_space_view(ws: &Workspace, s: &TermSpace) -> TermSpaceView {
    let pick = |possible: bool| -> Vec<String> {
        s.spans
            .iter()
            .filter(|x| x.possible == possible)
            .map(|x| span_text(ws, s.term, x.lo, x.hi))
            .collect()
    };
    TermSpaceView {
        term: ws.rules.vocab.get(s.term).id.clone(),
        possible: pick(true),
        excluded: pick(false),
        forced: s.forced().map(|v| ws.rules.vocab.get(s.term).show(v)),
    }
}

/// Explain the agreement space.
pub fn space_view(ws: &Workspace, space: &AgreementSpace, parties: &[String]) -> SpaceView {
    let rules = &ws.rules;
    let dummy = Plan {
        id: String::new(),
        title: String::new(),
        date: None,
        parties: Vec::new(),
        source: None,
        clauses: Vec::new(),
        file: Default::default(),
        loc: Default::default(),
    };
    let (count, counted) = match space.count {
        None => (None, None),
        Some(Count::Exact(n)) => (
            Some(match u64::try_from(n) {
                Ok(small) => serde_json::Value::from(small),
                Err(_) => serde_json::Value::String(n.to_string()),
            }),
            Some(true),
        ),
        Some(Count::TooMany) => (Some(serde_json::Value::Null), Some(false)),
    };
    SpaceView {
        parties: parties.to_vec(),
        red_lines: space
            .red_lines
            .iter()
            .map(|r| rules.red_line(*r))
            .map(|r| format!("{}/{}", rules.party(r.party).id, r.id))
            .collect(),
        acceptable: space.acceptable,
        conflict: space
            .conflict
            .iter()
            .map(|r| demand_view(ws, &dummy, &Demand::RedLine(*r)))
            .collect(),
        terms: if space.acceptable {
            space.terms.iter().map(|s| term_space_view(ws, s)).collect()
        } else {
            Vec::new()
        },
        free: space
            .free
            .iter()
            .map(|t| rules.vocab.get(*t).id.clone())
            .collect(),
        count,
        counted,
    }
}

fn space_table(v: &SpaceView, markdown: bool) -> String {
    let mut t = super::matrix::grid(markdown);
    t.set_header(vec!["term", "possible", "excluded"]);
    for s in &v.terms {
        let possible = match &s.forced {
            Some(f) => format!("{f} (forced)"),
            None => s.possible.join(", "),
        };
        let excluded = if s.excluded.is_empty() {
            "·".to_string()
        } else {
            s.excluded.join(", ")
        };
        t.add_row(vec![s.term.clone(), possible, excluded]);
    }
    t.to_string()
}

fn count_line(v: &SpaceView) -> Option<String> {
    let n_terms = v.terms.len();
    match (&v.count, v.counted) {
        (Some(serde_json::Value::Null), Some(false)) => Some(format!(
            "count: too many combinations to count exactly within {} steps",
            crate::solve::COUNT_LIMIT
        )),
        (Some(n), Some(true)) => {
            let n = match n {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            Some(format!(
                "count: {n} acceptable combinations of the {} the red lines read",
                plural(n_terms, "term")
            ))
        }
        _ => None,
    }
}

fn space_whose(v: &SpaceView) -> String {
    if v.parties.is_empty() {
        "every party".to_string()
    } else {
        v.parties.join(", ")
    }
}

/// `redline space` in human form.
pub fn render_space_human(v: &SpaceView, as_of: &str) -> String {
    let mut out = format!(
        "agreement space of {}: {} in force on {as_of}\n\n",
        space_whose(v),
        plural(v.red_lines.len(), "veto red line")
    );
    if !v.acceptable {
        out.push_str("no fully decided plan is acceptable to all of them: these red lines cannot hold together, and dropping any one of them would change that:\n");
        for c in &v.conflict {
            let at = c
                .location
                .as_ref()
                .map(|l| format!(" ({l})"))
                .unwrap_or_default();
            out.push_str(&format!("  ✗ {}{at}\n", c.text));
        }
        return out;
    }
    out.push_str("an acceptable plan exists; each term can take these values in one:\n");
    if !v.terms.is_empty() {
        out.push_str(&space_table(v, false));
        out.push('\n');
    }
    if !v.free.is_empty() {
        out.push_str(&format!(
            "free (no red line reads them): {}\n",
            v.free.join(", ")
        ));
    }
    if let Some(c) = count_line(v) {
        out.push_str(&c);
        out.push('\n');
    }
    out
}

/// `redline space` in markdown.
pub fn render_space_markdown(v: &SpaceView, as_of: &str) -> String {
    let mut out = format!(
        "## Agreement space of {}\n\n{} in force on {as_of}.\n\n",
        space_whose(v),
        plural(v.red_lines.len(), "veto red line")
    );
    if !v.acceptable {
        out.push_str("**No fully decided plan is acceptable to all of them.** These red lines cannot hold together; dropping any one would change that:\n\n");
        for c in &v.conflict {
            out.push_str(&format!("- {}\n", c.text));
        }
        return out;
    }
    out.push_str("An acceptable plan exists. Each term can take these values in one:\n\n");
    if !v.terms.is_empty() {
        out.push_str(&space_table(v, true));
        out.push_str("\n\n");
    }
    if !v.free.is_empty() {
        let free: Vec<String> = v.free.iter().map(|f| format!("`{f}`")).collect();
        out.push_str(&format!(
            "Free (no red line reads them): {}.\n",
            free.join(", ")
        ));
    }
    if let Some(c) = count_line(v) {
        out.push_str(&format!("\n{}.\n", capitalise(&c)));
    }
    out
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// The report of a plan: used by commands that print verdicts briefly.
pub fn verdicts(ws: &Workspace, plan: &Plan, report: &Report) -> Verdicts {
    Verdicts::of(&explain_plan(ws, plan, report))
}
