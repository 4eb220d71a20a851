//! Explanations → compiler-style text.

use super::diagnostics::plural;
use super::explain::{Explanation, PlanView};
use super::snippet::{attach, draw, Block};
use super::Style;
use crate::load::Workspace;
use crate::model::Loc;

fn severity(e: &Explanation) -> miette::Severity {
    match (e.verdict, e.severity) {
        ("violated", "veto") => miette::Severity::Error,
        ("violated", _) | ("at_risk", _) => miette::Severity::Warning,
        _ => miette::Severity::Advice,
    }
}

fn show_value(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => format!("`{s}`"),
        serde_json::Value::Array(a) => {
            format!(
                "one of {}",
                a.iter().map(show_value).collect::<Vec<_>>().join(", ")
            )
        }
        other => other.to_string(),
    }
}

/// The notes under a finding: source and quote, silences, witness.
pub fn notes(e: &Explanation) -> Vec<String> {
    let mut lines = Vec::new();
    for c in &e.causes {
        match c.kind {
            "silence" => lines.push(format!(
                "the plan is silent on `{}`, so the status quo holds: `{}`",
                c.term,
                c.status_quo.as_deref().unwrap_or("?")
            )),
            "open" => lines.push(format!(
                "the plan is silent on `{}`, which has no status quo: it stays open",
                c.term
            )),
            "signatories" => lines.push(format!(
                "`{}` is `{}` because of who signs the plan",
                c.term,
                c.value.as_ref().and_then(|v| v.as_str()).unwrap_or("?")
            )),
            _ => {}
        }
    }
    if !e.witness.is_empty() {
        let w: Vec<String> = e
            .witness
            .iter()
            .map(|(t, v)| format!("`{t}` = `{v}`"))
            .collect();
        lines.push(format!("crossed if {}", w.join(", ")));
    }
    if let Some(w) = &e.when {
        lines.push(format!("applies when: {w}"));
    }
    if let Some(s) = &e.source {
        let mut src = s.outlet.clone();
        if !s.title.is_empty() {
            src.push_str(&format!(", \"{}\"", s.title));
        }
        if let Some(d) = &s.date {
            src.push_str(&format!(", {d}"));
        }
        match (&s.url, &s.file) {
            (Some(u), Some(f)) => src.push_str(&format!(", {u} ({f})")),
            (Some(u), None) => src.push_str(&format!(", {u}")),
            (None, Some(f)) => src.push_str(&format!(" ({f})")),
            (None, None) => {}
        }
        lines.push(format!("source: {src}"));
    }
    if let Some(q) = &e.quote {
        lines.push(format!("quote: \u{201c}{q}\u{201d}"));
    }
    let mut dated = Vec::new();
    if let Some(b) = e.basis {
        dated.push(if b == "analysis" {
            "an analyst's reading, not the party's own words".to_string()
        } else {
            "the party's own statement".to_string()
        });
    }
    dated.extend(dates(e));
    if let Some(u) = &e.until {
        dated.push(format!("in force until {u}"));
    }
    if !dated.is_empty() {
        lines.push(dated.join(", "));
    }
    lines
}

/// When the position began and when its words were said: "held since
/// 2022-02-24, quoted 2025-08-19", or "stated 2025-08-19" when they agree.
/// An analyst's reading is "written", not "stated".
pub fn dates(e: &Explanation) -> Option<String> {
    let (said, quoted) = if e.basis == Some("analysis") {
        ("written", "written")
    } else {
        ("stated", "quoted")
    };
    match (&e.since, &e.stated) {
        (Some(b), Some(s)) if b != s => Some(format!("held since {b}, {quoted} {s}")),
        (_, Some(s)) => Some(format!("{said} {s}")),
        (Some(b), None) => Some(format!("held since {b}")),
        (None, None) => None,
    }
}

/// The headline, marked when the finding rests on an analyst's reading.
pub fn headline(e: &Explanation) -> String {
    if e.basis == Some("analysis") {
        format!("{} (on an analyst's reading)", e.headline)
    } else {
        e.headline.clone()
    }
}

/// One finding as a miette block.
pub fn finding_block(ws: &Workspace, e: &Explanation, style: Style) -> String {
    let message = if e.about.is_empty() {
        headline(e)
    } else {
        format!("{}: {}", headline(e), e.about)
    };
    let mut block = Block::new(message, severity(e));
    block.code = Some(
        e.red_line
            .clone()
            .unwrap_or_else(|| format!("{}/consent", e.party)),
    );
    let notes = notes(e);
    if !notes.is_empty() {
        block.help = Some(notes.join("\n"));
    }
    let mut labels: Vec<(Loc, Option<String>)> = Vec::new();
    for c in &e.causes {
        if let (Some(l), Some(v)) = (&c.location, &c.value) {
            labels.push((
                l.loc,
                Some(format!(
                    "clause `{}` sets `{}` to {}",
                    c.clause.as_deref().unwrap_or("?"),
                    c.term,
                    show_value(v)
                )),
            ));
        }
    }
    if let Some(rl) = e.rule_loc {
        let whose = match &e.member {
            Some(m) => format!(
                "red line of {m} ({}), on a term {} owns",
                e.severity, e.party
            ),
            None => format!("red line of {} ({})", e.party, e.severity),
        };
        labels.push((rl, Some(whose)));
    }
    let see_also = e
        .red_line
        .as_ref()
        .map_or_else(|| "the red line".to_string(), |r| format!("red line `{r}`"));
    let block = attach(&ws.files, block, &labels, &see_also);
    draw(&block, style.color, style.width)
}

fn summary(v: &PlanView) -> String {
    let counts = format!(
        "{}, {}, {} at risk, {} satisfied",
        plural(v.counts.get("vetoes").copied().unwrap_or(0), "veto"),
        plural(
            v.counts.get("objections").copied().unwrap_or(0),
            "objection"
        ),
        v.counts.get("at_risk").copied().unwrap_or(0),
        v.counts.get("satisfied").copied().unwrap_or(0),
    );
    if v.acceptable {
        format!("`{}`: no party vetoes ({counts})\n", v.id)
    } else {
        format!(
            "`{}`: vetoed by {} ({counts})\n{}",
            v.id,
            vetoers(v),
            analysis_note(v)
        )
    }
}

/// The vetoing parties, `*` marking those whose vetoes rest only on an analyst's reading.
pub fn vetoers(v: &PlanView) -> String {
    v.vetoed_by
        .iter()
        .map(|p| {
            if v.vetoed_on_analysis.contains(p) {
                format!("{p}*")
            } else {
                p.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The legend for `*`, when a party is so marked.
pub fn analysis_note(v: &PlanView) -> String {
    if v.vetoed_on_analysis.is_empty() {
        String::new()
    } else {
        "  * only on an analyst's reading (basis = \"analysis\"); `--basis statement` leaves it out\n"
            .to_string()
    }
}

fn header(v: &PlanView, as_of: &str) -> String {
    let signed = if v.signatories.is_empty() {
        "no signatories".to_string()
    } else {
        format!("signed by {}", v.signatories.join(", "))
    };
    format!(
        "plan `{}`: {} ({})\n{signed}; red lines in force on {as_of}\n\n",
        v.id, v.title, v.file
    )
}

/// `redline check` in human form.
pub fn render_check_human(ws: &Workspace, views: &[PlanView], as_of: &str, style: Style) -> String {
    let mut out = String::new();
    for v in views {
        out.push_str(&header(v, as_of));
        for e in &v.findings {
            out.push_str(&finding_block(ws, e, style));
            out.push('\n');
        }
        out.push_str(&summary(v));
        if views.len() > 1 {
            out.push('\n');
        }
    }
    out
}

/// `redline explain` in human form: a heading, then each finding.
pub fn render_explain_human(
    ws: &Workspace,
    heading: &str,
    findings: &[Explanation],
    style: Style,
) -> String {
    let mut out = format!("{heading}\n\n");
    if findings.is_empty() {
        out.push_str("no red line of any party depends on it\n");
    }
    for e in findings {
        if e.verdict == "satisfied" {
            let name = e.red_line.clone().unwrap_or_default();
            out.push_str(&format!("  ✓ {name} is satisfied: {}\n", e.about));
        } else {
            out.push_str(&finding_block(ws, e, style));
            out.push('\n');
        }
    }
    out
}
