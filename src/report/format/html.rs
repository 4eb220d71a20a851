//! HTML: one self-contained page a negotiator can forward. Inline CSS, no
//! script, no external fetch (a Content-Security-Policy forbids any), print
//! styles for "Save as PDF". Built with maud, which escapes every string it
//! is given: nothing from a TOML file can add markup.

use super::words::{self, plural};
use super::{cell_class, phrases};
use crate::check::Verdict;
use crate::model::{Basis, Polarity, Severity};
use crate::report::view::{
    AmendView, AmendmentView, CauseKind, ChangeKind, ChangeView, ClauseView, CoalitionsView,
    CodeView, DemandView, DiagnosticView, DiffGroup, DiffView, ExplainView, Explanation, GraphView,
    LintView, Matrix, MatrixKind, PartyView, PlanView, ScenarioStatus, SettingView, SpaceView,
    Subject, TestView, TimelineView,
};
use crate::report::{Body, Document};
use maud::{html, Markup, PreEscaped, DOCTYPE};

const CSS: &str = r#"
:root { --veto:#b42318; --veto-bg:#fee4e2; --obj:#b54708; --obj-bg:#fef0c7; --risk:#175cd3; --risk-bg:#d1e9ff; --ok:#475467; --ok-bg:#f2f4f7; --line:#d0d5dd; --ink:#101828; --muted:#475467; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 21px; margin: 32px 0 8px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 17px; margin: 20px 0 8px; } h4 { font-size: 16px; margin: 0 0 8px; } h5 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 0 0 4px; }
p.lede { color: var(--muted); margin: 0 0 12px; }
table { border-collapse: collapse; margin: 8px 0; } th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f9fafb; font-weight: 600; }
td.cell { text-align: center; font-weight: 600; white-space: nowrap; }
.veto { background: var(--veto-bg); color: var(--veto); } .objection { background: var(--obj-bg); color: var(--obj); }
.at_risk { background: var(--risk-bg); color: var(--risk); } .ok { background: var(--ok-bg); color: var(--ok); font-weight: 400; }
.legend { font-size: 13px; color: var(--muted); } .legend span.key { display: inline-block; padding: 0 6px; margin-right: 4px; border-radius: 3px; }
ul.answer { margin: 8px 0 0; padding-left: 20px; } ul.answer li { margin: 2px 0; }
article.finding { border: 1px solid var(--line); border-left: 6px solid var(--ok); border-radius: 4px; padding: 12px 16px; margin: 12px 0; break-inside: avoid; }
article.finding.veto { border-left-color: var(--veto); background: none; color: inherit; } article.finding.objection { border-left-color: var(--obj); background: none; color: inherit; }
article.finding.at_risk { border-left-color: var(--risk); background: none; color: inherit; } article.finding.ok { background: none; color: inherit; }
.badge { display: inline-block; font-size: 12px; font-weight: 700; text-transform: uppercase; border-radius: 3px; padding: 1px 6px; margin-right: 6px; vertical-align: 2px; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; margin: 8px 0; }
.pair > div { background: #f9fafb; border-radius: 4px; padding: 8px 12px; }
blockquote { margin: 4px 0; padding-left: 10px; border-left: 3px solid var(--line); font-style: italic; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0 0; font-size: 14px; } dt { color: var(--muted); } dd { margin: 0; }
.analysis { color: var(--obj); font-weight: 600; } code { font-size: 13px; background: #f2f4f7; padding: 0 3px; border-radius: 3px; }
del { color: var(--veto); } ins { color: #067647; text-decoration: none; font-weight: 600; background: #dcfae6; padding: 0 2px; }
.stale { color: var(--obj); font-size: 13px; font-weight: 600; } .columns { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; }
.graph { break-inside: avoid; } h3 { break-after: avoid; }
.graph svg { max-width: 100%; height: auto; border: 1px solid var(--line); }
.scroll { overflow-x: auto; } th small { display: block; font-weight: 400; color: var(--muted); }
table.matrix { break-inside: avoid; } table.matrix tbody th { min-width: 18em; }
table.matrix[data-kind=clauses] thead th:not(:first-child) { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; font-weight: 500; padding: 6px 2px; }
table.matrix[data-kind=clauses] td.cell { padding: 2px 4px; }
footer { margin-top: 40px; color: var(--muted); font-size: 13px; border-top: 1px solid var(--line); padding-top: 8px; }
@media print {
  @page { size: A4; margin: 14mm; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  .scroll { overflow: visible; } table.matrix { font-size: 8.5pt; } th, td { padding: 2px 5px; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-before: page; } h2.first { break-before: avoid; }
  .pair, .columns { grid-template-columns: 1fr 1fr; }
  a { color: inherit; text-decoration: none; }
}
@media (max-width: 720px) { .pair, .columns { grid-template-columns: 1fr; } }
"#;

/// Render `doc` as one HTML page.
pub fn render(doc: &Document) -> String {
    let scope = words::scope(doc);
    let (title, body) = match &doc.body {
        Body::Check(v) => (
            "Which parties veto which draft".to_string(),
            check(v, &scope),
        ),
        Body::Matrix { matrix: m } => ("Party verdicts".to_string(), matrix_section(m, &scope)),
        Body::Explain(v) => (explain_title(v), explain(v, doc)),
        Body::Amend(v) => (format!("Amending {}", v.title), amend(v, &scope)),
        Body::Diff(v) => (format!("{} → {}", v.a.title, v.b.title), diff(v, &scope)),
        Body::Test(v) => ("Regression scenarios".to_string(), test(v)),
        Body::Space(v) => ("The agreement space".to_string(), space(v, &scope)),
        Body::Graph(g) => ("Conflict graph".to_string(), graph(g, doc)),
        Body::Lint(v) => ("Workspace check".to_string(), lint(v, &doc.diagnostics)),
        Body::Codes { codes: cs } => ("Diagnostic codes".to_string(), codes(cs)),
        Body::Timeline(v) => ("Verdicts over time".to_string(), timeline(v)),
        Body::Coalitions(v) => ("Who could agree".to_string(), coalitions(v, &scope)),
        Body::Failed {} => ("redline could not answer".to_string(), html! {}),
    };
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "redline: " (title) }
                style { (PreEscaped(CSS)) }
            }
            body {
                h1 { (title) }
                @if !matches!(doc.body, Body::Lint(_)) && !doc.diagnostics.is_empty() {
                    (diagnostics(&doc.diagnostics))
                }
                (body)
                footer {
                    "Made by redline"
                    @if let Some(d) = doc.as_of { " · red lines in force on " (d.to_string()) }
                    " · every verdict rests on the red lines' sources, quoted below; an analyst's reading is marked as such."
                }
            }
        }
    };
    let mut out = page.into_string();
    out.push('\n');
    out
}

// ------------------------------------------------------------ pieces

/// Text from the shared wording, whose `backticked` parts are ids and
/// values: shown as code, everything escaped.
fn ticks(s: &str) -> Markup {
    html! {
        @for (i, part) in s.split('`').enumerate() {
            @if i % 2 == 1 { code { (part) } } @else { (part) }
        }
    }
}

fn verdict_class(verdict: Verdict, severity: Severity) -> &'static str {
    match (verdict, severity) {
        (Verdict::Violated, Severity::Veto) => "veto",
        (Verdict::Violated, Severity::Objection) => "objection",
        (Verdict::AtRisk, _) => "at_risk",
        (Verdict::Satisfied, _) => "ok",
    }
}

fn verdict_words(verdict: Verdict, severity: Severity) -> &'static str {
    match (verdict, severity) {
        (Verdict::Violated, Severity::Veto) => "veto",
        (Verdict::Violated, Severity::Objection) => "objection",
        (Verdict::AtRisk, Severity::Veto) => "at risk of a veto",
        (Verdict::AtRisk, Severity::Objection) => "at risk of an objection",
        (Verdict::Satisfied, _) => "satisfied",
    }
}

fn setting(s: &SettingView) -> Markup {
    match s {
        SettingView::One(v) => html! { b { (words::value_text(v)) } },
        SettingView::OneOf(vs) => html! {
            "one of "
            @for (i, v) in vs.iter().enumerate() {
                @if i > 0 { ", " }
                b { (words::value_text(v)) }
            }
        },
    }
}

/// The legend of verdict colours.
fn legend(analysis: bool) -> Markup {
    html! {
        p.legend {
            span.key.veto { "VETO" } "a party's veto is crossed · "
            span.key.objection { "objection" } "an objection is crossed · "
            span.key.at_risk { "at risk" } "crossed in some readings of what the plan leaves open · "
            span.key.ok { "ok" } "nothing crossed"
            @if analysis {
                br;
                "* rests only on an analyst's reading of the party, not on its own words (leave these out with --basis statement)"
            }
        }
    }
}

fn matrix_table(m: &Matrix, clause_texts: &[ClauseView], parties: &[PartyView]) -> Markup {
    let analysis = m.analysis.iter().flatten().any(|a| *a);
    let name = |id: &String| {
        parties
            .iter()
            .find(|p| &p.id == id)
            .map_or_else(|| id.clone(), |p| p.name.clone())
    };
    html! {
        div.scroll { table.matrix data-kind=(match m.kind { MatrixKind::Clauses => "clauses", MatrixKind::Plans => "plans" }) {
            thead { tr {
                th { "party" }
                @for c in &m.columns {
                    @let text = clause_texts.iter().find(|x| &x.id == c).map(|x| x.text.clone());
                    @if let Some(t) = text { th title=(t) { (c) } } @else { th { (c) } }
                }
            } }
            tbody {
                @for (r, (party, row)) in m.rows.iter().zip(&m.cells).enumerate() {
                    tr {
                        th { (name(party)) @if &name(party) != party { small { (party) } } }
                        @for (i, c) in row.iter().enumerate() {
                            @let star = m.analysis.get(r).and_then(|a| a.get(i)).copied().unwrap_or(false);
                            td class={ "cell " (cell_class(*c)) } data-party=(party) data-column=(m.columns.get(i).map_or("", String::as_str)) data-verdict=(cell_class(*c)) {
                                (c.word()) @if star { "*" }
                            }
                        }
                    }
                }
            }
        } }
        (legend(analysis))
    }
}

fn matrix_section(m: &Matrix, scope: &str) -> Markup {
    html! {
        p.lede { "As of " (scope) "." }
        (matrix_table(m, &[], &[]))
    }
}

fn who(e: &Explanation) -> String {
    if e.party_name.is_empty() || e.party_name == e.party {
        e.party.clone()
    } else {
        format!("{} ({})", e.party_name, e.party)
    }
}

fn cause_side(e: &Explanation, clauses: &[ClauseView]) -> Markup {
    html! {
        h5 { "What the plan says" }
        @if e.causes.is_empty() { p { "Nothing the plan says decides it." } }
        @for c in &e.causes {
            @match c.kind {
                CauseKind::Clause => {
                    @let cid = c.clause.clone().unwrap_or_default();
                    p { b { "Clause " (cid) } }
                    @if let Some(cl) = clauses.iter().find(|x| x.id == cid) {
                        blockquote { (cl.text) }
                    }
                    p { "It sets " code { (c.term) } " to " @if let Some(v) = &c.value { (setting(v)) } "." }
                }
                CauseKind::Silence => {
                    p { "The plan is silent on " code { (c.term) } ", so the status quo holds: "
                        b { (c.status_quo.as_ref().map(words::value_text).unwrap_or_default()) } "." }
                }
                CauseKind::Open => {
                    p { "The plan is silent on " code { (c.term) } ", which has no status quo: it stays open." }
                }
                CauseKind::Signatories => {
                    p { code { (c.term) } " is " @if let Some(v) = &c.value { (setting(v)) } " because of who signs the plan." }
                }
            }
        }
    }
}

fn red_line_side(e: &Explanation) -> Markup {
    let whose = match &e.member {
        Some(m) => format!("{m}'s red line, which {} takes as its own", e.party),
        None => format!("{}'s red line", e.party_name),
    };
    html! {
        @if e.consent.is_some() {
            h5 { "Consent" }
            p { (ticks(&words::about(e))) }
        } @else {
            h5 { (whose) }
            p { (e.about) }
            @if let (Some(p), Some(r)) = (e.polarity, &e.rule) {
                p { (match p { Polarity::Forbid => "Crossed when: ", Polarity::Require => "Crossed unless: " }) code { (words::readable(r)) } }
            }
            @if let Some(w) = &e.when { p { "Applies when: " code { (words::readable(w)) } } }
        }
    }
}

fn finding(e: &Explanation, clauses: &[ClauseView]) -> Markup {
    let class = verdict_class(e.verdict, e.severity);
    html! {
        article class={ "finding " (class) } data-party=(e.party) data-verdict=(class) {
            h4 {
                span class={ "badge " (class) } { (verdict_words(e.verdict, e.severity)) }
                (who(e)) " " (words::verb(e)) " "
                @if e.clauses.is_empty() { "the plan's silence" } @else {
                    (if e.clauses.len() == 1 { "clause " } else { "clauses " })
                    @for (i, c) in e.clauses.iter().enumerate() { @if i > 0 { ", " } code { (c) } }
                }
                @if let Some(m) = &e.member { " (through " (m) ", by consensus)" }
                @if e.on_analysis() { " " span.analysis { "(on an analyst's reading)" } }
            }
            div.pair {
                div { (cause_side(e, clauses)) }
                div { (red_line_side(e)) }
            }
            dl {
                @if let Some(b) = e.basis {
                    dt { "Basis" }
                    dd { @match b { Basis::Statement => "the party's own statement", Basis::Analysis => span.analysis { "an analyst's reading, not the party's own words" } } }
                }
                @if let Some(d) = words::dates(e) { dt { "Dates" } dd { (d) @if let Some(u) = &e.until { ", in force until " (u.to_string()) } } }
                @if let Some(s) = &e.source {
                    dt { "Source" }
                    dd {
                        (s.outlet)
                        @if !s.title.is_empty() { ", “" (s.title) "”" }
                        @if let Some(d) = &s.date { ", " (d.to_string()) }
                        @if let Some(u) = &s.url {
                            ", "
                            @if u.starts_with("https://") || u.starts_with("http://") { a href=(u) { (u) } } @else { (u) }
                        }
                    }
                }
                @if let Some(q) = &e.quote { dt { "Quote" } dd { "“" (q) "”" } }
                @if let Some(r) = &e.reads {
                    dt { "The party's words" }
                    dd {
                        code { (r.red_line) }
                        @if let Some(q) = &r.quote { ": “" (q) "”" }
                        " (as worded: " (r.polarity.as_str()) " " code { (r.rule) }
                        @if let Some(w) = &r.when { ", when " code { (w) } }
                        "; " code { "--basis statement" } " applies them instead of this reading)"
                    }
                }
                @if !e.readings.is_empty() {
                    dt { "Analysts' readings" }
                    dd {
                        @for (i, r) in e.readings.iter().enumerate() { @if i > 0 { ", " } code { (r) } }
                        " (with " code { "--basis any" } ", a reading in force stands in for these words)"
                    }
                }
                @if let Some(n) = &e.note { dt { "Note" } dd { (n) } }
                @if !e.witness.is_empty() {
                    dt { "Crossed if" }
                    dd { @for (i, (t, v)) in e.witness.iter().enumerate() { @if i > 0 { ", " } code { (t) } " is " b { (words::value_text(v)) } } }
                }
                @if let Some(r) = &e.red_line {
                    dt { "Red line" }
                    dd { code { (r) } @if let Some(l) = &e.location { " · " (l.to_string()) } }
                }
            }
        }
    }
}

/// Findings, vetoes first, then objections, then risks; party order within each.
fn worst_first(findings: &[Explanation]) -> Vec<&Explanation> {
    let rank = |e: &Explanation| match verdict_class(e.verdict, e.severity) {
        "veto" => 0,
        "objection" => 1,
        "at_risk" => 2,
        _ => 3,
    };
    let mut out: Vec<&Explanation> = findings.iter().collect();
    out.sort_by_key(|e| rank(e));
    out
}

fn answer_line(v: &PlanView) -> Markup {
    html! {
        li {
            b { (v.title) } " (" code { (v.id) } "): "
            @if v.acceptable { "no party vetoes it" } @else { "vetoed by " (words::vetoers(v)) }
            " — " (words::counts(&v.counts))
        }
    }
}

fn check(v: &crate::report::view::CheckView, scope: &str) -> Markup {
    let names: Vec<String> = v.parties.iter().map(|p| p.name.clone()).collect();
    html! {
        p.lede {
            "Each draft below is checked against the red lines of " (plural(v.parties.len(), "party"))
            " (" (names.join(", ")) ") in force on " (scope) "."
        }
        ul.answer { @for p in &v.plans { (answer_line(p)) } }
        h2.first { "Every party on every draft" }
        (matrix_table(&v.matrix, &[], &v.parties))
        @if let Some(t) = &v.over_time {
            h2 { "Over time" }
            p.lede {
                "Each party's verdict on each draft from " (t.from.to_string()) " to " (t.to.to_string())
                ", from the dates its red lines carry (" code { "redline timeline" } " lists what changes on each day)."
            }
            div.graph.timeline { (PreEscaped(super::strip::timeline(t))) }
        }
        @for (i, p) in v.plans.iter().enumerate() {
            section id={ "plan-" (p.id) } {
                h2 { (p.title) }
                p.lede {
                    "File " code { (p.file) } ". "
                    @if p.signatories.is_empty() { "No signatories." } @else { "Signed by " (p.signatories.join(", ")) "." }
                    " Verdict: " @if p.acceptable { "no party vetoes it." } @else { "vetoed by " (words::vetoers(p)) "." }
                }
                @if let Some(g) = v.grids.get(i) {
                    h3 { "Each party on each clause" }
                    (matrix_table(g, &p.clauses, &v.parties))
                }
                @if let Some(g) = v.graphs.get(i).map(GraphView::focused) {
                    h3 { "Conflict graph" }
                    @if g.nodes.is_empty() {
                        p { "No red line is crossed or at risk: there is nothing to draw." }
                    } @else {
                        p.legend { "Only the parties, red lines and clauses this draft's findings involve." }
                        div.graph { (PreEscaped(super::svg::graph(&g, scope))) }
                    }
                }
                h3 { "Findings (" (p.findings.len()) "), vetoes first" }
                @if p.findings.is_empty() { p { "No red line of any party is crossed or at risk." } }
                @for e in worst_first(&p.findings) { (finding(e, &p.clauses)) }
            }
        }
    }
}

fn explain_title(v: &ExplainView) -> String {
    match &v.subject {
        Subject::Clause { id, .. } => format!("Clause {id} of {}", v.plan),
        Subject::Party { name, .. } => format!("{name} on {}", v.plan),
    }
}

fn explain(v: &ExplainView, doc: &Document) -> Markup {
    html! {
        p.lede { (ticks(&words::explain_heading(v, doc))) }
        @if let Subject::Clause { text, .. } = &v.subject { blockquote { (text) } }
        @if v.findings.is_empty() { p { "No red line of any party depends on it." } }
        @for e in &v.findings { (finding(e, &v.clauses)) }
    }
}

// ------------------------------------------------------------ amend

fn change_for<'a>(changes: &'a [ChangeView], clause: &str, term: &str) -> Option<&'a ChangeView> {
    changes
        .iter()
        .find(|c| c.term == term && c.clauses.iter().any(|x| x == clause))
}

/// The draft with the amendment's changes marked: old values struck, new
/// ones marked, clause texts the change may have made stale flagged.
fn tracked(v: &AmendView, a: &AmendmentView) -> Markup {
    html! {
        @for c in &v.draft {
            @let touched = a.changes.iter().any(|ch| ch.clauses.contains(&c.id));
            div.clause {
                p { b { "Clause " (c.id) } @if touched { " " span.stale { "— the text below may no longer match the amended settings" } } }
                blockquote { (c.text) }
                ul {
                    @for (term, s) in &c.sets {
                        li {
                            code { (term) } " = "
                            @match change_for(&a.changes, &c.id, term) {
                                Some(ch) if ch.kind == ChangeKind::Set => {
                                    del { (setting(s)) } " " ins { (ch.to.as_ref().map(words::value_text).unwrap_or_default()) }
                                }
                                Some(_) => {
                                    del { (setting(s)) } " " ins { "(dropped: back to the status quo)" }
                                }
                                None => { (setting(s)) }
                            }
                        }
                    }
                }
            }
        }
        @let added: Vec<&ChangeView> = a.changes.iter().filter(|c| c.kind == ChangeKind::Add).collect();
        @if !added.is_empty() {
            div.clause {
                p { ins { "New clause " (a.added_clause.clone().unwrap_or_default()) } }
                ul { @for c in added { li { code { (c.term) } " = " ins { (c.to.as_ref().map(words::value_text).unwrap_or_default()) } } } }
            }
        }
    }
}

fn remaining(p: &PlanView) -> Markup {
    html! {
        @if p.findings.is_empty() { p { "Nothing is left crossed or at risk." } }
        ul { @for e in &p.findings {
            li { span class={ "badge " (verdict_class(e.verdict, e.severity)) } { (verdict_words(e.verdict, e.severity)) } (words::headline_plain(e)) " — " (ticks(&words::about(e))) }
        } }
    }
}

fn demands(ds: &[DemandView]) -> Markup {
    html! { ul { @for d in ds { li {
        @match (&d.red_line, d.polarity, &d.rule) {
            (Some(name), Some(p), Some(r)) => {
                b { (d.party_name) } " — " code { (name) } ": "
                (match p { Polarity::Forbid => "crossed when ", Polarity::Require => "crossed unless " })
                code { (words::readable(r)) }
                @if !d.about.is_empty() { ". " (d.about) }
            }
            _ => { (ticks(&words::demand(d))) }
        }
    } } } }
}

fn amend(v: &AmendView, scope: &str) -> Markup {
    html! {
        p.lede { "File " code { (v.file) } "; red lines of " (words::whose(&v.parties)) " in force on " (scope) "." }
        p { b { "Before: " } (ticks(&words::verdicts(&v.before))) "." }
        @if let Some(note) = phrases::unproved(v) { p { b { (note) } } }
        @match &v.amendment {
            Some(a) if a.changes.is_empty() => { p { "No change needed: no party vetoes the plan as it stands." } }
            Some(a) => {
                h2.first { (if v.optimal { "The smallest amendment: " } else { "The best amendment found: " }) (plural(a.changes.len(), "change")) }
                ul { @for c in &a.changes { li { (ticks(&words::change(c))) } } }
                h3 { "The draft, amended" }
                (tracked(v, a))
                h3 { "After the change" }
                p { (ticks(&words::plan_verdicts(&a.after))) "." }
                (remaining(&a.after))
            }
            None => {
                h2.first { (if v.optimal { "No amendment leaves every party without a veto" } else { "No amendment without a veto found in time" }) }
                @if !v.conflict.is_empty() {
                    p { "No amendment of this plan" (ticks(&words::keeping(v))) " respects all of these, and dropping any one of them would change that:" }
                    (demands(&v.conflict))
                }
                h3 { "Who would have to yield" }
                p { (if v.optimal { "The fewest of them whose parties would have to yield for a deal to exist:" } else { "What the best amendment found asks to yield (not proved the fewest):" }) }
                (demands(&v.correction))
                @if let Some(a) = &v.after_yield {
                    h3 { "If they yield: " (plural(a.changes.len(), "change")) }
                    ul { @for c in &a.changes { li { (ticks(&words::change(c))) } } }
                    (tracked(v, a))
                }
            }
        }
        @if let Some(w) = &v.written { p { "Wrote the amended plan to " code { (w) } "." } }
        @if let Some(n) = v.links_kept_old { p { "The plan's file had " (n) " other hard link(s), which keep the old text." } }
    }
}

// ------------------------------------------------------------ others

fn diff_groups(groups: &[DiffGroup], plan: &str, sign: &str) -> Markup {
    html! {
        @if groups.is_empty() { p { "None." } }
        @for g in groups {
            h4 { (ticks(&words::group_title(g, plan))) }
            ul { @for e in &g.findings { li { (sign) " " (ticks(&words::diff_entry(e))) } } }
        }
    }
}

fn diff(v: &DiffView, scope: &str) -> Markup {
    html! {
        p.lede { "Red lines in force on " (scope) "." }
        ul.answer {
            li { b { (v.a.title) } " (" code { (v.a.id) } "): " (ticks(&words::verdicts(&v.before))) }
            li { b { (v.b.title) } " (" code { (v.b.id) } "): " (ticks(&words::verdicts(&v.after))) }
        }
        @if !v.settings.is_empty() {
            h2.first { "Terms decided differently" }
            table { thead { tr { th { "term" } th { (v.a.id) } th { (v.b.id) } } }
                tbody { @for s in &v.settings { tr { td { code { (s.term) } } td { (ticks(&words::side(&s.a))) } td { (ticks(&words::side(&s.b))) } } } } }
        }
        div.columns {
            div { h2 { "Lost (" (words::count(&v.lost)) ")" } (diff_groups(&v.lost, &v.a.id, "−")) }
            div { h2 { "Gained (" (words::count(&v.gained)) ")" } (diff_groups(&v.gained, &v.b.id, "+")) }
        }
    }
}

fn test(v: &TestView) -> Markup {
    html! {
        p.lede { (v.passed) " passed, " (v.failed) " failed" @if v.broken > 0 { " (" (v.broken) " could not run)" } "." }
        table {
            thead { tr { th { "result" } th { "scenario" } th { "file" } } }
            tbody { @for s in &v.scenarios {
                @let (class, word) = match s.status { ScenarioStatus::Passed => ("ok", "pass"), ScenarioStatus::Failed => ("veto", "fail"), ScenarioStatus::Broken => ("objection", "broken") };
                tr { td class={ "cell " (class) } data-verdict=(word) { (word) } td { (s.name) } td { code { (s.file) } } }
            } }
        }
        @for s in v.scenarios.iter().filter(|s| s.status != ScenarioStatus::Passed) {
            h3 { @if s.name.is_empty() { (s.file) } @else { (s.name) } }
            ul { @for c in s.comparisons.iter().filter(|c| !c.passed) {
                li { code { (c.location.to_string()) } " " (words::expect_key(c.what)) ": expected " (ticks(&words::expected(c))) ", got " (ticks(&words::actual(c))) }
            } }
            @if !s.diagnostics.is_empty() { (diagnostics(&s.diagnostics)) }
        }
    }
}

fn space(v: &SpaceView, scope: &str) -> Markup {
    html! {
        p.lede { "Agreement space of " (words::whose(&v.parties)) ": " (plural(v.red_lines.len(), "veto red line")) " in force on " (scope) "." }
        @if !v.acceptable {
            p { b { "No fully decided plan is acceptable to all of them." } " These red lines cannot hold together:" }
            (demands(&v.conflict))
        } @else {
            table { thead { tr { th { "term" } th { "possible" } th { "excluded" } } }
                tbody { @for t in &v.terms { tr {
                    td { code { (t.term) } }
                    td { @if let Some(f) = &t.forced { (words::value_text(f)) " (forced)" } @else { (t.possible.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")) } }
                    td { (t.excluded.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")) }
                } } } }
            @if let Some(c) = words::count_line(v) { p { (c) } }
        }
    }
}

fn timeline(v: &TimelineView) -> Markup {
    let days: Vec<String> = v.change_days().iter().map(ToString::to_string).collect();
    html! {
        p.lede {
            "From " (v.from.to_string()) " to " (v.to.to_string()) ", red lines of " (words::whose(&v.parties)) ". "
            @if days.is_empty() { "No verdict changes in these days." } @else { "Verdicts change on " (days.join(", ")) "." }
        }
        div.graph.timeline { (PreEscaped(super::strip::timeline(v))) }
        @for p in &v.plans {
            h2 { (p.title) " " small { code { (p.plan) } } }
            p { (phrases::course(p, v.from, v.to)) "." }
            table.periods { thead { tr { th { "party" } th { "verdicts" } } }
                tbody { @for row in &p.parties { tr {
                    th { (row.name) @if row.name != row.party { small { (row.party) } } }
                    td { (phrases::periods(row, v.from, v.to)) }
                } } } }
            @let changed = phrases::changed(p);
            @if !changed.is_empty() {
                h3 { "What changed" }
                table.changes { thead { tr { th { "day" } th { "party" } th { "becomes" } th { "because" } } }
                    tbody { @for (party, x) in &changed { tr {
                        td { (x.from.to_string()) }
                        td { (party) }
                        td class={ "cell " (cell_class(x.standing)) } { (phrases::standing(x.standing, x.analysis)) }
                        td { @for c in &x.changes {
                            p { (phrases::change_worded(c)) }
                            @if let Some(q) = &c.quote { blockquote { "“" (q) "”" } }
                        } }
                    } } } }
            }
        }
    }
}

fn coalitions(v: &CoalitionsView, scope: &str) -> Markup {
    html! {
        p.lede { "Among " (words::whose(&v.parties)) ", veto red lines in force on " (scope) "." }
        @if v.all_agree {
            p { b { "All of them can agree:" } " some coherent plan draws no veto from any of them." }
        } @else {
            p { b { "Not all of them can agree." } " " (plural(v.blocking.len(), "blocking group")) " cannot; " (plural(v.coalitions.len(), "maximal coalition")) " can." }
        }
        @if !v.pivotal.is_empty() { p { "Pivotal (in every blocking group): " b { (words::and_list(&v.pivotal)) } "." } }
        @if !v.complete { p { b { "The search stopped at its limit:" } " the lists below are only a part of the answer." } }
        @if !v.blocking.is_empty() {
            h2 { "Blocking groups" }
            p { "No coherent plan avoids every veto of all their members; without any one member, the rest could agree." }
            @for b in &v.blocking {
                h3 { (phrases::group(&b.parties)) }
                (demands(&b.conflict))
            }
        }
        h2 { "Maximal coalitions" }
        p { "Some coherent plan draws no veto from any member; no other party can join." }
        @for c in &v.coalitions {
            h3 { (phrases::group(&c.parties)) }
            @if !c.witness.is_empty() {
                p { "A plan they all accept: "
                    @for (i, (term, value)) in c.witness.iter().enumerate() { @if i > 0 { ", " } code { (term) } " = " code { (value.to_string()) } }
                }
            }
            @if let Some(a) = &c.amendment {
                @let plan_id = v.plan.as_deref().unwrap_or("the plan");
                @if !a.amendable {
                    p { "No amendment of " code { (plan_id) } " satisfies them all:" }
                    (demands(&a.conflict))
                } @else if a.changes.is_empty() {
                    p { code { (plan_id) } " is acceptable to them as it stands." }
                } @else {
                    p { code { (plan_id) } " becomes acceptable to them with " (plural(a.changes.len(), "change")) ":" }
                    ul { @for ch in &a.changes { li { (ticks(&words::change(ch))) } } }
                }
            }
        }
    }
}

fn graph(g: &GraphView, doc: &Document) -> Markup {
    let date = doc.as_of.map(|d| d.to_string()).unwrap_or_default();
    html! { div.graph { (PreEscaped(super::svg::graph(g, &date))) } }
}

fn diagnostics(ds: &[DiagnosticView]) -> Markup {
    html! {
        ul { @for d in ds {
            li {
                b { (match d.level { crate::diagnostic::Level::Error => "error", crate::diagnostic::Level::Warning => "warning" }) }
                " " code { (d.code) }
                @if let (Some(f), Some(l), Some(c)) = (&d.file, d.line, d.column) { " " code { (f) ":" (l) ":" (c) } }
                " " (d.message)
                @if let Some(h) = &d.help { " — " (h) }
            }
        } }
    }
}

fn lint(v: &LintView, ds: &[DiagnosticView]) -> Markup {
    html! {
        (diagnostics(ds))
        @if v.ok { p { "ok: " (ticks(&words::lint_summary(v))) } }
    }
}

fn codes(cs: &[CodeView]) -> Markup {
    html! {
        @for c in cs {
            section {
                h2 { code { (c.code) } }
                p { (c.what) }
                p { (c.why) }
                @if let Some(e) = &c.example { p { (ticks(&words::example_heading(e.file))) } pre { (e.text) } }
            }
        }
    }
}
