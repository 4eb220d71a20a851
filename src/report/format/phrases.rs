//! The English `timeline` and `coalitions` share across the text formats
//! (human, concise, markdown, HTML): verdict words, date ranges, a plan's
//! course over time, changes of force and groups of parties.

use crate::check::{Force, Standing};
use crate::model::Date;
use crate::report::view::{ChangeOnView, PartyTimelineView, PeriodView, PlanTimelineView};

/// The periods after each party's first, by day (then party order): where
/// a standing changes, and what changed it.
pub fn changed(p: &PlanTimelineView) -> Vec<(&str, &PeriodView)> {
    let mut out: Vec<(&str, &PeriodView)> = p
        .parties
        .iter()
        .flat_map(|r| r.periods.iter().skip(1).map(move |x| (r.party.as_str(), x)))
        .collect();
    out.sort_by_key(|(_, x)| x.from);
    out
}

/// A standing in a word, starred when it rests only on analysts' readings:
/// `VETO`, `objection*`, `at risk`, `ok`.
pub fn standing(s: Standing, analysis: bool) -> String {
    let w = s.word();
    if analysis {
        format!("{w}*")
    } else {
        w.to_string()
    }
}

/// The days `first..=last` within the window `from..=to`: "throughout",
/// "until D", "from D", "D to D" (or "on D" for one day).
pub fn range(first: Date, last: Date, from: Date, to: Date) -> String {
    match (first == from, last == to) {
        (true, true) => "throughout".to_string(),
        (true, false) => format!("until {last}"),
        (false, true) => format!("from {first}"),
        (false, false) if first == last => format!("on {first}"),
        (false, false) => format!("{first} to {last}"),
    }
}

/// The days of a period within a window, as [`range`] words them.
pub fn period(p: &PeriodView, from: Date, to: Date) -> String {
    range(p.from, p.to, from, to)
}

/// A party's periods in one line: "ok until 2025-08-19 · VETO from 2025-08-20".
pub fn periods(row: &PartyTimelineView, from: Date, to: Date) -> String {
    row.periods
        .iter()
        .map(|p| {
            format!(
                "{} {}",
                standing(p.standing, p.analysis),
                period(p, from, to)
            )
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A plan's course: the days on which some party vetoes it and those on
/// which none does, as ranges, with who vetoes each vetoed range:
/// "acceptable until 2025-08-19 · vetoed from 2025-08-20 (by russia)".
pub fn course(p: &PlanTimelineView, from: Date, to: Date) -> String {
    let mut starts: Vec<Date> = p
        .parties
        .iter()
        .flat_map(|r| r.periods.iter().map(|x| x.from))
        .collect();
    starts.sort();
    starts.dedup();
    let vetoers = |day: Date| -> Vec<String> {
        p.parties
            .iter()
            .filter(|r| {
                r.periods
                    .iter()
                    .any(|x| x.from <= day && day <= x.to && x.standing == Standing::Veto)
            })
            .map(|r| r.party.clone())
            .collect()
    };
    // Merge the days on which the same parties veto.
    let mut runs: Vec<(Date, Date, Vec<String>)> = Vec::new();
    for (i, d) in starts.iter().enumerate() {
        let end = starts.get(i + 1).and_then(|n| n.prev()).unwrap_or(to);
        let who = vetoers(*d);
        match runs.last_mut() {
            Some(last) if last.2 == who => last.1 = end,
            _ => runs.push((*d, end, who)),
        }
    }
    runs.iter()
        .map(|(a, b, who)| {
            let when = range(*a, *b, from, to);
            if who.is_empty() {
                format!("acceptable {when}")
            } else {
                format!("vetoed {when} (by {})", who.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Which red line changed, and how it counts: "russia/no-nato (veto,
/// statement)".
fn changed_line(c: &ChangeOnView) -> String {
    format!(
        "{} ({}, {})",
        c.red_line,
        c.severity.as_str(),
        c.basis.as_str()
    )
}

/// A change of force in one line: "+ russia/no-nato (veto, statement)" for
/// a red line that counts from this day, "− ..." for one that no longer
/// does. (A red line counts when it is in force and not set aside for a
/// reading of it, or for its words, under the basis asked for.)
pub fn change(c: &ChangeOnView) -> String {
    let sign = match c.force {
        Force::Enters => "+",
        Force::Leaves => "−",
    };
    format!("{sign} {}", changed_line(c))
}

/// A change of force in words, for formats where a leading sign would be
/// read as markup: "counts from this day: russia/no-nato (veto,
/// statement)", "no longer counts: ...".
pub fn change_worded(c: &ChangeOnView) -> String {
    let what = match c.force {
        Force::Enters => "counts from this day",
        Force::Leaves => "no longer counts",
    };
    format!("{what}: {}", changed_line(c))
}

/// A group of parties: "russia + ukraine".
pub fn group(parties: &[String]) -> String {
    parties.join(" + ")
}

/// When `--time-limit` cut `amend` short: what was proved, in a sentence
/// ("The time limit passed before this answer was proved the best: ...").
pub fn unproved(v: &crate::report::view::AmendView) -> Option<String> {
    if v.optimal {
        return None;
    }
    let proved = if v.amendable {
        "it leaves no veto, but fewer changes may do".to_string()
    } else if v.lower_bound > 0 {
        format!(
            "no amendment leaves every party without a veto; at least {} would have to yield",
            super::words::plural(v.lower_bound, "red line")
        )
    } else {
        "an amendment without a veto may still exist".to_string()
    };
    Some(format!(
        "The time limit passed before this answer was proved the best: {proved}."
    ))
}

/// Why nothing was written when a write was asked for.
pub fn write_skipped(v: &crate::report::view::AmendView) -> &'static str {
    if v.optimal {
        "no amendment exists, so nothing was written"
    } else {
        "no amendment without a veto was found in time, so nothing was written"
    }
}
