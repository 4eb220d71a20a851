//! The one sanitising layer: every string that came from a file passes
//! through here on its way into a format that could obey it.
//!
//! A [`Document`] holds texts from TOML files (clause texts, names, about
//! lines, quotes, conditions as written, file names, diagnostic messages
//! that quote the input). [`Document::rewrite_texts`] rewrites every one of
//! them with a function, leaving the document's own structure alone:
//!
//! - human and concise output show control characters and bidi overrides
//!   as code points ([`visible`]), so a text cannot clear the screen, write
//!   to the clipboard, add a link or reverse what follows it;
//! - markdown also escapes its own syntax ([`markdown`]): no raw HTML, no
//!   links, no line break that starts a heading;
//! - HTML escapes by construction (maud) and then shows invisible
//!   characters; DOT and SVG escape their quoting and show them too;
//! - JSON keeps the text exactly as the file has it;
//! - and every format cuts a text longer than [`MAX_TEXT`] bytes, with a
//!   visible mark, so that no output grows with the length of a text times
//!   the number of findings that repeat it ([`capped`]);
//! - file names show line breaks as code points in every format but JSON,
//!   so that a file's name cannot forge an output line of its own.
//!

use super::view::{
    AmendView, AmendmentView, CauseView, ChangeView, CheckView, ClauseView, CoalitionsView,
    DemandView, DiagnosticView, DiffEntryView, DiffView, ExplainView, Explanation, GraphView,
    LocView, PlanView, ScenarioView, SettingView, SourceView, SpaceView, SpanView, Subject,
    TestView, TimelineView, ValueView,
};
use super::{Body, Document};
use crate::model::is_invisible_control;
use crate::scenario::{Got, Want};
use std::borrow::Cow;

type F<'a> = &'a dyn Fn(&str) -> Cow<'_, str>;

fn s(v: &mut String, f: F<'_>) {
    // A text `f` leaves as it is stays where it is.
    if let Cow::Owned(new) = f(v) {
        *v = new;
    }
}

fn o(v: &mut Option<String>, f: F<'_>) {
    if let Some(x) = v {
        s(x, f);
    }
}

fn all(v: &mut [String], f: F<'_>) {
    for x in v {
        s(x, f);
    }
}

/// A file's name for the text formats: invisible characters and line
/// breaks shown as code points (a name is one line).
pub fn shown_name(name: &str) -> String {
    let mut v = visible(name);
    if v.contains(['\n', '\r']) {
        v = v.replace('\n', "[U+000A]").replace('\r', "[U+000D]");
    }
    v
}

/// A file's name: rewritten with `f`, and its line breaks shown, so that
/// a name cannot start a line of output (the text formats keep line breaks
/// in clause texts, never in names).
fn fp(v: &mut String, f: F<'_>) {
    s(v, f);
    if v.contains(['\n', '\r']) {
        *v = v.replace('\n', "[U+000A]").replace('\r', "[U+000D]");
    }
}

fn ofp(v: &mut Option<String>, f: F<'_>) {
    if let Some(x) = v {
        fp(x, f);
    }
}

fn loc(l: &mut LocView, f: F<'_>) {
    fp(&mut l.file, f);
}

fn value(v: &mut ValueView, f: F<'_>) {
    if let ValueView::Name(n) = v {
        s(n, f);
    }
}

fn setting(v: &mut SettingView, f: F<'_>) {
    match v {
        SettingView::One(x) => value(x, f),
        SettingView::OneOf(xs) => xs.iter_mut().for_each(|x| value(x, f)),
    }
}

fn clause(c: &mut ClauseView, f: F<'_>) {
    s(&mut c.text, f);
    loc(&mut c.location, f);
    for (t, v) in &mut c.sets {
        s(t, f);
        setting(v, f);
    }
}

fn source(v: &mut SourceView, f: F<'_>) {
    s(&mut v.outlet, f);
    s(&mut v.title, f);
    o(&mut v.file, f);
    o(&mut v.url, f);
}

fn cause(c: &mut CauseView, f: F<'_>) {
    if let Some(v) = &mut c.value {
        setting(v, f);
    }
    if let Some(v) = &mut c.status_quo {
        value(v, f);
    }
    if let Some(l) = &mut c.location {
        loc(l, f);
    }
}

fn explanation(e: &mut Explanation, f: F<'_>) {
    s(&mut e.party_name, f);
    s(&mut e.about, f);
    o(&mut e.rule, f);
    o(&mut e.when, f);
    o(&mut e.quote, f);
    if let Some(v) = &mut e.source {
        source(v, f);
    }
    if let Some(l) = &mut e.location {
        loc(l, f);
    }
    e.causes.iter_mut().for_each(|c| cause(c, f));
    if let Some(c) = &mut e.consent {
        if let Some(v) = &mut c.status_quo {
            value(v, f);
        }
    }
    e.witness.values_mut().for_each(|v| value(v, f));
    if let Some(r) = &mut e.reads {
        s(&mut r.about, f);
        s(&mut r.rule, f);
        o(&mut r.when, f);
        o(&mut r.quote, f);
        if let Some(v) = &mut r.source {
            source(v, f);
        }
        loc(&mut r.location, f);
    }
    o(&mut e.note, f);
}

fn plan(p: &mut PlanView, f: F<'_>) {
    s(&mut p.title, f);
    fp(&mut p.file, f);
    p.clauses.iter_mut().for_each(|c| clause(c, f));
    p.findings.iter_mut().for_each(|e| explanation(e, f));
}

fn graph(g: &mut GraphView, f: F<'_>) {
    for n in &mut g.nodes {
        s(&mut n.label, f);
        o(&mut n.name, f);
    }
    for e in &mut g.edges {
        s(&mut e.label, f);
    }
}

fn check(v: &mut CheckView, f: F<'_>) {
    v.plans.iter_mut().for_each(|p| plan(p, f));
    for p in &mut v.parties {
        s(&mut p.name, f);
    }
    v.graphs.iter_mut().for_each(|g| graph(g, f));
}

fn demand(d: &mut DemandView, f: F<'_>) {
    s(&mut d.party_name, f);
    s(&mut d.about, f);
    o(&mut d.rule, f);
    if let Some(l) = &mut d.location {
        loc(l, f);
    }
}

fn change(c: &mut ChangeView, f: F<'_>) {
    if let Some(v) = &mut c.from {
        setting(v, f);
    }
    if let Some(v) = &mut c.to {
        value(v, f);
    }
    if let Some(v) = &mut c.status_quo {
        value(v, f);
    }
    if let Some(l) = &mut c.location {
        loc(l, f);
    }
}

fn amendment(a: &mut AmendmentView, f: F<'_>) {
    a.changes.iter_mut().for_each(|c| change(c, f));
    plan(&mut a.after, f);
}

fn amend(v: &mut AmendView, f: F<'_>) {
    s(&mut v.title, f);
    fp(&mut v.file, f);
    v.draft.iter_mut().for_each(|c| clause(c, f));
    if let Some(a) = &mut v.amendment {
        amendment(a, f);
    }
    if let Some(a) = &mut v.after_yield {
        amendment(a, f);
    }
    v.conflict.iter_mut().for_each(|d| demand(d, f));
    v.correction.iter_mut().for_each(|d| demand(d, f));
    o(&mut v.written, f);
}

fn explain(v: &mut ExplainView, f: F<'_>) {
    match &mut v.subject {
        Subject::Clause {
            text,
            location,
            sets,
            ..
        } => {
            s(text, f);
            loc(location, f);
            for (t, x) in sets {
                s(t, f);
                setting(x, f);
            }
        }
        Subject::Party { name, .. } => s(name, f),
    }
    v.clauses.iter_mut().for_each(|c| clause(c, f));
    v.findings.iter_mut().for_each(|e| explanation(e, f));
}

fn diff(v: &mut DiffView, f: F<'_>) {
    for d in [&mut v.a, &mut v.b] {
        s(&mut d.title, f);
        fp(&mut d.file, f);
    }
    for x in &mut v.settings {
        for side in [&mut x.a, &mut x.b] {
            if let Some(val) = &mut side.value {
                setting(val, f);
            }
        }
    }
    for g in v.lost.iter_mut().chain(v.gained.iter_mut()) {
        for e in &mut g.findings {
            entry(e, f);
        }
    }
}

fn entry(e: &mut DiffEntryView, f: F<'_>) {
    s(&mut e.about, f);
}

fn space(v: &mut SpaceView, f: F<'_>) {
    v.conflict.iter_mut().for_each(|d| demand(d, f));
    for t in &mut v.terms {
        for sp in t.possible.iter_mut().chain(t.excluded.iter_mut()) {
            match sp {
                SpanView::One(x) => value(x, f),
                SpanView::Run { from, to } => {
                    value(from, f);
                    value(to, f);
                }
            }
        }
        if let Some(x) = &mut t.forced {
            value(x, f);
        }
    }
}

fn diagnostic(d: &mut DiagnosticView, f: F<'_>) {
    // A headline is one line: a file name it quotes cannot break it.
    fp(&mut d.message, f);
    o(&mut d.help, f);
    ofp(&mut d.file, f);
    for l in &mut d.labels {
        fp(&mut l.file, f);
        o(&mut l.message, f);
    }
    // The diagnostic itself, which human output draws.
    fp(&mut d.diagnostic.message, f);
    o(&mut d.diagnostic.help, f);
    for l in &mut d.diagnostic.labels {
        o(&mut l.message, f);
    }
}

fn scenario(v: &mut ScenarioView, f: F<'_>) {
    s(&mut v.name, f);
    fp(&mut v.file, f);
    for c in &mut v.comparisons {
        loc(&mut c.location, f);
        if let Want::Finding {
            clause, red_line, ..
        } = &mut c.expected
        {
            o(clause, f);
            o(red_line, f);
        }
        if let Got::Findings(found) = &mut c.actual {
            for x in found {
                all(&mut x.clauses, f);
                o(&mut x.red_line, f);
            }
        }
    }
    v.diagnostics.iter_mut().for_each(|d| diagnostic(d, f));
}

fn timeline(v: &mut TimelineView, f: F<'_>) {
    for p in &mut v.plans {
        s(&mut p.title, f);
        fp(&mut p.file, f);
        for row in &mut p.parties {
            s(&mut row.name, f);
            for c in row.periods.iter_mut().flat_map(|x| &mut x.changes) {
                s(&mut c.about, f);
                o(&mut c.quote, f);
                if let Some(v) = &mut c.source {
                    source(v, f);
                }
                loc(&mut c.location, f);
            }
        }
    }
}

fn coalitions(v: &mut CoalitionsView, f: F<'_>) {
    for c in &mut v.coalitions {
        c.witness.values_mut().for_each(|v| value(v, f));
        if let Some(a) = &mut c.amendment {
            a.changes.iter_mut().for_each(|x| change(x, f));
            a.conflict.iter_mut().for_each(|d| demand(d, f));
        }
    }
    for b in &mut v.blocking {
        b.conflict.iter_mut().for_each(|d| demand(d, f));
    }
}

fn test(v: &mut TestView, f: F<'_>) {
    v.scenarios.iter_mut().for_each(|x| scenario(x, f));
}

impl Document {
    /// Rewrite every text that came from a file with `f`, in place; a
    /// text `f` returns borrowed stays as it is.
    pub fn rewrite_texts(&mut self, f: &dyn Fn(&str) -> Cow<'_, str>) {
        match &mut self.body {
            Body::Check(v) => check(v, f),
            Body::Explain(v) => explain(v, f),
            Body::Amend(v) => amend(v, f),
            Body::Diff(v) => diff(v, f),
            Body::Space(v) => space(v, f),
            Body::Graph(g) => graph(g, f),
            Body::Test(v) => test(v, f),
            Body::Timeline(v) => timeline(v, f),
            Body::Coalitions(v) => coalitions(v, f),
            Body::Matrix { .. } | Body::Lint(_) | Body::Codes { .. } | Body::Failed {} => {}
        }
        self.diagnostics.iter_mut().for_each(|x| diagnostic(x, f));
    }
}

/// `s` with every control character but newline and tab, and every
/// character that reorders or hides text, shown as its code point
/// (`[U+001B]`, `[U+202E]`): a text from a file cannot move the cursor,
/// write to the clipboard or reverse what follows it.
pub fn visible(s: &str) -> String {
    shown(s).into_owned()
}

/// [`visible`], borrowing `s` when it has nothing to show (nearly always).
pub fn shown(s: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| (c.is_control() && c != '\n' && c != '\t') || is_invisible_control(c);
    if crate::model::is_plain(s) || !s.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if hidden(c) {
            out.push_str(&format!("[U+{:04X}]", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The longest text from a file that output shows whole: 4,096 bytes. A
/// longer one (a party's name, an `about`, a quote) is cut there with a
/// mark, in every format: it is repeated in each finding that names it,
/// and a megabyte name in five hundred findings would otherwise make a
/// gigabyte report.
pub const MAX_TEXT: usize = 4_096;

/// `t`, cut to [`MAX_TEXT`] bytes (at a character boundary) with a visible
/// mark saying how much was left out; borrowed when it is short enough.
pub fn capped(t: &str) -> Cow<'_, str> {
    if t.len() <= MAX_TEXT {
        return Cow::Borrowed(t);
    }
    let mut end = MAX_TEXT;
    while !t.is_char_boundary(end) {
        end -= 1;
    }
    let head = t.get(..end).unwrap_or("");
    Cow::Owned(format!("{head}\u{2026}[{} more bytes cut]", t.len() - end))
}

/// `t` cut by [`capped`], then rewritten with `f`.
pub fn capped_then<'t>(t: &'t str, f: &dyn Fn(&str) -> Cow<'_, str>) -> Cow<'t, str> {
    match capped(t) {
        Cow::Borrowed(b) => f(b),
        Cow::Owned(o) => Cow::Owned(f(&o).into_owned()),
    }
}

/// For the text formats: [`capped`], then invisible characters shown
/// ([`shown`]).
pub fn shown_capped(t: &str) -> Cow<'_, str> {
    capped_then(t, &shown)
}

/// For markdown: [`capped`], then [`markdown`].
pub fn markdown_capped(t: &str) -> Cow<'_, str> {
    Cow::Owned(markdown(&capped(t)))
}

/// A text for markdown: invisible characters shown; line breaks made
/// spaces (no text can start a heading or a list); a `<` that could open a
/// tag (before a letter, `/`, `!` or `?`) as an entity, so no raw HTML,
/// while `a <= 5` stays as written; `[`, `]` and `|` escaped (no link, no
/// table cell); a backtick made a quote (no text can close the code span it
/// sits in).
pub fn markdown(text: &str) -> String {
    let visible = visible(text);
    let mut out = String::with_capacity(visible.len());
    let mut chars = visible.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\r' => out.push(' '),
            '<' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')) =>
            {
                out.push_str("&lt;")
            }
            '`' => out.push('\''),
            '[' | ']' | '|' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod tests {
    #[test]
    fn invisible_characters_become_visible() {
        assert_eq!(super::visible("a\u{1b}[2Jb"), "a[U+001B][2Jb");
        assert_eq!(super::visible("x\u{202E}y\u{202C}"), "x[U+202E]y[U+202C]");
        assert_eq!(super::visible("line\nnext\ttab"), "line\nnext\ttab");
    }

    #[test]
    fn a_text_with_nothing_to_show_is_borrowed() {
        use std::borrow::Cow;
        // Plain ASCII, and text beyond ASCII with nothing hidden.
        assert!(matches!(super::shown("a == 'b'\n\tc"), Cow::Borrowed(_)));
        assert!(matches!(
            super::shown("Київ \u{201c}x\u{201d}"),
            Cow::Borrowed(_)
        ));
        // A control character or a bidi override is shown, in a copy.
        assert!(matches!(super::shown("a\u{7f}"), Cow::Owned(s) if s == "a[U+007F]"));
        assert!(matches!(super::shown("\u{2066}é"), Cow::Owned(s) if s == "[U+2066]é"));
        assert!(!crate::model::is_plain("a\rb") && crate::model::is_plain("a b~"));
    }
}
