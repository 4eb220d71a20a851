//! `timeline` as data: each party's standing on each plan over a window of
//! days, and the red lines that come into force or leave it where a
//! standing changes.

use super::{text, LocView, SourceView};
use crate::check::{ChangeOn, Force, Standing, Timeline};
use crate::model::{Basis, Date, PartyId, Plan, Severity, Workspace};
use serde::Serialize;

/// A red line that comes into force, or leaves it, on a period's first day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangeOnView {
    /// `party/id`.
    pub red_line: String,
    /// Whether it starts to count for the party on this day (`enters`) or
    /// stops (`leaves`).
    pub force: Force,
    /// Veto or objection.
    pub severity: Severity,
    /// On the party's own words, or an analyst's reading.
    pub basis: Basis,
    /// What it means, in words.
    pub about: String,
    /// The party's words, if quoted.
    pub quote: Option<String>,
    /// When they were said.
    pub stated: Option<Date>,
    /// Where they were published.
    pub source: Option<SourceView>,
    /// Where the red line is written.
    pub location: LocView,
}

/// Days on which a party's standing stays the same.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeriodView {
    /// The first day.
    pub from: Date,
    /// The last day (inclusive).
    pub to: Date,
    /// The party's standing: `veto`, `objection`, `at_risk` or `ok`.
    pub standing: Standing,
    /// Whether that standing rests only on analysts' readings.
    pub analysis: bool,
    /// What comes into force or leaves it on `from` (empty for the first).
    pub changes: Vec<ChangeOnView>,
}

/// One party's periods on one plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartyTimelineView {
    /// The party's id.
    pub party: String,
    /// Its name.
    pub name: String,
    /// Consecutive periods covering the window.
    pub periods: Vec<PeriodView>,
}

/// One plan's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanTimelineView {
    /// The plan's id.
    pub plan: String,
    /// Its title.
    pub title: String,
    /// Its file.
    pub file: String,
    /// One row per party followed.
    pub parties: Vec<PartyTimelineView>,
}

/// `timeline` as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimelineView {
    /// The first day.
    pub from: Date,
    /// The last day.
    pub to: Date,
    /// The parties followed (empty: every party).
    pub parties: Vec<String>,
    /// One per plan.
    pub plans: Vec<PlanTimelineView>,
}

fn change_view(ws: &Workspace, c: &ChangeOn) -> ChangeOnView {
    let r = ws.rules.red_line(c.red_line);
    ChangeOnView {
        red_line: format!("{}/{}", ws.rules.party(r.party).id, r.id),
        force: c.force,
        severity: r.severity,
        basis: r.basis,
        about: text(&r.about),
        quote: r.quote.as_ref().map(|q| text(&q.value)),
        stated: r.stated,
        source: r.source.map(|s| SourceView::of(ws.rules.source(s))),
        location: LocView::new(ws, r.loc),
    }
}

/// The timeline of `plans` (in the order given), following `parties`
/// (empty: every party).
pub fn timeline_view(
    ws: &Workspace,
    plans: &[&Plan],
    t: &Timeline,
    parties: &[PartyId],
) -> TimelineView {
    TimelineView {
        from: t.from,
        to: t.to,
        parties: parties
            .iter()
            .map(|p| ws.rules.party(*p).id.clone())
            .collect(),
        plans: plans
            .iter()
            .zip(&t.plans)
            .map(|(plan, pt)| PlanTimelineView {
                plan: plan.id.clone(),
                title: text(&plan.title),
                file: ws.files.get(plan.file).name.clone(),
                parties: pt
                    .parties
                    .iter()
                    .map(|row| PartyTimelineView {
                        party: ws.rules.party(row.party).id.clone(),
                        name: text(&ws.rules.party(row.party).name),
                        periods: row
                            .spans
                            .iter()
                            .map(|s| PeriodView {
                                from: s.from,
                                to: s.to,
                                standing: s.standing,
                                analysis: s.analysis,
                                changes: s.changes.iter().map(|c| change_view(ws, c)).collect(),
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

impl TimelineView {
    /// The days some party's standing on some plan changes, in order.
    pub fn change_days(&self) -> Vec<Date> {
        let mut days: Vec<Date> = self
            .plans
            .iter()
            .flat_map(|p| &p.parties)
            .flat_map(|r| r.periods.iter().skip(1).map(|x| x.from))
            .collect();
        days.sort();
        days.dedup();
        days
    }
}
