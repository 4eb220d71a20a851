//! Verdicts over time. Red lines come into force on their `since` (else
//! `stated`) and leave it on `until`, so each party's standing on a plan is
//! a step function of the date whose steps can only fall on those days.
//! The timeline checks the plan once on the window's first day and once on
//! each such day inside it, and merges the days on which nothing changes:
//! exact, never sampled.

use super::{check, consensus_blocs, CheckOptions, Standing};
use crate::error::Error;
use crate::model::{Basis, BasisFilter, Date, PartyId, Plan, RedLineId, Rules};
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

/// A red line that comes into force, or leaves it, on a span's first day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ChangeOn {
    /// The red line.
    pub red_line: RedLineId,
    /// Whether it comes into force (its `since`, else `stated`) or leaves
    /// it (its `until`).
    pub starts: bool,
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
        for (k, day) in days.iter().enumerate() {
            let sel = CheckOptions {
                as_of: Some(*day),
                parties: parties.clone(),
                basis: opts.basis,
            };
            let report = check(rules, plan, &sel)?;
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
                        let changes = if prev.is_some() {
                            changes_on(rules, row.party, *day, opts.basis)
                        } else {
                            Vec::new()
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

/// The red lines of `party` (or, for a bloc deciding by consensus, of its
/// members) that come into force or leave it on `day`, on a basis that
/// counts.
fn changes_on(rules: &Rules, party: PartyId, day: Date, basis: BasisFilter) -> Vec<ChangeOn> {
    let mut out: Vec<ChangeOn> = rules
        .red_line_ids()
        .filter(|(_, r)| basis == BasisFilter::Any || r.basis == Basis::Statement)
        .filter(|(_, r)| r.party == party || consensus_blocs(rules, r.party).contains(&party))
        .filter_map(|(id, r)| {
            if r.start() == Some(day) {
                Some(ChangeOn {
                    red_line: id,
                    starts: true,
                })
            } else if r.until == Some(day) {
                Some(ChangeOn {
                    red_line: id,
                    starts: false,
                })
            } else {
                None
            }
        })
        .collect();
    out.sort();
    out
}

/// The first day a timeline up to `to` shows by default: January 1 of the
/// year some standing of `plans` first changes (red lines decades older do
/// not stretch the picture), or `None` when none changes.
pub fn first_change_year(
    rules: &Rules,
    plans: &[&Plan],
    parties: &[PartyId],
    basis: BasisFilter,
    to: Date,
) -> Result<Option<Date>, Error> {
    let first = rules
        .red_line_ids()
        .filter_map(|(_, r)| r.start())
        .min()
        .unwrap_or(to)
        .min(to);
    let t = timeline(
        rules,
        plans,
        &TimelineOptions {
            from: first,
            to,
            parties: parties.to_vec(),
            basis,
        },
    )?;
    Ok(t.change_days()
        .first()
        .and_then(|d| Date::parse(&format!("{:04}-01-01", d.year))))
}
