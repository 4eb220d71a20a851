//! Draft diffs → views, then human, JSON and markdown.

use super::diagnostics::plural;
use super::explain::explain;
use super::solve::{verdicts, Verdicts};
use crate::check::domain::Restriction;
use crate::load::Workspace;
use crate::model::{ClauseId, Plan, TermId};
use crate::solve::{Diff, DiffEntry};
use serde::Serialize;

/// One draft, named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DraftRef {
    pub id: String,
    pub title: String,
    pub file: String,
}

/// How one draft decides a term.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SideView {
    /// `clause` (the draft sets it), `silence` (status quo), `open`, or
    /// `signatories` (a `signed_by` term).
    pub kind: &'static str,
    /// The value, or the bracketed options.
    pub value: Option<serde_json::Value>,
    pub clauses: Vec<String>,
    /// In words: "`halted` (clause `7`)", "status quo `open_door`", "open".
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SettingDiffView {
    pub term: String,
    pub a: SideView,
    pub b: SideView,
}

/// One finding that changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiffEntryView {
    pub party: String,
    /// `red_line`, `consent` or `consensus`.
    pub kind: &'static str,
    pub red_line: Option<String>,
    /// For `consensus`: the member whose red line it is.
    pub member: Option<String>,
    pub severity: &'static str,
    pub about: String,
    /// The verdict in the first draft (`satisfied` when it had no such finding).
    pub before: &'static str,
    pub after: &'static str,
    /// The finding's headline in the draft where it is worse.
    pub headline: String,
}

/// Findings that changed, under the clauses they are about.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiffGroup {
    /// Clause ids (in the draft where the findings are worse); empty for
    /// findings that rest on what the draft leaves unsaid.
    pub clauses: Vec<String>,
    pub findings: Vec<DiffEntryView>,
}

/// `redline diff` as data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiffView {
    pub a: DraftRef,
    pub b: DraftRef,
    pub before: Verdicts,
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
    match r {
        Restriction::Set { clauses, options } => {
            let ids: Vec<String> = clauses
                .iter()
                .filter_map(|c| plan.clause_at(*c))
                .map(|c| c.id.clone())
                .collect();
            let (value, shown) = match options.as_slice() {
                [one] => (
                    serde_json::Value::String(term.show(*one)),
                    format!("`{}`", term.show(*one)),
                ),
                many => (
                    serde_json::Value::Array(
                        many.iter()
                            .map(|v| serde_json::Value::String(term.show(*v)))
                            .collect(),
                    ),
                    format!(
                        "one of {}",
                        many.iter()
                            .map(|v| format!("`{}`", term.show(*v)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ),
            };
            let quoted: Vec<String> = ids.iter().map(|c| format!("`{c}`")).collect();
            let word = if ids.len() == 1 { "clause" } else { "clauses" };
            SideView {
                kind: "clause",
                value: Some(value),
                text: format!("{shown} ({word} {})", quoted.join(", ")),
                clauses: ids,
            }
        }
        Restriction::StatusQuo(v) => SideView {
            kind: "silence",
            value: Some(serde_json::Value::String(term.show(*v))),
            clauses: Vec::new(),
            text: format!("silent: status quo `{}`", term.show(*v)),
        },
        Restriction::Open => SideView {
            kind: "open",
            value: None,
            clauses: Vec::new(),
            text: "silent: open".to_string(),
        },
        Restriction::Signatories(v) => SideView {
            kind: "signatories",
            value: Some(serde_json::Value::String(term.show(*v))),
            clauses: Vec::new(),
            text: format!("`{}`, from the signatories", term.show(*v)),
        },
    }
}

fn entry_view(ws: &Workspace, a: &Plan, b: &Plan, e: &DiffEntry) -> DiffEntryView {
    let worse_after = e.after.as_ref().map_or(0, |f| f.verdict as u8 + 1)
        > e.before.as_ref().map_or(0, |f| f.verdict as u8 + 1);
    let (plan, f) = if worse_after {
        (b, e.after.as_ref())
    } else {
        (a, e.before.as_ref())
    };
    let explained = f.map(|f| explain(ws, plan, f));
    let verdict =
        |x: &Option<crate::check::Finding>| x.as_ref().map_or("satisfied", |f| f.verdict.as_str());
    DiffEntryView {
        party: ws.rules.party(e.party).id.clone(),
        kind: explained.as_ref().map_or("red_line", |x| x.kind),
        red_line: explained.as_ref().and_then(|x| x.red_line.clone()),
        member: explained.as_ref().and_then(|x| x.member.clone()),
        severity: explained.as_ref().map_or("veto", |x| x.severity),
        about: explained
            .as_ref()
            .map(|x| x.about.clone())
            .unwrap_or_default(),
        before: verdict(&e.before),
        after: verdict(&e.after),
        headline: explained.map(|x| x.headline).unwrap_or_default(),
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

/// Explain a diff of draft `a` against draft `b`.
pub fn diff_view(ws: &Workspace, a: &Plan, b: &Plan, d: &Diff) -> DiffView {
    let draft = |p: &Plan| DraftRef {
        id: p.id.clone(),
        title: p.title.clone(),
        file: ws.files.get(p.file).name.clone(),
    };
    DiffView {
        a: draft(a),
        b: draft(b),
        before: verdicts(ws, a, &d.before),
        after: verdicts(ws, b, &d.after),
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

fn group_title(g: &DiffGroup, plan: &str) -> String {
    if g.clauses.is_empty() {
        return format!("what `{plan}` leaves unsaid");
    }
    let quoted: Vec<String> = g.clauses.iter().map(|c| format!("`{c}`")).collect();
    let word = if g.clauses.len() == 1 {
        "clause"
    } else {
        "clauses"
    };
    format!("{word} {} of `{plan}`", quoted.join(", "))
}

fn entry_line(e: &DiffEntryView) -> String {
    let word = |v: &str| v.replace('_', " ");
    let who = match (e.kind, &e.red_line) {
        ("consensus", Some(r)) => format!("{} by consensus, through {r}", e.party),
        (_, Some(r)) => r.clone(),
        _ => format!("{}/consent", e.party),
    };
    format!(
        "{who} ({}): {} → {}. {}",
        e.severity,
        word(e.before),
        word(e.after),
        e.about
    )
}

fn count(groups: &[DiffGroup]) -> usize {
    groups.iter().map(|g| g.findings.len()).sum()
}

/// `redline diff` in human form.
pub fn render_diff_human(v: &DiffView, as_of: &str) -> String {
    let mut out = format!(
        "diff `{}` ({}) → `{}` ({})\nred lines in force on {as_of}\n\n",
        v.a.id, v.a.file, v.b.id, v.b.file
    );
    if v.settings.is_empty() {
        out.push_str("the drafts decide every term alike\n");
    } else {
        out.push_str(&format!(
            "{} decided differently:\n",
            plural(v.settings.len(), "term")
        ));
        for s in &v.settings {
            out.push_str(&format!("  {}: {} → {}\n", s.term, s.a.text, s.b.text));
        }
    }
    out.push_str(&format!(
        "\nlost: {} of `{}` that `{}` removes or softens\n",
        plural(count(&v.lost), "finding"),
        v.a.id,
        v.b.id
    ));
    for g in &v.lost {
        out.push_str(&format!("  {}\n", group_title(g, &v.a.id)));
        for e in &g.findings {
            out.push_str(&format!("    - {}\n", entry_line(e)));
        }
    }
    out.push_str(&format!(
        "\ngained: {} that `{}` adds or makes worse\n",
        plural(count(&v.gained), "finding"),
        v.b.id
    ));
    for g in &v.gained {
        out.push_str(&format!("  {}\n", group_title(g, &v.b.id)));
        for e in &g.findings {
            out.push_str(&format!("    + {}\n", entry_line(e)));
        }
    }
    out.push_str(&format!(
        "\n`{}`: {}\n`{}`: {}\n",
        v.a.id,
        v.before.line(),
        v.b.id,
        v.after.line()
    ));
    out
}

/// `redline diff` in markdown.
pub fn render_diff_markdown(v: &DiffView, as_of: &str) -> String {
    let mut out = format!(
        "## `{}` → `{}`\n\nFiles `{}` and `{}`; red lines in force on {as_of}.\n\n",
        v.a.id, v.b.id, v.a.file, v.b.file
    );
    out.push_str(&format!(
        "- **`{}`:** {}\n- **`{}`:** {}\n\n",
        v.a.id,
        v.before.line(),
        v.b.id,
        v.after.line()
    ));
    if !v.settings.is_empty() {
        out.push_str("### Terms decided differently\n\n| term | `");
        out.push_str(&format!("{}` | `{}` |\n|---|---|---|\n", v.a.id, v.b.id));
        for s in &v.settings {
            out.push_str(&format!(
                "| `{}` | {} | {} |\n",
                s.term,
                s.a.text.replace('|', "\\|"),
                s.b.text.replace('|', "\\|")
            ));
        }
        out.push('\n');
    }
    let section =
        |out: &mut String, title: String, groups: &[DiffGroup], plan: &str, sign: &str| {
            out.push_str(&format!("### {title}\n\n"));
            if groups.is_empty() {
                out.push_str("None.\n\n");
            }
            for g in groups {
                out.push_str(&format!("**{}**\n\n", group_title(g, plan)));
                for e in &g.findings {
                    out.push_str(&format!("- {sign} {}\n", entry_line(e)));
                }
                out.push('\n');
            }
        };
    section(
        &mut out,
        format!("Lost ({})", count(&v.lost)),
        &v.lost,
        &v.a.id,
        "−",
    );
    section(
        &mut out,
        format!("Gained ({})", count(&v.gained)),
        &v.gained,
        &v.b.id,
        "+",
    );
    out
}
