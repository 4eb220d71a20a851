//! Views: what each command found, as plain typed data with every id
//! resolved to a name. Views carry no wording: the renderers in
//! [`super::format`] say it, each in its own format, and JSON is a view
//! serialized as it is.

mod amend;
mod check;
mod coalitions;
mod codes;
mod diagnostics;
mod diff;
mod graph;
mod lint;
mod matrix;
mod space;
mod test;
mod timeline;

pub use amend::{
    amend_view, AmendView, AmendmentView, ChangeKind, ChangeView, DemandKind, DemandView,
};
pub use check::{
    check_view, explain, explain_plan, CauseKind, CauseView, CheckView, ClauseView, ConsentView,
    ExplainView, Explanation, FindingKindView, PartyView, PlanView, ReadView, Subject,
};
pub use coalitions::{
    coalitions_view, BlockingView, CoalitionAmendView, CoalitionView, CoalitionsView,
};
pub use codes::{CodeView, ExampleView};
pub use diagnostics::{diagnostic_views, DiagnosticView, LabelView};
pub use diff::{
    diff_view, DiffEntryView, DiffGroup, DiffView, DraftRef, SettingDiffView, SideView,
};
pub use graph::{graph_view, EdgeKindView, EdgeView, GraphView, NodeKindView, NodeView};
pub use lint::{lint_view, LintView, WorkspaceCounts};
pub use matrix::{matrix_clauses, matrix_of, matrix_plans, Cell, Matrix, MatrixKind};
pub use space::{space_view, CountView, SpaceView, SpanView, TermSpaceView};
pub use test::{test_view, ComparisonView, ScenarioRun, ScenarioStatus, ScenarioView, TestView};
pub use timeline::{
    timeline_view, ChangeOnView, PartyTimelineView, PeriodView, PlanTimelineView, TimelineView,
};

use crate::check::{Report, Verdict};
use crate::model::Workspace;
use crate::model::{Loc, Setting, Severity, SourceMap, Term, Value};
use serde::Serialize;

/// A place in a file, as users count: 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LocView {
    /// The file, relative to the workspace where possible.
    pub file: String,
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1, in characters.
    pub column: usize,
    /// The location itself, for renderers that show the source line.
    #[serde(skip)]
    pub loc: Loc,
}

impl LocView {
    /// The location `loc` in the workspace's files.
    pub fn new(ws: &Workspace, loc: Loc) -> LocView {
        LocView::in_files(&ws.files, loc)
    }

    /// The location `loc` in `files`.
    pub fn in_files(files: &SourceMap, loc: Loc) -> LocView {
        let f = files.get(loc.file);
        let (line, column) = f.line_col(loc.span.start);
        LocView {
            file: f.name.clone(),
            line,
            column,
            loc,
        }
    }
}

impl std::fmt::Display for LocView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// A source document a red line quotes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceView {
    /// The source's id in `rules/sources.toml`.
    pub id: String,
    /// Who published it.
    pub outlet: String,
    /// Its title.
    pub title: String,
    /// When it was published.
    pub date: Option<crate::model::Date>,
    /// Its file in the corpus, if any.
    pub file: Option<String>,
    /// Its address, if known.
    pub url: Option<String>,
}

/// A text from a file that a view repeats (in every finding that names
/// it): cut at [`MAX_TEXT`](crate::report::sanitize::MAX_TEXT) bytes with a
/// visible mark, so that a view, and every format drawn from it, stays
/// bounded by the input however many findings repeat a text.
pub(crate) fn text(s: &str) -> String {
    crate::report::sanitize::capped(s).into_owned()
}

impl SourceView {
    /// A source, as cited.
    pub fn of(s: &crate::model::Source) -> SourceView {
        SourceView {
            id: s.id.clone(),
            outlet: text(&s.outlet),
            title: text(&s.title),
            date: s.date,
            file: s.file.clone(),
            url: s.url.clone(),
        }
    }
}

/// A value of a term: in JSON a boolean, a number or the enum value's name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(untagged)]
pub enum ValueView {
    /// A yes/no term's value.
    Bool(bool),
    /// An integer term's value.
    Int(i64),
    /// An enum term's value, by name.
    Name(String),
}

impl ValueView {
    /// The value `v` of `term`.
    pub fn of(term: &Term, v: Value) -> ValueView {
        match (v, &term.kind) {
            (Value::Bool(b), _) => ValueView::Bool(b),
            (Value::Int(n), _) => ValueView::Int(n),
            (Value::Enum(_), _) => ValueView::Name(term.show(v)),
        }
    }
}

impl std::fmt::Display for ValueView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ValueView::Bool(b) => write!(f, "{b}"),
            ValueView::Int(n) => write!(f, "{n}"),
            ValueView::Name(s) => f.write_str(s),
        }
    }
}

/// What a clause sets a term to: one value, or the options it leaves open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum SettingView {
    /// One value.
    One(ValueView),
    /// Any one of these values.
    OneOf(Vec<ValueView>),
}

impl SettingView {
    /// The setting `s` of `term`.
    pub fn of(term: &Term, s: &Setting) -> SettingView {
        match s {
            Setting::Fixed(v) => SettingView::One(ValueView::of(term, *v)),
            Setting::OneOf(vs) => {
                SettingView::OneOf(vs.iter().map(|v| ValueView::of(term, *v)).collect())
            }
        }
    }

    /// The options `vs` of `term`: one value when there is one.
    pub fn options(term: &Term, vs: &[Value]) -> SettingView {
        match vs {
            [one] => SettingView::One(ValueView::of(term, *one)),
            many => SettingView::OneOf(many.iter().map(|v| ValueView::of(term, *v)).collect()),
        }
    }
}

/// How many findings of each kind a plan has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Violated vetoes.
    pub vetoes: usize,
    /// Violated objections.
    pub objections: usize,
    /// Red lines (vetoes or objections) at risk.
    pub at_risk: usize,
    /// Red lines satisfied.
    pub satisfied: usize,
}

impl Counts {
    /// The counts of `report`.
    pub fn of(report: &Report) -> Counts {
        let n = |v: Verdict| report.findings.iter().filter(|f| f.verdict == v).count();
        Counts {
            vetoes: report.findings.iter().filter(|f| f.is_veto()).count(),
            objections: report.count(Verdict::Violated, Severity::Objection),
            at_risk: n(Verdict::AtRisk),
            satisfied: n(Verdict::Satisfied),
        }
    }
}

/// A plan's verdict in brief.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdicts {
    /// Whether no party vetoes the plan.
    pub acceptable: bool,
    /// The parties that veto it.
    pub vetoed_by: Vec<String>,
    /// Its findings, counted.
    pub counts: Counts,
}

impl Verdicts {
    /// The verdicts of `report`.
    pub fn of(ws: &Workspace, report: &Report) -> Verdicts {
        Verdicts {
            acceptable: report.acceptable(),
            vetoed_by: report
                .vetoed_by()
                .iter()
                .map(|p| ws.rules.party(*p).id.clone())
                .collect(),
            counts: Counts::of(report),
        }
    }
}
