//! Explanations → markdown, for reports and issue comments.

use super::explain::{Explanation, PlanView};
use super::human::{headline, notes, vetoers};

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn finding(e: &Explanation) -> String {
    let mut out = format!("### {}\n\n", cell(&headline(e)));
    out.push_str(&format!(
        "- **verdict:** {} ({})\n",
        e.verdict.replace('_', " "),
        e.severity
    ));
    if let Some(r) = &e.red_line {
        out.push_str(&format!("- **red line:** `{r}`"));
        if let Some(l) = &e.location {
            out.push_str(&format!(" at `{l}`"));
        }
        out.push('\n');
    }
    if !e.about.is_empty() {
        out.push_str(&format!("- **about:** {}\n", e.about));
    }
    if let Some(rule) = &e.rule {
        out.push_str(&format!("- **rule:** `{rule}`\n"));
    }
    for c in &e.causes {
        if c.kind == "clause" {
            let v = match &c.value {
                Some(serde_json::Value::Array(a)) => format!(
                    "one of {}",
                    a.iter()
                        .map(|x| format!("`{}`", x.as_str().unwrap_or("")))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                Some(serde_json::Value::String(x)) => format!("`{x}`"),
                _ => String::new(),
            };
            let at = c
                .location
                .as_ref()
                .map(|l| format!(" (`{l}`)"))
                .unwrap_or_default();
            out.push_str(&format!(
                "- **clause `{}`** sets `{}` = {}{at}\n",
                c.clause.as_deref().unwrap_or("?"),
                c.term,
                v
            ));
        }
    }
    for n in notes(e) {
        out.push_str(&format!("- {n}\n"));
    }
    out.push('\n');
    out
}

/// `redline check` in markdown.
pub fn render_check_markdown(views: &[PlanView], as_of: &str) -> String {
    let mut out = String::new();
    for v in views {
        out.push_str(&format!("## `{}`: {}\n\n", v.id, v.title));
        out.push_str(&format!(
            "File `{}`, signed by {}; red lines in force on {as_of}.\n\n",
            v.file,
            v.signatories.join(", ")
        ));
        let verdict = if v.acceptable {
            "no party vetoes".to_string()
        } else {
            format!("vetoed by {}", vetoers(v).replace('*', "\\*"))
        };
        out.push_str(&format!(
            "**Verdict:** {verdict}. Vetoes: {}, objections: {}, at risk: {}, satisfied: {}.\n\n",
            v.counts.get("vetoes").copied().unwrap_or(0),
            v.counts.get("objections").copied().unwrap_or(0),
            v.counts.get("at_risk").copied().unwrap_or(0),
            v.counts.get("satisfied").copied().unwrap_or(0)
        ));
        if !v.vetoed_on_analysis.is_empty() {
            out.push_str("\\* only on an analyst's reading (`basis = \"analysis\"`); `--basis statement` leaves it out.\n\n");
        }
        for e in &v.findings {
            out.push_str(&finding(e));
        }
    }
    out
}

/// `redline explain` in markdown.
pub fn render_explain_markdown(heading: &str, findings: &[Explanation]) -> String {
    let mut out = format!("## {heading}\n\n");
    if findings.is_empty() {
        out.push_str("No red line of any party depends on it.\n");
    }
    for e in findings {
        out.push_str(&finding(e));
    }
    out
}
