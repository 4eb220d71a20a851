//! The English `timeline` and `coalitions` share across the text formats
//! (human, concise, markdown, HTML): verdict words, date ranges, a plan's
//! course over time, changes of force and groups of parties.

use crate::check::Standing;
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
pub fn verdict(s: Standing, analysis: bool) -> String {
    let w = match s {
        Standing::Veto => "VETO",
        Standing::Objection => "objection",
        Standing::AtRisk => "at risk",
        Standing::Ok => "ok",
    };
    if analysis {
        format!("{w}*")
    } else {
        w.to_string()
    }
}

/// The days of a period within a window: "throughout", "until D", "from D",
/// "D to D" (or "on D" for one day).
pub fn range(p: &PeriodView, from: Date, to: Date) -> String {
    match (p.from == from, p.to == to) {
        (true, true) => "throughout".to_string(),
        (true, false) => format!("until {}", p.to),
        (false, true) => format!("from {}", p.from),
        (false, false) if p.from == p.to => format!("on {}", p.from),
        (false, false) => format!("{} to {}", p.from, p.to),
    }
}

/// A party's periods in one line: "ok until 2025-08-19 · VETO from 2025-08-20".
pub fn periods(row: &PartyTimelineView, from: Date, to: Date) -> String {
    row.periods
        .iter()
        .map(|p| format!("{} {}", verdict(p.verdict, p.analysis), range(p, from, to)))
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
                    .any(|x| x.from <= day && day <= x.to && x.verdict == Standing::Veto)
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
            let span = PeriodView {
                from: *a,
                to: *b,
                verdict: Standing::Ok,
                analysis: false,
                changes: Vec::new(),
            };
            let when = range(&span, from, to);
            if who.is_empty() {
                format!("acceptable {when}")
            } else {
                format!("vetoed {when} (by {})", who.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A change of force in one line: "+ russia/no-nato (veto, statement,
/// stated 2025-08-20)" for a red line coming into force, "− ..." for one
/// leaving it.
pub fn change(c: &ChangeOnView) -> String {
    let sign = if c.starts { "+" } else { "−" };
    let mut bits = vec![
        c.severity.as_str().to_string(),
        c.basis.as_str().to_string(),
    ];
    if let Some(d) = c.stated {
        bits.push(format!("stated {d}"));
    }
    format!("{sign} {} ({})", c.red_line, bits.join(", "))
}

/// A change of force in words, for formats where a leading sign would be
/// read as markup: "in force from this day: russia/no-nato (veto,
/// statement)", "no longer in force: ...".
pub fn change_worded(c: &ChangeOnView) -> String {
    let what = if c.starts {
        "in force from this day"
    } else {
        "no longer in force"
    };
    let line = change(c);
    let rest = line.split_once(' ').map_or(line.as_str(), |(_, r)| r);
    format!("{what}: {rest}")
}

/// A group of parties: "russia + ukraine".
pub fn group(parties: &[String]) -> String {
    parties.join(" + ")
}
