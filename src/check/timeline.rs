//! Verdicts over time. Red lines come into force on their `since` (else
//! `stated`) and leave it on `until`, so each party's standing on a plan is
//! a step function of the date whose steps can only fall on those days.
//! The timeline checks the plan once on the window's first day and once on
//! each such day inside it, and merges the days on which nothing changes:
//! exact, never sampled.

use super::{check, CheckOptions, Report, Standing};
use crate::error::Error;
use crate::model::{BasisFilter, Date, PartyId, Plan, RedLineId, Rules};
use std::collections::BTreeSet;

/// What the timeline covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineOptions {
    /// The first day.
    pub from: Date,
    /// The last day (inclusive).
    pub to: Date,
    /// The parties whose standing is followed (empty: every party).
    pub parties: Vec<PartyId>,
    /// Which red lines count by their basis.
    pub basis: BasisFilter,
}

/// Whether a red line starts to count on a day or stops. A red line counts
/// for a party when it is behind one of the party's findings: in force and
/// weighed (not set aside for a reading of it, or for its words, under the
/// basis asked for), or, for a consensus bloc, a member's veto it takes as
/// its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Force {
    /// It counts from this day: it comes into force (its `since`, else
    /// `stated`), a reading that stood in for it leaves force, or a
    /// member's veto the bloc takes as its own comes into force.
    Enters,
    /// It no longer counts from this day: it leaves force (its `until`), a
    /// reading comes into force and stands in for it, or such a member's
    /// veto leaves force.
    Leaves,
}

/// A red line that starts or stops counting for a party on a period's
/// first day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ChangeOn {
    /// The red line.
    pub red_line: RedLineId,
    /// Whether it starts to count or stops.
    pub force: Force,
}

/// Days on which a party's standing on a plan stays the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// The first day.
    pub from: Date,
    /// The last day (inclusive; the window's last day for the last span).
    pub to: Date,
    /// The party's standing on every day of the span.
    pub standing: Standing,
    /// Whether that standing rests only on analysts' readings.
    pub analysis: bool,
    /// The party's red lines that come into force or leave it on `from`
    /// (none for the first span).
    pub changes: Vec<ChangeOn>,
}

/// One party's standing on one plan over the window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyTimeline {
    /// The party.
    pub party: PartyId,
    /// Consecutive spans covering the window, no two alike in a row.
    pub spans: Vec<Period>,
}

/// Every followed party's timeline on one plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanTimeline {
    /// One row per party, in `parties.toml` order.
    pub parties: Vec<PartyTimeline>,
}

/// The timelines of several plans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    /// The first day.
    pub from: Date,
    /// The last day.
    pub to: Date,
    /// The days on which some red line's force changes (with `from`): the
    /// only days a standing can change, each checked.
    pub days: Vec<Date>,
    /// One per plan, in the order given.
    pub plans: Vec<PlanTimeline>,
}

impl Timeline {
    /// The days on which some party's standing on some plan changes.
    pub fn change_days(&self) -> Vec<Date> {
        let days: BTreeSet<Date> = self
            .plans
            .iter()
            .flat_map(|p| &p.parties)
            .flat_map(|t| t.spans.iter().skip(1).map(|s| s.from))
            .collect();
        days.into_iter().collect()
    }
}

impl PartyTimeline {
    /// The span holding `day`, if the window does.
    pub fn on(&self, day: Date) -> Option<&Period> {
        self.spans.iter().find(|s| s.from <= day && day <= s.to)
    }
}

/// The days in `[from, to]` on which a red line comes into force or leaves
/// it, with `from`: the only days a standing can change.
pub fn change_days(rules: &Rules, from: Date, to: Date) -> Vec<Date> {
    let mut days: BTreeSet<Date> = BTreeSet::new();
    days.insert(from);
    for (_, r) in rules.red_line_ids() {
        for d in [r.start(), r.until].into_iter().flatten() {
            if from < d && d <= to {
                days.insert(d);
            }
        }
    }
    days.into_iter().collect()
}

/// Each chosen party's standing on each plan, day by day over the window,
/// as spans. An empty window (`to` before `from`) has no spans.
pub fn timeline(rules: &Rules, plans: &[&Plan], opts: &TimelineOptions) -> Result<Timeline, Error> {
    let days = if opts.to < opts.from {
        Vec::new()
    } else {
        change_days(rules, opts.from, opts.to)
    };
    let parties: Vec<PartyId> = if opts.parties.is_empty() {
        rules.party_ids().collect()
    } else {
        let chosen: BTreeSet<PartyId> = opts.parties.iter().copied().collect();
        chosen.into_iter().collect()
    };
    let mut out = Vec::new();
    for plan in plans {
        let mut rows: Vec<PartyTimeline> = parties
            .iter()
            .map(|p| PartyTimeline {
                party: *p,
                spans: Vec::new(),
            })
            .collect();
        let mut previous: Option<Report> = None;
        for (k, day) in days.iter().enumerate() {
            let sel = CheckOptions {
                as_of: Some(*day),
                parties: parties.clone(),
                basis: opts.basis,
            };
            let report = check(rules, plan, &sel)?;
            // Nothing comes into force or leaves it between checked days:
            // the last one's report holds for the day before this one.
            // The day before the next checked day ends this one's span.
            let last = match days.get(k + 1) {
                Some(next) => next.prev().unwrap_or(*next),
                None => opts.to,
            };
            for row in &mut rows {
                let (standing, analysis) = report.standing(rules, row.party);
                match row.spans.last_mut() {
                    Some(s) if s.standing == standing && s.analysis == analysis => s.to = last,
                    prev => {
                        let changes = match (&previous, prev) {
                            (Some(before), Some(_)) => changes_between(before, &report, row.party),
                            _ => Vec::new(),
                        };
                        row.spans.push(Period {
                            from: *day,
                            to: last,
                            standing,
                            analysis,
                            changes,
                        });
                    }
                }
            }
            previous = Some(report);
        }
        out.push(PlanTimeline { parties: rows });
    }
    Ok(Timeline {
        from: opts.from,
        to: opts.to,
        days,
        plans: out,
    })
}

/// The red lines behind `party`'s findings in `report` (a consensus
/// bloc's include its members' vetoes it takes as its own).
fn behind(report: &Report, party: PartyId) -> BTreeSet<RedLineId> {
    report
        .findings
        .iter()
        .filter(|f| f.party == party)
        .filter_map(|f| f.red_line())
        .collect()
}

/// What changed for `party` between the reports of two consecutive checked
/// days: the red lines behind its findings now and not before (`enters`),
/// and the other way round (`leaves`); those entering first.
fn changes_between(before: &Report, now: &Report, party: PartyId) -> Vec<ChangeOn> {
    let (b, n) = (behind(before, party), behind(now, party));
    let mut out: Vec<ChangeOn> = n
        .difference(&b)
        .map(|r| ChangeOn {
            red_line: *r,
            force: Force::Enters,
        })
        .chain(b.difference(&n).map(|r| ChangeOn {
            red_line: *r,
            force: Force::Leaves,
        }))
        .collect();
    out.sort_by_key(|c| (c.force, c.red_line));
    out
}

/// The timeline up to `to` with the window a reader wants by default:
/// from January 1 of the year some standing of `plans` first changes (red
/// lines decades older would stretch the picture to nothing), or, when no
/// standing ever changes, from the first day any red line counts. One
/// timeline is computed, from the day before the earliest red line starts,
/// and trimmed.
pub fn timeline_to(
    rules: &Rules,
    plans: &[&Plan],
    parties: &[PartyId],
    basis: BasisFilter,
    to: Date,
) -> Result<Timeline, Error> {
    let earliest = rules
        .red_line_ids()
        .filter_map(|(_, r)| r.start())
        .min()
        .unwrap_or(to)
        .min(to);
    let whole = timeline(
        rules,
        plans,
        &TimelineOptions {
            from: earliest.prev().unwrap_or(earliest),
            to,
            parties: parties.to_vec(),
            basis,
        },
    )?;
    let from = match whole.change_days().first() {
        Some(d) => Date {
            year: d.year,
            month: 1,
            day: 1,
        },
        None => earliest,
    };
    Ok(whole.trimmed(from))
}

impl Timeline {
    /// The same timeline from `from` on (a day inside the window): earlier
    /// periods dropped, the first kept one starting on `from`, with no
    /// changes of its own.
    pub fn trimmed(mut self, from: Date) -> Timeline {
        if from <= self.from {
            return self;
        }
        for row in self.plans.iter_mut().flat_map(|p| &mut p.parties) {
            row.spans.retain(|s| s.to >= from);
            if let Some(first) = row.spans.first_mut() {
                if first.from < from {
                    first.from = from;
                    first.changes.clear();
                }
            }
        }
        self.days.retain(|d| *d > from);
        self.days.insert(0, from);
        self.from = from;
        self
    }
}
