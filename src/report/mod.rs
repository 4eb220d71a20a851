//! Reports: what a command found, as a [`Document`] of typed views, and
//! one renderer per output format.
//!
//! Commands build views ([`view`]) from the engine's results: plain data,
//! every id resolved to a name, no wording. A [`Document`] wraps one view
//! with what every document carries (the JSON version, the command, the
//! date and basis, any warnings); [`render`] turns it into text in one
//! [`Format`]. Each format lives in its own module under [`mod@format`], so a
//! command's wording is written once per format, and a new format is a new
//! module. Nothing here does IO.

pub mod format;
mod offer;
pub mod sanitize;
mod snippet;
pub mod view;

pub use offer::Offer;

use crate::check::BasisFilter;
use crate::model::{Date, SourceMap};
use serde::Serialize;
use std::borrow::Cow;
use view::{
    AmendView, CheckView, CoalitionsView, CodeView, DiagnosticView, DiffView, ExplainView,
    GraphView, LintView, Matrix, SpaceView, TestView, TimelineView,
};

/// The JSON documents redline writes carry this version; it changes only
/// when a field is removed or changes meaning. Version 2 (redline 0.2)
/// gives booleans and numbers their JSON types, names every kind with a
/// fixed set of strings, drops worded fields (`headline`, `text`), and
/// wraps every document in the same envelope.
pub const JSON_VERSION: u32 = 2;

/// An output format, chosen with `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Compiler-style text for a terminal.
    #[default]
    Human,
    /// One line per finding or diagnostic, led by `file:line:col`.
    Concise,
    /// One JSON document, for tools.
    Json,
    /// Markdown, for reports and review comments.
    Markdown,
    /// Graphviz DOT (the conflict graph only).
    Dot,
    /// One self-contained HTML page.
    Html,
    /// An SVG picture (the conflict graph only).
    Svg,
    /// SARIF 2.1.0 (check and lint).
    Sarif,
    /// JUnit XML (test).
    Junit,
    /// GitHub Actions workflow commands (check, test, lint).
    Github,
}

/// How human output looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// ANSI colours.
    pub color: bool,
    /// Terminal width for wrapping snippets.
    pub width: usize,
}

impl Default for Style {
    fn default() -> Style {
        Style::plain()
    }
}

impl Style {
    /// No colour, 100 columns.
    pub fn plain() -> Style {
        Style {
            color: false,
            width: 100,
        }
    }
}

/// The command a document answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Command {
    /// `redline check`.
    Check,
    /// `redline matrix`.
    Matrix,
    /// `redline explain`.
    Explain,
    /// `redline test`.
    Test,
    /// `redline lint`.
    Lint,
    /// `redline amend`.
    Amend,
    /// `redline space`.
    Space,
    /// `redline diff`.
    Diff,
    /// `redline graph`.
    Graph,
    /// `redline timeline`.
    Timeline,
    /// `redline coalitions`.
    Coalitions,
    /// `redline codes`.
    Codes,
    /// `redline init`.
    Init,
    /// `redline schema`.
    Schema,
}

/// What a document holds: one command's view, or nothing when the
/// command stopped on errors (then the document's diagnostics say why).
/// One body per document, built once and rendered once: the size of the
/// largest view does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Body {
    /// `check`: each plan's report.
    Check(CheckView),
    /// `matrix`: the grid.
    Matrix {
        /// The grid.
        matrix: Matrix,
    },
    /// `explain`.
    Explain(ExplainView),
    /// `test`.
    Test(TestView),
    /// `lint`.
    Lint(LintView),
    /// `amend`.
    Amend(AmendView),
    /// `space`.
    Space(SpaceView),
    /// `diff`.
    Diff(DiffView),
    /// `graph`.
    Graph(GraphView),
    /// `timeline`.
    Timeline(TimelineView),
    /// `coalitions`.
    Coalitions(CoalitionsView),
    /// `codes`: every code, or the one asked about.
    Codes {
        /// The codes.
        codes: Vec<CodeView>,
    },
    /// The command stopped on errors.
    Failed {},
}

/// One command's answer, ready to render.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    /// [`JSON_VERSION`].
    pub version: u32,
    /// The command answered.
    pub command: Command,
    /// The date red lines were counted on, for commands that weigh them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<Date>,
    /// Which red lines counted, by basis, for commands that weigh them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<BasisFilter>,
    /// What the command found.
    #[serde(flatten)]
    pub body: Body,
    /// Problems with the input: the errors a failed command stopped on, or
    /// warnings beside an answer. (`lint` and `test` carry their own.)
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<DiagnosticView>,
}

impl Document {
    /// A document for `command` holding `body`, with no date.
    pub fn new(command: Command, body: Body) -> Document {
        Document {
            version: JSON_VERSION,
            command,
            as_of: None,
            basis: None,
            body,
            diagnostics: Vec::new(),
        }
    }

    /// The same document, weighed as of `as_of` on `basis`.
    pub fn weighed(mut self, as_of: Date, basis: BasisFilter) -> Document {
        self.as_of = Some(as_of);
        self.basis = Some(basis);
        self
    }

    /// A failed command's document: nothing but its errors.
    pub fn failed(command: Command, diagnostics: Vec<DiagnosticView>) -> Document {
        Document {
            diagnostics,
            ..Document::new(command, Body::Failed {})
        }
    }
}

/// A rendered document: what goes to standard output, and what to
/// standard error (human diagnostics, so that a pipe gets only the answer).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The answer.
    pub stdout: String,
    /// Diagnostics, for a terminal.
    pub stderr: String,
}

/// Render `doc` in `format`; `files` are the workspace's files, for the
/// source lines human output shows.
pub fn render(doc: &Document, files: &SourceMap, format: Format, style: Style) -> Rendered {
    render_cow(Cow::Borrowed(doc), files, format, style)
}

/// [`render`], for a document that is not needed afterwards: the formats
/// that rewrite its texts do it in place instead of on a copy.
pub fn render_owned(doc: Document, files: &SourceMap, format: Format, style: Style) -> Rendered {
    render_cow(Cow::Owned(doc), files, format, style)
}

fn render_cow(doc: Cow<'_, Document>, files: &SourceMap, format: Format, style: Style) -> Rendered {
    use sanitize::{capped, markdown_capped, shown_capped};
    let visible = &shown_capped;
    // A borrowed document is copied here; an owned one is rewritten as it is.
    let rewritten = |doc: Cow<'_, Document>, f: &dyn Fn(&str) -> Cow<'_, str>| {
        let mut d = doc.into_owned();
        d.rewrite_texts(f);
        d
    };
    match format {
        Format::Human => format::human::render(&rewritten(doc, visible), files, style),
        Format::Markdown => format::markdown::render(&rewritten(doc, &markdown_capped)),
        Format::Concise => format::concise::render(&rewritten(doc, visible)),
        // JSON keeps every text as its file has it, but for length.
        Format::Json => Rendered {
            stdout: format::json::render(&rewritten(doc, &capped)),
            stderr: String::new(),
        },
        Format::Dot => format::dot::render(&rewritten(doc, visible)),
        // The page and the picture have no control character of their own
        // (but newlines): any left came from a file, and is shown.
        Format::Html => Rendered {
            stdout: sanitize::visible(&format::html::render(&rewritten(doc, &capped))),
            stderr: String::new(),
        },
        // The CI formats show invisible characters as every text format
        // does (a SARIF viewer or a CI log would obey them otherwise).
        Format::Sarif => Rendered {
            stdout: format::sarif::render(&rewritten(doc, visible)),
            stderr: String::new(),
        },
        Format::Junit => Rendered {
            stdout: format::junit::render(&rewritten(doc, visible)),
            stderr: String::new(),
        },
        Format::Github => Rendered {
            stdout: format::github::render(&rewritten(doc, visible)),
            stderr: String::new(),
        },
        Format::Svg => {
            let r = format::svg::render(&rewritten(doc, &capped));
            Rendered {
                stdout: sanitize::visible(&r.stdout),
                stderr: r.stderr,
            }
        }
    }
}
