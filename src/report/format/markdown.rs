//! Markdown output, for reports and review comments.

use super::phrases;
use super::words::{
    self, count, count_line, example_heading, explain_heading, keeping, lint_summary, mark, plural,
    whose,
};
use super::{matrix_legend, matrix_table, space_table};
use crate::diagnostic::Level;
use crate::report::view::{
    AmendView, AmendmentView, CauseKind, CoalitionsView, CodeView, DemandKind, DiagnosticView,
    DiffGroup, DiffView, ExplainView, Explanation, GraphView, LintView, Matrix, PlanView,
    ScenarioStatus, SpaceView, TestView, TimelineView,
};
use crate::report::{Body, Document, Rendered};

/// Render `doc` as markdown. Everything goes to standard output: a
/// markdown report is read whole.
pub fn render(doc: &Document) -> Rendered {
    let scope = words::scope(doc);
    let mut out = match &doc.body {
        Body::Check(v) => check(&v.plans, &scope),
        Body::Matrix { matrix: m } => matrix(m, &scope),
        Body::Explain(v) => explain(v, doc),
        Body::Amend(v) => amend(v, &scope),
        Body::Space(v) => space(v, &scope),
        Body::Diff(v) => diff(v, &scope),
        Body::Graph(g) => graph(g, doc),
        Body::Test(v) => test(v),
        Body::Lint(v) => lint(v, &doc.diagnostics),
        Body::Codes { codes: cs } => codes(cs),
        Body::Timeline(v) => timeline(v),
        Body::Coalitions(v) => coalitions(v, &scope),
        Body::Failed {} => String::new(),
    };
    if !doc.diagnostics.is_empty() && !matches!(doc.body, Body::Lint(_)) {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&diagnostics(&doc.diagnostics));
    }
    Rendered {
        stdout: out,
        stderr: String::new(),
    }
}

/// Text for a table cell or a heading. Texts from files are escaped
/// already (see `sanitize::markdown`); this keeps our own on one line.
fn cell(s: &str) -> String {
    s.replace('\n', " ")
}

/// Diagnostics as a markdown list.
fn diagnostics(diags: &[DiagnosticView]) -> String {
    let mut out = String::new();
    for d in diags {
        let level = match d.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        let at = match (&d.file, d.line, d.column) {
            (Some(f), Some(l), Some(c)) => format!("`{f}:{l}:{c}` "),
            _ => String::new(),
        };
        out.push_str(&format!("- **{level}** [`{}`] {at}{}", d.code, d.message));
        if let Some(h) = &d.help {
            out.push_str(&format!(" — {h}"));
        }
        out.push('\n');
    }
    out
}

fn finding(e: &Explanation) -> String {
    let mut out = format!("### {}\n\n", cell(&words::headline(e)));
    let verdict = match e.verdict {
        crate::check::Verdict::Violated => "violated",
        crate::check::Verdict::AtRisk => "at risk",
        crate::check::Verdict::Satisfied => "satisfied",
    };
    out.push_str(&format!(
        "- **verdict:** {verdict} ({})\n",
        e.severity.as_str()
    ));
    if let Some(r) = &e.red_line {
        out.push_str(&format!("- **red line:** `{r}`"));
        if let Some(l) = &e.location {
            out.push_str(&format!(" at `{l}`"));
        }
        out.push('\n');
    }
    let about = words::about(e);
    if !about.is_empty() {
        out.push_str(&format!("- **about:** {about}\n"));
    }
    if let Some(rule) = words::rule(e) {
        out.push_str(&format!("- **rule:** `{rule}`\n"));
    }
    for c in e.causes.iter().filter(|c| c.kind == CauseKind::Clause) {
        let v = c.value.as_ref().map(words::setting).unwrap_or_default();
        let at = c
            .location
            .as_ref()
            .map(|l| format!(" (`{l}`)"))
            .unwrap_or_default();
        out.push_str(&format!(
            "- **clause `{}`** sets `{}` = {v}{at}\n",
            c.clause.as_deref().unwrap_or("?"),
            c.term
        ));
    }
    for n in words::notes(e) {
        out.push_str(&format!("- {n}\n"));
    }
    out.push('\n');
    out
}

/// ": TITLE" after a plan's id, or nothing when the plan has no title.
fn titled(title: &str) -> String {
    if title.trim().is_empty() {
        String::new()
    } else {
        format!(": {title}")
    }
}

fn check(views: &[PlanView], scope: &str) -> String {
    let mut out = String::new();
    for v in views {
        out.push_str(&format!("## `{}`{}\n\n", v.id, titled(&v.title)));
        let signed = words::signed(&v.signatories);
        out.push_str(&format!(
            "File `{}`, {signed}; red lines in force on {scope}.\n\n",
            v.file
        ));
        let verdict = if v.acceptable {
            "no party vetoes".to_string()
        } else {
            format!("vetoed by {}", words::vetoers(v).replace('*', "\\*"))
        };
        out.push_str(&format!(
            "**Verdict:** {verdict}. Vetoes: {}, objections: {}, at risk: {}, satisfied: {}.\n\n",
            v.counts.vetoes, v.counts.objections, v.counts.at_risk, v.counts.satisfied
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

fn explain(v: &ExplainView, doc: &Document) -> String {
    let mut out = format!("## {}\n\n", explain_heading(v, doc).replace('\n', "  \n"));
    if v.findings.is_empty() {
        out.push_str("No red line of any party depends on it.\n");
    }
    for e in &v.findings {
        out.push_str(&finding(e));
    }
    out
}

fn matrix(m: &Matrix, scope: &str) -> String {
    let title = match &m.plan {
        Some(p) => format!("### `{p}`: party × clause, as of {scope}\n\n"),
        None => format!("### Party × plan, as of {scope}\n\n"),
    };
    format!(
        "{title}{}\n\n{}\n",
        matrix_table(m, true),
        matrix_legend(m).replace('*', "\\*").replace('\n', "  \n")
    )
}

fn amend(v: &AmendView, scope: &str) -> String {
    let mut out = format!("## Amending `{}`{}\n\n", v.plan, titled(&v.title));
    out.push_str(&format!(
        "File `{}`; red lines of {} in force on {scope}",
        v.file,
        whose(&v.parties)
    ));
    if !v.kept.is_empty() {
        out.push_str(&format!("; keeping {}", words::clauses_phrase(&v.kept)));
    }
    out.push_str(&format!(
        ".\n\n**Before:** {}.\n\n",
        words::verdicts(&v.before)
    ));
    let changes_md = |a: &AmendmentView| {
        let mut s = String::new();
        for c in &a.changes {
            s.push_str(&format!("- {}\n", words::change(c)));
        }
        s.push_str(&format!(
            "\n**After:** {}.\n",
            words::plan_verdicts(&a.after)
        ));
        for e in &a.after.findings {
            s.push_str(&format!("- {} {}\n", mark(e), words::headline_plain(e)));
        }
        s
    };
    if let Some(note) = phrases::unproved(v) {
        out.push_str(&format!("**{note}**\n\n"));
    }
    match &v.amendment {
        Some(a) if a.changes.is_empty() => {
            out.push_str("No change needed: no party vetoes the plan as it stands.\n")
        }
        Some(a) => {
            out.push_str(&format!(
                "### {}: {}\n\n",
                if v.optimal {
                    "Smallest amendment"
                } else {
                    "Best amendment found"
                },
                plural(a.changes.len(), "change")
            ));
            for note in words::stale_texts(v, a) {
                out.push_str(&format!("\nNote: {note}.\n"));
            }
            out.push_str(&changes_md(a));
        }
        None => {
            if v.optimal {
                out.push_str("**No amendment leaves every party without a veto.**\n\n");
            }
            if !v.conflict.is_empty() {
                out.push_str(&format!("### Irreducible conflict\n\nNo amendment of this plan{} respects all of these; dropping any one would change that.\n\n", keeping(v)));
                for c in &v.conflict {
                    out.push_str(&format!("- {}\n", words::demand(c)));
                }
                out.push('\n');
            }
            out.push_str(if v.optimal {
                "### Who would have to yield\n\nThe fewest red lines whose parties would have to yield for a deal to exist:\n\n"
            } else {
                "### Who would have to yield\n\nWhat the best amendment found asks to yield (not proved the fewest):\n\n"
            });
            for c in &v.correction {
                out.push_str(&format!("- {}\n", words::demand(c)));
            }
            if v.correction.iter().any(|c| c.kind == DemandKind::Consent) {
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
        match &v.written_as {
            Some(id) => out.push_str(&format!(
                "\nWrote the amended plan to `{w}`, as plan `{id}`.\n"
            )),
            None => out.push_str(&format!("\nWrote the amended plan to `{w}`.\n")),
        }
        if let Some(n) = v.links_kept_old {
            out.push_str(&format!(
                "The plan's file had {n} other hard link(s), which keep the old text.\n"
            ));
        }
    }
    if v.write_skipped {
        out.push_str(&format!(
            "\n{}.\n",
            sentence_case(phrases::write_skipped(v))
        ));
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

fn timeline(v: &TimelineView) -> String {
    let mut out = format!(
        "## Verdicts over time\n\nFrom {} to {}, red lines of {}.",
        v.from,
        v.to,
        whose(&v.parties)
    );
    if v.change_days().is_empty() {
        out.push_str(" No verdict changes in these days.\n");
    } else {
        let days: Vec<String> = v.change_days().iter().map(|d| d.to_string()).collect();
        out.push_str(&format!(" Verdicts change on {}.\n", days.join(", ")));
    }
    let mut analysis = false;
    for p in &v.plans {
        out.push_str(&format!("\n### {} (`{}`)\n\n", cell(&p.title), p.plan));
        out.push_str(&format!(
            "{}.\n\n",
            capitalise(&phrases::course(p, v.from, v.to))
        ));
        out.push_str("| party | verdicts |\n|---|---|\n");
        for row in &p.parties {
            analysis |= row.periods.iter().any(|x| x.analysis);
            out.push_str(&format!(
                "| {} | {} |\n",
                row.party,
                phrases::periods(row, v.from, v.to).replace('*', "\\*")
            ));
        }
        let changed = phrases::changed(p);
        if !changed.is_empty() {
            out.push_str("\nChanges:\n\n");
        }
        for (party, x) in changed {
            out.push_str(&format!(
                "- **{}** {party} → {}\n",
                x.from,
                phrases::standing(x.standing, x.analysis).replace('*', "\\*")
            ));
            for c in &x.changes {
                out.push_str(&format!("  - {}", phrases::change_worded(c)));
                if let Some(q) = &c.quote {
                    out.push_str(&format!(": “{q}”"));
                }
                out.push('\n');
            }
        }
    }
    if analysis {
        out.push_str("\n\\* rests only on an analyst's reading (basis = \"analysis\"); `--basis statement` leaves it out.\n");
    }
    out
}

fn coalitions(v: &CoalitionsView, scope: &str) -> String {
    let mut out = format!(
        "## Coalitions\n\nAmong {}, veto red lines in force on {scope}.\n\n",
        whose(&v.parties)
    );
    if v.all_agree {
        out.push_str(
            "**All of them can agree:** some coherent plan draws no veto from any of them.\n",
        );
    } else {
        out.push_str(&format!(
            "**Not all of them can agree.** {} cannot; {} can.\n",
            capitalise(&plural(v.blocking.len(), "blocking group")),
            plural(v.coalitions.len(), "maximal coalition")
        ));
    }
    if !v.pivotal.is_empty() {
        out.push_str(&format!(
            "\nPivotal: {} (in every blocking group).\n",
            words::and_list(&v.pivotal)
        ));
    }
    if !v.complete {
        out.push_str(
            "\nThe search stopped at its limit: the lists below are only a part of the answer.\n",
        );
    }
    if !v.blocking.is_empty() {
        out.push_str("\n### Blocking groups\n\nNo coherent plan avoids every veto of all their members; without any one member, the rest could agree.\n\n");
        for b in &v.blocking {
            out.push_str(&format!("- **{}**\n", phrases::group(&b.parties)));
            for d in &b.conflict {
                out.push_str(&format!("  - {}\n", words::demand(d)));
            }
        }
    }
    out.push_str("\n### Maximal coalitions\n\nSome coherent plan draws no veto from any member; no other party can join.\n\n");
    for c in &v.coalitions {
        out.push_str(&format!("- **{}**\n", phrases::group(&c.parties)));
        let plan: Vec<String> = c
            .witness
            .iter()
            .map(|(term, value)| format!("`{term}` = `{value}`"))
            .collect();
        if !plan.is_empty() {
            out.push_str(&format!(
                "  - a plan they all accept: {}\n",
                plan.join(", ")
            ));
        }
        if let Some(a) = &c.amendment {
            let plan_id = v.plan.as_deref().unwrap_or("the plan");
            if !a.amendable {
                out.push_str(&format!(
                    "  - no amendment of `{plan_id}` satisfies them all\n"
                ));
            } else if a.changes.is_empty() {
                out.push_str(&format!(
                    "  - `{plan_id}` is acceptable to them as it stands\n"
                ));
            } else {
                let ch: Vec<String> = a.changes.iter().map(words::change).collect();
                out.push_str(&format!(
                    "  - `{plan_id}` becomes acceptable to them with: {}\n",
                    ch.join("; ")
                ));
            }
        }
    }
    out
}

fn space(v: &SpaceView, scope: &str) -> String {
    let mut out = format!(
        "## Agreement space of {}\n\n{} in force on {scope}.\n\n",
        whose(&v.parties),
        plural(v.red_lines.len(), "veto red line")
    );
    if !v.acceptable {
        out.push_str("**No fully decided plan is acceptable to all of them.** These red lines cannot hold together; dropping any one would change that:\n\n");
        for c in &v.conflict {
            out.push_str(&format!("- {}\n", words::demand(c)));
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

fn diff(v: &DiffView, scope: &str) -> String {
    let mut out = format!(
        "## `{}` → `{}`\n\nFiles `{}` and `{}`; red lines in force on {scope}.\n\n",
        v.a.id, v.b.id, v.a.file, v.b.file
    );
    out.push_str(&format!(
        "- **`{}`:** {}\n- **`{}`:** {}\n\n",
        v.a.id,
        words::verdicts(&v.before),
        v.b.id,
        words::verdicts(&v.after)
    ));
    if !v.settings.is_empty() {
        out.push_str("### Terms decided differently\n\n| term | `");
        out.push_str(&format!("{}` | `{}` |\n|---|---|---|\n", v.a.id, v.b.id));
        for s in &v.settings {
            out.push_str(&format!(
                "| `{}` | {} | {} |\n",
                s.term,
                cell(&words::side(&s.a)),
                cell(&words::side(&s.b))
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
                out.push_str(&format!("**{}**\n\n", words::group_title(g, plan)));
                for e in &g.findings {
                    out.push_str(&format!("- {sign} {}\n", words::diff_entry(e)));
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

fn graph(g: &GraphView, doc: &Document) -> String {
    let title = match &g.plan {
        Some(p) => format!("## Conflict graph of `{p}`\n\n"),
        None => "## Conflict graph\n\n".to_string(),
    };
    let conflicts = g
        .edges
        .iter()
        .filter(|e| e.kind == crate::report::view::EdgeKindView::Conflicts)
        .count();
    format!(
        "{title}{}, {} ({} of vetoes no plan satisfies together). Render with `dot -Tsvg`.\n\n```dot\n{}```\n",
        plural(g.nodes.len(), "node"),
        plural(g.edges.len(), "edge"),
        plural(conflicts, "pair"),
        super::dot::render(doc).stdout
    )
}

fn test(v: &TestView) -> String {
    let mut out = String::from("| result | scenario | file |\n|---|---|---|\n");
    for r in &v.scenarios {
        let word = match r.status {
            ScenarioStatus::Passed => "pass",
            ScenarioStatus::Failed => "**fail**",
            ScenarioStatus::Broken => "**broken**",
        };
        out.push_str(&format!("| {word} | {} | `{}` |\n", cell(&r.name), r.file));
    }
    for r in v
        .scenarios
        .iter()
        .filter(|r| r.status != ScenarioStatus::Passed)
    {
        let title = if r.name.is_empty() { &r.file } else { &r.name };
        out.push_str(&format!("\n### {title}\n\n"));
        for c in r.comparisons.iter().filter(|c| !c.passed) {
            out.push_str(&format!(
                "- `{}` {}: expected {}, got {}\n",
                c.location,
                words::expect_key(c.what),
                words::expected(c),
                words::actual(c)
            ));
        }
        out.push_str(&diagnostics(&r.diagnostics));
    }
    out.push_str(&format!("\n{} passed, {} failed\n", v.passed, v.failed));
    out
}

fn lint(v: &LintView, diags: &[DiagnosticView]) -> String {
    let mut out = diagnostics(diags);
    if v.ok {
        out.push_str(&format!("ok: {}\n", lint_summary(v)));
    }
    out
}

fn codes(cs: &[CodeView]) -> String {
    if let [one] = cs {
        let mut out = format!("## `{}`\n\n{}\n\n{}\n", one.code, one.what, one.why);
        if let Some(e) = &one.example {
            out.push_str(&format!(
                "\n{}\n\n```\n{}\n```\n",
                example_heading(e.file),
                e.text.trim_end()
            ));
        }
        return out;
    }
    let mut out = String::from("| code | level | what |\n|---|---|---|\n");
    for c in cs {
        let level = match c.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        out.push_str(&format!("| `{}` | {level} | {} |\n", c.code, cell(c.what)));
    }
    out
}

/// The first letter in upper case.
fn sentence_case(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
