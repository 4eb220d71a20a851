//! Human output: compiler-style text for a terminal, with the source lines
//! a finding or a diagnostic is about.

use super::words::{
    self, count, count_line, example_heading, explain_heading, keeping, lint_summary, mark, plural,
    whose,
};
use super::{matrix_columns, matrix_legend, matrix_table, space_table};
use crate::check::Verdict;
use crate::diagnostic::Level;
use crate::model::{Loc, Severity, SourceMap};
use crate::report::snippet::{attach, draw, Block};
use crate::report::view::{
    AmendView, AmendmentView, CauseKind, CodeView, DiagnosticView, DiffView, ExplainView,
    Explanation, GraphView, LintView, Matrix, PlanView, ScenarioStatus, SpaceView, TestView,
};
use crate::report::{Body, Document, Rendered, Style};

mod over_time;

/// Render `doc` for a terminal.
pub fn render(doc: &Document, files: &SourceMap, style: Style) -> Rendered {
    let scope = words::scope(doc);
    let mut out = Rendered {
        stdout: String::new(),
        // `lint` places its diagnostics with its answer (below).
        stderr: if matches!(doc.body, Body::Lint(_)) {
            String::new()
        } else {
            diagnostics(files, &doc.diagnostics, style)
        },
    };
    match &doc.body {
        Body::Check(v) => out.stdout = check(files, &v.plans, &scope, style),
        Body::Matrix { matrix: m } => out.stdout = matrix(m, &scope, style),
        Body::Explain(v) => out.stdout = explain(files, v, doc, style),
        Body::Amend(v) => out.stdout = amend(v, &scope),
        Body::Space(v) => out.stdout = space(v, &scope),
        Body::Diff(v) => out.stdout = diff(v, &scope),
        Body::Graph(g) => out.stdout = graph(g, &scope),
        Body::Test(v) => {
            let broken: Vec<DiagnosticView> = v
                .scenarios
                .iter()
                .flat_map(|s| s.diagnostics.iter().cloned())
                .collect();
            out.stderr.push_str(&diagnostics(files, &broken, style));
            out.stdout = test(v);
        }
        Body::Lint(v) => {
            let text = lint(files, v, &doc.diagnostics, style);
            if v.ok {
                out.stdout = text;
            } else {
                out.stderr.push_str(&text);
            }
        }
        Body::Timeline(v) => out.stdout = over_time::timeline(v, style),
        Body::Coalitions(v) => out.stdout = over_time::coalitions(v, &scope, style),
        Body::Codes { codes: cs } => out.stdout = codes(cs),
        Body::Failed {} => {}
    }
    out
}

// ------------------------------------------------------------ diagnostics

fn level_severity(level: Level) -> miette::Severity {
    match level {
        Level::Error => miette::Severity::Error,
        Level::Warning => miette::Severity::Warning,
    }
}

/// Every diagnostic the way a compiler shows it, then a count.
pub fn diagnostics(files: &SourceMap, diags: &[DiagnosticView], style: Style) -> String {
    let mut out = String::new();
    for v in diags {
        let d = &v.diagnostic;
        let mut block = Block::new(d.message.clone(), level_severity(d.level));
        block.code = Some(format!("redline::{}", d.code.name()));
        block.help = d.help.clone();
        let labels: Vec<_> = d
            .labels
            .iter()
            .take(MAX_LABELS)
            .map(|l| (l.loc, l.message.clone()))
            .collect();
        if d.labels.len() > MAX_LABELS {
            let note = format!(
                "and {} more (`--format json` lists them all)",
                plural(d.labels.len() - MAX_LABELS, "place")
            );
            block.help = Some(match block.help.take() {
                Some(h) => format!("{h}\n{note}"),
                None => note,
            });
        }
        let block = attach(files, block, &labels, "see also");
        out.push_str(&draw(block, style.color, style.width));
        out.push('\n');
    }
    let errors = diags.iter().filter(|d| d.level == Level::Error).count();
    let warnings = diags.len() - errors;
    if !diags.is_empty() {
        out.push_str(&format!(
            "{}, {}\n",
            plural(errors, "error"),
            plural(warnings, "warning")
        ));
    }
    out
}

// ------------------------------------------------------------ findings

fn severity(e: &Explanation) -> miette::Severity {
    match (e.verdict, e.severity) {
        (Verdict::Violated, Severity::Veto) => miette::Severity::Error,
        (Verdict::Violated, _) | (Verdict::AtRisk, _) => miette::Severity::Warning,
        _ => miette::Severity::Advice,
    }
}

/// The most clauses one code frame labels.
const MAX_LABELS: usize = 8;

/// One finding as a miette block.
fn finding_block(files: &SourceMap, e: &Explanation, style: Style) -> String {
    let about = words::about(e);
    let message = if about.is_empty() {
        words::headline(e)
    } else {
        format!("{}: {about}", words::headline(e))
    };
    let mut block = Block::new(message, severity(e));
    block.code = Some(words::name(e));
    let notes = words::notes(e);
    if !notes.is_empty() {
        block.help = Some(notes.join("\n"));
    }
    let mut labels: Vec<(Loc, Option<String>)> = Vec::new();
    let clause_causes: Vec<_> = e
        .causes
        .iter()
        .filter(|c| c.kind == CauseKind::Clause)
        .collect();
    // A code frame shows a few clauses; the rest are named in a note (a
    // frame with thousands of labels is unreadable, and slow to draw).
    if clause_causes.len() > MAX_LABELS {
        let rest: Vec<&str> = clause_causes
            .iter()
            .skip(MAX_LABELS)
            .filter_map(|c| c.clause.as_deref())
            .collect();
        let shown: Vec<String> = rest.iter().take(20).map(|c| format!("`{c}`")).collect();
        let more = if rest.len() > 20 { ", …" } else { "" };
        let note = format!(
            "and {} more {}: {}{more} (`--format concise` or `json` lists them all)",
            words::group_digits(rest.len() as i64),
            if rest.len() == 1 { "clause" } else { "clauses" },
            shown.join(", ")
        );
        block.help = Some(match block.help.take() {
            Some(h) => format!("{note}\n{h}"),
            None => note,
        });
    }
    for c in clause_causes.iter().take(MAX_LABELS) {
        if let (Some(l), Some(v)) = (&c.location, &c.value) {
            labels.push((
                l.loc,
                Some(format!(
                    "clause `{}` sets `{}` to {}",
                    c.clause.as_deref().unwrap_or("?"),
                    c.term,
                    words::setting(v)
                )),
            ));
        }
    }
    if let Some(rl) = e.rule_loc {
        let severity = e.severity.as_str();
        let whose = match &e.member {
            Some(m) => format!("red line of {m} ({severity}), on a term {} owns", e.party),
            None => format!("red line of {} ({severity})", e.party),
        };
        labels.push((rl, Some(whose)));
    }
    let see_also = e
        .red_line
        .as_ref()
        .map_or_else(|| "the red line".to_string(), |r| format!("red line `{r}`"));
    let block = attach(files, block, &labels, &see_also);
    draw(block, style.color, style.width)
}

fn summary(v: &PlanView) -> String {
    let counts = words::counts(&v.counts);
    if v.acceptable {
        format!("`{}`: no party vetoes ({counts})\n", v.id)
    } else {
        format!(
            "`{}`: vetoed by {} ({counts})\n{}",
            v.id,
            words::vetoers(v),
            analysis_note(v)
        )
    }
}

/// The legend for `*`, when a party is so marked.
fn analysis_note(v: &PlanView) -> String {
    if v.vetoed_on_analysis.is_empty() {
        String::new()
    } else {
        "  * only on an analyst's reading (basis = \"analysis\"); `--basis statement` leaves it out\n"
            .to_string()
    }
}

/// "plan `ID`: TITLE (FILE)", or without the title when the plan has none.
fn plan_line(id: &str, title: &str, file: &str) -> String {
    if title.trim().is_empty() {
        format!("plan `{id}` ({file})")
    } else {
        format!("plan `{id}`: {title} ({file})")
    }
}

fn header(v: &PlanView, scope: &str) -> String {
    let signed = words::signed(&v.signatories);
    format!(
        "{}\n{signed}; red lines in force on {scope}\n\n",
        plan_line(&v.id, &v.title, &v.file)
    )
}

/// The answer before the details: each plan's verdict in one line.
fn overview(views: &[PlanView], scope: &str) -> String {
    let width = views
        .iter()
        .map(|v| v.id.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = format!(
        "{} checked against the red lines in force on {scope}\n",
        plural(views.len(), "plan")
    );
    for v in views {
        let verdict = if v.acceptable {
            "no party vetoes".to_string()
        } else {
            format!("vetoed by {}", words::vetoers(v))
        };
        out.push_str(&format!(
            "  {:width$}  {verdict} ({})\n",
            v.id,
            words::counts(&v.counts)
        ));
    }
    if views.iter().any(|v| !v.vetoed_on_analysis.is_empty()) {
        out.push_str("  * only on an analyst's reading (basis = \"analysis\"); `--basis statement` leaves it out\n");
    }
    out.push_str("\nthe details, plan by plan:\n\n");
    out
}

fn check(files: &SourceMap, views: &[PlanView], scope: &str, style: Style) -> String {
    let mut out = if views.len() > 1 {
        overview(views, scope)
    } else {
        String::new()
    };
    for v in views {
        out.push_str(&header(v, scope));
        for e in &v.findings {
            out.push_str(&finding_block(files, e, style));
            out.push('\n');
        }
        out.push_str(&summary(v));
        if views.len() > 1 {
            out.push('\n');
        }
    }
    out
}

fn explain(files: &SourceMap, v: &ExplainView, doc: &Document, style: Style) -> String {
    let mut out = format!("{}\n\n", explain_heading(v, doc));
    if v.findings.is_empty() {
        out.push_str("no red line of any party depends on it\n");
    }
    for e in &v.findings {
        if e.verdict == Verdict::Satisfied {
            let name = e.red_line.clone().unwrap_or_default();
            out.push_str(&format!("  ✓ {name} is satisfied: {}\n", words::about(e)));
        } else {
            out.push_str(&finding_block(files, e, style));
            out.push('\n');
        }
    }
    out
}

// ------------------------------------------------------------ matrix

fn matrix(m: &Matrix, scope: &str, style: Style) -> String {
    let title = match &m.plan {
        Some(p) => format!("plan `{p}`: party × clause, as of {scope}\n"),
        None => format!("party × plan, as of {scope}\n"),
    };
    let table = matrix_bands(m, style.width)
        .iter()
        .map(|cols| matrix_columns(m, false, cols).to_string())
        .collect::<Vec<_>>()
        .join("\n\n");
    let table = if style.color {
        colour_cells(&table)
    } else {
        table
    };
    let legend: Vec<String> = matrix_legend(m)
        .lines()
        .flat_map(|l| textwrap::wrap(l, style.width.max(20)))
        .map(|l| l.into_owned())
        .collect();
    format!("{title}{table}\n{}\n", legend.join("\n"))
}

/// The columns of each band a grid wider than `width` is cut into, left to
/// right, each band repeating the party column: as many columns per band as
/// fit (at least one). A grid that fits is one band.
fn matrix_bands(m: &Matrix, width: usize) -> Vec<Vec<usize>> {
    // The widths of the drawn columns, read off the grid's top border.
    let whole = matrix_table(m, false).to_string();
    let top = whole.lines().next().unwrap_or("");
    let widths: Vec<usize> = top
        .trim_start_matches('┌')
        .trim_end_matches('┐')
        .split('┬')
        .map(|seg| seg.chars().count() + 1)
        .collect();
    let total = 1 + widths.iter().sum::<usize>();
    let all: Vec<usize> = (0..m.columns.len()).collect();
    let Some((party, rest)) = widths.split_first() else {
        return vec![all];
    };
    if total <= width || rest.len() != m.columns.len() {
        return vec![all];
    }
    let mut bands: Vec<Vec<usize>> = Vec::new();
    let mut band: Vec<usize> = Vec::new();
    let mut used = 1 + party;
    for (i, w) in rest.iter().enumerate() {
        if !band.is_empty() && used + w > width {
            bands.push(std::mem::take(&mut band));
            used = 1 + party;
        }
        band.push(i);
        used += w;
    }
    bands.push(band);
    bands
}

/// Colour the verdicts of a drawn grid: VETO red, objection yellow, at
/// risk cyan, ok and `·` dim. Cells are padded already, so the escapes
/// (which take no width) keep the columns aligned.
fn colour_cells(table: &str) -> String {
    use anstyle::{AnsiColor, Style as Ansi};
    let paint = |word: &str| -> Option<Ansi> {
        let w = word.trim_end_matches('*');
        match w {
            "VETO" | "✗" => Some(AnsiColor::Red.on_default().bold()),
            "objection" | "!" => Some(AnsiColor::Yellow.on_default().bold()),
            "at risk" | "?" => Some(AnsiColor::Cyan.on_default()),
            "ok" | "·" => Some(Ansi::new().dimmed()),
            _ => None,
        }
    };
    let mut out = String::new();
    for line in table.lines() {
        if !line.contains('┆') {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let cells: Vec<String> = line
            .split('┆')
            .map(|cell| {
                let word = cell.trim().trim_end_matches('│').trim();
                match paint(word) {
                    Some(st) if !word.is_empty() => {
                        cell.replacen(word, &format!("{st}{word}{st:#}"), 1)
                    }
                    _ => cell.to_string(),
                }
            })
            .collect();
        out.push_str(&cells.join("┆"));
        out.push('\n');
    }
    out
}

// ------------------------------------------------------------ amend

/// The findings left after an amendment, one per line.
fn remaining(after: &PlanView, bullet: &str) -> String {
    let mut out = String::new();
    for e in &after.findings {
        out.push_str(&format!(
            "{bullet}{} {} ({})\n",
            mark(e),
            words::headline_plain(e),
            words::name(e)
        ));
    }
    out
}

/// An irreducible conflict, a red line a line, each with its location.
fn conflict_lines(conflict: &[crate::report::view::DemandView]) -> String {
    let mut out = String::new();
    for c in conflict {
        let at = c
            .location
            .as_ref()
            .map(|l| format!(" ({l})"))
            .unwrap_or_default();
        out.push_str(&format!("  ✗ {}{at}\n", words::demand(c)));
    }
    out
}

/// An amendment under its heading: each change, the notes on it, and the
/// verdicts `after` it.
fn amendment(heading: &str, a: &AmendmentView, notes: &[String], after: &str) -> String {
    let mut out = format!("{heading}\n");
    for c in &a.changes {
        out.push_str(&format!("  {}\n", words::change(c)));
    }
    for note in notes {
        out.push_str(&format!("  note: {note}\n"));
    }
    out.push_str(&format!("\n{after}: {}\n", words::plan_verdicts(&a.after)));
    out.push_str(&remaining(&a.after, "  "));
    out
}

fn amend(v: &AmendView, scope: &str) -> String {
    let mut out = format!(
        "{}\nred lines of {} in force on {scope}",
        plan_line(&v.plan, &v.title, &v.file),
        whose(&v.parties)
    );
    if !v.kept.is_empty() {
        out.push_str(&format!("; keeping {}", words::clauses_phrase(&v.kept)));
    }
    out.push_str(&format!("\n\nbefore: {}\n\n", words::verdicts(&v.before)));
    match &v.amendment {
        Some(a) if a.changes.is_empty() => {
            out.push_str("no change needed: no party vetoes the plan as it stands\n");
        }
        Some(a) => {
            let heading = format!(
                "{}: {}",
                if v.optimal {
                    "smallest amendment"
                } else {
                    "best amendment found before the time limit (not proved the smallest)"
                },
                plural(a.changes.len(), "change")
            );
            let notes = words::stale_texts(v, a);
            out.push_str(&amendment(&heading, a, &notes, "after the change"));
        }
        None => out.push_str(&no_amendment(v)),
    }
    if let Some(w) = &v.written {
        match &v.written_as {
            Some(id) => out.push_str(&format!(
                "\nwrote the amended plan to {w}, as plan `{id}`\n"
            )),
            None => out.push_str(&format!("\nwrote the amended plan to {w}\n")),
        }
        if let Some(n) = v.links_kept_old {
            out.push_str(&format!(
                "{} of the plan's file {} the old text (--force replaced the file rather than cut it in place)\n",
                plural(n as usize, "other hard link"),
                if n == 1 { "keeps" } else { "keep" }
            ));
        }
        if v.amendment.as_ref().is_some_and(|a| !a.changes.is_empty()) {
            out.push_str("the texts of the changed clauses may no longer match their settings: a comment in the file marks each\n");
        }
    }
    if v.write_skipped {
        out.push_str(&format!("\n{}\n", super::phrases::write_skipped(v)));
    }
    out
}

/// No amendment without a veto: proved (the conflict, the fewest to yield
/// and the amendment once they do), or, when the time limit passed first,
/// the bound proved, the conflict if one was found and the best amendment.
fn no_amendment(v: &AmendView) -> String {
    let mut out = String::new();
    if v.optimal {
        out.push_str("no amendment leaves every party without a veto\n");
    } else {
        out.push_str(
            "the time limit passed before an amendment without a veto was found or ruled out\n",
        );
        if v.lower_bound > 0 {
            out.push_str(&format!(
                "proved so far: none exists; at least {} would have to yield\n",
                plural(v.lower_bound, "red line")
            ));
        } else {
            out.push_str("proved so far: nothing (one may still exist)\n");
        }
    }
    if !v.conflict.is_empty() {
        out.push_str(&format!(
            "\nno amendment of this plan{} respects all of these, and dropping any one of them would change that:\n",
            keeping(v)
        ));
        out.push_str(&conflict_lines(&v.conflict));
    }
    let which = match (v.correction.len(), v.optimal) {
        (1, true) => "this".to_string(),
        (1, false) => "this one".to_string(),
        (n, _) => format!("these {n}"),
    };
    out.push_str(&if v.optimal {
        format!("\nfor a deal to exist, at least {which} would have to yield (no smaller set will do):\n")
    } else {
        format!("\nthe best amendment found asks {which} to yield (not proved the fewest):\n")
    });
    for c in &v.correction {
        out.push_str(&format!("  - {}\n", words::demand(c)));
    }
    if v.correction
        .iter()
        .any(|c| c.kind == crate::report::view::DemandKind::Consent)
    {
        out.push_str("  (yielding a consent means that party signs the plan)\n");
    }
    if let Some(a) = &v.after_yield {
        let heading = format!(
            "\nif they yield, {} {}:",
            if v.optimal {
                "the smallest amendment is"
            } else {
                "it makes"
            },
            plural(a.changes.len(), "change")
        );
        out.push_str(&amendment(&heading, a, &[], "after it"));
    }
    out
}

// ------------------------------------------------------------ space

fn space(v: &SpaceView, scope: &str) -> String {
    let mut out = format!(
        "agreement space of {}: {} in force on {scope}\n\n",
        whose(&v.parties),
        plural(v.red_lines.len(), "veto red line")
    );
    if !v.acceptable {
        out.push_str("no fully decided plan is acceptable to all of them: these red lines cannot hold together, and dropping any one of them would change that:\n");
        out.push_str(&conflict_lines(&v.conflict));
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

// ------------------------------------------------------------ diff

fn diff(v: &DiffView, scope: &str) -> String {
    let mut out = format!(
        "diff `{}` ({}) → `{}` ({})\nred lines in force on {scope}\n\n",
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
            out.push_str(&format!(
                "  {}: {} → {}\n",
                s.term,
                words::side(&s.a),
                words::side(&s.b)
            ));
        }
    }
    let sections = [
        (
            format!(
                "lost: {} of `{}` that `{}` removes or softens",
                plural(count(&v.lost), "finding"),
                v.a.id,
                v.b.id
            ),
            &v.lost,
            &v.a.id,
            '-',
        ),
        (
            format!(
                "gained: {} that `{}` adds or makes worse",
                plural(count(&v.gained), "finding"),
                v.b.id
            ),
            &v.gained,
            &v.b.id,
            '+',
        ),
    ];
    for (title, groups, plan, sign) in sections {
        out.push_str(&format!("\n{title}\n"));
        for g in groups {
            out.push_str(&format!("  {}\n", words::group_title(g, plan)));
            for e in &g.findings {
                out.push_str(&format!("    {sign} {}\n", words::diff_entry(e)));
            }
        }
    }
    out.push_str(&format!(
        "\n`{}`: {}\n`{}`: {}\n",
        v.a.id,
        words::verdicts(&v.before),
        v.b.id,
        words::verdicts(&v.after)
    ));
    out
}

// ------------------------------------------------------------ graph

fn graph(g: &GraphView, scope: &str) -> String {
    use crate::report::view::{EdgeKindView, NodeKindView};
    let label = |id: &str| {
        g.nodes
            .iter()
            .find(|n| n.id == id)
            .map_or_else(|| id.to_string(), |n| n.label.clone())
    };
    let mut out = match &g.plan {
        Some(p) => format!("conflict graph of plan `{p}`, as of {scope}\n"),
        None => format!("conflict graph, as of {scope}\n"),
    };
    let count = |k: NodeKindView| g.nodes.iter().filter(|n| n.kind == k).count();
    out.push_str(&format!(
        "{}, {}, {}",
        plural(count(NodeKindView::Party), "party"),
        plural(count(NodeKindView::Bloc), "bloc"),
        plural(count(NodeKindView::RedLine), "red line")
    ));
    if g.plan.is_some() {
        out.push_str(&format!(
            ", {}",
            plural(count(NodeKindView::Clause), "clause")
        ));
    }
    out.push_str("\n\n");
    let section = |out: &mut String, title: &str, kinds: &[EdgeKindView], sep: &str| {
        let edges: Vec<_> = g.edges.iter().filter(|e| kinds.contains(&e.kind)).collect();
        if edges.is_empty() {
            return;
        }
        out.push_str(&format!("{title}:\n"));
        for e in edges {
            out.push_str(&format!(
                "  {} {sep} {} ({})\n",
                label(&e.from),
                label(&e.to),
                e.label
            ));
        }
        out.push('\n');
    };
    for (title, kind, sep) in [
        ("members of blocs", EdgeKindView::Member, "→"),
        ("red lines, and who holds them", EdgeKindView::Holds, "→"),
        (
            "vetoes no plan satisfies together",
            EdgeKindView::Conflicts,
            "—",
        ),
        ("clauses that cross red lines", EdgeKindView::Crosses, "→"),
        (
            "clauses that need a party's consent",
            EdgeKindView::Consent,
            "→",
        ),
        (
            "members' red lines a bloc takes as its own",
            EdgeKindView::Consensus,
            "→",
        ),
    ] {
        section(&mut out, title, &[kind], sep);
    }
    out.push_str("draw it with `redline graph --format dot | dot -Tsvg > graph.svg`\n");
    out
}

// ------------------------------------------------------------ test

fn test(v: &TestView) -> String {
    let mut out = String::new();
    for r in &v.scenarios {
        let word = match r.status {
            ScenarioStatus::Passed => "PASS  ",
            ScenarioStatus::Failed => "FAIL  ",
            ScenarioStatus::Broken => "BROKEN",
        };
        let label = if r.name.is_empty() {
            r.file.clone()
        } else {
            format!("{}: {}", r.file, r.name)
        };
        out.push_str(&format!("{word} {label}\n"));
        for c in r.comparisons.iter().filter(|c| !c.passed) {
            out.push_str(&format!(
                "       {}: {}\n         expected: {}\n         actual:   {}\n",
                c.location,
                words::expect_key(c.what),
                words::expected(c),
                words::actual(c)
            ));
        }
        if r.status == ScenarioStatus::Broken {
            out.push_str(&format!(
                "       could not run: {} (shown above)\n",
                plural(r.diagnostics.len(), "error")
            ));
        }
    }
    if v.broken > 0 {
        out.push_str(&format!(
            "{} could not run, and count as failed\n",
            plural(v.broken, "scenario")
        ));
    }
    out.push_str(&format!("{} passed, {} failed\n", v.passed, v.failed));
    out
}

// ------------------------------------------------------------ lint

fn lint(files: &SourceMap, v: &LintView, diags: &[DiagnosticView], style: Style) -> String {
    let mut out = diagnostics(files, diags, style);
    if v.ok {
        out.push_str(&format!("ok: {}\n", lint_summary(v)));
    }
    out
}

// ------------------------------------------------------------ codes

fn codes(cs: &[CodeView]) -> String {
    let mut out = String::new();
    if let [one] = cs {
        out.push_str(&format!("{} ({})\n\n", one.code, level_word(one.level)));
        out.push_str(&format!(
            "{}\n\n{}\n",
            words::wrap(one.what, 78),
            words::wrap(one.why, 78)
        ));
        if let Some(e) = &one.example {
            out.push_str(&format!("\n{}\n\n", example_heading(e.file)));
            for line in e.text.lines() {
                out.push_str(&format!("    {line}\n"));
            }
        }
        return out;
    }
    let width = cs.iter().map(|c| c.code.len()).max().unwrap_or(0);
    for c in cs {
        let mark = if c.level == Level::Warning {
            " (warning)"
        } else {
            ""
        };
        out.push_str(&format!("{:width$}  {}{mark}\n", c.code, c.what));
    }
    out.push_str("\n`redline codes CODE` explains one, with an example\n");
    out
}

fn level_word(l: Level) -> &'static str {
    match l {
        Level::Error => "error",
        Level::Warning => "warning",
    }
}
